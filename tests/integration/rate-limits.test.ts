import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query, RATE_LIMITS, resetEnvForTests } from "../../app/.server/platform";
import { createPitch } from "../../app/.server/pitching";
import { PitchFormSchema } from "../../app/domain/pitch-rules";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeRegistration } from "../support/factories";
import { HttpClient } from "../support/http";

/**
 * Rate limits on registration, pitching and marking, over HTTP against the built app: past the
 * limit the answer is a 429 GOV.UK page that says what happened and when to try again, the
 * refused request changes nothing, and other people are not held back. (Sign-in's 429 is in
 * http-security.test.ts.) RATE_LIMIT_SCALE=0.1 turns 20 registrations, 20 pitches and 120
 * marks per window into 2, 2 and 12, so the test stays quick.
 */
const SCALE = 0.1;
const limit = (bucket: keyof typeof RATE_LIMITS) => Math.ceil(RATE_LIMITS[bucket].limit * SCALE);

let app: RunningApp;
const ids = {} as { slug: string; eventId: number; ticketId: number; pitchId: number; tokens: string[] };

beforeAll(async () => {
  const { event, ticket } = await makeEvent({ quota: 100 });
  const people = [];
  for (let i = 0; i < 3; i++) people.push(await makeRegistration(event.id, ticket.id, { email: `limited${i}@guildford.gov.uk` }));
  const pitch = await createPitch(event.id, people[2].id, PitchFormSchema.parse({ title: "A session to mark", format: "discussion", coHosts: "" }));
  Object.assign(ids, { slug: event.slug, eventId: event.id, ticketId: ticket.id, pitchId: pitch.id, tokens: people.map((p) => p.manageToken) });
  closeDb();
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { RATE_LIMIT_SCALE: String(SCALE) } });
});

afterAll(async () => {
  await app?.stop();
  resetEnvForTests();
});

async function attendee(token: string) {
  const client = new HttpClient(app.url);
  expect((await client.get(`/r/${token}`)).status).toBe(200);
  return client;
}

const count = async (sql: string, args: (string | number)[]) => Number((await query({ sql, args })).rows[0].n);

/** A 429 a person can read: the GOV.UK error page, the reason, and when to come back. */
async function expectReadable429(response: Response, what: string) {
  expect(response.status, what).toBe(429);
  expect(response.headers.get("retry-after"), what).toMatch(/^[1-9]\d*$/);
  expect(response.headers.get("content-type"), what).toContain("text/html");
  const html = await response.text();
  expect(html, what).toContain('<h1 class="govuk-heading-l">Too many attempts</h1>');
  expect(html, what).toContain("Wait a few minutes, then try again.");
  expect(html, what).toContain("<title>Too many attempts – Pitchgrid</title>");
}

describe("rate limits over HTTP", () => {
  it("registration: one address past the limit gets a readable 429 and registers no one; another address still can", async () => {
    const client = new HttpClient(app.url);
    const send = (i: number, address: string) =>
      client.post(
        `/events/${ids.slug}/register`,
        { name: `Rusher ${i}`, email: `rate${i}@guildford.gov.uk`, organisation: "GBC", ticketTypeId: String(ids.ticketId), intent: "register" },
        { "x-forwarded-for": address },
      );
    const statuses: number[] = [];
    // Whichever comes first: the address's own limit, or its limit for this one event.
    const allowed = Math.min(limit("registration"), limit("registrationPerEvent"));
    for (let i = 0; i < allowed; i++) statuses.push((await send(i, "198.51.100.7")).status);
    expect(statuses).toEqual(Array(allowed).fill(303));
    const refused = await send(99, "198.51.100.7");
    await expectReadable429(refused, "registration");
    expect(await count("SELECT COUNT(*) AS n FROM registrations WHERE email = ?", ["rate99@guildford.gov.uk"])).toBe(0);
    expect((await send(98, "198.51.100.8")).status).toBe(303);
  });

  it("approval requests and registrations per event and client: a burst of 30 approval requests from one client is stopped with a readable 429; other clients and events are not held back", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only", organiser: "limits-organiser@guildford.gov.uk" });
    const other = await makeEvent({ rule: "council-only" });
    const client = new HttpClient(app.url);
    const ask = (i: number, address: string, slug = event.slug, ticketId = ticket.id) =>
      client.post(
        `/events/${slug}/register`,
        { name: `Asker ${i}`, email: `asker${i}-${slug}@supplier.example`, organisation: "Supplier Ltd", ticketTypeId: String(ticketId), intent: "request-approval", approvalRequest: "Please" },
        { "x-forwarded-for": address },
      );
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await ask(i, "192.0.2.30")).status);
    const accepted = statuses.filter((s) => s === 303).length;
    expect(accepted).toBe(limit("approvalRequestPerEvent"));
    expect(accepted).toBeLessThan(30);
    expect(statuses.slice(accepted).every((s) => s === 429)).toBe(true);
    await expectReadable429(await ask(31, "192.0.2.30"), "approval request");
    expect(await count("SELECT COUNT(*) AS n FROM registrations WHERE event_id = ?", [event.id])).toBe(accepted);
    // Another client still can; and a client at its limit for one event can still ask at another
    // (below the address's overall limit, which the burst above also used up).
    expect((await ask(40, "192.0.2.31")).status).toBe(303);
    expect((await ask(41, "192.0.2.31")).status).toBe(429);
    expect((await ask(42, "192.0.2.31", other.event.slug, other.ticket.id)).status).toBe(303);

    // Plain registrations for one event from one client: limited too, with the same page.
    const register = (i: number) =>
      client.post(
        `/events/${event.slug}/register`,
        { name: `Office ${i}`, email: `office${i}@guildford.gov.uk`, organisation: "GBC", ticketTypeId: String(ticket.id), intent: "register" },
        { "x-forwarded-for": "192.0.2.32" },
      );
    for (let i = 0; i < limit("registrationPerEvent"); i++) expect((await register(i)).status).toBe(303);
    await expectReadable429(await register(99), "registration per event");
  });

  it("pitching: one attendee past the limit gets a readable 429 and no pitch; another attendee still can", async () => {
    const client = await attendee(ids.tokens[0]);
    const pitch = (title: string, c = client) => c.post(`/events/${ids.slug}/pitches/new`, { title, description: "", format: "discussion" });
    for (let i = 0; i < limit("pitching"); i++) expect((await pitch(`Allowed pitch ${i}`)).status).toBe(303);
    await expectReadable429(await pitch("One pitch too many"), "pitching");
    expect(await count("SELECT COUNT(*) AS n FROM pitches WHERE title = ?", ["One pitch too many"])).toBe(0);
    expect((await pitch("Someone else's pitch", await attendee(ids.tokens[1]))).status).toBe(303);
  });

  it("marking: one attendee past the limit gets a readable 429 (and a 429 to a script's request) without a mark; another attendee still can", async () => {
    const client = await attendee(ids.tokens[1]);
    const path = `/events/${ids.slug}/pitches/${ids.pitchId}`;
    for (let i = 0; i < limit("marking"); i++) expect((await client.post(path, { intent: i % 2 === 0 ? "mark" : "unmark" })).status).toBe(303);
    // An even number of marks and unmarks: not marked now.
    expect(limit("marking") % 2).toBe(0);
    await expectReadable429(await client.post(path, { intent: "mark" }), "marking");
    // The same limit for the "I'd go" button's fetcher request (JavaScript on).
    expect((await client.post(`${path}.data`, { intent: "mark", enhanced: "1" })).status).toBe(429);
    expect(await count("SELECT COUNT(*) AS n FROM pitch_interest WHERE pitch_id = ?", [ids.pitchId])).toBe(0);
    const other = await attendee(ids.tokens[0]);
    expect((await other.post(path, { intent: "mark" })).status).toBe(303);
    expect(await count("SELECT COUNT(*) AS n FROM pitch_interest WHERE pitch_id = ?", [ids.pitchId])).toBe(1);
  });
});
