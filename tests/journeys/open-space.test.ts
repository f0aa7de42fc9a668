import type { Client } from "@libsql/client";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient, resetEnvForTests } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { organiserCookie } from "../support/sessions";
import { sharedApp, type SharedApp } from "../support/shared-app";

/**
 * Open Space self-placement in Chromium (issue 17): an organiser turns the setting on, a host on
 * a 390 px phone places their own session from its pitch page (JavaScript off, then moves it with
 * JavaScript on) and it appears on the public grid; the pages pass axe. On the shared app, with
 * its own event ("open-space-camp").
 */
let app: SharedApp;
let browser: Browser;
let db: Client;
let demo: DemoSchedule;
let pitchId: number;
const TITLE = "Placing our own sessions on the wall";

beforeAll(async () => {
  app = await sharedApp();
  db = openClient(app.databaseUrl);
  demo = await seedDemoSchedule(db, { slug: "open-space-camp", sessions: 4, rooms: 2, attendees: 6 });
  const now = new Date().toISOString();
  const host = demo.attendees[5].id;
  const result = await db.execute({
    sql: "INSERT INTO pitches (event_id, title, description, format, created_by_registration_id, created_at, updated_at) VALUES (?, ?, '', 'discussion', ?, ?, ?)",
    args: [demo.eventId, TITLE, host, now, now],
  });
  pitchId = Number(result.lastInsertRowid);
  await db.execute({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'host', ?)", args: [pitchId, host, now] });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
});

async function expectNoAxeViolations(page: Page) {
  const found = await seriousAxeViolations(page);
  expect(found, `${page.url()}: ${describeViolations(found)}`).toEqual([]);
}

async function placedCell() {
  const row = await db.execute({ sql: "SELECT r.name, pl.slot_id FROM placements pl JOIN rooms r ON r.id = pl.room_id WHERE pl.pitch_id = ?", args: [pitchId] });
  return row.rows[0] ? { room: String(row.rows[0].name), slotId: Number(row.rows[0].slot_id) } : null;
}

describe("Open Space: hosts place their own sessions", () => {
  let organiser: BrowserContext;
  let grid: Page;
  let organiserErrors: string[];
  let room: string;

  it("an organiser turns it on from the grid page (JavaScript on)", async () => {
    // The organiser, JavaScript on: the setting is off, with its explanation, until turned on.
    Object.assign(process.env, { SESSION_SECRET: app.sessionSecret, NODE_ENV: "production", PUBLIC_URL: app.url });
    resetEnvForTests();
    const [name, value] = (await organiserCookie("organiser@council.test", db)).split("=");
    organiser = await newContext(browser);
    await organiser.addCookies([{ name, value, url: app.url }]);
    grid = await organiser.newPage();
    organiserErrors = trackConsoleErrors(grid);
    await grid.goto(`${app.url}/organise/${demo.slug}/grid`);
    expect(await grid.getByTestId("open-space-state").textContent()).toContain("Only organisers place sessions");
    await grid.getByRole("button", { name: "Let hosts place their own sessions" }).click();
    await expect.poll(() => grid.getByTestId("open-space-state").textContent()).toContain("Hosts can put their own session in a free cell");
    await expectNoAxeViolations(grid);
  });

  it("a host places their session on a 390 px phone without JavaScript, and it is on the public grid", async () => {
    const phone = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 800 } });
    const page = await phone.newPage();
    // Their private link offers it (and the pitch page, checked after placing).
    await page.goto(`${app.url}/r/${demo.attendees[5].manageToken}`);
    await page.getByRole("link", { name: `Choose where and when “${TITLE}” happens` }).click();
    expect(page.url()).toBe(`${app.url}/events/${demo.slug}/pitches/${pitchId}/place`);
    expect(await page.getByTestId("own-placement").textContent()).toContain("not on the grid yet");
    // (axe needs the page's timers, which do not run with JavaScript off: it runs on this page below.)
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    // Nothing chosen: a GOV.UK error summary.
    await page.getByRole("button", { name: "Put my session here" }).click();
    expect(await page.locator(".govuk-error-summary").textContent()).toContain("Choose where and when your session goes");
    const first = page.locator('input[name="cell"]').first();
    const firstLabel = (await page.locator(`label[for="${await first.getAttribute("id")}"]`).textContent())!;
    await first.check();
    await page.getByRole("button", { name: "Put my session here" }).click();
    expect(page.url()).toBe(`${app.url}/events/${demo.slug}/pitches/${pitchId}`);
    expect(await page.locator("body").textContent()).toContain("Your session is on the grid");
    expect(await page.getByRole("link", { name: "Move your session or take it off the grid" }).count()).toBe(1);
    room = firstLabel.split(", ").pop()!;
    expect((await placedCell())?.room).toBe(room);
    await page.goto(`${app.url}/events/${demo.slug}/schedule`);
    expect(await page.locator("main").textContent()).toContain(TITLE);
    await phone.close();
  });

  it("the same host moves it with JavaScript on; the organiser's history says the host did it", async () => {
    const js = await newContext(browser, { phone: true });
    const jsPage = await js.newPage();
    const errors = trackConsoleErrors(jsPage);
    await jsPage.goto(`${app.url}/r/${demo.attendees[5].manageToken}`);
    await jsPage.getByRole("link", { name: `Move “${TITLE}” or take it off the grid` }).click();
    await jsPage.waitForURL(`${app.url}/events/${demo.slug}/pitches/${pitchId}/place`);
    expect(await jsPage.getByTestId("own-placement").textContent()).toContain(`Your session is in ${room}`);
    await expectNoAxeViolations(jsPage);
    const before = await placedCell();
    const options = jsPage.locator('input[name="cell"]');
    const last = options.last();
    const lastLabel = (await jsPage.locator(`label[for="${await last.getAttribute("id")}"]`).textContent())!;
    await jsPage.locator(`label[for="${await last.getAttribute("id")}"]`).click();
    await jsPage.getByRole("button", { name: "Move my session" }).click();
    await jsPage.waitForURL(`${app.url}/events/${demo.slug}/pitches/${pitchId}`);
    await expect.poll(placedCell).not.toEqual(before);
    expect((await placedCell())?.room).toBe(lastLabel.split(", ").pop());
    await expectNoAxeViolations(jsPage);
    await jsPage.goto(`${app.url}/events/${demo.slug}/schedule`);
    expect(await jsPage.locator("main").textContent()).toContain(TITLE);
    expect(errors).toEqual([]);
    await js.close();

    // The organiser's history says the host did it.
    await grid.goto(`${app.url}/organise/${demo.slug}/grid/history`);
    const history = (await grid.locator("table").textContent())!;
    expect(history).toContain(`Moved by its host: “${TITLE}”`);
    expect(history).toContain(`Placed by its host: “${TITLE}”`);
    expect(history).toContain(`${demo.attendees[5].name} (host)`);
    expect(organiserErrors).toEqual([]);
    await organiser.close();
  });
});
