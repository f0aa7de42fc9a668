import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient, rowsOf } from "../../app/.server/platform";
import { confirmPlace, registerForEvent, registrationGroupStats } from "../../app/.server/registration";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, registrationInput } from "../support/factories";

/**
 * The rule that must hold under any concurrency: no ticket type ever has more places taken than
 * its quota, and no attempt is lost. 200 people register at once (which takes no place: only a
 * verified address does), then all 200 follow their emailed links at once for 50 places.
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
  it("registers 200 without taking a place, then 200 verifying at once confirm exactly 50 and waiting-list 150", async () => {
    const { event, ticket } = await makeEvent({ quota: PLACES, capacity: 500 });
    const outcomes = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, name: `Rusher ${i}`, email: `rusher${i}@guildford.gov.uk` })),
      ),
    );
    expect(outcomes.filter((o) => o.status === "held")).toHaveLength(ATTEMPTS);
    expect((await statusCounts(process.env.DATABASE_URL!, event.id, event.name)).confirmed ?? 0).toBe(0);
    const results = await Promise.all(outcomes.map((o) => confirmPlace(o.verifyToken)));
    expect(results.every((r) => r.ok)).toBe(true);
    // The first 50 to verify have the places, the other 150 wait in the order they verified.
    expect(results.map((r) => (r.ok ? r.status : r.reason))).toEqual([...Array(PLACES).fill("confirmed"), ...Array(ATTEMPTS - PLACES).fill("waiting")]);
    const counts = await statusCounts(process.env.DATABASE_URL!, event.id, event.name);
    expect(counts).toMatchObject({ confirmed: PLACES, waiting: ATTEMPTS - PLACES });
    expect(counts.held ?? 0).toBe(0);
    // Everyone got their emails: 200 links to confirm, then 50 confirmations and 150 waiting-list emails.
    expect(counts.emails).toBe(ATTEMPTS * 2);
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
    // Grouping takes no place (nobody has verified yet), and loses nobody.
    expect(outcomes.map((o) => o.status)).toEqual(Array(60).fill("held"));
    expect(new Set(outcomes.map((o) => o.registrationId)).size).toBe(60);
  });
});

describe("a registration rush over HTTP against the built app", () => {
  let app: RunningApp;
  let second: RunningApp;

  beforeAll(async () => {
    // No email worker: confirmation links are read from emails waiting in the outbox (a sent
    // email's body is cleared).
    app = await startApp({ env: { BACKGROUND_WORK: "off" } });
    // Two more processes on the same database file, served as `npm start` serves them (node:cluster
    // sharing one port): the database, not process memory, must keep the quota.
    second = await startApp({ databaseUrl: app.databaseUrl, processes: 2, env: { BACKGROUND_WORK: "off" } });
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

  /** Every confirmation link emailed for the event, read from the outbox (nothing is sent in tests). */
  async function confirmTokens(slug: string): Promise<string[]> {
    const db = openClient(app.databaseUrl);
    try {
      const rows = rowsOf<{ text_body: string }>(
        await db.execute({ sql: "SELECT text_body FROM email_outbox WHERE text_body LIKE ? ORDER BY id", args: [`%/events/${slug}/register/confirm?token=%`] }),
      );
      return rows.map((r) => /\/register\/confirm\?token=([A-Za-z0-9_-]+)/.exec(r.text_body)![1]);
    } finally {
      db.close();
    }
  }

  /** Everyone follows their link at once, spread over the given app processes. */
  async function verifyAll(urls: string[], slug: string) {
    const tokens = await confirmTokens(slug);
    expect(tokens).toHaveLength(ATTEMPTS);
    return Promise.all(
      tokens.map(async (token, i) => {
        const base = urls[i % urls.length];
        const response = await fetch(`${base}/events/${slug}/register/confirm`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
          body: new URLSearchParams({ token }),
          redirect: "manual",
        });
        return response.status;
      }),
    );
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

  it("registers 200 (no place taken), then 200 verifying at once get 50 places and 150 waiting-list places, every request answered", async () => {
    const { eventId, ticketTypeId } = await createEvent("rush-camp");
    const responses = await rush([app.url], "rush-camp", ticketTypeId);
    expect(responses.map((r) => r.status)).toEqual(Array(ATTEMPTS).fill(303));
    expect(responses.filter((r) => r.location.endsWith("status=held"))).toHaveLength(ATTEMPTS);
    expect(await statusCounts(app.databaseUrl, eventId)).toMatchObject({ held: ATTEMPTS, emails: ATTEMPTS });
    const verified = await verifyAll([app.url], "rush-camp");
    expect(verified).toEqual(Array(ATTEMPTS).fill(303));
    const counts = await statusCounts(app.databaseUrl, eventId);
    expect(counts).toMatchObject({ confirmed: PLACES, waiting: ATTEMPTS - PLACES, emails: ATTEMPTS * 2 });
    expect(counts.held ?? 0).toBe(0);
  });

  it("keeps the quota when three app processes share the database and everyone verifies at once", async () => {
    const { eventId, ticketTypeId } = await createEvent("rush-camp-2");
    const responses = await rush([app.url, second.url], "rush-camp-2", ticketTypeId);
    expect(responses.map((r) => r.status)).toEqual(Array(ATTEMPTS).fill(303));
    expect((await verifyAll([app.url, second.url], "rush-camp-2")).every((status) => status === 303)).toBe(true);
    const counts = await statusCounts(app.databaseUrl, eventId);
    expect(counts.confirmed).toBe(PLACES);
    expect(counts.waiting).toBe(ATTEMPTS - PLACES);
  });

  it("refuses the same people a second time with a friendly message, not a 500", async () => {
    const { ticketTypeId } = await createEvent("rush-camp-3");
    await rush([app.url], "rush-camp-3", ticketTypeId);
    const again = await rush([app.url, second.url], "rush-camp-3", ticketTypeId);
    expect(new Set(again.map((r) => r.status))).toEqual(new Set([400]));
  });
});
