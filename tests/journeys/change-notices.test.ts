import type { Client } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, newToken, openClient, resetEnvForTests } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { TEST_SESSION_SECRET } from "../support/launch-app";
import { organiserCookie } from "../support/sessions";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

/**
 * Change notices (issue 17): an organiser moves a published session on the grid (JavaScript off),
 * and each of its hosts and the people who marked it gets exactly one email by real SMTP, with
 * the old and new time; nobody else does. The email's unsubscribe link asks first and works
 * without JavaScript; its calendar link opens the person's calendar page. Its own app: the
 * notices must go at once (CHANGE_NOTICE_MINUTES=0), a setting the shared app does not have.
 */
let sink: SmtpSink;
let app: RunningApp;
let browser: Browser;
let db: Client;
let demo: DemoSchedule;

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await startApp({ smtpUrl: sink.url, env: { CHANGE_NOTICE_MINUTES: "0" } });
  db = openClient(app.databaseUrl);
  demo = await seedDemoSchedule(db, { slug: "notice-camp", sessions: 4, rooms: 2, attendees: 8 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  db?.close();
  await app?.stop();
  await sink?.close();
});

const SUBJECT = /changed at LocalGovCamp Demo$/;

describe("change notices", () => {
  it("a moved session emails its hosts and markers exactly once; unsubscribing works without JavaScript", async () => {
    Object.assign(process.env, { SESSION_SECRET: TEST_SESSION_SECRET, NODE_ENV: "production", PUBLIC_URL: app.url });
    resetEnvForTests();
    const cookie = await organiserCookie("organiser@council.test", db);
    const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
    const pitchId = demo.pitchIds[0];
    const title = String((await db.execute({ sql: "SELECT title FROM pitches WHERE id = ?", args: [pitchId] })).rows[0].title);
    const people = (
      await db.execute({
        sql: `SELECT r.email FROM registrations r WHERE r.id IN (SELECT registration_id FROM pitch_hosts WHERE pitch_id = ? UNION SELECT registration_id FROM pitch_interest WHERE pitch_id = ?)`,
        args: [pitchId, pitchId],
      })
    ).rows.map((r) => String(r.email));
    const others = demo.attendees.map((a) => a.email).filter((email) => !people.includes(email));
    expect(people.length).toBeGreaterThan(1);

    // The organiser moves the first session (Council Chamber, 10:15am) to 12:05pm, without JavaScript.
    const context = await newContext(browser, { javaScriptEnabled: false });
    await context.addCookies([{ name, value, url: app.url }]);
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/organise/${demo.slug}/grid`);
    await page.getByRole("button", { name: `Move or swap “${title}”` }).click();
    await page.getByText(`You chose “${title}”`).waitFor();
    await page.getByRole("button", { name: `Place here “${title}” in Council Chamber at 12:05pm` }).click();
    await page.getByText("Session placed.").waitFor();

    const received = await Promise.all(people.map((email) => sink.waitForEmail(email, SUBJECT, 30_000)));
    const [first] = received;
    expect(first.subject).toBe("A session has changed at LocalGovCamp Demo");
    expect(first.text).toMatch(new RegExp(`“${title}”( \\(you are hosting it\\))?\\nWas: 10:15am to 11am on \\w+ \\d+ \\w+ \\d{4}, Council Chamber\\nNow: 12:05pm to 12:50pm on \\w+ \\d+ \\w+ \\d{4}, Council Chamber`));
    // Nothing is left to send for this change: no pending notice, one queued email per person.
    expect(Number((await db.execute({ sql: "SELECT COUNT(*) AS n FROM change_notices WHERE event_id = ?", args: [demo.eventId] })).rows[0].n)).toBe(0);
    for (const email of people) {
      expect(sink.messages.filter((m) => m.to.includes(email) && SUBJECT.test(m.subject)), email).toHaveLength(1);
      // The sink has the email before the worker records it as sent: wait for that write.
      const statuses = async () => (await db.execute({ sql: "SELECT status FROM email_outbox WHERE to_address = ? AND subject LIKE '%changed at%'", args: [email] })).rows.map((r) => r.status);
      await expect.poll(statuses, { timeout: 10_000 }).toEqual(["sent"]);
    }
    for (const email of others) expect(sink.messages.filter((m) => m.to.includes(email))).toEqual([]);

    // The unsubscribe link asks first; its button (a plain form) stops them.
    await page.goto(linkIn(first, "/unsubscribe/"));
    await page.getByRole("heading", { name: "Emails about schedule changes" }).waitFor();
    await page.getByRole("button", { name: "Stop emails about schedule changes" }).click();
    await page.getByText("You will get no more emails about changes to the schedule of LocalGovCamp Demo.").waitFor();
    const off = await db.execute({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE email = ? AND change_notices_off_at IS NOT NULL", args: [first.to[0]] });
    expect(Number(off.rows[0].n)).toBe(1);
    expect(errors).toEqual([]);
    await context.close();

    // The calendar link, on a phone with JavaScript: the person's own calendar page; both pages pass axe.
    const phone = await newContext(browser, { phone: true });
    const phonePage = await phone.newPage();
    await phonePage.goto(linkIn(received[1], "/calendar"));
    expect(new URL(phonePage.url()).pathname).toBe(`/events/${demo.slug}/calendar`);
    await phonePage.getByRole("heading", { name: "Your sessions" }).waitFor();
    expect(await phonePage.getByRole("button", { name: /calendar link/i }).count()).toBeGreaterThan(0);
    for (const url of [phonePage.url(), linkIn(received[1], "/unsubscribe/")]) {
      await phonePage.goto(url);
      const violations = await seriousAxeViolations(phonePage);
      expect(violations, `${url}: ${describeViolations(violations)}`).toEqual([]);
    }
    await phone.close();
  });

  it("feedback: the form works with JavaScript and, with the organisers' page, passes axe", async () => {
    // A feedback link as the invitation would make one (the invitation itself is tested in-process).
    const token = newToken();
    await db.execute({ sql: "INSERT INTO feedback_links (token_hash, event_id, registration_id) VALUES (?, ?, ?)", args: [hashToken(token), demo.eventId, demo.attendees[2].id] });
    const context = await newContext(browser, { phone: true });
    const cookie = await organiserCookie("organiser@council.test", db);
    await context.addCookies([{ name: cookie.slice(0, cookie.indexOf("=")), value: cookie.slice(cookie.indexOf("=") + 1), url: app.url }]);
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/events/${demo.slug}/feedback/${token}`);
    await page.getByRole("heading", { name: "Your feedback" }).waitFor();
    for (const url of [page.url(), `${app.url}/organise/${demo.slug}/feedback`]) {
      await page.goto(url);
      const violations = await seriousAxeViolations(page);
      expect(violations, `${url}: ${describeViolations(violations)}`).toEqual([]);
    }
    await page.goto(`${app.url}/events/${demo.slug}/feedback/${token}`);
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Say whether the event was useful to you");
    await page.getByRole("group", { name: "Was LocalGovCamp Demo useful to you?" }).getByLabel("Yes").check();
    await page.getByLabel("Anything you would like the organisers to know (optional)").fill("More coffee, please.");
    await page.getByRole("button", { name: "Send feedback" }).click();
    await page.getByText("Your feedback has been sent to the organisers of LocalGovCamp Demo.").waitFor();
    await page.goto(`${app.url}/organise/${demo.slug}/feedback`);
    expect(await page.getByTestId("event-counts").textContent()).toBe("Useful: 1. Not useful: 0.");
    await page.getByText("More coffee, please.").waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
