import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeDb, getDb, resetEnvForTests } from "../../app/.server/platform";
import { placePitch, setPublished } from "../../app/.server/grid";
import { startApp, type RunningApp } from "../support/app-server";
import { describeViolations, launchBrowser, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";

/**
 * A grid that fits real rooms, measured in the browser (no screenshots): at 1280 px the 10th
 * room's heading is in view on the organiser and public grids without scrolling sideways; with
 * 12 rooms the grid scrolls sideways inside a box no taller than the window (so its scrollbar
 * is never a page away) with room headings and times kept in view; a projector-size window
 * shows the public grid; the organiser grid works at 390 px; and a slot can be reached without
 * tabbing through every cell.
 */
const ORGANISER = "ana@council.test";
const SECRET = "test-secret-test-secret-test-secret-0123456789";
const TITLES = [
  "Open data in adult social care: what we learned",
  "Replacing the planning portal without a big bang",
  "User research with people who never use our website",
  "Accessibility statements that are actually true",
  "Digital inclusion in rural districts",
  "Shared services between neighbouring councils",
  "Content design for council tax",
  "Low-code: friend or foe?",
  "Cyber resilience on a shoestring",
  "Moving off legacy housing systems",
];

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

/** A published grid of `roomCount` rooms and 8 slots (lunch in the middle), every cell filled. */
async function bigGrid(slug: string, roomCount: number) {
  return useAppDatabase(async () => {
    const { event, ticket } = await makeEvent({ slug, organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T17:00:00Z") });
    const host = await makeRegistration(event.id, ticket.id, { name: "Sam Organiser-Smith" });
    const rooms: number[] = [];
    for (let r = 1; r <= roomCount; r++) rooms.push(await makeRoom(event.id, { name: r === roomCount ? `Committee Room ${r}` : `Room ${r}`, capacity: 20 + r, position: r }));
    const slots: number[] = [];
    for (let s = 0; s < 8; s++) {
      const hour = 9 + s + (s >= 4 ? 1 : 0);
      slots.push(await makeSlot(event.id, new Date(Date.UTC(2030, 5, 1, hour - 1, 0)), 45));
    }
    await makeSlot(event.id, new Date(Date.UTC(2030, 5, 1, 12, 0)), 60, "break", "Lunch");
    let version = 0;
    let n = 0;
    for (const slot of slots) {
      for (const room of rooms) {
        const pitch = await makeGridPitch(event.id, { title: `${TITLES[n % TITLES.length]} (${n + 1})`, hostIds: n % 3 === 0 ? [host.id] : [], needs: n % 5 === 0 ? ["large-room"] : [] });
        ({ version } = await placePitch(event.id, ORGANISER, version, pitch, room, slot));
        n++;
      }
    }
    await setPublished(event.id, ORGANISER, version, true);
    return { eventId: event.id, slots };
  });
}

async function signedIn(javaScriptEnabled: boolean, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const cookie = await useAppDatabase(async () => organiserCookie(ORGANISER, await getDb()));
  const [name, ...value] = cookie.split("=");
  const context = await browser.newContext({ javaScriptEnabled, viewport });
  await context.addCookies([{ name, value: value.join("="), url: app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page, errors: trackConsoleErrors(page) };
}

type Measured = { innerWidth: number; innerHeight: number; docScrollWidth: number; box: { top: number; height: number; clientWidth: number; scrollWidth: number }; lastHeading: { left: number; right: number } };

/** Sizes that decide whether the grid fits: the window, the page, the grid's box, its last room heading. */
function measure(page: Page, boxSelector: string): Promise<Measured> {
  return page.evaluate((selector) => {
    const box = document.querySelector(selector)!;
    const headings = box.querySelectorAll("thead th");
    const last = headings[headings.length - 1].getBoundingClientRect();
    const rect = box.getBoundingClientRect();
    return {
      innerWidth: window.innerWidth,
      innerHeight: window.innerHeight,
      docScrollWidth: document.documentElement.scrollWidth,
      box: { top: rect.top, height: rect.height, clientWidth: box.clientWidth, scrollWidth: box.scrollWidth },
      lastHeading: { left: last.left, right: last.right },
    };
  }, boxSelector);
}

beforeAll(async () => {
  app = await startApp({ env: { BACKGROUND_WORK: "off" } });
  browser = await launchBrowser();
  await bigGrid("ten-rooms", 10);
  await bigGrid("twelve-rooms", 12);
  await bigGrid("phone-grid", 3);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

for (const js of [true, false]) {
  describe(`with JavaScript ${js ? "on" : "off"}`, () => {
    it("shows all 10 rooms at 1280 px on the organiser and public grids, without scrolling sideways", async () => {
      const { context, page, errors } = await signedIn(js, { width: 1280, height: 900 });
      for (const [path, box] of [
        ["/organise/ten-rooms/grid", ".pg-grid-org-scroll"],
        ["/events/ten-rooms/schedule", ".pg-sched-scroll"],
      ]) {
        await page.goto(`${app.url}${path}`);
        const m = await measure(page, box);
        expect(await page.locator(`${box} thead th`).last().textContent(), path).toContain("Committee Room 10");
        expect(m.lastHeading.right, `${path}: the 10th room's heading ends at ${m.lastHeading.right}px`).toBeLessThanOrEqual(m.innerWidth);
        expect(m.box.scrollWidth, `${path}: grid ${m.box.scrollWidth}px wide in a ${m.box.clientWidth}px box`).toBeLessThanOrEqual(m.box.clientWidth);
        expect(m.docScrollWidth, path).toBeLessThanOrEqual(m.innerWidth);
        // axe needs the page's timers, which do not run with JavaScript off (the markup is the same).
        if (js) {
          const violations = await seriousAxeViolations(page);
          expect(violations, `${path}: ${describeViolations(violations)}`).toEqual([]);
        }
      }
      // Cards say what a session needs in words, never the stored value.
      await page.goto(`${app.url}/organise/ten-rooms/grid`);
      expect(await page.locator(".pg-grid-org-card", { hasText: "(1)" }).first().textContent()).toContain("Needs a larger room");
      expect(await page.locator(".pg-grid-org-table").textContent()).not.toContain("large-room");
      expect(errors, errors.join("\n")).toEqual([]);
      await context.close();
    });

    it("scrolls 12 rooms inside a box no taller than the window, keeping room headings and times in view", async () => {
      const { context, page, errors } = await signedIn(js, { width: 1280, height: 900 });
      for (const [path, box, time] of [
        ["/organise/twelve-rooms/grid", ".pg-grid-org-scroll", ".pg-grid-org-table tbody th"],
        ["/events/twelve-rooms/schedule", ".pg-sched-scroll", ".pg-sched tbody th"],
      ]) {
        await page.goto(`${app.url}${path}`);
        const m = await measure(page, box);
        expect(m.box.scrollWidth, path).toBeGreaterThan(m.box.clientWidth);
        expect(m.docScrollWidth, path).toBeLessThanOrEqual(m.innerWidth);
        // The sideways scrollbar sits at the bottom of the box: at most one window below its top.
        expect(m.box.height, path).toBeLessThanOrEqual(m.innerHeight);
        // Scrolled down and across, the room headings and the time column stay at the box's edges.
        const sticky = await page.evaluate(
          ([selector, timeSelector]) => {
            const el = document.querySelector(selector)!;
            el.scrollTop = 600;
            el.scrollLeft = 400;
            const boxRect = el.getBoundingClientRect();
            const heading = el.querySelectorAll("thead th")[3].getBoundingClientRect();
            const times = [...el.querySelectorAll(timeSelector)].map((t) => t.getBoundingClientRect());
            const visibleTime = times.find((t) => t.bottom > boxRect.top + heading.height && t.top < boxRect.bottom)!;
            return { headingTop: heading.top - boxRect.top, timeLeft: visibleTime.left - boxRect.left };
          },
          [box, time],
        );
        expect(Math.abs(sticky.headingTop), `${path}: headings ${sticky.headingTop}px from the top`).toBeLessThanOrEqual(2);
        expect(Math.abs(sticky.timeLeft), `${path}: times ${sticky.timeLeft}px from the left`).toBeLessThanOrEqual(2);
      }
      expect(errors, errors.join("\n")).toEqual([]);
      await context.close();
    });

    it("jumps to a slot from the links above the organiser grid", async () => {
      const { context, page } = await signedIn(js, { width: 1280, height: 900 });
      await page.goto(`${app.url}/organise/ten-rooms/grid`);
      await page.getByRole("navigation", { name: "Jump to a time slot" }).getByRole("link", { name: "4pm" }).click();
      await expect
        .poll(() =>
          page.evaluate(() => {
            const row = document.querySelector<HTMLElement>(":target")!;
            const r = row.getBoundingClientRect();
            return row.textContent?.includes("4pm") && r.top >= 0 && r.top <= window.innerHeight - 100;
          }),
        )
        .toBe(true);
      await context.close();
    });

    it("jumps to a slot from the links above the public grid, every link pointing at a slot row", async () => {
      const context = await browser.newContext({ javaScriptEnabled: js, viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      await page.goto(`${app.url}/events/ten-rooms/schedule`);
      const nav = page.getByRole("navigation", { name: "Jump to a time slot" });
      const missing = await nav.evaluate((el) =>
        [...el.querySelectorAll("a")].map((a) => a.getAttribute("href")!).filter((href) => !href.startsWith("#") || !document.getElementById(href.slice(1))),
      );
      expect(await nav.getByRole("link").count()).toBe(9);
      expect(missing).toEqual([]);
      await nav.getByRole("link", { name: "4pm" }).click();
      await expect
        .poll(() =>
          page.evaluate(() => {
            const row = document.querySelector<HTMLElement>(":target");
            const r = row?.getBoundingClientRect();
            return !!row && !!r && row.textContent?.includes("4pm") && r.top >= 0 && r.top <= window.innerHeight - 100;
          }),
        )
        .toBe(true);
      await context.close();
    });
  });
}

describe("on a projector and a phone", () => {
  it("shows the public grid on a 1280 x 720 projector with all 10 rooms, and larger type on a big screen", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/events/ten-rooms/schedule`);
    const m = await measure(page, ".pg-sched-scroll");
    expect(m.lastHeading.right).toBeLessThanOrEqual(m.innerWidth);
    expect(m.box.height).toBeLessThanOrEqual(m.innerHeight);
    await page.setViewportSize({ width: 1920, height: 1080 });
    const size = await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".pg-sched")!).fontSize));
    expect(size).toBeGreaterThanOrEqual(20);
    await context.close();
  });

  for (const js of [true, false]) {
    it(`keeps every organiser page within a 390 px phone (JavaScript ${js ? "on" : "off"}): wide tables scroll in their own box`, async () => {
      const { context, page, errors } = await signedIn(js, { width: 390, height: 844 });
      const wide: string[] = [];
      for (const section of ["", "edit", "tickets", "questions", "registrations", "reconfirmation", "check-in", "standby", "turnout", "messages", "pitches", "rooms", "grid", "grid/history", "grid/suggest", "grid?view=table"]) {
        await page.goto(`${app.url}/organise/ten-rooms${section ? `/${section}` : ""}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${section || "overview"}: ${width}px`);
      }
      expect(wide, `pages wider than the phone: ${wide.join(", ")}`).toEqual([]);
      // The registrations tables are in boxes that scroll sideways (and can be reached by keyboard).
      await page.goto(`${app.url}/organise/ten-rooms/registrations`);
      await expect.poll(() => page.getByText("Sam Organiser-Smith").count()).toBeGreaterThan(0);
      const boxes = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>(".pg-table-scroll")].map((b) => ({ right: b.getBoundingClientRect().right, tabIndex: b.tabIndex })));
      expect(boxes.length).toBe(3);
      for (const box of boxes) expect(box.right).toBeLessThanOrEqual(390);
      if (js) {
        const violations = await seriousAxeViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      }
      expect(errors, errors.join("\n")).toEqual([]);
      await context.close();
    });
  }

  for (const js of [true, false]) {
    it(`shows the organiser grid as a list by time slot on a 390 px phone, every action reachable (JavaScript ${js ? "on" : "off"})`, async () => {
      const { context, page, errors } = await signedIn(js, { width: 390, height: 844 });
      await page.goto(`${app.url}/organise/phone-grid/grid`);
      const list = page.getByTestId("grid-list");
      expect(await list.isVisible()).toBe(true);
      expect(await page.getByRole("region", { name: /rooms across/ }).count()).toBe(0); // the table is hidden
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // By slot: 8 session slots and lunch, each session with its room.
      expect(await list.getByRole("heading", { level: 3 }).count()).toBe(9);
      const firstSlot = list.locator("section").first();
      const rooms = () => firstSlot.locator("li[data-list-cell]").evaluateAll((items) => items.map((li) => `${li.querySelector("strong")?.textContent}: ${li.querySelector("h4")?.textContent}`));
      const before = await rooms();
      expect(before.map((r) => r.split(":")[0])).toEqual(["Room 1", "Room 2", "Committee Room 3"]);
      const [a, b] = before.map((r) => r.slice(r.indexOf(": ") + 2));
      // Pin, then move by swapping: the buttons are in the list.
      await firstSlot.getByRole("button", { name: `Pin “${a}”`, exact: true }).click();
      await firstSlot.getByRole("button", { name: `Unpin “${a}”`, exact: true }).waitFor();
      await firstSlot.getByRole("button", { name: `Move or swap “${a}”` }).click();
      await list.getByRole("button", { name: `Swap “${a}” with “${b}”` }).click();
      await expect.poll(rooms).toEqual([`Room 1: ${b}`, `Room 2: ${a}`, before[2]]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      // A warning's link reaches its cell in the list (the table it names is hidden on a phone),
      // with JavaScript off too: the summary's visible link is the list's.
      await page.locator('[data-testid="grid-warnings"] a[href*="cell-"]:visible').first().click();
      await expect.poll(() => page.evaluate(() => { const t = document.querySelector<HTMLElement>(":target"); return t ? `${t.id} ${t.offsetParent !== null}` : ""; })).toMatch(/^list-cell-\d+-\d+ true$/);
      if (js) {
        const violations = await seriousAxeViolations(page);
        expect(violations, describeViolations(violations)).toEqual([]);
      }
      expect(errors, errors.join("\n")).toEqual([]);
      await context.close();
    });

    it(`lets an organiser choose the list on a wide screen, and keeps the choice after a change (JavaScript ${js ? "on" : "off"})`, async () => {
      const { context, page } = await signedIn(js, { width: 1280, height: 900 });
      await page.goto(`${app.url}/organise/phone-grid/grid`);
      expect(await page.getByTestId("grid-list").isVisible()).toBe(false);
      await page.getByRole("link", { name: "Always show a list by time slot" }).click();
      await expect.poll(() => page.getByTestId("grid-list").isVisible()).toBe(true);
      expect(await page.locator("table.pg-grid-org-table").count()).toBe(0);
      const slot = page.getByTestId("grid-list").locator("section").nth(js ? -1 : 1);
      const title = await slot.locator("h4").first().textContent();
      await slot.getByRole("button", { name: `Pin “${title}”`, exact: true }).click();
      await slot.getByRole("button", { name: `Unpin “${title}”`, exact: true }).waitFor();
      expect(new URL(page.url()).searchParams.get("view")).toBe("list");
      // In the list alone, the warning and jump links reach its cells and slots.
      await page.getByRole("navigation", { name: "Jump to a time slot" }).getByRole("link", { name: "4pm" }).click();
      await expect.poll(() => page.evaluate(() => document.querySelector(":target")?.textContent)).toContain("4pm");
      await page.getByRole("link", { name: "Always show rooms across" }).click();
      await expect.poll(() => page.locator("table.pg-grid-org-table").count()).toBe(1);
      expect(await page.getByTestId("grid-list").count()).toBe(0);
      await context.close();
    });
  }

  it("keeps the organiser grid page usable at 390 px: a short navigation, and the page does not scroll sideways", async () => {
    const { context, page, errors } = await signedIn(true, { width: 390, height: 844 });
    await page.goto(`${app.url}/organise/ten-rooms/grid`);
    const sizes = await page.evaluate(() => ({
      nav: document.querySelector(".pg-organiser-nav")!.getBoundingClientRect().height,
      docScrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    expect(sizes.docScrollWidth).toBeLessThanOrEqual(sizes.innerWidth);
    expect(sizes.nav, `navigation ${sizes.nav}px tall`).toBeLessThanOrEqual(60);
    // The current section is scrolled into view.
    await page.waitForFunction(() => document.body.classList.contains("js-enabled"));
    const current = page.getByRole("navigation", { name: /^Organise/ }).getByRole("link", { name: "Grid" });
    await expect.poll(async () => ((b) => b!.x + b!.width)(await current.boundingBox())).toBeLessThanOrEqual(390);
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(errors, errors.join("\n")).toEqual([]);
    await context.close();
  });
});

