import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { Instance, OptimiseOptions, OptimiseResult } from "./solver";

/**
 * Runs the optimiser (a pure, CPU-bound search) in a worker thread, one thread per search, so
 * the app process keeps answering everyone else while it runs. A worker that has not answered
 * within the hard timeout is terminated and the caller gets OptimiserTimeout.
 *
 * Where the worker's code is: in the built app, build/server/optimiser.worker.js beside the
 * server bundle (emitted by the Vite plugin in vite.config.ts; this module is bundled into
 * build/server/index.js, so `import.meta.url` is that file's). Run from source (vitest, tsx,
 * the dev server) there is no .js file beside this one, so the worker loads
 * optimiser/worker.ts through tsx's loader.
 */

/** The worker did not answer within the hard timeout and was stopped. */
export class OptimiserTimeout extends Error {
  constructor(readonly timeoutMs: number) {
    super(`The optimiser did not finish within ${timeoutMs} ms and was stopped.`);
  }
}

let runs = 0;
/** How many searches this process has started (tests count them). */
export function optimiserRuns(): number {
  return runs;
}

/** The worker's code: the built file when there is one, else the TypeScript source through tsx. */
function workerSource(): { entry: URL | string; eval: boolean } {
  const built = new URL("./optimiser.worker.js", import.meta.url);
  if (existsSync(built)) return { entry: built, eval: false };
  // Bundled into the server build without its worker file beside it: a broken build, not a reason to run the source.
  if (!import.meta.url.endsWith(".ts")) throw new Error(`The server build has no ${built.pathname}: build the app again (npm run build).`);
  // Node 20 does not apply a loader passed in a worker's execArgv to its entry file, so the
  // worker starts as a line of CommonJS that imports the source with tsx's scoped import.
  // (tsx's CommonJS build of that API cannot find its own files from an eval'd worker.)
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const source = new URL("./worker.ts", import.meta.url).href;
  return { entry: `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(source)}));`, eval: true };
}

export function optimiseInWorker(instance: Instance, options: OptimiseOptions, hardTimeoutMs: number): Promise<OptimiseResult> {
  runs++;
  const { entry, eval: isEval } = workerSource();
  return new Promise<OptimiseResult>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry, { eval: isEval, workerData: { instance, options }, execArgv: [] });
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new OptimiserTimeout(hardTimeoutMs)));
      void worker.terminate();
    }, hardTimeoutMs);
    worker.once("message", (result: OptimiseResult) => settle(() => resolve(result)));
    worker.once("error", (error) => settle(() => reject(error)));
    worker.once("exit", (code) => settle(() => reject(new Error(`The optimiser's worker stopped (exit code ${code}) without an answer.`))));
  });
}
