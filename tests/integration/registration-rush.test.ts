import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient, rowsOf } from "../../app/.server/db";
import { confirmPlace, registerForEvent, registrationGroupStats } from "../../app/.server/registrations";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, registrationInput } from "../support/factories";

/**
 * The rule that must hold under any concurrency: no ticket type ever has more places taken than
 * its quota, and no attempt is lost. 200 people try for 50 places at once.
 */
const ATTEMPTS = 200;
const PLACES = 50;

async function statusCounts(databaseUrl: string, eventId: number, eventName = "Rush Camp") {
  const db = openClient(databaseUrl);
  try {
    const rows = rowsOf<{ status: string; n: number }>(await db.execute({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] }));
    const emails = rowsOf<{ n: number }>(await db.execute({ sql: "SELECT COUNT(*) AS n FROM email_outbox WHERE subject LIKE ?", args: [`%${eventName}%`] }))[0];
    return { ...Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])), emails: Number(emails.n) } as Record<string, number>;
  } finally {
    db.close();
  }
}

describe("a registration rush through the domain function", () => {
  it("holds exactly 50 places, waiting-lists 150, loses none, and confirms exactly 50", async () => {
    const { event, ticket } = await makeEvent({ quota: PLACES, capacity: 500 });
    const outcomes = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, name: `Rusher ${i}`, email: `rusher${i}@guildford.gov.uk` })),
      ),
    );
    expect(outcomes.filter((o) => o.status === "held")).toHaveLength(PLACES);
    expect(outcomes.filter((o) => o.status === "waiting")).toHaveLength(ATTEMPTS - PLACES);
    const results = await Promise.all(outcomes.filter((o) => o.verifyToken).map((o) => confirmPlace(o.verifyToken)));
    expect(results.every((r) => r.ok)).toBe(true);
    const counts = await statusCounts(process.env.DATABASE_URL!, event.id, event.name);
    expect(counts).toMatchObject({ confirmed: PLACES, waiting: ATTEMPTS - PLACES });
    expect(counts.held ?? 0).toBe(0);
    // Everyone got their email: 200 registration emails and 50 confirmations.
    expect(counts.emails).toBe(ATTEMPTS + PLACES);
  });
});

describe("group commit", () => {
  it("writes people who arrive in separate turns of the event loop, as HTTP requests do, in a few transactions", async () => {
    const { event, ticket } = await makeEvent({ quota: 20, capacity: 500 });
    const before = registrationGroupStats();
    // Each attempt starts in its own macrotask, the way a server reads one request per socket
    // event: a transaction begun at once would finish before the next attempt even started.
    const outcomes = await Promise.all(
      Array.from(
        { length: 60 },
        (_, i) =>
          new Promise<Awaited<ReturnType<typeof registerForEvent>>>((resolve, reject) =>
            setImmediate(() =>
              registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, name: `Grouped ${i}`, email: `grouped${i}@guildford.gov.uk` })).then(resolve, reject),
            ),
          ),
      ),
    );
    const after = registrationGroupStats();
    expect(after.registrations - before.registrations).toBe(60);
    expect(after.groups - before.groups).toBeLessThanOrEqual(3);
    // Grouping changes nothing about who gets a place: the first 20 to arrive.
    expect(outcomes.map((o) => o.status)).toEqual([...Array(20).fill("held"), ...Array(40).fill("waiting")]);
  });
});

describe("a registration rush over HTTP against the built app", () => {
  let app: RunningApp;
  let second: RunningApp;

  beforeAll(async () => {
    app = await startApp();
    // Two more processes on the same database file, served as `npm start` serves them (node:cluster
    // sharing one port): the database, not process memory, must keep the quota.
    second = await startApp({ databaseUrl: app.databaseUrl, processes: 2 });
  });

  afterAll(async () => {
    await second?.stop();
    await app?.stop();
  });

  async function createEvent(slug: string) {
    const db = openClient(app.databaseUrl);
    try {
      const now = new Date().toISOString();
      const startsAt = new Date(Date.now() + 30 * 86400_000).toISOString();
      const eventResult = await db.execute({
        sql: "INSERT INTO events (slug, name, starts_at, ends_at, capacity, created_at, updated_at) VALUES (?, 'Rush Camp', ?, ?, 500, ?, ?)",
        args: [slug, startsAt, startsAt, now, now],
      });
      const eventId = Number(eventResult.lastInsertRowid);
      const ticketResult = await db.execute({
        sql: "INSERT INTO ticket_types (event_id, name, quota, rule, created_at) VALUES (?, 'Standard', ?, 'open', ?)",
        args: [eventId, PLACES, now],
      });
      return { eventId, ticketTypeId: Number(ticketResult.lastInsertRowid) };
    } finally {
      db.close();
    }
  }

  async function rush(urls: string[], slug: string, ticketTypeId: number) {
    return Promise.all(
      Array.from({ length: ATTEMPTS }, async (_, i) => {
        const base = urls[i % urls.length];
        const response = await fetch(`${base}/events/${slug}/register`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
          body: new URLSearchParams({
            name: `Rusher ${i}`,
            email: `Rusher${i}@Guildford.gov.uk`,
            organisation: "Guildford Borough Council",
            ticketTypeId: String(ticketTypeId),
            intent: "register",
          }),
          redirect: "manual",
        });
        return { status: response.status, location: response.headers.get("location") ?? "" };
      }),
    );
  }

  it("gives 50 places and 150 waiting-list places, every request answered", async () => {
    const { eventId, ticketTypeId } = await createEvent("rush-camp");
    const responses = await rush([app.url], "rush-camp", ticketTypeId);
    expect(responses.map((r) => r.status)).toEqual(Array(ATTEMPTS).fill(303));
    expect(responses.filter((r) => r.location.endsWith("status=held"))).toHaveLength(PLACES);
    expect(responses.filter((r) => r.location.endsWith("status=waiting"))).toHaveLength(ATTEMPTS - PLACES);
    expect(await statusCounts(app.databaseUrl, eventId)).toMatchObject({ held: PLACES, waiting: ATTEMPTS - PLACES, emails: ATTEMPTS });
  });

  it("keeps the quota when three app processes share the database", async () => {
    const { eventId, ticketTypeId } = await createEvent("rush-camp-2");
    const responses = await rush([app.url, second.url], "rush-camp-2", ticketTypeId);
    expect(responses.map((r) => r.status)).toEqual(Array(ATTEMPTS).fill(303));
    const counts = await statusCounts(app.databaseUrl, eventId);
    expect(counts.held).toBe(PLACES);
    expect(counts.waiting).toBe(ATTEMPTS - PLACES);
  });

  it("refuses the same people a second time with a friendly message, not a 500", async () => {
    const { ticketTypeId } = await createEvent("rush-camp-3");
    await rush([app.url], "rush-camp-3", ticketTypeId);
    const again = await rush([app.url, second.url], "rush-camp-3", ticketTypeId);
    expect(new Set(again.map((r) => r.status))).toEqual(new Set([400]));
  });
});
