import path from "node:path";
import { inject } from "vitest";
import { closeDb, resetEnvForTests } from "../../app/.server/platform";
import type { ReceivedEmail, SharedAppInfo } from "./shared-services";

/**
 * The built app that all test files of this vitest project share: started once, on the first
 * file's request, by vitest's main process (tests/support/shared-services.ts), instead of once
 * per file. Same settings as `startApp()` with no options (TRUST_PROXY=1, RATE_LIMIT_SCALE=0,
 * background work on; in the journeys project its mail goes to one shared SMTP sink).
 *
 * One app means one database for every file that uses it: a file must make its own events
 * (own slugs, own addresses) and must not count or snapshot whole tables, run jobs over every
 * event, or need settings of its own. A file that does any of that starts its own app with
 * `startApp()` (tests/support/app-server.ts).
 */
export type SharedApp = SharedAppInfo;

async function control(pathname: string): Promise<Response> {
  const response = await fetch(new URL(pathname, inject("sharedControlUrl")));
  if (!response.ok) throw new Error(`The shared app could not be had (${pathname}): ${await response.text()}`);
  return response;
}

/** The project's shared app (started on first use; stopped by vitest after the last file). */
export async function sharedApp(): Promise<SharedApp> {
  return (await control("/app")).json() as Promise<SharedApp>;
}

/**
 * Points this test file's own database code (getDb, query, the factories) at the shared app's
 * database instead of the file's own copy, and signs cookies with the app's secret, so that
 * what the file makes in-process is what the app serves.
 */
export function useSharedAppDatabase(app: SharedApp) {
  process.env.DATABASE_URL = app.databaseUrl;
  process.env.OUTBOX_DIR = path.join(app.dir, "outbox");
  process.env.SESSION_SECRET = app.sessionSecret;
  resetEnvForTests();
  closeDb();
}

/**
 * The WebSocket endpoint of the Chromium this vitest worker shares with the files it runs one
 * after another (tests/support/browser.ts connects to it).
 */
export async function sharedBrowserEndpoint(): Promise<string> {
  const worker = process.env.VITEST_POOL_ID ?? "";
  return ((await (await control(`/browser?worker=${encodeURIComponent(worker)}`)).json()) as { wsEndpoint: string }).wsEndpoint;
}

/** A blank page on 127.0.0.1, the site every app the tests start is on (tests/support/context-pool.ts). */
export function blankPageUrl(): string {
  return new URL("/blank", inject("sharedControlUrl")).href;
}

/** The journeys project's shared SMTP sink, which the shared app sends all its mail to. */
export const sharedSink = {
  /** Every message received so far (to `address` only, when given). */
  async messages(address?: string): Promise<ReceivedEmail[]> {
    return (await control(`/sink/messages${address ? `?to=${encodeURIComponent(address)}` : ""}`)).json() as Promise<ReceivedEmail[]>;
  },
  /**
   * The first email to `address` whose subject matches, waiting for it to arrive. Mail to every
   * file lands in the one sink, so give each file its own addresses.
   */
  async waitForEmail(address: string, subject: RegExp, timeoutMs = 15_000): Promise<ReceivedEmail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = await sharedSink.messages(address);
      const found = received.find((m) => subject.test(m.subject));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No email to ${address} matching ${subject} within ${timeoutMs} ms; got: ${received.map((m) => m.subject).join(" | ") || "none"}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  },
};
