/**
 * How open pages poll a version URL to stay current (the public schedule pages, the organiser
 * grid, the pitch projector and station, and the venue display's inline script): the one place
 * for the interval and the backoff, and the decisions that need no browser. The loop itself is
 * `startVersionPoller` (app/components/version-poller.ts); React pages use `useVersionPoll`.
 */

/** How often an open page asks whether what it shows has changed. */
export const POLL_MS = 2500;
/** The pitch queue's screens (projector, station) poll a little faster: a pitch lasts 30 seconds. */
export const QUEUE_POLL_MS = 2000;
/** The longest wait between polls while the network or server keeps failing. */
export const MAX_POLL_MS = 30_000;

/**
 * The wait before the next poll after `failures` failed ones in a row: the interval, doubled for
 * each failure, at most MAX_POLL_MS (so a venue whose wifi is down is not hammered, and a screen
 * that comes back is current within half a minute; the `online` event polls at once anyway).
 */
export function pollDelay(failures: number, intervalMs = POLL_MS): number {
  if (failures <= 0) return intervalMs;
  return Math.min(MAX_POLL_MS, intervalMs * 2 ** Math.min(failures, 16));
}

/** Every distinct wait pollDelay gives, in order: the venue display's script indexes it by failures. */
export function pollDelays(intervalMs = POLL_MS): number[] {
  const delays: number[] = [];
  for (let failures = 0; ; failures++) {
    const delay = pollDelay(failures, intervalMs);
    delays.push(delay);
    if (delay >= MAX_POLL_MS || failures > 16) return delays;
  }
}

/**
 * What a poll's answer means for the page: reload its data when the version moved (or a timed
 * refresh is due, for pages that change with the clock), unless it cannot just now (the person
 * is saving or typing, or a reload is already running), in which case the next poll asks again.
 */
export function pollDecision(input: { seen: string | null; shown: string; due: boolean; held: boolean }): "reload" | "wait" | "none" {
  const changed = input.seen !== null && input.seen !== "" && input.seen !== input.shown;
  if (!changed && !input.due) return "none";
  return input.held ? "wait" : "reload";
}

/**
 * Whether a poll's response counts as the server answering. A network error (thrown) or a 5xx
 * is a lost connection (backoff, "connection lost"); any other status is an answer, with a
 * version only when it is a 200 with one.
 */
export function answered(status: number): boolean {
  return status < 500;
}
