import type { Client } from "@libsql/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, hashToken, newToken, openClient, resetEnvForTests } from "../../app/.server/platform";
import { runReconfirmationRounds, saveRound } from "../../app/.server/registration";
import { startApp, type RunningApp } from "../support/app-server";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { organiserCookie } from "../support/sessions";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { freshDatabase } from "../support/test-db";

/**
 * Issue 16 in Chromium, with email read from a real SMTP server: a person answers "Are you still
 * coming?" from the email's links (JavaScript off, then on), and at the door an organiser releases
 * places early and standby is called by email.
 */
let app: RunningApp;
let browser: Browser;
let db: Client;
let sink: SmtpSink;
let demo: DemoSchedule;
let waitingEmail: string;

beforeAll(async () => {
  const database = await freshDatabase();
  db = openClient(database.url);
  // The event is five days away: a round asking 7 days before is due at once, its deadline 3 days before.
  demo = await seedDemoSchedule(db, { slug: "still-coming-camp", date: new Date(Date.now() + 5 * 86400_000).toISOString().slice(0, 10), sessions: 2, rooms: 1, attendees: 3 });
  await db.execute({ sql: "UPDATE events SET capacity = 3 WHERE id = ?", args: [demo.eventId] });
  await db.execute({ sql: "UPDATE ticket_types SET quota = 3 WHERE id = ?", args: [demo.ticketTypeId] });
  waitingEmail = "waiting.person@demo.gov.uk";
  const now = new Date().toISOString();
  await db.execute({
    sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, status, manage_token_hash, waiting_since, created_at, updated_at)
          VALUES (?, ?, ?, 'Wendy Waiting', 'Demo Borough Council', 'waiting', ?, ?, ?, ?)`,
    args: [demo.eventId, demo.ticketTypeId, waitingEmail, hashToken(newToken()), now, now, now],
  });
  sink = await startSmtpSink();
  app = await startApp({ databaseUrl: database.url, smtpUrl: sink.url });
  browser = await launchBrowser();
  // This process runs the round's job on the app's database (the app's own job runs once a minute).
  Object.assign(process.env, { DATABASE_URL: database.url, SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789", NODE_ENV: "production", PUBLIC_URL: app.url, BACKGROUND_WORK: "off" });
  resetEnvForTests();
  closeDb();
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await sink?.close();
  closeDb();
  db?.close();
});

const mailTo = (address: string, subject: string) => sink.messages.find((m) => m.to.includes(address) && m.subject.includes(subject));
const waitForMail = async (address: string, subject: string) => {
  await expect.poll(() => !!mailTo(address, subject), { timeout: 20_000 }).toBe(true);
  return mailTo(address, subject)!;
};

describe("no-shows", () => {
  it("answers the reconfirmation from the email: no releases the place to the waiting list (JS off), yes keeps it (JS on)", async () => {
    await saveRound(demo.eventId, { sendDaysBefore: 7, deadlineDaysBefore: 3, reminder: false, silence: "release" });
    expect((await runReconfirmationRounds()).sent).toBe(3);
    const [first, second] = demo.attendees;
    const ask = await waitForMail(first.email, "Are you still coming to");

    const noJs = await newContext(browser, { javaScriptEnabled: false });
    const page = await noJs.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(linkIn(ask, "/still-coming?answer=no"));
    await page.getByRole("heading", { name: "Are you still coming?" }).waitFor();
    await page.getByRole("button", { name: "No, release my place" }).click();
    await page.getByText("Your place has been released to the next person on the waiting list.").waitFor();
    await waitForMail(first.email, "has been released");
    const offer = await waitForMail(waitingEmail, "is available for you");
    expect(offer.text).toContain("/register/confirm?token=");
    expect(errors).toEqual([]);
    await noJs.close();

    const withJs = await newContext(browser);
    const jsPage = await withJs.newPage();
    const jsErrors = trackConsoleErrors(jsPage);
    const secondAsk = await waitForMail(second.email, "Are you still coming to");
    await jsPage.goto(linkIn(secondAsk, "/still-coming?answer=yes"));
    const violations = await seriousAxeViolations(jsPage);
    expect(violations, describeViolations(violations)).toEqual([]);
    await jsPage.getByRole("button", { name: "Yes, I’m coming" }).click();
    await jsPage.getByText("Thank you: you are still coming, and your place is kept.").waitFor();
    await jsPage.getByText("You told us you are coming.").waitFor();
    expect(jsErrors).toEqual([]);
    await withJs.close();
    const counts = await db.execute({ sql: "SELECT answer, COUNT(*) AS n FROM reconfirmations WHERE event_id = ? GROUP BY answer ORDER BY answer", args: [demo.eventId] });
    expect(counts.rows.map((r) => `${r.answer}:${r.n}`)).toEqual(["null:1", "no:1", "yes:1"]);
  });

  it("calls standby by email when the organiser releases places early, after asking (JS off); the pages pass axe", async () => {
    const cookie = await organiserCookie("organiser@council.test", db);
    const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
    const context = await newContext(browser, { javaScriptEnabled: false });
    await context.addCookies([{ name, value, url: app.url }]);
    const page = await context.newPage();
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/organise/${demo.slug}/standby`);
    await page.getByLabel("Name").fill("Sam Standby");
    await page.getByLabel("Email (optional)").fill("sam.standby@example.org");
    await page.getByRole("button", { name: "Add to standby" }).click();
    await page.getByText("Sam Standby is number 1 on standby.").waitFor();
    await page.getByRole("button", { name: "Release places early" }).click();
    await page.getByRole("button", { name: "Yes, release places now" }).click();
    await page.getByText("Places released to standby. 1 called.").waitFor();
    const call = await waitForMail("sam.standby@example.org", "number 1, come to the desk");
    expect(call.text).toContain("Please come to the registration desk now");
    await page.goto(`${app.url}/organise/${demo.slug}/check-in`);
    await page.getByText("Called: number 1, Sam Standby").waitFor();
    expect(errors).toEqual([]);
    await context.close();

    const withJs = await newContext(browser);
    await withJs.addCookies([{ name, value, url: app.url }]);
    const axePage = await withJs.newPage();
    for (const section of ["standby", "reconfirmation"]) {
      await axePage.goto(`${app.url}/organise/${demo.slug}/${section}`);
      const violations = await seriousAxeViolations(axePage);
      expect(violations, `${section}: ${describeViolations(violations)}`).toEqual([]);
    }
    await withJs.close();
  });
});
