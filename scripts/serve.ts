/**
 * Serves the built app with our server (scripts/server/main.ts, built as build/server/http-server.js) in WEB_CONCURRENCY processes (default: one per CPU) that
 * share one port through node:cluster, so a registration rush uses every core. `npm start` runs
 * this after migrating; benchmarks run it as it is.
 *
 * Only the first process does background work (the email worker and periodic jobs); the others
 * only answer requests. A process that dies is replaced, in the same role. SIGTERM/SIGINT are
 * passed on, and this process exits once every worker has finished its in-flight requests.
 */
import cluster, { type Worker } from "node:cluster";
import path from "node:path";
import { appProcessCount, EnvError, parseEnv } from "../app/.server/platform";

const buildDir = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build");
// Our server (scripts/server/main.ts) as `npm run build` emits it beside the app: plain
// JavaScript, so each process starts without a TypeScript loader. It serves the app built
// beside it, or the build given as the argument (the benchmarks' bare app).
const serverEntry = path.join(buildDir, "server/http-server.js");
const build = path.resolve(process.argv[2] ?? path.join(buildDir, "server/index.js"));

let workers: number;
try {
  workers = appProcessCount(parseEnv(process.env));
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

// Each process accepts from the shared socket itself. With the default round robin, this
// process hands out connections, and one handed to a process as it dies is never answered.
// (Fixed by the first setupPrimary, so it comes first.)
cluster.schedulingPolicy = cluster.SCHED_NONE;
// No execArgv: this process runs under tsx, and its loader flags are not for plain JavaScript.
cluster.setupPrimary({ exec: serverEntry, args: [build], execArgv: [] });

const roles = new Map<Worker, { index: number; startedAt: number }>();
// A process that dies this soon after starting will most likely die again (a missing build, a
// bad setting): after a few in a row, stop rather than restart it forever.
const EARLY_DEATH_MS = 10_000;
const EARLY_DEATHS_ALLOWED = 3;
let earlyDeaths = 0;
let stopping = false;

function fork(index: number) {
  // Exactly one process sends email and runs the timed jobs.
  const worker = cluster.fork(index === 0 ? {} : { BACKGROUND_WORK: "off" });
  roles.set(worker, { index, startedAt: Date.now() });
}

cluster.on("exit", (worker, code, signal) => {
  const { index, startedAt } = roles.get(worker)!;
  roles.delete(worker);
  if (stopping) {
    if (roles.size === 0) process.exit(process.exitCode ?? 0);
    return;
  }
  const how = signal ?? `exit code ${code}`;
  earlyDeaths = Date.now() - startedAt < EARLY_DEATH_MS ? earlyDeaths + 1 : 0;
  if (earlyDeaths >= EARLY_DEATHS_ALLOWED) {
    console.error(`App process ${index + 1} stopped (${how}) within ${EARLY_DEATH_MS / 1000} s of starting, ${earlyDeaths} times in a row; giving up.`);
    process.exitCode = 1;
    stopAll("SIGTERM");
    return;
  }
  console.error(`App process ${index + 1} stopped (${how}); starting another.`);
  setTimeout(() => fork(index), 500);
});

function stopAll(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  if (roles.size === 0) process.exit(process.exitCode ?? 0);
  for (const worker of roles.keys()) {
    // The signal lets the server finish its requests and the email worker its message;
    // disconnecting closes the channel to this process, which would otherwise keep it alive.
    worker.process.kill(signal);
    worker.disconnect();
  }
  setTimeout(() => {
    console.error("App processes still running after 15 s; stopping them.");
    for (const worker of roles.keys()) worker.process.kill("SIGKILL");
  }, 15_000).unref();
}

for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => stopAll(signal));

if (workers > 1) console.log(`Serving with ${workers} processes (WEB_CONCURRENCY).`);
for (let i = 0; i < workers; i++) fork(i);
