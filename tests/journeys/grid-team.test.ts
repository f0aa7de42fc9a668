import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeDb, getDb, query, resetEnvForTests } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { makeEvent, makeGridPitch, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";

/**
 * Two organisers work on one grid at once in two real browsers: each sees the other's changes
 * live (and who made them) without losing their own choice, unrelated changes both apply, a
 * true conflict is refused with the current grid shown, new pitches join the pool without a
 * reload; and with JavaScript off a change from an older page still applies unless what it
 * touches changed since.
 */
const ANA = "ana@council.test";
const BEN = "ben@council.test";
const SECRET = "test-secret-test-secret-test-secret-0123456789";

let app: RunningApp;
let browser: Browser;

async function useAppDatabase<T>(work: () => Promise<T>): Promise<T> {
  process.env.DATABASE_URL = app.databaseUrl;
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();
  try {
    return await work();
  } finally {
    closeDb();
  }
}

/** An event on 1 June 2030 with three rooms, three session slots, six pitches, and both organisers. */
async function teamEvent(slug: string) {
  return useAppDatabase(async () => {
    const { event } = await makeEvent({ slug, organiser: ANA, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
    await query({ sql: "INSERT INTO event_organisers (event_id, email, added_at) VALUES (?, ?, ?)", args: [event.id, BEN, new Date().toISOString()] });
    await makeRoom(event.id, { name: "Hall", capacity: 60, position: 0 });
    await makeRoom(event.id, { name: "Annexe", capacity: 25, position: 1 });
    await makeRoom(event.id, { name: "Library", capacity: 12, position: 2 });
    for (const hour of [9, 10, 12]) await makeSlot(event.id, new Date(Date.UTC(2030, 5, 1, hour, 0)), 45);
    for (let i = 1; i <= 6; i++) await makeGridPitch(event.id, { title: `Talk ${i}` });
    return event.id;
  });
}

/** A browser signed in as `email` (a real server-side organiser session in the app's database). */
async function organiserPage(email: string, javaScriptEnabled: boolean): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const cookie = await useAppDatabase(async () => organiserCookie(email, await getDb()));
  const [name, ...value] = cookie.split("=");
  const context = await newContext(browser, { javaScriptEnabled });
  await context.addCookies([{ name, value: value.join("="), url: app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { page, context, errors: trackConsoleErrors(page) };
}

async function openGrid(page: Page, slug: string, js: boolean) {
  await page.goto(`${app.url}/organise/${slug}/grid`);
  if (js) {
    await page.waitForFunction(() => document.body.classList.contains("js-enabled"));
    await page.evaluate(() => ((window as unknown as { gridMarker: string }).gridMarker = "never reloaded"));
  }
}

const cell = (page: Page, name: string) => page.locator(`td[data-cell="${name}"]`);
const title = (page: Page, name: string) => cell(page, name).locator("h3");
const marker = (page: Page) => page.evaluate(() => (window as unknown as { gridMarker?: string }).gridMarker);

async function place(page: Page, talk: string, where: string) {
  await page.getByRole("button", { name: new RegExp(`^(Choose|Move or swap) “${talk}”$`) }).click();
  await page.getByText(`You chose “${talk}”`).waitFor();
  await page.getByRole("button", { name: `Place here “${talk}” in ${where}` }).click();
}

beforeAll(async () => {
  app = await startApp({ env: { BACKGROUND_WORK: "off" } });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("two organisers, JavaScript on", () => {
  const slug = "grid-team-js";
  let eventId: number;
  let ana: Awaited<ReturnType<typeof organiserPage>>;
  let ben: Awaited<ReturnType<typeof organiserPage>>;

  beforeAll(async () => {
    eventId = await teamEvent(slug);
    ana = await organiserPage(ANA, true);
    ben = await organiserPage(BEN, true);
    await openGrid(ana.page, slug, true);
    await openGrid(ben.page, slug, true);
  });

  it("shows each organiser's change on the other's grid within seconds, saying who made it", async () => {
    await place(ana.page, "Talk 1", "Hall at 10am");
    await title(ana.page, "Hall at 10am").filter({ hasText: "Talk 1" }).waitFor();
    // Ben did nothing: his page updates by itself.
    await title(ben.page, "Hall at 10am").filter({ hasText: "Talk 1" }).waitFor({ timeout: 8_000 });
    expect(await cell(ben.page, "Hall at 10am").textContent()).toContain(`Changed by ${ANA}`);
    expect(await ben.page.getByText(`Latest change: ${ANA}`).count()).toBe(1);
    expect(await marker(ben.page)).toBe("never reloaded");
  });

  it("keeps Ben's chosen session while Ana's unrelated change arrives, and applies both", async () => {
    await ben.page.getByRole("button", { name: "Choose “Talk 2”" }).click();
    await ben.page.getByText("You chose “Talk 2”").waitFor();
    await place(ana.page, "Talk 3", "Annexe at 10am");
    await title(ben.page, "Annexe at 10am").filter({ hasText: "Talk 3" }).waitFor({ timeout: 8_000 });
    // The live update did not drop Ben's choice: he carries on and places it.
    expect(await ben.page.getByTestId("grid-choice").textContent()).toContain("You chose “Talk 2”");
    await ben.page.getByRole("button", { name: "Place here “Talk 2” in Library at 10am" }).click();
    await title(ben.page, "Library at 10am").filter({ hasText: "Talk 2" }).waitFor();
    await title(ana.page, "Library at 10am").filter({ hasText: "Talk 2" }).waitFor({ timeout: 8_000 });
    expect(await cell(ana.page, "Library at 10am").textContent()).toContain(`Changed by ${BEN}`);
    expect(await ben.page.getByTestId("grid-refusal").count()).toBe(0);
  });

  it("refuses a true conflict from a page that missed updates, showing the current grid, and applies an unrelated one", async () => {
    // Ben's wifi drops for the grid's updates: his page stops hearing about changes.
    let offline = true;
    await ben.page.route("**/grid/version", (route) => (offline ? route.abort() : route.continue()));
    await place(ana.page, "Talk 1", "Hall at 11am");
    await title(ana.page, "Hall at 11am").filter({ hasText: "Talk 1" }).waitFor();
    await ben.page.waitForTimeout(3_000); // longer than a poll: his page would have updated by now
    expect(await title(ben.page, "Hall at 10am").textContent()).toBe("Talk 1");
    // Unscheduling Talk 1, which Ana moved since, is refused, naming her; his grid becomes the current one.
    await ben.page.getByRole("button", { name: "Unschedule “Talk 1”" }).click();
    await expect.poll(() => ben.page.getByTestId("grid-refusal").textContent()).toContain(`${ANA} changed this since you loaded the grid (Moved “Talk 1” from Hall at 10am`);
    await title(ben.page, "Hall at 11am").filter({ hasText: "Talk 1" }).waitFor();
    expect(await title(ben.page, "Hall at 10am").count()).toBe(0);
    // Still offline, Ben's page misses Ana's next change; pinning Talk 3, which nobody touched, applies.
    await place(ana.page, "Talk 4", "Annexe at 11am");
    await title(ana.page, "Annexe at 11am").filter({ hasText: "Talk 4" }).waitFor();
    await ben.page.getByRole("button", { name: "Pin “Talk 3”" }).click();
    await cell(ben.page, "Annexe at 10am").getByText("Pinned").waitFor();
    expect(await ben.page.getByTestId("grid-refusal").count()).toBe(0);
    offline = false;
    const placed = await useAppDatabase(async () =>
      (await query({ sql: "SELECT p.title, pl.pinned FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.event_id = ? ORDER BY p.title", args: [eventId] })).rows.map((r) => `${r.title}${r.pinned ? " (pinned)" : ""}`),
    );
    expect(placed).toEqual(["Talk 1", "Talk 2", "Talk 3 (pinned)", "Talk 4"]);
  });

  it("adds a new pitch to the pool without a reload, and Escape cancels a choice", async () => {
    await useAppDatabase(() => makeGridPitch(eventId, { title: "Fresh pitch" }));
    await ben.page.locator(".pg-grid-org-pool h3", { hasText: "Fresh pitch" }).waitFor({ timeout: 8_000 });
    expect(await ben.page.getByRole("heading", { name: "Not yet on the grid (3)" }).count()).toBe(1);
    await ben.page.getByRole("button", { name: "Choose “Fresh pitch”" }).click();
    await ben.page.getByText("You chose “Fresh pitch”").waitFor();
    await ben.page.keyboard.press("Escape");
    await expect.poll(() => ben.page.getByTestId("grid-choice").count()).toBe(0);
    expect(await marker(ben.page)).toBe("never reloaded");
    expect(await marker(ana.page)).toBe("never reloaded");
  });

  it("has no serious accessibility problems, and no console errors", async () => {
    const violations = await seriousAxeViolations(ben.page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(ana.errors, ana.errors.join("\n")).toEqual([]);
    // The polls refused while offline, and the refused change (409), are logged by Chromium by design.
    const unexpected = ben.errors.filter((e) => !/net::ERR_FAILED|status of 409 \(Conflict\)/.test(e));
    expect(unexpected, unexpected.join("\n")).toEqual([]);
    await ana.context.close();
    await ben.context.close();
  });
});
