import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { openClient } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, settled, trackConsoleErrors } from "../support/browser";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

/**
 * A council officer registers for a council-only meet-up with one place left, proves the
 * address by the emailed link, and later cancels; the person on the waiting list is offered
 * the place. With JavaScript on and off.
 */
describe.each([{ javaScript: true }, { javaScript: false }])("registration journey (JavaScript $javaScript)", ({ javaScript }) => {
  let app: RunningApp;
  let sink: SmtpSink;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];
  const slug = "makers-woking";
  const attendee = javaScript ? "pat.js@guildford.gov.uk" : "pat.nojs@guildford.gov.uk";
  const waiter = javaScript ? "sam.js@surreycc.gov.uk" : "sam.nojs@surreycc.gov.uk";

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startApp({ smtpUrl: sink.url, seed: true });
    // A council-only event with one place, so the second person joins the waiting list.
    const db = openClient(app.databaseUrl);
    const now = new Date().toISOString();
    const startsAt = new Date(Date.now() + 20 * 86400_000);
    const event = await db.execute({
      sql: "INSERT INTO events (slug, name, venue, starts_at, ends_at, capacity, created_at, updated_at) VALUES (?, 'Makers: Woking', 'Woking Civic Offices', ?, ?, 10, ?, ?)",
      args: [slug, startsAt.toISOString(), new Date(startsAt.getTime() + 6 * 3600_000).toISOString(), now, now],
    });
    await db.execute({
      sql: "INSERT INTO event_organisers (event_id, email, added_at) VALUES (?, 'admin@pitchgrid.test', ?)",
      args: [Number(event.lastInsertRowid), now],
    });
    await db.execute({
      sql: "INSERT INTO ticket_types (event_id, name, quota, rule, created_at) VALUES (?, 'Council staff', 1, 'council-only', ?)",
      args: [Number(event.lastInsertRowid), now],
    });
    db.close();
    browser = await launchBrowser();
    page = await (await newContext(browser, { javaScriptEnabled: javaScript, phone: true })).newPage();
    consoleErrors = trackConsoleErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sink?.close();
  });

  it("shows places left on the event page and an accessible registration form", async () => {
    await page.goto(`${app.url}/events/${slug}`);
    await page.getByText("1 place left").waitFor();
    await page.getByRole("button", { name: "Register for a place" }).click();
    await page.getByRole("heading", { name: "Register for a place" }).waitFor();
    // axe-core runs in the page, so it is checked with JavaScript on (the markup is the same).
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
  });

  it("points out mistakes, refuses a non-council address, then asks a council one to confirm by email (holding nothing)", async () => {
    await page.getByRole("button", { name: "Register" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.textContent()).toContain("Enter your name");
    expect(await summary.textContent()).toContain("Enter your work email address");

    await page.getByLabel("Full name").fill("Pat Example");
    await page.getByLabel("Work email address").fill("pat@guildford.gov.uk.evil.com");
    await page.getByLabel("Organisation", { exact: true }).fill("Guildford Borough Council");
    await page.getByRole("button", { name: "Register" }).click();
    await expect.poll(() => summary.textContent()).toMatch(/council/i);
    // What was typed is kept, and a manual approval can be requested.
    expect(await page.getByLabel("Full name").inputValue()).toBe("Pat Example");
    await page.getByRole("button", { name: "Ask for approval" }).waitFor();
    // axe-core runs in the page, so it is checked with JavaScript on (the markup is the same).
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }

    await page.getByLabel("Work email address").fill(attendee.toUpperCase());
    await page.getByRole("button", { name: "Register" }).click();
    await page.getByRole("heading", { name: "Check your email to confirm" }).waitFor();
    expect(await page.textContent("main")).toContain("Your place is not held until you do.");
  });

  it("confirms the place with the link from the real SMTP server and sends a calendar invitation", async () => {
    const verification = await sink.waitForEmail(attendee, /Confirm your email address/);
    expect(verification.text).toContain("Your place is not held until you do.");
    await page.goto(linkIn(verification, "/register/confirm"));
    await page.getByRole("button", { name: "Confirm my email address" }).click();
    await page.getByRole("heading", { name: "Your place is confirmed" }).waitFor();

    const confirmation = await sink.waitForEmail(attendee, /is confirmed/);
    expect(confirmation.raw).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/i);
    expect(confirmation.raw).toContain("METHOD:REQUEST");
    expect(confirmation.text).toContain("/r/");

    // The link is used: opening it again says so before any click.
    await page.goto(linkIn(verification, "/register/confirm"));
    await page.getByRole("heading", { name: "You have already confirmed" }).waitFor();
    expect(await page.textContent("main")).toContain("Where you stand now: Confirmed.");
  });

  it("puts the next person on the waiting list once they verify: the place went to the first to verify", async () => {
    const form = new URLSearchParams({ name: "Sam Waiting", email: waiter, organisation: "Surrey County Council", ticketTypeId: "", intent: "register" });
    const registerPage = await (await fetch(`${app.url}/events/${slug}/register`)).text();
    form.set("ticketTypeId", registerPage.match(/name="ticketTypeId"[^>]*value="(\d+)"/)![1]);
    const response = await fetch(`${app.url}/events/${slug}/register`, { method: "POST", body: form, headers: { origin: app.url }, redirect: "manual" });
    expect(response.headers.get("location")).toContain("status=held");
    const link = new URL(linkIn(await sink.waitForEmail(waiter, /Confirm your email address/), "/register/confirm"));
    const verified = await fetch(`${app.url}${link.pathname}`, {
      method: "POST",
      body: new URLSearchParams({ token: link.searchParams.get("token")! }),
      headers: { origin: app.url },
      redirect: "manual",
    });
    expect(verified.status).toBe(303);
    await sink.waitForEmail(waiter, /waiting list/);
  });

  it("sends someone who lost the email their links again when they try to register a second time", async () => {
    // trackConsoleErrors makes goto wait until the last page has finished its own requests
    // (Remix fetches route manifests for links it shows; leaving mid-fetch logs an abort).
    await page.goto(`${app.url}/events/${slug}/register`);
    await page.getByLabel("Full name").fill("Pat Example");
    await page.getByLabel("Work email address").fill(attendee);
    await page.getByLabel("Organisation", { exact: true }).fill("Guildford Borough Council");
    await page.getByRole("button", { name: "Register" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("already registered");
    await settled(page);
    await page.getByRole("button", { name: "Email me my links again" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    expect(await page.textContent("main")).toContain("we have emailed its links to it again");
    const links = await sink.waitForEmail(attendee, /Your links for Makers: Woking/);
    expect(links.text).toContain("Your registration: Confirmed.");
    expect(linkIn(links, "/r/")).toContain(app.url);
  });

  it("cancels from the private link, and the first person waiting is offered the place", async () => {
    const confirmation = await sink.waitForEmail(attendee, /is confirmed/);
    await page.goto(linkIn(confirmation, "/r/"));
    await page.getByRole("heading", { name: "Your registration" }).waitFor();
    expect(await page.textContent("main")).toContain("Confirmed");
    // axe-core runs in the page, so it is checked with JavaScript on (the markup is the same).
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    await page.getByRole("link", { name: "Cancel my registration" }).click();
    await page.getByRole("heading", { name: "Are you sure you want to cancel?" }).waitFor();
    await page.getByRole("button", { name: "Yes, cancel my registration" }).click();
    await page.getByText("Your registration is cancelled").waitFor();

    const cancellation = await sink.waitForEmail(attendee, /is cancelled/);
    expect(cancellation.raw).toContain("METHOD:CANCEL");
    const offer = await sink.waitForEmail(waiter, /A place at Makers: Woking is available for you/);
    expect(linkIn(offer, "/register/confirm")).toContain(app.url);
    expect(consoleErrors).toEqual([]);
  });

  it("shows the organiser who registered, with council and status, and a phone-friendly check-in list", async () => {
    await page.goto(`${app.url}/sign-in`);
    await page.getByLabel("Sign in as an organiser").fill("admin@pitchgrid.test");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    await page.goto(linkIn(await sink.waitForEmail("admin@pitchgrid.test", /sign-in link/), "/sign-in/verify"));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your events" }).waitFor();

    await page.goto(`${app.url}/organise/${slug}/registrations`);
    const row = page.getByRole("row", { name: /Sam Waiting/ });
    await expect.poll(() => row.textContent()).toContain("Offered a place");
    expect(await row.textContent()).toContain("Surrey County Council");
    expect(await page.getByRole("row", { name: /Pat Example/ }).textContent()).toContain("Cancelled");
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    await page.getByRole("link", { name: "Check-in", exact: true }).click();
    await page.getByText("0 of 0 checked in").waitFor();
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    expect(consoleErrors).toEqual([]);
  });
});
