/**
 * The optimiser's worker thread: runs one search on the instance and options it is given
 * (workerData), posts the result back and ends. Started only by optimiser-thread.ts, so that
 * "Suggest a grid" never blocks the app process's event loop. The build emits this file as
 * build/server/optimiser.worker.js (a Vite plugin in vite.config.ts).
 */
import { parentPort, workerData } from "node:worker_threads";
import { optimise, type Instance, type OptimiseOptions } from "./solver";

const { instance, options } = workerData as { instance: Instance; options: OptimiseOptions };
parentPort!.postMessage(optimise(instance, options));
