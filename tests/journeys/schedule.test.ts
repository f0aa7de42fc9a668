import { gzipSync } from "node:zlib";
import type { Client } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rememberAttendee } from "../../app/.server/auth";
import { closeDb, openClient, resetEnvForTests } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { sharedApp, type SharedApp } from "../support/shared-app";

/**
 * The public schedule on the built app: a published 40-session, 6-room day, read by visitors
 * with and without JavaScript, kept live while the organisers change the grid, small enough
 * for venue wifi, and printable for the wall. On the app the journeys share, with its own
 * events ("live-camp", "big-camp").
 */
const SIZE_BUDGET = 60 * 1024;

let app: SharedApp;
let browser: Browser;
let db: Client;
let demo: DemoSchedule;

beforeAll(async () => {
  app = await sharedApp();
  db = openClient(app.databaseUrl);
  demo = await seedDemoSchedule(db, { slug: "live-camp" });
  // A bigger day (8 rooms, every cell full) must still print on one sheet.
  await seedDemoSchedule(db, { slug: "big-camp", rooms: 8, sessions: 56 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
});

const gridPath = () => `/events/${demo.slug}/schedule`;

describe("size and caching", () => {
  it("keeps the grid page's HTML and CSS under 60 KB compressed", async () => {
    const response = await fetch(`${app.url}${gridPath()}`, { headers: { "accept-encoding": "gzip" } });
    expect(response.status).toBe(200);
    // Our server compresses pages; fetch undoes it, so the bytes are measured again below.
    expect(response.headers.get("content-encoding")).toBe("gzip");
    const html = await response.text();
    expect(html).toContain("Making council websites accessible on a budget");
    const stylesheets = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
    expect(stylesheets.some((href) => /schedule-.*\.css$/.test(href))).toBe(true);
    let total = gzipSync(html).length;
    for (const href of stylesheets) {
      const css = await fetch(new URL(href, app.url));
      expect(css.status, href).toBe(200);
      total += gzipSync(Buffer.from(await css.arrayBuffer())).length;
    }
    console.log(`Grid page (40 sessions, 6 rooms): ${(gzipSync(html).length / 1024).toFixed(1)} KB HTML + CSS = ${(total / 1024).toFixed(1)} KB gzipped`);
    expect(total).toBeLessThan(SIZE_BUDGET);
  });

  it("answers a repeat request with 304 and no body, over HTTP", async () => {
    const first = await fetch(`${app.url}${gridPath()}`);
    const etag = first.headers.get("etag")!;
    expect(etag).toBeTruthy();
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    const second = await fetch(`${app.url}${gridPath()}`, { headers: { "if-none-match": etag } });
    expect(second.status).toBe(304);
    expect(await second.text()).toBe("");
    const version = await fetch(`${app.url}${gridPath()}/version`);
    const versionTag = version.headers.get("etag")!;
    expect(await version.json()).toMatchObject({ published: true });
    expect((await fetch(`${app.url}${gridPath()}/version`, { headers: { "if-none-match": versionTag } })).status).toBe(304);
  });
});

describe("reading the grid", () => {
  it("works with JavaScript off, as a table on a laptop and a list on a phone", async () => {
    const context = await newContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${app.url}${gridPath()}`);
    await page.getByRole("heading", { name: "The grid" }).waitFor();
    const table = page.getByRole("table", { name: /2026|2027/ });
    await expect.poll(() => table.getByRole("columnheader").allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining("Council Chamber")]));
    expect(await table.getByRole("rowheader", { name: "10:15am to 11am" }).count()).toBe(1);
    await page.getByRole("link", { name: "Open data that residents actually use" }).click();
    await page.getByRole("heading", { name: /Open data that residents actually use/ }).waitFor();
    expect(await page.locator(".govuk-summary-list").textContent()).toContain("Committee Room 2");
    await context.close();

    const phone = await (await newContext(browser, { javaScriptEnabled: false, phone: true })).newPage();
    await phone.goto(`${app.url}${gridPath()}`);
    // On a phone each session says its room and time, and the page does not scroll sideways.
    await expect.poll(() => phone.getByText("Committee Room 2, 10:15am to 11am").isVisible()).toBe(true);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await phone.context().close();
  });

  it("passes axe on the grid, a session page and now-and-next, with no console errors", async () => {
    const page = await (await newContext(browser)).newPage();
    const errors = trackConsoleErrors(page);
    for (const path of [gridPath(), `/events/${demo.slug}/sessions/${demo.pitchIds[7]}`, `/events/${demo.slug}/now`]) {
      await page.goto(`${app.url}${path}`);
      await page.locator("h1").waitFor();
      const violations = await seriousAxeViolations(page);
      expect(violations, `${path}\n${describeViolations(violations)}`).toEqual([]);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each([
    { slug: "live-camp", sessions: 40, minimumPoints: 14 },
    { slug: "big-camp", sessions: 56, minimumPoints: 12 },
  ])("prints the whole grid of $slug on one A3 landscape page", async ({ slug, sessions, minimumPoints }) => {
    const page = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
    await page.goto(`${app.url}/events/${slug}/schedule/print`);
    expect(await page.locator("header, footer, nav, script").count()).toBe(0);
    expect(await page.locator("td .title").count()).toBe(sessions);
    const pdf = (await page.pdf({ preferCSSPageSize: true, printBackground: true })).toString("latin1");
    const pages = pdf.match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages).toHaveLength(1);
    // A3 landscape: 420 x 297 mm is 1190.55 x 841.89 points.
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf);
    expect(Math.round(Number(box?.[1]))).toBe(1191);
    expect(Math.round(Number(box?.[2]))).toBe(842);
    // Large type for the wall: 15pt titles for a 40-session day, scaled down only for bigger grids.
    const titleSize = await page.locator("td .title").first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(titleSize).toBeGreaterThanOrEqual((minimumPoints * 96) / 72);
    await page.context().close();
  });
});

describe("live updates", () => {
  it("shows a second browser a change to the grid within 5 seconds, without reloading", async () => {
    const page = await (await newContext(browser)).newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}${gridPath()}`);
    await page.getByRole("heading", { name: "The grid" }).waitFor();
    // Marks this document: a reload would lose it.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const title = "Making council websites accessible on a budget";
    const lastRow = page.locator("table.pg-sched tbody tr", { has: page.getByRole("rowheader", { name: "4:25pm to 5:10pm" }) });
    expect(await lastRow.getByText(title).count()).toBe(0);

    // The organisers move the first session to the free cell at the end of the day.
    const lastSlot = demo.sessionSlotIds[demo.sessionSlotIds.length - 1];
    await db.execute({ sql: "UPDATE placements SET room_id = ?, slot_id = ? WHERE pitch_id = ?", args: [demo.roomIds[5], lastSlot, demo.pitchIds[0]] });
    await db.execute({ sql: "UPDATE events SET schedule_changed_at = ?, grid_version = grid_version + 1 WHERE id = ?", args: [new Date().toISOString(), demo.eventId] });
    const changedAt = Date.now();

    // Wait well past the promise, then check the figure: a wait bounded by the promise itself
    // would throw first, leaving a check of the figure that could never fail.
    await lastRow.getByText(title).waitFor({ timeout: 15_000 });
    const shownAfter = Date.now() - changedAt;
    expect(shownAfter, `the change showed after ${shownAfter} ms`).toBeLessThan(5_000);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("The schedule was updated at");
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe("an attendee's grid", () => {
  it("highlights the sessions they host or marked, in words, and passes axe", async () => {
    // Sign the attendee cookie as the running app would (same secret and database).
    Object.assign(process.env, { SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789", DATABASE_URL: app.databaseUrl, PUBLIC_URL: app.url });
    resetEnvForTests();
    const hostId = demo.hostsOf.get(demo.pitchIds[8])![0];
    const setCookie = new Headers(await rememberAttendee(new Request(app.url), hostId)).get("Set-Cookie")!;
    closeDb();
    const [pair] = setCookie.split(";");
    const hosting = [...demo.hostsOf].filter(([, hosts]) => hosts.includes(hostId)).map(([id]) => id);
    const marked = (await db.execute({ sql: "SELECT pitch_id FROM pitch_interest WHERE registration_id = ?", args: [hostId] })).rows
      .map((r) => Number(r.pitch_id))
      .filter((id) => !hosting.includes(id));

    const context = await newContext(browser);
    await context.addCookies([{ name: pair.slice(0, pair.indexOf("=")), value: pair.slice(pair.indexOf("=") + 1), url: app.url }]);
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}${gridPath()}`);
    await page.getByText(/^Signed in as /).waitFor();
    expect(await page.locator("td.pg-sched-mine").count()).toBe(hosting.length + marked.length);
    expect(await page.getByText("You are hosting", { exact: true }).count()).toBe(hosting.length);
    expect(await page.getByText("You marked this", { exact: true }).count()).toBe(marked.length);
    const hostedCell = page.locator("td", { has: page.getByRole("link", { name: "Content design for planning applications" }) });
    expect(await hostedCell.textContent()).toContain("You are hosting");
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
