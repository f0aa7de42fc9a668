import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query, resetEnvForTests, rowsOf } from "../../app/.server/platform";
import { findRegistration, findRound, roundCounts, runReconfirmationRounds } from "../../app/.server/registration";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeRegistration } from "../support/factories";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";

/**
 * Issue 16: the reconfirmation round over HTTP against the built app, as people use it without
 * JavaScript: the organiser schedules it, the question's emailed links land on pages that change
 * nothing until their button is pressed (mail scanners follow links), and the answers release or
 * keep places. The app runs with BACKGROUND_WORK=off; this process runs the round's job.
 */
const SECRET = "reconfirmation-test-secret-0123456789abcdef";
const DAY = 86_400_000;
let app: RunningApp;
const state = {} as {
  slug: string;
  eventId: number;
  startsAt: Date;
  organiser: HttpClient;
  holders: { id: number; email: string }[];
  waiting: { id: number; email: string }[];
};

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();
  const startsAt = new Date(Date.now() + 20 * DAY);
  const { event, ticket } = await makeEvent({ quota: 3, capacity: 3, startsAt, organiser: "organiser@guildford.gov.uk" });
  state.slug = event.slug;
  state.eventId = event.id;
  state.startsAt = startsAt;
  state.holders = [];
  state.waiting = [];
  for (let i = 0; i < 3; i++) state.holders.push(await makeRegistration(event.id, ticket.id, { name: `Holder ${i}`, email: `holder${i}@guildford.gov.uk` }));
  for (let i = 0; i < 2; i++) state.waiting.push(await makeRegistration(event.id, ticket.id, { name: `Waiting ${i}`, email: `waiting${i}@guildford.gov.uk`, status: "waiting" }));
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, BACKGROUND_WORK: "off" } });
  state.organiser = new HttpClient(app.url);
  const [name, value] = (await organiserCookie("organiser@guildford.gov.uk")).split("=");
  state.organiser.cookies.set(name, value);
});

afterAll(async () => {
  await app?.stop();
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
});

/** The path of the newest emailed link to this address that matches, e.g. the "yes" link. */
async function emailedPath(email: string, pattern: RegExp): Promise<string> {
  const rows = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ? ORDER BY id DESC", args: [email] }));
  for (const row of rows) {
    const match = pattern.exec(row.text_body);
    if (match) return new URL(match[0]).pathname + new URL(match[0]).search;
  }
  throw new Error(`No such link was emailed to ${email}`);
}

const status = async (id: number) => (await findRegistration(id))!.status;

describe("reconfirmation over HTTP", () => {
  it("lets the organiser schedule a round, refusing a deadline before the question", async () => {
    const page = await state.organiser.get(`/organise/${state.slug}/reconfirmation`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("No round is scheduled for this event.");
    expect(html).toMatch(/name="sendDaysBefore"[^>]*value="7"/);

    const bad = await state.organiser.post(`/organise/${state.slug}/reconfirmation`, { intent: "save", sendDaysBefore: "3", deadlineDaysBefore: "5", reminder: "yes", silence: "release" });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain("govuk-error-summary");
    expect(badHtml).toContain("The deadline must come after the question is sent");

    const ok = await state.organiser.post(`/organise/${state.slug}/reconfirmation`, { intent: "save", sendDaysBefore: "7", deadlineDaysBefore: "3", reminder: "yes", silence: "release" });
    expect(ok.status).toBe(303);
    const round = (await findRound(state.eventId))!;
    expect(round.sendAt).toBe(new Date(state.startsAt.getTime() - 7 * DAY).toISOString());
    expect(round.deadlineAt).toBe(new Date(state.startsAt.getTime() - 3 * DAY).toISOString());

    // Someone who is not an organiser of this event cannot see or change it.
    const stranger = new HttpClient(app.url);
    const [name, value] = (await organiserCookie("stranger@kent.gov.uk")).split("=");
    stranger.cookies.set(name, value);
    expect((await stranger.get(`/organise/${state.slug}/reconfirmation`)).status).toBe(403);
    expect((await stranger.post(`/organise/${state.slug}/reconfirmation`, { intent: "cancel" })).status).toBe(403);
  });

  it("emails links whose pages change nothing until the button is pressed; yes keeps the place", async () => {
    await runReconfirmationRounds(new Date(state.startsAt.getTime() - 7 * DAY + 1000));
    const [alice] = state.holders;
    const yesPath = await emailedPath(alice.email, /http:\/\/\S+\/still-coming\?answer=yes/);
    const noPath = await emailedPath(alice.email, /http:\/\/\S+\/still-coming\?answer=no/);

    // A link scanner opens both links (GET, HEAD): nothing is answered or released.
    const scanner = new HttpClient(app.url);
    for (const path of [yesPath, noPath]) {
      const page = await scanner.get(path);
      expect(page.status).toBe(200);
      expect(page.headers.get("cache-control")).toBe("private, no-store");
      await page.text();
      expect((await fetch(new URL(path, app.url), { method: "HEAD" })).status).toBe(200);
    }
    expect(await status(alice.id)).toBe("confirmed");
    expect(await roundCounts(state.eventId)).toMatchObject({ confirmed: 0, unanswered: 3, released: 0 });

    const page = await (await new HttpClient(app.url).get(noPath)).text();
    expect(page).toContain("Are you still coming?");
    expect(page).toContain("Releasing your place cannot be undone");
    expect(page).toMatch(/<button[^>]*name="answer"[^>]*value="no"/);

    const person = new HttpClient(app.url);
    const answered = await person.post(yesPath.split("?")[0], { answer: "yes" });
    expect(answered.status).toBe(303);
    const manage = await person.follow(answered);
    const manageHtml = await manage.text();
    expect(manageHtml).toContain("you are still coming, and your place is kept");
    expect(manageHtml).toContain("You told us you are coming");
    expect(await status(alice.id)).toBe("confirmed");
    expect(await roundCounts(state.eventId)).toMatchObject({ confirmed: 1, unanswered: 2 });
  });

  it("no releases the place at once and offers it to the waiting list; the private page offers the same answers", async () => {
    const [, bob, carol] = state.holders;
    const noPath = await emailedPath(bob.email, /http:\/\/\S+\/still-coming\?answer=no/);
    const person = new HttpClient(app.url);
    const answered = await person.post(noPath.split("?")[0], { answer: "no" });
    expect(answered.status).toBe(303);
    expect(await (await person.follow(answered)).text()).toContain("Your place has been released");
    expect(await status(bob.id)).toBe("cancelled");
    expect(await status(state.waiting[0].id)).toBe("offered");
    // Answering again (the button pressed twice, or the email's other link) changes nothing more.
    const again = await person.post(noPath.split("?")[0], { answer: "yes" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("already been released");

    // Carol answers from her private page instead.
    const managePath = (await emailedPath(carol.email, /http:\/\/\S+\/still-coming\?answer=yes/)).replace(/\/still-coming\?answer=yes$/, "");
    const carolClient = new HttpClient(app.url);
    const manageHtml = await (await carolClient.get(managePath)).text();
    expect(manageHtml).toContain('data-testid="still-coming"');
    expect(manageHtml).toContain(`action="${managePath}/still-coming"`);
    expect((await carolClient.post(`${managePath}/still-coming`, { answer: "yes" })).status).toBe(303);
    expect(await roundCounts(state.eventId)).toEqual({ asked: 3, confirmed: 2, unanswered: 0, released: 1, saidNo: 1 });

    const organiserPage = await (await state.organiser.get(`/organise/${state.slug}/reconfirmation`)).text();
    expect(organiserPage).toMatch(/data-testid="count-confirmed">2</);
    expect(organiserPage).toMatch(/data-testid="count-released">1</);
  });

  it("refuses an answer that is not yes or no", async () => {
    const managePath = (await emailedPath(state.holders[0].email, /http:\/\/\S+\/still-coming\?answer=yes/)).split("?")[0];
    expect((await new HttpClient(app.url).post(managePath, { answer: "maybe" })).status).toBe(400);
    expect((await new HttpClient(app.url).post("/r/not-a-real-token/still-coming", { answer: "yes" })).status).toBe(404);
  });
});
