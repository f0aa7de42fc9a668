import { answered, pollDecision, pollDelay, POLL_MS } from "~/domain/version-poll";

/** What the poller needs from the browser; tests pass their own (no DOM needed). */
export type PollerEnvironment = {
  fetch: (url: string, init: RequestInit) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
  /** The tab is hidden (polling pauses, and resumes at once when it is shown again). */
  hidden: () => boolean;
  /** navigator.onLine. */
  online: () => boolean;
  /** window/document events: "online", "offline", "visibilitychange". */
  listen: (event: "online" | "offline" | "visibilitychange", fn: () => void) => () => void;
};

type PollerOptions = {
  /** The version URL: JSON with the version in `field`, answered 304 by the browser's cache while unchanged. */
  url: string;
  field?: string;
  intervalMs?: number;
  /** Also reload this often, for pages that change with the clock ("now and next"). */
  refreshEveryMs?: number;
  /** The version the page shows now. */
  shown: () => string;
  /** Whether the page must not reload now (saving, typing, a reload already running). */
  held: () => boolean;
  /** Reload the page's data. */
  reload: () => void;
  /** The connection was lost (lost: true) or is back; `confirmedAt` is the last time the server answered. */
  onConnection: (lost: boolean, confirmedAt: number | null) => void;
};

/** The browser's own environment (only called in the browser, from an effect). */
export function browserEnvironment(): PollerEnvironment {
  return {
    fetch: (url, init) => fetch(url, init),
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (handle) => window.clearTimeout(handle as number),
    now: () => Date.now(),
    hidden: () => document.hidden,
    online: () => navigator.onLine,
    listen: (event, fn) => {
      const target = event === "visibilitychange" ? document : window;
      target.addEventListener(event, fn);
      return () => target.removeEventListener(event, fn);
    },
  };
}

/**
 * Polls a version URL until stopped: every `intervalMs` while the server answers, backing off
 * (pollDelay) while it does not; paused while the tab is hidden; at once when the browser comes
 * back online or the tab is shown. When the version differs from the page's (or a timed refresh
 * is due) it reloads the page's data, unless held, in which case the next poll asks again.
 * `reset()` drops the backoff when the page has just loaded data by other means (its own save).
 */
export function startVersionPoller(options: PollerOptions, env: PollerEnvironment): { stop: () => void; pollNow: () => void; reset: () => void } {
  const { url, field = "version", intervalMs = POLL_MS, refreshEveryMs } = options;
  let stopped = false;
  let timer: unknown = null;
  let failures = 0;
  let lost = false;
  let confirmedAt: number | null = null;
  let lastRefresh = env.now();
  let inFlight = false;

  const setLost = (value: boolean) => {
    if (lost === value) return;
    lost = value;
    options.onConnection(lost, confirmedAt);
  };
  const schedule = (ms: number) => {
    env.clearTimeout(timer);
    if (!stopped) timer = env.setTimeout(() => void tick(), ms);
  };
  const tick = async () => {
    if (stopped || inFlight) return;
    if (env.hidden()) return schedule(intervalMs);
    inFlight = true;
    try {
      const response = await env.fetch(url, { headers: { Accept: "application/json" } });
      if (!answered(response.status)) throw new Error(`HTTP ${response.status}`);
      const body = response.ok ? ((await response.json()) as Record<string, unknown> | null) : null;
      const value = body?.[field];
      failures = 0;
      confirmedAt = env.now();
      if (stopped) return;
      setLost(false);
      const due = refreshEveryMs !== undefined && env.now() - lastRefresh >= refreshEveryMs;
      const decision = pollDecision({ seen: typeof value === "string" ? value : null, shown: options.shown(), due, held: options.held() });
      if (decision === "reload") {
        lastRefresh = env.now();
        options.reload();
      }
    } catch {
      // Venue wifi drops: keep the page as it is, say so, and try again later.
      failures++;
      if (!stopped) setLost(true);
    } finally {
      inFlight = false;
    }
    schedule(pollDelay(failures, intervalMs));
  };
  const pollNow = () => {
    if (stopped || env.hidden()) return;
    env.clearTimeout(timer);
    void tick();
  };

  const unlisten = [
    env.listen("offline", () => setLost(true)),
    env.listen("online", pollNow),
    env.listen("visibilitychange", pollNow),
  ];
  if (!env.online()) {
    setLost(true);
    schedule(0);
  } else schedule(intervalMs);

  return {
    pollNow,
    // The page's data just loaded (its own save, say): the server is reachable, so drop the backoff.
    reset: () => {
      if (stopped || failures === 0) return;
      failures = 0;
      if (!inFlight) schedule(intervalMs);
    },
    stop: () => {
      stopped = true;
      env.clearTimeout(timer);
      for (const off of unlisten) off();
    },
  };
}
