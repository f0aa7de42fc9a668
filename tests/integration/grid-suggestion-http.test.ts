import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, resetEnvForTests } from "../../app/.server/platform";
import { setPinned } from "../../app/.server/grid";
import { startApp, type RunningApp } from "../support/app-server";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { organiserCookie } from "../support/sessions";

/**
 * "Suggest a grid" in the built app as our server serves it: the optimiser runs only when the
 * organiser asks, in a worker thread (build/server/optimiser.worker.js), so the app process
 * answers other requests while it searches; the suggestion is kept in the database, so another
 * app process shows it too; a search past SUGGESTION_TIMEOUT_MS is stopped with a readable page.
 */

const SECRET = "test-secret-test-secret-test-secret-0123456789";
const ORGANISER = "organiser@council.test";

let app: RunningApp;
let demo: DemoSchedule;
let cookie: string;
const started = (logs: string[]) => logs.join("").match(/Suggest a grid: event \d+, grid version \d+: started/g)?.length ?? 0;

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();
  demo = await seedDemoSchedule(await getDb(), { slug: "suggest-camp", sessions: 60, rooms: 6, published: false });
  cookie = await organiserCookie(ORGANISER);
  // A long time limit: the search ends when its step budget runs out (about a second here), well before the limit.
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, SUGGESTION_TIME_LIMIT_MS: "60000" } });
});

afterAll(async () => {
  await app?.stop();
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
});

const page = (base: string) => `${base}/organise/${demo.slug}/grid/suggest`;
const get = (base: string) => fetch(page(base), { headers: { cookie } });
const ask = (base: string) =>
  fetch(page(base), { method: "POST", redirect: "manual", headers: { cookie, origin: base, "content-type": "application/x-www-form-urlencoded" }, body: "intent=suggest" });

async function logLine(logs: string[], pattern: RegExp) {
  for (let i = 0; i < 600 && !pattern.test(logs.join("")); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  expect(logs.join("")).toMatch(pattern);
}

describe("Suggest a grid in the built app", () => {
  it("shows the button on a page view without running the optimiser", async () => {
    for (let i = 0; i < 2; i++) {
      const response = await get(app.url);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toMatch(/<input type="hidden" name="intent" value="suggest"\/>/);
      expect(html).not.toContain('data-testid="suggestion-scores"');
    }
    expect(started(app.logs)).toBe(0);
  });

  it("searches in a worker thread: the same process answers /healthz while the search runs", async () => {
    const order: string[] = [];
    const suggestion = ask(app.url).then((response) => {
      order.push("suggestion");
      return response;
    });
    await logLine(app.logs, /Suggest a grid: event \d+, grid version \d+: started/);
    const health = await fetch(`${app.url}/healthz`);
    order.push("healthz");
    expect(health.status).toBe(200);
    const response = await suggestion;
    expect(order).toEqual(["healthz", "suggestion"]);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/organise/${demo.slug}/grid/suggest`);
    expect(app.logs.join("")).toMatch(/Suggest a grid: event \d+, grid version \d+: done in \d+ ms/);

    const html = await (await get(app.url)).text();
    expect(html).toContain('data-testid="suggestion-scores"');
    expect(html).toContain('name="intent" value="apply"');
    expect(started(app.logs)).toBe(1);
  });

  it("shows the kept suggestion from another app process, and stops a search past the timeout with a readable page", async () => {
    const other = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, SUGGESTION_TIME_LIMIT_MS: "60000", SUGGESTION_TIMEOUT_MS: "100" } });
    try {
      const shown = await (await get(other.url)).text();
      expect(shown).toContain('data-testid="suggestion-scores"');
      expect(started(other.logs)).toBe(0);

      // The grid changes, so the kept suggestion no longer applies and asking runs a new search.
      const db = await getDb();
      const version = Number((await db.execute({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [demo.eventId] })).rows[0].v);
      const placed = await db.execute({ sql: "SELECT pitch_id FROM placements WHERE event_id = ? ORDER BY pitch_id LIMIT 1", args: [demo.eventId] });
      await setPinned(demo.eventId, ORGANISER, version, Number(placed.rows[0].pitch_id), true);
      const button = await (await get(other.url)).text();
      expect(button).toContain('name="intent" value="suggest"');

      const response = await ask(other.url);
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      const html = await response.text();
      expect(html).toContain("No suggestion this time");
      expect(html).toMatch(/Finding a suggestion took longer than 1 second, so it was stopped and nothing changed\./);
      expect(html).toContain('name="intent" value="suggest"');
      expect(other.logs.join("")).toMatch(/Suggest a grid: event \d+, grid version \d+: failed after \d+ ms: The optimiser did not finish within 100 ms and was stopped\./);
      // The process is still there and answering.
      expect((await fetch(`${other.url}/healthz`)).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
