import { afterAll, describe, expect, it } from "vitest";
import { openClient, prepareFileDatabase, rowsOf } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { freshDatabase } from "../support/test-db";

/**
 * Crash safety: the built app takes a registration rush on a libSQL file, is killed with
 * SIGKILL part-way through (no shutdown handler runs, requests are cut off mid-flight), and is
 * started again on the same file. Whatever a person was told ("check your email to confirm")
 * must be in the database. Then everyone follows their emailed link at once (which is what takes
 * a place) and the app is killed again: everyone told "confirmed" or "waiting list" must be so,
 * no ticket type may hold more places than its quota, and the app must serve again.
 */
const ATTEMPTS = 300;
const CONCURRENCY = 40;
const PLACES = 100;
/** Kill once this many responses have come back, so the rush is well under way. */
const KILL_AFTER = 90;
const SLUG = "crash-camp";

type Attempt = { i: number; email: string; status?: number; location?: string; error?: string; sentBeforeKill: boolean };

const apps: RunningApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.kill();
});

async function seedEvent(databaseUrl: string) {
  const db = openClient(databaseUrl);
  try {
    const now = new Date().toISOString();
    const startsAt = new Date(Date.now() + 30 * 86400_000).toISOString();
    const event = await db.execute({
      sql: "INSERT INTO events (slug, name, starts_at, ends_at, capacity, created_at, updated_at) VALUES (?, 'Crash Camp', ?, ?, 1000, ?, ?)",
      args: [SLUG, startsAt, startsAt, now, now],
    });
    const eventId = Number(event.lastInsertRowid);
    const ticket = await db.execute({
      sql: "INSERT INTO ticket_types (event_id, name, quota, rule, created_at) VALUES (?, 'Standard', ?, 'open', ?)",
      args: [eventId, PLACES, now],
    });
    return { eventId, ticketTypeId: Number(ticket.lastInsertRowid) };
  } finally {
    db.close();
  }
}

type Outcome = { status?: number; location?: string; error?: string };

/** Posts a form as a browser would and records the answer (or why none came) on `outcome`. */
async function postForm(url: string, origin: string, fields: Record<string, string>, outcome: Outcome) {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin },
      body: new URLSearchParams(fields),
      redirect: "manual",
    });
    outcome.status = response.status;
    outcome.location = response.headers.get("location") ?? "";
    await response.arrayBuffer();
  } catch (error) {
    outcome.error = String((error as Error).cause ?? error);
  }
}

function register(baseUrl: string, attempt: Attempt, ticketTypeId: number) {
  const fields = { name: `Crasher ${attempt.i}`, email: attempt.email, organisation: "Woking Borough Council", ticketTypeId: String(ticketTypeId), intent: "register" };
  return postForm(`${baseUrl}/events/${SLUG}/register`, baseUrl, fields, attempt);
}

/** The answer a person would read as "you are registered, check your email to confirm". */
function acceptedAs(attempt: Attempt): "held" | null {
  if (attempt.status !== 303) return null;
  return /\/register\/check-email\?status=held$/.test(attempt.location ?? "") ? "held" : null;
}

/** Follows a confirmation link (the POST its page makes): 303 means "confirmed" or "on the waiting list". */
function verify(baseUrl: string, attempt: Outcome & { token: string }) {
  return postForm(`${baseUrl}/events/${SLUG}/register/confirm`, baseUrl, { token: attempt.token }, attempt);
}

/** Places taken per ticket type: confirmed places and open offers (never an unverified registration). */
async function placesTaken(db: ReturnType<typeof openClient>, eventId: number): Promise<number[]> {
  const rows = rowsOf<{ taken: number }>(
    await db.execute({
      sql: `SELECT (SELECT COUNT(*) FROM registrations r WHERE r.ticket_type_id = t.id AND r.status IN ('confirmed', 'offered')) AS taken
            FROM ticket_types t WHERE t.event_id = ?`,
      args: [eventId],
    }),
  );
  return rows.map((r) => Number(r.taken));
}

// No email worker: confirmation links are read from emails waiting in the outbox (a sent email's
// body is cleared).
const NO_EMAIL_WORKER = { BACKGROUND_WORK: "off" };

/** Each address's newest confirmation link, from the outbox (nothing is sent in tests). */
async function confirmLinks(databaseUrl: string): Promise<Map<string, string>> {
  const db = openClient(databaseUrl);
  try {
    const rows = rowsOf<{ to_address: string; text_body: string }>(
      await db.execute({ sql: "SELECT to_address, text_body FROM email_outbox WHERE text_body LIKE ? ORDER BY id", args: [`%/events/${SLUG}/register/confirm?token=%`] }),
    );
    return new Map(rows.map((r) => [r.to_address.toLowerCase(), /\/register\/confirm\?token=([A-Za-z0-9_-]+)/.exec(r.text_body)![1]]));
  } finally {
    db.close();
  }
}

describe("a registration rush cut off by SIGKILL", () => {
  it("loses no accepted registration or verification, oversells nothing, and serves again after each restart", { timeout: 180_000 }, async () => {
    const db = await freshDatabase();
    const { eventId, ticketTypeId } = await seedEvent(db.url);

    // Every commit reaches the disk before "committed" (SQLite's FULL, also in WAL mode), as
    // the app's own file-opening code leaves it.
    const probe = openClient(db.url);
    await prepareFileDatabase(probe);
    expect(rowsOf<{ journal_mode: string }>(await probe.execute("PRAGMA journal_mode"))[0].journal_mode).toBe("wal");
    expect(Number(rowsOf<{ synchronous: number }>(await probe.execute("PRAGMA synchronous"))[0].synchronous)).toBe(2);
    probe.close();

    const first = await startApp({ databaseUrl: db.url, env: NO_EMAIL_WORKER });
    apps.push(first);

    const attempts: Attempt[] = Array.from({ length: ATTEMPTS }, (_, i) => ({ i, email: `crasher${i}@woking.gov.uk`, sentBeforeKill: false }));
    let next = 0;
    let answered = 0;
    let killed = false;
    let inFlightAtKill = 0;
    let inFlight = 0;
    let killing: Promise<void> | undefined;
    const worker = async () => {
      while (!killed && next < ATTEMPTS) {
        const attempt = attempts[next++];
        attempt.sentBeforeKill = true;
        inFlight += 1;
        await register(first.url, attempt, ticketTypeId);
        inFlight -= 1;
        if (attempt.status !== undefined) answered += 1;
        if (!killed && answered >= KILL_AFTER) {
          killed = true;
          inFlightAtKill = inFlight;
          killing = first.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killing;
    expect(killed).toBe(true);
    expect(first.process.signalCode).toBe("SIGKILL");
    // Mid-rush: requests were still open when the process died, and some were never sent.
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.sentBeforeKill).length).toBeLessThan(ATTEMPTS);
    const acceptedBeforeKill = attempts.filter(acceptedAs);
    expect(acceptedBeforeKill.length).toBeGreaterThanOrEqual(KILL_AFTER - CONCURRENCY);

    // Start again on the same file; the people cut off try again, and the rest of the rush goes on.
    const second = await startApp({ databaseUrl: db.url, env: NO_EMAIL_WORKER });
    apps.push(second);
    const retried = attempts.filter((a) => a.sentBeforeKill && a.status === undefined);
    const remaining = attempts.filter((a) => !a.sentBeforeKill);
    const afterRestart: Attempt[] = [...retried.map((a) => ({ ...a, status: undefined, location: undefined, error: undefined })), ...remaining];
    for (let start = 0; start < afterRestart.length; start += CONCURRENCY) {
      await Promise.all(afterRestart.slice(start, start + CONCURRENCY).map((a) => register(second.url, a, ticketTypeId)));
    }
    for (const attempt of afterRestart) {
      // Someone whose first try did commit before the kill is told, politely, that they are registered already.
      if (retried.some((r) => r.i === attempt.i) && attempt.status === 400) continue;
      expect(acceptedAs(attempt), `attempt ${attempt.i}: ${attempt.status} ${attempt.location} ${attempt.error ?? ""}`).not.toBeNull();
    }
    const accepted = [...attempts.filter((a) => a.sentBeforeKill && acceptedAs(a)), ...afterRestart.filter((a) => acceptedAs(a))];

    // Read the database as it is now.
    const check = openClient(db.url);
    try {
      expect(rowsOf<{ integrity_check: string }>(await check.execute("PRAGMA integrity_check"))[0].integrity_check).toBe("ok");
      const rows = rowsOf<{ email: string; status: string }>(await check.execute({ sql: "SELECT email, status FROM registrations WHERE event_id = ?", args: [eventId] }));
      const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r.status]));
      const lost = accepted.filter((a) => byEmail.get(a.email) !== acceptedAs(a));
      const committedUnanswered = afterRestart.filter((a) => a.status === 400).length;
      console.log(
        `registrations lost after SIGKILL: ${lost.length} (accepted before the kill: ${acceptedBeforeKill.length}, cut off mid-request: ${retried.length}, of which committed before the kill: ${committedUnanswered})`,
      );
      expect(lost.map((a) => `${a.email}: told ${acceptedAs(a)}, database has ${byEmail.get(a.email) ?? "nothing"}`)).toEqual([]);

      // Nobody appears twice, and every registration has its email queued (same transaction).
      expect(rows.length).toBe(byEmail.size);
      const emails = rowsOf<{ to_address: string }>(await check.execute({ sql: "SELECT to_address FROM email_outbox WHERE subject LIKE '%Crash Camp%'", args: [] }));
      expect(new Set(emails.map((e) => e.to_address.toLowerCase()))).toEqual(new Set(byEmail.keys()));

      // Registering takes no place: only following the emailed link does.
      expect(await placesTaken(check, eventId)).toEqual([0]);
      expect(rows.length).toBe(ATTEMPTS);
    } finally {
      check.close();
    }

    // Then everyone follows their emailed link at once, and the app is killed again mid-rush.
    const links = await confirmLinks(db.url);
    expect(links.size).toBe(ATTEMPTS);
    const verifications = [...links].map(([email, token]) => ({ email, token, sentBeforeKill: false }) as { email: string; token: string; sentBeforeKill: boolean; status?: number; location?: string; error?: string });
    let nextVerification = 0;
    let verifiedAnswers = 0;
    let killedAgain = false;
    let killingAgain: Promise<void> | undefined;
    const verifier = async () => {
      while (!killedAgain && nextVerification < verifications.length) {
        const v = verifications[nextVerification++];
        v.sentBeforeKill = true;
        await verify(second.url, v);
        if (v.status !== undefined) verifiedAnswers += 1;
        if (!killedAgain && verifiedAnswers >= KILL_AFTER) {
          killedAgain = true;
          killingAgain = second.kill();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, verifier));
    await killingAgain;
    expect(second.process.signalCode).toBe("SIGKILL");
    const third = await startApp({ databaseUrl: db.url, env: NO_EMAIL_WORKER });
    apps.push(third);
    const again = verifications.filter((v) => v.status === undefined).map((v) => ({ ...v, error: undefined }));
    for (let start = 0; start < again.length; start += CONCURRENCY) await Promise.all(again.slice(start, start + CONCURRENCY).map((v) => verify(third.url, v)));
    const verified = [...verifications.filter((v) => v.status === 303), ...again.filter((v) => v.status === 303)];
    // A link whose first try committed before the kill is answered "already used" (400): that person verified too.
    for (const v of again) expect([303, 400], `${v.email}: ${v.status} ${v.error ?? ""}`).toContain(v.status);

    const after = openClient(db.url);
    try {
      expect(rowsOf<{ integrity_check: string }>(await after.execute("PRAGMA integrity_check"))[0].integrity_check).toBe("ok");
      const rows = rowsOf<{ email: string; status: string }>(await after.execute({ sql: "SELECT email, status FROM registrations WHERE event_id = ?", args: [eventId] }));
      const byEmail = new Map(rows.map((r) => [r.email.toLowerCase(), r.status]));
      const lostVerifications = verified.filter((v) => !["confirmed", "waiting"].includes(byEmail.get(v.email) ?? ""));
      console.log(`verifications lost after SIGKILL: ${lostVerifications.length} of ${verified.length} answered`);
      expect(lostVerifications.map((v) => `${v.email}: ${byEmail.get(v.email)}`)).toEqual([]);
      expect(rows.filter((r) => r.status === "held").map((r) => r.email)).toEqual([]);
      const taken = await placesTaken(after, eventId);
      console.log(`oversold places after SIGKILL and restart: ${Math.max(0, taken[0] - PLACES)} (${taken[0]}/${PLACES} taken)`);
      // The rush was bigger than the quota, so every place went, none twice, and the rest wait.
      expect(taken).toEqual([PLACES]);
      expect(rows.filter((r) => r.status === "waiting")).toHaveLength(ATTEMPTS - PLACES);
    } finally {
      after.close();
    }

    // The restarted app serves as before.
    const health = await fetch(`${third.url}/healthz`);
    expect(health.status).toBe(200);
    const page = await fetch(`${third.url}/events/${SLUG}/register`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Register for a place");
  });
});
