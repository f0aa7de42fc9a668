import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startVersionPoller, type PollerEnvironment } from "./version-poller";

/**
 * The polling loop every live page shares, run against a fake browser: fake timers, a scripted
 * version endpoint, and hand-fired online/offline/visibility events.
 */
type Answer = { status: number; version?: string } | "network-error";

function fakeBrowser(answers: Answer[]) {
  const listeners = new Map<string, Set<() => void>>();
  const state = { hidden: false, online: true, requests: [] as string[], last: { status: 200, version: "v1" } as Answer };
  const env: PollerEnvironment = {
    fetch: async (url) => {
      state.requests.push(url);
      const answer = answers.length ? answers.shift()! : state.last;
      state.last = answer;
      if (answer === "network-error") throw new TypeError("Failed to fetch");
      return { ok: answer.status >= 200 && answer.status < 300, status: answer.status, json: async () => (answer.version ? { version: answer.version, fingerprint: answer.version } : {}) };
    },
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    now: () => Date.now(),
    hidden: () => state.hidden,
    online: () => state.online,
    listen: (event, fn) => {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return () => listeners.get(event)!.delete(fn);
    },
  };
  const fire = (event: string) => listeners.get(event)?.forEach((fn) => fn());
  return { env, state, fire, listeners };
}

function page(shownVersion = "v1") {
  const log = { reloads: 0, connection: [] as { lost: boolean; confirmedAt: number | null }[], held: false, shown: shownVersion };
  const options = {
    url: "/events/camp/schedule/version",
    shown: () => log.shown,
    held: () => log.held,
    reload: () => {
      log.reloads++;
    },
    onConnection: (lost: boolean, confirmedAt: number | null) => log.connection.push({ lost, confirmedAt }),
  };
  return { log, options };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-10-25T10:30:00Z"));
});
afterEach(() => {
  vi.useRealTimers();
});

describe("startVersionPoller", () => {
  it("polls every 2.5 s and reloads only when the version moves", async () => {
    const browser = fakeBrowser([{ status: 200, version: "v1" }, { status: 200, version: "v1" }, { status: 200, version: "v2" }]);
    const { log, options } = page("v1");
    const poller = startVersionPoller(options, browser.env);
    await vi.advanceTimersByTimeAsync(2499);
    expect(browser.state.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(browser.state.requests).toEqual(["/events/camp/schedule/version"]);
    await vi.advanceTimersByTimeAsync(2500);
    expect(log.reloads).toBe(0);
    await vi.advanceTimersByTimeAsync(2500);
    expect(browser.state.requests).toHaveLength(3);
    expect(log.reloads).toBe(1);
    poller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(browser.state.requests).toHaveLength(3);
    expect([...browser.listeners.values()].every((set) => set.size === 0)).toBe(true);
  });

  it("reads another field when told (the organiser grid's fingerprint)", async () => {
    const browser = fakeBrowser([{ status: 200, version: "f2" }]);
    const { log, options } = page("f1");
    const poller = startVersionPoller({ ...options, field: "fingerprint" }, browser.env);
    await vi.advanceTimersByTimeAsync(2500);
    expect(log.reloads).toBe(1);
    poller.stop();
  });

  it("while held (saving, typing) waits, and reloads on the first poll after it is let go", async () => {
    const browser = fakeBrowser([{ status: 200, version: "v2" }]);
    const { log, options } = page("v1");
    log.held = true;
    const poller = startVersionPoller(options, browser.env);
    await vi.advanceTimersByTimeAsync(7500);
    expect(browser.state.requests).toHaveLength(3);
    expect(log.reloads).toBe(0);
    log.held = false;
    await vi.advanceTimersByTimeAsync(2500);
    expect(log.reloads).toBe(1);
    poller.stop();
  });

  it("backs off while the network fails, says the connection is lost once, and comes back at the next answer", async () => {
    const browser = fakeBrowser([{ status: 200, version: "v1" }, "network-error", "network-error", { status: 503 }, "network-error", "network-error", { status: 200, version: "v1" }]);
    const { log, options } = page("v1");
    const poller = startVersionPoller(options, browser.env);
    const times: number[] = [];
    const start = Date.now();
    const origFetch = browser.env.fetch;
    browser.env.fetch = (url, init) => {
      times.push(Date.now() - start);
      return origFetch(url, init);
    };
    await vi.advanceTimersByTimeAsync(2500 + 2500 + 5000 + 10_000 + 20_000 + 30_000 + 30_000);
    // Answered at 2.5 s; failed at 5 s, then waits of 5, 10, 20 and 30 s; answered 30 s later.
    expect(times).toEqual([2500, 5000, 10_000, 20_000, 40_000, 70_000, 100_000]);
    expect(log.connection).toEqual([
      { lost: true, confirmedAt: start + 2500 },
      { lost: false, confirmedAt: start + 100_000 },
    ]);
    // Back to the usual interval.
    await vi.advanceTimersByTimeAsync(2500);
    expect(times.at(-1)).toBe(102_500);
    poller.stop();
  });

  it("drops the backoff when the page's data loads by other means (its own save reached the server)", async () => {
    const browser = fakeBrowser(["network-error", "network-error", "network-error", { status: 200, version: "v2" }]);
    const { log, options } = page("v1");
    const poller = startVersionPoller(options, browser.env);
    await vi.advanceTimersByTimeAsync(2500 + 5000 + 10_000);
    expect(browser.state.requests).toHaveLength(3);
    // Now waiting 20 s; the page saves something and reloads its data.
    await vi.advanceTimersByTimeAsync(1000);
    poller.reset();
    await vi.advanceTimersByTimeAsync(2500);
    expect(browser.state.requests).toHaveLength(4);
    expect(log.reloads).toBe(1);
    poller.stop();
  });

  it("goes lost at once when the browser says it is offline, and polls at once when it is back online", async () => {
    const browser = fakeBrowser([]);
    const { log, options } = page("v1");
    const poller = startVersionPoller(options, browser.env);
    browser.fire("offline");
    expect(log.connection).toEqual([{ lost: true, confirmedAt: null }]);
    await vi.advanceTimersByTimeAsync(100);
    browser.fire("online");
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.state.requests).toHaveLength(1);
    expect(log.connection.at(-1)).toEqual({ lost: false, confirmedAt: Date.now() });
    poller.stop();
  });

  it("starting offline, says so and polls at once", async () => {
    const browser = fakeBrowser(["network-error"]);
    browser.state.online = false;
    const { log, options } = page("v1");
    const poller = startVersionPoller(options, browser.env);
    expect(log.connection).toEqual([{ lost: true, confirmedAt: null }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.state.requests).toHaveLength(1);
    poller.stop();
  });

  it("does not poll while the tab is hidden, and polls at once when it is shown", async () => {
    const browser = fakeBrowser([{ status: 200, version: "v2" }]);
    browser.state.hidden = true;
    const { log, options } = page("v1");
    const poller = startVersionPoller(options, browser.env);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(browser.state.requests).toHaveLength(0);
    browser.state.hidden = false;
    browser.fire("visibilitychange");
    await vi.advanceTimersByTimeAsync(0);
    expect(browser.state.requests).toHaveLength(1);
    expect(log.reloads).toBe(1);
    poller.stop();
  });

  it("also reloads on a timer when asked (now and next changes with the clock)", async () => {
    const browser = fakeBrowser([]);
    const { log, options } = page("v1");
    const poller = startVersionPoller({ ...options, refreshEveryMs: 60_000 }, browser.env);
    await vi.advanceTimersByTimeAsync(57_500);
    expect(log.reloads).toBe(0);
    await vi.advanceTimersByTimeAsync(2500);
    expect(log.reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(57_500);
    expect(log.reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(2500);
    expect(log.reloads).toBe(2);
    poller.stop();
  });
});
