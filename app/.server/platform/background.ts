import { env } from "./env";
import { startOutboxWorker, stopOutboxWorker } from "./outbox";

/**
 * Work the app process does besides answering requests: sending queued email and periodic
 * jobs (expiring unverified holds and unclaimed offers, added by their domain modules).
 */
type PeriodicJob = { name: string; everyMs: number; run: () => Promise<unknown> };
const jobs: PeriodicJob[] = [];
const timers: NodeJS.Timeout[] = [];
let started = false;

export function registerPeriodicJob(job: PeriodicJob) {
  jobs.push(job);
  if (started) schedule(job);
}

function schedule(job: PeriodicJob) {
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      await job.run();
    } catch (error) {
      console.error(`Background job ${job.name} failed:`, error);
    } finally {
      running = false;
    }
  }, job.everyMs);
  timer.unref();
  timers.push(timer);
}

export function startBackgroundWork() {
  if (started || env().BACKGROUND_WORK === "off") return;
  started = true;
  startOutboxWorker();
  jobs.forEach(schedule);
  // On SIGTERM/SIGINT our server (scripts/server/main.ts) stops accepting connections and lets in-flight requests
  // finish; here the worker stops taking new email and finishes the one being sent. The process
  // then exits by itself once both are done (every timer here is unref'd), or after 10 s.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      setTimeout(() => process.exit(0), 10_000).unref();
      void stopBackgroundWork();
    });
  }
}

async function stopBackgroundWork() {
  timers.splice(0).forEach(clearInterval);
  started = false;
  await stopOutboxWorker();
}
