/**
 * Serves the built app with remix-serve in WEB_CONCURRENCY processes (default: one per CPU) that
 * share one port through node:cluster, so a registration rush uses every core. `npm start` runs
 * this after migrating; benchmarks run it as it is.
 *
 * Only the first process does background work (the email worker and periodic jobs); the others
 * only answer requests. A process that dies is replaced, in the same role. SIGTERM/SIGINT are
 * passed on, and this process exits once every worker has finished its in-flight requests.
 */
import cluster, { type Worker } from "node:cluster";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import path from "node:path";
import { EnvError, parseEnv } from "../app/.server/env";

const build = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js");
const serveCli = createRequire(import.meta.url).resolve("@remix-run/serve/dist/cli.js");

let workers: number;
try {
  workers = parseEnv(process.env).WEB_CONCURRENCY ?? Math.min(availableParallelism(), 8);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

// Each process accepts from the shared socket itself. With the default round robin, this
// process hands out connections, and one handed to a process as it dies is never answered.
// (Fixed by the first setupPrimary, so it comes first.)
cluster.schedulingPolicy = cluster.SCHED_NONE;
// Workers are plain Node running remix-serve: none of this process's tsx loader flags.
cluster.setupPrimary({ exec: serveCli, args: [build], execArgv: [] });

const roles = new Map<Worker, number>();
let stopping = false;

function fork(index: number) {
  const worker = cluster.fork({
    PITCHGRID_WORKER: String(index + 1),
    // Exactly one process sends email and runs the timed jobs.
    ...(index === 0 ? {} : { BACKGROUND_WORK: "off" }),
  });
  roles.set(worker, index);
}

cluster.on("exit", (worker, code, signal) => {
  const index = roles.get(worker)!;
  roles.delete(worker);
  if (stopping) {
    if (roles.size === 0) process.exit(0);
    return;
  }
  console.error(`App process ${index + 1} stopped (${signal ?? `exit code ${code}`}); starting another.`);
  setTimeout(() => fork(index), 500);
});

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    if (roles.size === 0) process.exit(0);
    for (const worker of roles.keys()) {
      // The signal lets remix-serve finish its requests and the email worker its message;
      // disconnecting closes the channel to this process, which would otherwise keep it alive.
      worker.process.kill(signal);
      worker.disconnect();
    }
    setTimeout(() => {
      console.error("App processes still running after 15 s; stopping them.");
      for (const worker of roles.keys()) worker.process.kill("SIGKILL");
    }, 15_000).unref();
  });
}

if (workers > 1) console.log(`Serving with ${workers} processes (WEB_CONCURRENCY).`);
for (let i = 0; i < workers; i++) fork(i);
