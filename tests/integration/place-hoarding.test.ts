import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query, resetEnvForTests, rowsOf } from "../../app/.server/platform";
import { cancelRegistration, expireAndOfferPlaces } from "../../app/.server/registration";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent } from "../support/factories";
import { HttpClient } from "../support/http";

/**
 * Issue 12, item 2: anyone could fill an event with made-up addresses, because an unverified
 * registration held a place. Now only a verified address takes one, the first to verify gets
 * it, and the waiting list (and so every offer) holds verified people only, in the order they
 * verified. Over HTTP against the built app; one X-Forwarded-For address is one client
 * (TRUST_PROXY=1). Rate limits are off here (RATE_LIMIT_SCALE=0), so the rule itself is tested.
 */
let app: RunningApp;
const events = {} as { council: { slug: string; id: number; ticketId: number }; small: { slug: string; id: number; ticketId: number } };

beforeAll(async () => {
  const council = await makeEvent({ rule: "council-only", quota: 32, capacity: 32 });
  const small = await makeEvent({ rule: "council-only", quota: 2, capacity: 100 });
  events.council = { slug: council.event.slug, id: council.event.id, ticketId: council.ticket.id };
  events.small = { slug: small.event.slug, id: small.event.id, ticketId: small.ticket.id };
  closeDb();
  // The test reads confirmation links from email_outbox, so the app must not send (and so clear)
  // them first: with its email worker on, a link could be gone before the test read it.
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { BACKGROUND_WORK: "off" } });
});

afterAll(async () => {
  await app?.stop();
  resetEnvForTests();
});

function client(address: string) {
  const http = new HttpClient(app.url);
  return { http, headers: { "x-forwarded-for": address } };
}

async function signUp(slug: string, ticketId: number, email: string, address: string) {
  const { http, headers } = client(address);
  return http.post(
    `/events/${slug}/register`,
    { name: `Person ${email}`, email, organisation: "Birmingham City Council", ticketTypeId: String(ticketId), intent: "register" },
    headers,
  );
}

/** "N places left", as the registration form shows it to the public. */
async function placesLeft(slug: string): Promise<number> {
  const html = await (await new HttpClient(app.url).get(`/events/${slug}/register`)).text();
  const match = /(\d+) places? left\./.exec(html);
  if (match) return Number(match[1]);
  expect(html).toContain("Full: you can join the waiting list");
  return 0;
}

/** The confirmation link emailed to this address (the newest one). */
async function confirmToken(email: string): Promise<string> {
  const rows = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ? ORDER BY id DESC", args: [email] }));
  for (const row of rows) {
    const match = /\/register\/confirm\?token=([A-Za-z0-9_-]+)/.exec(row.text_body);
    if (match) return match[1];
  }
  throw new Error(`No confirmation link was emailed to ${email}`);
}

async function verify(slug: string, email: string, address: string) {
  const { http, headers } = client(address);
  const response = await http.post(`/events/${slug}/register/confirm`, { token: await confirmToken(email) }, headers);
  expect(response.status, `${email} verifies`).toBe(303);
  return response;
}

async function statusOf(eventId: number, email: string) {
  const rows = rowsOf<{ status: string; waiting_since: string | null; confirmed_at: string | null }>(
    await query({ sql: "SELECT status, waiting_since, confirmed_at FROM registrations WHERE event_id = ? AND email = ? ORDER BY id DESC", args: [eventId, email] }),
  );
  return rows[0];
}

describe("no place hoarding with invented addresses", () => {
  it("30 unverified sign-ups from one client take no place (at most 5 allowed); people who verify get places in the order they verified", async () => {
    const { slug, id, ticketId } = events.council;
    expect(await placesLeft(slug)).toBe(32);
    const attacker = "203.0.113.66";
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await signUp(slug, ticketId, `invented.person${i}@birmingham.gov.uk`, attacker));
    // Each is told to check their email, as anyone would be (nothing says "refused").
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(303));
    const after = await placesLeft(slug);
    expect(32 - after).toBeLessThanOrEqual(5);
    expect(after).toBe(32);

    // Three real people register, then verify in the order C, A, B: that is the order of their places.
    const people = ["alex", "blair", "casey"].map((name, i) => ({ email: `${name}@birmingham.gov.uk`, address: `198.51.100.${i + 1}` }));
    for (const p of people) expect((await signUp(slug, ticketId, p.email, p.address)).status).toBe(303);
    expect(await placesLeft(slug)).toBe(32);
    for (const p of [people[2], people[0], people[1]]) await verify(slug, p.email, p.address);
    const confirmed = [];
    for (const p of people) confirmed.push({ email: p.email, ...(await statusOf(id, p.email)) });
    expect(confirmed.map((c) => c.status)).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect([...confirmed].sort((a, b) => a.confirmed_at!.localeCompare(b.confirmed_at!)).map((c) => c.email)).toEqual([people[2].email, people[0].email, people[1].email]);
    expect(await placesLeft(slug)).toBe(29);
  });

  it("when full, verified people wait in the order they verified, and a freed place goes to them, never to an unverified address", async () => {
    const { slug, id, ticketId } = events.small;
    for (let i = 0; i < 30; i++) await signUp(slug, ticketId, `made.up${i}@birmingham.gov.uk`, "203.0.113.67");
    expect(await placesLeft(slug)).toBe(2);
    const people = ["dana", "eli", "fran", "gus"].map((name, i) => ({ email: `${name}@birmingham.gov.uk`, address: `198.51.100.${10 + i}` }));
    for (const p of people) await signUp(slug, ticketId, p.email, p.address);
    // Verify in the order gus, eli, dana, fran: gus and eli get the two places, then dana waits ahead of fran.
    for (const p of [people[3], people[1], people[0], people[2]]) await verify(slug, p.email, p.address);
    const status = async (p: { email: string }) => (await statusOf(id, p.email)).status;
    expect(await Promise.all(people.map(status))).toEqual(["waiting", "confirmed", "waiting", "confirmed"]);
    expect(await placesLeft(slug)).toBe(0);

    // The invented addresses' links run out: they are expired, and nothing is offered to them.
    await expireAndOfferPlaces(new Date(Date.now() + 24 * 3600_000));
    const fakes = rowsOf<{ status: string; n: number }>(
      await query({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? AND email LIKE 'made.up%' GROUP BY status", args: [id] }),
    );
    expect(fakes.map((f) => [f.status, Number(f.n)])).toEqual([["expired", 30]]);

    // Gus cancels: the place is offered to dana (verified first among those waiting), not fran, not a fake.
    const gus = rowsOf<{ id: number }>(await query({ sql: "SELECT id FROM registrations WHERE event_id = ? AND email = ?", args: [id, people[3].email] }))[0];
    await cancelRegistration(Number(gus.id));
    expect(await Promise.all(people.map(status))).toEqual(["offered", "confirmed", "waiting", "cancelled"]);
    const offers = rowsOf<{ n: number }>(await query({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND status = 'offered'", args: [id] }))[0];
    expect(Number(offers.n)).toBe(1);
  });
});
