import { env } from "./env";
import { startOutboxWorker, stopOutboxWorker } from "./email";

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
  // remix-serve closes the HTTP server on SIGTERM/SIGINT; this lets an email being sent finish.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void stopBackgroundWork().finally(() => process.exit(0));
    });
  }
}

export async function stopBackgroundWork() {
  timers.splice(0).forEach(clearInterval);
  started = false;
  await stopOutboxWorker();
}
