import type { Client } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient, resetEnvForTests } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { organiserCookie } from "../support/sessions";
import { sharedApp, sharedSink, type SharedApp } from "../support/shared-app";

/**
 * An organiser messages everyone with a place, with JavaScript off, and each person gets it by
 * real SMTP. On the app (and SMTP sink) the journeys share, with its own event ("message-camp",
 * whose attendees all have addresses at message-camp.council.test).
 */
let app: SharedApp;
let browser: Browser;
let db: Client;
let demo: DemoSchedule;

beforeAll(async () => {
  app = await sharedApp();
  db = openClient(app.databaseUrl);
  demo = await seedDemoSchedule(db, { slug: "message-camp", sessions: 4, rooms: 2, attendees: 6 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
});

/** The message as this event's attendees got it (the sink is shared with other journeys). */
const lunchMessages = async () =>
  (await sharedSink.messages()).filter((m) => m.subject.endsWith(": Lunch is at 12:30") && m.to.every((to) => to.endsWith(`@${demo.slug}.council.test`)));

describe("messaging attendees", () => {
  it("previews, then sends one copy to each person with a place, without JavaScript; the page passes axe", async () => {
    // Sign the organiser's cookie as the running app would (same secret).
    Object.assign(process.env, { SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789", NODE_ENV: "production", PUBLIC_URL: app.url });
    resetEnvForTests();
    const cookie = await organiserCookie("organiser@council.test", db);
    const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
    const confirmed = Number((await db.execute({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND status = 'confirmed'", args: [demo.eventId] })).rows[0].n);
    expect(confirmed).toBeGreaterThan(1);

    const context = await newContext(browser, { javaScriptEnabled: false });
    await context.addCookies([{ name, value, url: app.url }]);
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/organise/${demo.slug}/messages`);
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Choose who the message is for");

    await page.getByLabel("People with a place", { exact: true }).check();
    await page.getByLabel("Subject", { exact: true }).fill("Lunch is at 12:30");
    await page.getByLabel("Message", { exact: true }).fill("Lunch moves to 12:30 in the Council Chamber.\nVegetarian options as usual.");
    await page.getByRole("button", { name: "Preview" }).click();
    const send = page.getByRole("button", { name: `Send to ${confirmed} people` });
    await send.waitFor();
    expect((await sharedSink.messages()).filter((m) => m.subject.includes("Lunch is at 12:30"))).toHaveLength(0);
    await send.click();
    await page.getByText(`Message sent to ${confirmed} people.`).waitFor();
    await expect.poll(async () => (await lunchMessages()).length, { timeout: 15_000 }).toBe(confirmed);
    const received = await lunchMessages();
    expect(new Set(received.flatMap((m) => m.to)).size).toBe(confirmed);
    expect(received[0].text).toContain("Lunch moves to 12:30 in the Council Chamber.");
    expect(received[0].text).toMatch(/\/r\/[A-Za-z0-9_-]+/);
    expect(errors).toEqual([]);
    await context.close();

    const withJs = await newContext(browser);
    await withJs.addCookies([{ name, value, url: app.url }]);
    const axePage = await withJs.newPage();
    // The messages page, and the registration questions page beside it in the organiser's menu.
    for (const section of ["messages", "questions"]) {
      await axePage.goto(`${app.url}/organise/${demo.slug}/${section}`);
      const violations = await seriousAxeViolations(axePage);
      expect(violations, `${section}: ${describeViolations(violations)}`).toEqual([]);
    }
    await withJs.close();
  });
});
