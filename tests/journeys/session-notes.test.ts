import type { Client } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient, resetEnvForTests } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { organiserCookie } from "../support/sessions";
import { sharedApp, type SharedApp } from "../support/shared-app";

/**
 * Session notes and head counts in Chromium (issue 17): an attendee writes notes on a phone with
 * JavaScript on, the saves show in the history, and the new pages pass axe. On the app the
 * journeys share, with its own event ("notes-camp").
 */
let app: SharedApp;
let browser: Browser;
let db: Client;
let demo: DemoSchedule;

beforeAll(async () => {
  app = await sharedApp();
  db = openClient(app.databaseUrl);
  demo = await seedDemoSchedule(db, { slug: "notes-camp", sessions: 4, rooms: 2, attendees: 6 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
});

describe("session notes and head counts", () => {
  it("an attendee writes notes on a phone and sees the history; the notes, head-count and organiser pages pass axe", async () => {
    const phone = await newContext(browser, { phone: true });
    const page = await phone.newPage();
    const errors = trackConsoleErrors(page);
    // Opening the private link recognises the attendee on this device.
    await page.goto(`${app.url}/r/${demo.attendees[0].manageToken}`);
    const notes = `${app.url}/events/${demo.slug}/sessions/${demo.pitchIds[0]}/notes`;
    await page.goto(notes);
    await page.getByLabel("Write the notes").fill("Who came: planners.\nActions: share the data.");
    await page.getByRole("button", { name: "Save notes" }).click();
    await expect.poll(() => page.getByTestId("notes-current").textContent()).toContain("Actions: share the data.");
    expect(await page.getByTestId("notes-history").textContent()).toContain("Version 1");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
    expect(errors).toEqual([]);
    await phone.close();

    // Sign the organiser's cookie as the running app would (its secret).
    Object.assign(process.env, { SESSION_SECRET: app.sessionSecret, NODE_ENV: "production", PUBLIC_URL: app.url });
    resetEnvForTests();
    const [name, value] = (await organiserCookie("organiser@council.test", db)).split("=");
    const organiser = await newContext(browser);
    await organiser.addCookies([{ name, value, url: app.url }]);
    const axePage = await organiser.newPage();
    const organiserErrors = trackConsoleErrors(axePage);
    for (const path of [
      `/organise/${demo.slug}/attendance`,
      `/organise/${demo.slug}/notes`,
      `/organise/${demo.slug}/pitches/${demo.pitchIds[0]}`,
      `/events/${demo.slug}/sessions/${demo.pitchIds[0]}/head-count`,
      `/events/${demo.slug}/notes`,
    ]) {
      await axePage.goto(`${app.url}${path}`);
      const found = await seriousAxeViolations(axePage);
      expect(found, `${path}: ${describeViolations(found)}`).toEqual([]);
    }
    expect(organiserErrors).toEqual([]);
    await organiser.close();
  });
});
