import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openClient } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, settled, trackConsoleErrors } from "../support/browser";
import { sharedApp, sharedSink, type SharedApp } from "../support/shared-app";
import { linkIn } from "../support/smtp-sink";

/**
 * People at the desk and in the inbox (issue 15), in Chromium with JavaScript on and off, reading
 * real email from the SMTP sink: an attendee confirms from their private page and gets their link
 * again from the event page; the organiser adds a walk-in at check-in and passes someone's place
 * to a colleague, who is emailed their confirmation.
 */
describe.each([{ javaScript: true }, { javaScript: false }])("people at the desk (JavaScript $javaScript)", ({ javaScript }) => {
  let app: SharedApp;
  const sink = sharedSink;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  // Each run has its own event, organiser and addresses on the project's shared app and sink.
  const suffix = javaScript ? "js" : "nojs";
  const slug = `desk-camp-${suffix}`;
  const organiser = `organiser.${suffix}@people-desk-journey.test`;
  const attendee = `alex.desk-${suffix}@guildford.gov.uk`;
  const colleague = `casey.desk-${suffix}@guildford.gov.uk`;

  async function axeClean() {
    // axe-core runs in the page, so it is checked with JavaScript on (the markup is the same).
    if (!javaScript) return;
    const violations = await seriousAxeViolations(page);
    expect(violations, describeViolations(violations)).toEqual([]);
  }

  beforeAll(async () => {
    app = await sharedApp();
    const db = openClient(app.databaseUrl);
    const now = new Date().toISOString();
    const startsAt = new Date(Date.now() + 20 * 86400_000);
    const event = await db.execute({
      sql: "INSERT INTO events (slug, name, venue, starts_at, ends_at, capacity, created_at, updated_at) VALUES (?, 'Desk Camp', 'Guildford Library', ?, ?, 10, ?, ?)",
      args: [slug, startsAt.toISOString(), new Date(startsAt.getTime() + 6 * 3600_000).toISOString(), now, now],
    });
    const eventId = Number(event.lastInsertRowid);
    await db.execute({ sql: "INSERT INTO event_organisers (event_id, email, added_at) VALUES (?, ?, ?)", args: [eventId, organiser, now] });
    await db.execute({ sql: "INSERT INTO ticket_types (event_id, name, quota, rule, created_at) VALUES (?, 'Everyone', 1, 'open', ?)", args: [eventId, now] });
    db.close();
    browser = await launchBrowser();
    page = await (await newContext(browser, { javaScriptEnabled: javaScript, phone: true })).newPage();
    consoleErrors = trackConsoleErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("confirms from the private page, and the emailed link then says so before any click", async () => {
    await page.goto(`${app.url}/events/${slug}/register`);
    await page.getByLabel("Full name").fill("Alex Attendee");
    await page.getByLabel("Work email address").fill(attendee);
    await page.getByLabel("Organisation", { exact: true }).fill("Guildford Borough Council");
    await page.getByRole("button", { name: "Register" }).click();
    await page.getByRole("heading", { name: "Check your email to confirm" }).waitFor();

    const first = await sink.waitForEmail(attendee, /Confirm your email address/);
    await page.goto(linkIn(first, "/r/"));
    await page.getByRole("heading", { name: "Your registration" }).waitFor();
    expect(await page.textContent("main")).toContain("Nothing is held for you yet. Cancelling ends your registration.");
    await axeClean();
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.getByText("Your place is confirmed. We have emailed you the details").waitFor();
    const confirmed = await sink.waitForEmail(attendee, /is confirmed/);
    expect(confirmed.raw).toContain("METHOD:REQUEST");

    await page.goto(linkIn(first, "/register/confirm"));
    await page.getByRole("heading", { name: "You have already confirmed" }).waitFor();
    expect(await page.getByRole("button", { name: "Confirm my email address" }).count()).toBe(0);
    await axeClean();
  });

  it("sends the link again from the small form on the event page, with an error summary first", async () => {
    await page.goto(`${app.url}/events/${slug}`);
    await page.getByRole("button", { name: "Send me my link" }).click();
    await page.getByRole("heading", { name: "Send me my link" }).waitFor();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter your work email address");
    await axeClean();
    await page.getByLabel("Email address you registered with").fill(attendee);
    await page.getByRole("button", { name: "Send me my link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    const links = await sink.waitForEmail(attendee, /Your links for Desk Camp/);
    expect(linkIn(links, "/r/")).toContain(app.url);
  });

  it("lets the organiser add a walk-in at check-in, over capacity only after a warning", async () => {
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel("Sign in as an organiser").fill(organiser);
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(linkIn(await sink.waitForEmail(organiser, /sign-in link/), "/sign-in/verify"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your events" }).waitFor();

    await page.goto(`${app.url}/organise/${slug}/check-in`);
    await page.getByText("0 of 1 checked in").waitFor();
    await settled(page);
    await page.getByRole("button", { name: "Add a walk-in" }).click();
    await page.getByRole("heading", { name: "Add a person" }).waitFor();
    await axeClean();
    await page.getByRole("button", { name: "Add person" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter their name");
    await page.getByLabel("Name").fill("Wren Walkin");
    await page.getByRole("button", { name: "Add person" }).click();
    // The one place is taken: the organiser is told before anything is saved.
    await page.getByText("No place is left").waitFor();
    await axeClean();
    await page.getByRole("button", { name: "Add them over capacity" }).click();
    await page.getByText("Wren Walkin added with a confirmed place and checked in, over capacity.").waitFor();
    await page.getByText("1 of 2 checked in").waitFor();
  });

  it("passes Alex's place to a colleague, who is emailed their confirmation", async () => {
    await page.goto(`${app.url}/organise/${slug}/registrations`);
    await settled(page);
    await page.getByRole("link", { name: "Alex Attendee" }).click();
    await page.getByRole("heading", { name: "Alex Attendee", exact: true }).waitFor();
    await axeClean();
    await settled(page);
    await page.getByRole("link", { name: "Pass their place to a colleague" }).click();
    await page.getByRole("heading", { name: "Pass Alex Attendee’s place to a colleague" }).waitFor();
    await page.getByLabel("Colleague’s name").fill("Casey Colleague");
    await page.getByLabel("Colleague’s email address").fill(colleague);
    await page.getByRole("button", { name: "Pass the place on" }).click();
    await page.getByText("Alex Attendee’s place has passed to Casey Colleague. Both have been emailed.").waitFor();
    await page.getByRole("heading", { name: "Casey Colleague", exact: true }).waitFor();

    const welcome = await sink.waitForEmail(colleague, /Your place at Desk Camp is confirmed/);
    expect(welcome.raw).toContain("METHOD:REQUEST");
    expect(linkIn(welcome, "/r/")).toContain(app.url);
    const told = await sink.waitForEmail(attendee, /has passed to your colleague/);
    expect(told.raw).toContain("METHOD:CANCEL");
    expect(consoleErrors).toEqual([]);
  });
});
