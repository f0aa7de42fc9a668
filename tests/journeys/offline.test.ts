import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberAttendee } from "../../app/.server/auth";
import { getDb } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, settled, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { organiserCookie } from "../support/sessions";
import { sharedApp, useSharedAppDatabase, type SharedApp } from "../support/shared-app";

/**
 * Issue 17 in Chromium, on the shared app with its own event ("offline-camp"): the public
 * schedule after one visit with the network cut (service worker), the same pages with service
 * workers blocked, the venue display on a 1920 x 1080 TV and a 1280 x 720 screen (no cookies,
 * live), and the door sheet and badge sheets as printed. One browser for the file.
 */
let app: SharedApp;
let browser: Browser;
let demo: DemoSchedule;

beforeAll(async () => {
  app = await sharedApp();
  useSharedAppDatabase(app);
  demo = await seedDemoSchedule(await getDb(), { slug: "offline-camp" });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

// While the network is cut, the page's own polls fail and Chromium logs each failure: expected.
const networkNoise = /ERR_INTERNET_DISCONNECTED|Failed to fetch|ERR_NETWORK_CHANGED/;
const realErrors = (errors: string[]) => errors.filter((e) => !networkNoise.test(e));

async function attendeeCookie() {
  const hostId = demo.hostsOf.get(demo.pitchIds[8])![0];
  const [pair] = new Headers(await rememberAttendee(new Request(app.url), hostId)).get("Set-Cookie")!.split(";");
  return { name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: app.url };
}

/** Resolves once the service worker controls the page and has kept it (its copy carries the time). */
async function keptForOffline(page: Page) {
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          if (!navigator.serviceWorker?.controller) return false;
          const cache = await caches.open("pitchgrid-schedule-v1");
          const copy = await cache.match(location.href, { ignoreVary: true });
          return !!copy?.headers.get("X-Pitchgrid-Cached-At");
        }),
      { timeout: 15_000, interval: 250 },
    )
    .toBe(true);
}

describe("the public schedule offline", () => {
  it("loads the grid, a session page and the attendee's highlights with the network cut, says as of when, and recovers", async () => {
    const context = await newContext(browser, { phone: true });
    await context.addCookies([await attendeeCookie()]);
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    const grid = `${app.url}/events/${demo.slug}/schedule`;
    await page.goto(grid);
    await keptForOffline(page);
    const highlighted = await page.locator("td.pg-sched-mine").count();
    expect(highlighted).toBeGreaterThan(0);
    // A session page, opened as a plain link (a new document, now through the worker).
    const sessionLink = page.getByRole("link", { name: "Content design for planning applications" }).first();
    const sessionUrl = new URL((await sessionLink.getAttribute("href"))!, app.url).href;
    await sessionLink.click();
    await page.waitForURL(sessionUrl);
    await keptForOffline(page);
    await settled(page);

    await context.setOffline(true);
    await page.goto(grid);
    await page.getByText(/^You are offline\. This is the schedule as of \d{1,2}(:\d\d)?(am|pm)|midday/).waitFor({ timeout: 10_000 });
    // The same grid, with this attendee's own sessions still marked in words.
    expect(await page.locator("td.pg-sched-mine").count()).toBe(highlighted);
    expect(await page.getByText("You are hosting", { exact: true }).count()).toBeGreaterThan(0);
    await page.goto(sessionUrl);
    await expect.poll(() => page.locator("h1").textContent()).toContain("Content design for planning applications");
    await page.getByText(/^You are offline\./).waitFor({ timeout: 10_000 });
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    // Back online: the notice goes at the next poll.
    await context.setOffline(false);
    await page.getByText(/^You are offline\./).waitFor({ state: "detached", timeout: 10_000 });
    await settled(page);
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it("works as before where service workers are blocked, and without JavaScript", async () => {
    for (const options of [{ serviceWorkers: "block" as const }, { javaScriptEnabled: false }]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
      const page = await context.newPage();
      const errors = trackConsoleErrors(page);
      const response = await page.goto(`${app.url}/events/${demo.slug}/schedule`);
      expect(response?.status()).toBe(200);
      await page.getByRole("link", { name: "Content design for planning applications" }).first().waitFor();
      await settled(page);
      expect(await page.evaluate(() => navigator.serviceWorker?.controller ?? null)).toBeNull();
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe("the venue display", () => {
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1280, height: 720 },
  ]) {
    it(`fills a ${size.width} x ${size.height} screen without scrolling, in large type, sets no cookie and passes axe`, async () => {
      const context = await browser.newContext({ viewport: size });
      const page = await context.newPage();
      const errors = trackConsoleErrors(page);
      await page.goto(`${app.url}/events/${demo.slug}/display`);
      await page.getByRole("columnheader", { name: "Next in this room" }).waitFor();
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        scrollHeight: document.documentElement.scrollHeight,
        lastRowBottom: [...document.querySelectorAll("tbody tr")].at(-1)!.getBoundingClientRect().bottom,
        rooms: document.querySelectorAll("tbody tr").length,
        titlePx: parseFloat(getComputedStyle(document.querySelector(".title")!).fontSize),
        roomPx: parseFloat(getComputedStyle(document.querySelector("tbody th")!).fontSize),
      }));
      expect(layout.rooms).toBe(6);
      expect(layout.scrollWidth).toBeLessThanOrEqual(size.width);
      expect(layout.lastRowBottom).toBeLessThanOrEqual(size.height);
      // Session titles: at least 24 px on a 1080p TV (readable across a lobby), 20 px at 1280.
      expect(layout.titlePx).toBeGreaterThanOrEqual(size.width === 1920 ? 24 : 20);
      expect(layout.roomPx).toBeGreaterThanOrEqual(size.width === 1920 ? 24 : 20);
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
      expect(await context.cookies()).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it("shows a change to the grid without a reload, and keeps the last screen when the network drops", async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/events/${demo.slug}/display`);
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const db = await getDb();
    const firstRoom = (await page.locator("tbody th").first().textContent())!;
    await db.execute({ sql: "UPDATE rooms SET name = ? WHERE event_id = ? AND name = ?", args: [`${firstRoom} (upstairs)`, demo.eventId, firstRoom] });
    await db.execute({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [new Date().toISOString(), demo.eventId] });
    await page.getByRole("rowheader", { name: `${firstRoom} (upstairs)` }).waitFor({ timeout: 10_000 });
    // The same document: swapped in place, not reloaded.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    await context.setOffline(true);
    await page.getByText(/^Connection lost: this is the schedule as of /).waitFor({ timeout: 10_000 });
    expect(await page.getByRole("rowheader", { name: `${firstRoom} (upstairs)` }).count()).toBe(1);
    await context.setOffline(false);
    await page.getByText(/^Connection lost/).waitFor({ state: "hidden", timeout: 10_000 });
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });

  it("shows the time in the event's zone, large, ticking over each minute", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    // 10:29:30 GMT on the day the clocks go back: the page's own clock, not the server's.
    await context.clock.install({ time: new Date("2026-10-25T10:29:30Z") });
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/events/${demo.slug}/display`);
    const clock = page.locator("#pg-display-clock");
    await expect.poll(() => clock.textContent(), { timeout: 10_000 }).toBe("10:29am");
    expect(parseFloat(await clock.evaluate((el) => getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(40);
    await page.clock.runFor(31_000);
    await expect.poll(() => clock.textContent(), { timeout: 10_000 }).toBe("10:30am");
    await page.clock.runFor(60_000);
    await expect.poll(() => clock.textContent(), { timeout: 10_000 }).toBe("10:31am");
    expect(realErrors(errors)).toEqual([]);
    await context.close();
  });
});

describe("printing", () => {
  it("a door sheet and the badge sheets pass axe, and badges fall 2 across and 4 down on an A4 sheet", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const [name, value] = (await organiserCookie("admin@pitchgrid.test")).split("=");
    await context.addCookies([{ name, value, url: app.url }]);
    const db = await getDb();
    await db.execute({ sql: "UPDATE registrations SET pronouns = 'they/them' WHERE id = ?", args: [demo.attendees[0].id] });
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);

    await page.goto(`${app.url}/events/${demo.slug}/rooms/${demo.roomIds[0]}/door`);
    await page.locator("h1").waitFor();
    let violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);

    await page.goto(`${app.url}/organise/${demo.slug}/badges`);
    await page.getByRole("button", { name: "Open the badges to print" }).click();
    await page.waitForURL(/\/badges\/print\?which=all&layout=sheet$/);
    violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    await page.emulateMedia({ media: "print" });
    const boxes = await page.locator(".sheet").first().locator(".badge").evaluateAll((badges) => badges.map((b) => b.getBoundingClientRect()).map((r) => ({ x: Math.round(r.x), y: Math.round(r.y), w: r.width, h: r.height })));
    expect(boxes).toHaveLength(8);
    expect(new Set(boxes.map((b) => b.x)).size).toBe(2);
    expect(new Set(boxes.map((b) => b.y)).size).toBe(4);
    // 99.1 x 67.7 mm at 96 px to the inch.
    expect(boxes[0].w).toBeCloseTo((99.1 / 25.4) * 96, 0);
    expect(boxes[0].h).toBeCloseTo((67.7 / 25.4) * 96, 0);
    expect(await page.locator(".tools").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });

    // "Mark as printed" is a plain form post back to the badges page.
    await page.getByRole("button", { name: "Mark as printed" }).click();
    await page.waitForURL(`${app.url}/organise/${demo.slug}/badges`);
    await page.getByText(/^Badges marked as printed\./).waitFor();
    await settled(page);
    expect(errors).toEqual([]);
    await context.close();
  });
});
