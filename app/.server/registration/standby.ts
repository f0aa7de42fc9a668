import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, hashToken, looksLikeToken, newToken, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { standbyCalledEmail } from "./emails/standby";
import { cutoffDue, nextToCall, seatsForStandby, type StandbyPerson, type StandbyStatus } from "~/domain/standby";
import { utcToZoned, zonedToUtc } from "~/domain/time";

/**
 * Standby at the door (issue 16): people without a place join a numbered list (an organiser adds
 * them at the desk, or they join on their phone from a link shown at the door). At the cut-off the
 * organiser set (or earlier, when they release by hand) the seats of people not checked in go to
 * standby in number order: each person called is told on the check-in page and by email if they
 * gave one. Held named places are kept. Registrations are not changed: someone with a place who
 * arrives after the cut-off can still be checked in (the desk sees how many seats are left).
 */
type Executor = Pick<Transaction, "execute">;

type StandbyEntry = {
  id: number;
  number: number;
  name: string;
  email: string | null;
  joinedBy: "desk" | "door";
  status: StandbyStatus;
  calledAt: string | null;
};

type StandbyList = { cutoffAt: string | null; releasedAt: string | null; joiningOpen: boolean };

type EntryRow = { id: number; number: number; name: string; email: string | null; joined_by: "desk" | "door"; status: StandbyStatus; called_at: string | null };
const toEntry = (r: EntryRow): StandbyEntry => ({
  id: Number(r.id),
  number: Number(r.number),
  name: r.name,
  email: r.email,
  joinedBy: r.joined_by,
  status: r.status,
  calledAt: r.called_at,
});

async function loadList(db: Executor, eventId: number): Promise<StandbyList> {
  const row = firstRow<{ cutoff_at: string | null; released_at: string | null; joining_open: number }>(
    await db.execute({ sql: "SELECT cutoff_at, released_at, joining_open FROM standby_lists WHERE event_id = ?", args: [eventId] }),
  );
  return { cutoffAt: row?.cutoff_at ?? null, releasedAt: row?.released_at ?? null, joiningOpen: !!Number(row?.joining_open ?? 0) };
}

async function loadEntries(db: Executor, eventId: number): Promise<StandbyEntry[]> {
  return rowsOf<EntryRow>(
    await db.execute({ sql: "SELECT id, number, name, email, joined_by, status, called_at FROM standby_entries WHERE event_id = ? ORDER BY number", args: [eventId] }),
  ).map(toEntry);
}

async function seatCounts(db: Executor, eventId: number, list: StandbyList, entries: StandbyEntry[]) {
  const row = firstRow<{ capacity: number; checked_in: number; held: number }>(
    await db.execute({
      sql: `SELECT (SELECT capacity FROM events WHERE id = :event) AS capacity,
              (SELECT COUNT(*) FROM registrations WHERE event_id = :event AND status = 'confirmed' AND checked_in_at IS NOT NULL) AS checked_in,
              (SELECT COUNT(*) FROM standby_holds h JOIN registrations r ON r.id = h.registration_id
                 WHERE h.event_id = :event AND r.status = 'confirmed' AND r.checked_in_at IS NULL) AS held`,
      args: { event: eventId },
    }),
  )!;
  const counts = {
    released: !!list.releasedAt,
    capacity: Number(row.capacity),
    checkedIn: Number(row.checked_in),
    heldNotCheckedIn: Number(row.held),
    standbyCalledOrSeated: entries.filter((e) => e.status === "called" || e.status === "seated").length,
  };
  return { ...counts, free: seatsForStandby(counts) };
}

type StandbyView = {
  list: StandbyList;
  entries: StandbyEntry[];
  seats: Awaited<ReturnType<typeof seatCounts>>;
  next: StandbyEntry | null;
  holds: { registrationId: number; name: string; checkedIn: boolean }[];
};

export async function standbyView(eventId: number): Promise<StandbyView> {
  const db = { execute: query };
  const [list, entries] = await Promise.all([loadList(db, eventId), loadEntries(db, eventId)]);
  const seats = await seatCounts(db, eventId, list, entries);
  const holds = rowsOf<{ registration_id: number; name: string; checked_in_at: string | null }>(
    await query({
      sql: "SELECT h.registration_id, r.name, r.checked_in_at FROM standby_holds h JOIN registrations r ON r.id = h.registration_id WHERE h.event_id = ? AND r.status = 'confirmed' ORDER BY r.name",
      args: [eventId],
    }),
  ).map((h) => ({ registrationId: Number(h.registration_id), name: h.name, checkedIn: !!h.checked_in_at }));
  return { list, entries, seats, next: nextToCall(entries, 1)[0] ?? null, holds };
}

/** The cut-off as a time of day on the event's first day, in its time zone (or null). */
export function cutoffTimeOfDay(list: StandbyList, event: EventRecord): string | null {
  return list.cutoffAt ? utcToZoned(list.cutoffAt, event.timeZone).time : null;
}

export async function saveStandbySettings(eventId: number, input: { cutoff: string; joiningOpen: boolean }, now = new Date()) {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  const cutoffAt = input.cutoff ? nowIso(zonedToUtc(utcToZoned(event.startsAt, event.timeZone).date, input.cutoff, event.timeZone)) : null;
  await writeTransaction(async (tx) => {
    const list = await loadList(tx, eventId);
    if (list.releasedAt && cutoffAt !== list.cutoffAt) {
      // The release has happened; a new cut-off would mean nothing. Only joining may change.
      throw new DomainError("conflict", "Places have already been released to standby, so the cut-off cannot change.", "cutoff");
    }
    await tx.execute({
      sql: `INSERT INTO standby_lists (event_id, cutoff_at, joining_open, updated_at) VALUES (:event, :cutoff, :open, :at)
            ON CONFLICT (event_id) DO UPDATE SET cutoff_at = :cutoff, joining_open = :open, updated_at = :at`,
      args: { event: eventId, cutoff: cutoffAt, open: input.joiningOpen ? 1 : 0, at: nowIso(now) },
    });
  });
}

/**
 * Adds someone to the end of the list. From the door this needs joining to be open; it returns
 * a token for the page that shows their number. After the release, they are called at once if a
 * seat is free.
 */
export async function joinStandby(eventId: number, person: StandbyPerson, joinedBy: "desk" | "door", now = new Date()): Promise<{ number: number; token: string | null }> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const list = await loadList(tx, eventId);
    if (joinedBy === "door" && !list.joiningOpen) throw new DomainError("conflict", "The standby list is not open to join from here. Ask at the registration desk.");
    const number = Number(firstRow<{ n: number }>(await tx.execute({ sql: "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM standby_entries WHERE event_id = ?", args: [eventId] }))!.n);
    const token = joinedBy === "door" ? newToken() : null;
    await tx.execute({
      sql: `INSERT INTO standby_entries (event_id, number, name, email, token_hash, joined_by, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?)`,
      args: [eventId, number, person.name, person.email, token ? hashToken(token) : null, joinedBy, at],
    });
    if (list.releasedAt) await callFreeSeats(tx, event, now);
    return { number, token };
  });
}

/** What the person who joined from the door sees: their number, whether they are called, and who is being called. */
export async function standbyEntryByToken(eventId: number, token: unknown): Promise<{ number: number; status: StandbyStatus; name: string } | null> {
  if (!looksLikeToken(token)) return null;
  const row = firstRow<{ number: number; status: StandbyStatus; name: string }>(
    await query({ sql: "SELECT number, status, name FROM standby_entries WHERE event_id = ? AND token_hash = ?", args: [eventId, hashToken(token)] }),
  );
  return row ? { number: Number(row.number), status: row.status, name: row.name } : null;
}

async function callEntry(tx: Executor, event: EventRecord, entry: StandbyEntry, now: Date) {
  const at = nowIso(now);
  const result = await tx.execute({ sql: "UPDATE standby_entries SET status = 'called', called_at = ? WHERE id = ? AND status = 'waiting'", args: [at, entry.id] });
  if (result.rowsAffected !== 1 || !entry.email) return;
  await queueEmail(tx, { eventId: event.id, to: entry.email, ...standbyCalledEmail(event, entry, at) }, now);
}

/** Calls as many waiting people as there are seats for standby, in number order. */
async function callFreeSeats(tx: Executor, event: EventRecord, now: Date): Promise<number> {
  const list = await loadList(tx, event.id);
  const entries = await loadEntries(tx, event.id);
  const { free } = await seatCounts(tx, event.id, list, entries);
  const called = nextToCall(entries, free);
  for (const entry of called) await callEntry(tx, event, entry, now);
  return called.length;
}

/**
 * Releases the seats of people not checked in to standby now (the cut-off, or an organiser
 * releasing early) and calls the first people on the list. Done once: a second release (the job
 * in another process, the button pressed twice) only calls people for seats still free.
 */
export async function releaseToStandby(eventId: number, now = new Date()): Promise<number> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    await tx.execute({
      sql: `INSERT INTO standby_lists (event_id, released_at, updated_at) VALUES (:event, :at, :at)
            ON CONFLICT (event_id) DO UPDATE SET released_at = COALESCE(released_at, :at), updated_at = :at`,
      args: { event: eventId, at },
    });
    return callFreeSeats(tx, event, now);
  });
}

/**
 * The desk's answer about someone called: they came (seated), or they did not (gone: the seat
 * goes to the next person). A waiting person can also be called by hand, or taken off the list.
 */
export async function updateStandbyEntry(eventId: number, entryId: number, action: "seated" | "gone" | "call", now = new Date()): Promise<void> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  const at = nowIso(now);
  await writeTransaction(async (tx) => {
    const entry = (await loadEntries(tx, eventId)).find((e) => e.id === entryId);
    if (!entry) throw notFound("Standby entry");
    if (action === "call") {
      if (entry.status !== "waiting") throw new DomainError("conflict", `Number ${entry.number} is not waiting, so cannot be called.`);
      await callEntry(tx, event, entry, now);
      return;
    }
    if (action === "seated") {
      if (entry.status === "seated") return;
      await tx.execute({ sql: "UPDATE standby_entries SET status = 'seated', seated_at = ?, called_at = COALESCE(called_at, ?) WHERE id = ?", args: [at, at, entry.id] });
    } else {
      if (entry.status === "gone") return;
      await tx.execute({ sql: "UPDATE standby_entries SET status = 'gone' WHERE id = ?", args: [entry.id] });
    }
    if ((await loadList(tx, eventId)).releasedAt) await callFreeSeats(tx, event, now);
  });
}

/** Holds (or stops holding) a named place past the cut-off, for someone confirmed who is running late. */
export async function holdPlace(eventId: number, registrationId: number, hold: boolean, by: string, now = new Date()) {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  await writeTransaction(async (tx) => {
    const row = firstRow(await tx.execute({ sql: "SELECT id FROM registrations WHERE id = ? AND event_id = ? AND status = 'confirmed'", args: [registrationId, eventId] }));
    if (!row) throw new DomainError("conflict", "Only someone with a confirmed place can have it held.", "registrationId");
    if (hold) {
      await tx.execute({ sql: "INSERT OR IGNORE INTO standby_holds (registration_id, event_id, held_at, held_by) VALUES (?, ?, ?, ?)", args: [registrationId, eventId, nowIso(now), by] });
    } else {
      await tx.execute({ sql: "DELETE FROM standby_holds WHERE registration_id = ?", args: [registrationId] });
      if ((await loadList(tx, eventId)).releasedAt) await callFreeSeats(tx, event, now);
    }
  });
}

/**
 * The periodic job: releases the places of every event whose cut-off has come (once), calls
 * standby people for seats still free after a release (e.g. after a restart mid-way), and
 * forgets standby names and emails a day after the event ends (only numbers and counts stay).
 */
export async function runStandby(now = new Date()): Promise<{ released: number; called: number; forgotten: number }> {
  const at = nowIso(now);
  const lists = rowsOf<{ event_id: number; cutoff_at: string | null; released_at: string | null }>(
    await query({
      sql: `SELECT l.event_id, l.cutoff_at, l.released_at FROM standby_lists l JOIN events e ON e.id = l.event_id
            WHERE e.ends_at > ? AND (l.released_at IS NOT NULL OR l.cutoff_at <= ?)`,
      args: [at, at],
    }),
  );
  const totals = { released: 0, called: 0, forgotten: 0 };
  for (const list of lists) {
    const eventId = Number(list.event_id);
    if (cutoffDue({ cutoffAt: list.cutoff_at, releasedAt: list.released_at }, at)) {
      totals.released += 1;
      totals.called += await releaseToStandby(eventId, now);
    } else if (list.released_at) {
      // Released already: write only when a seat is free and someone is waiting for it.
      const view = await standbyView(eventId);
      if (nextToCall(view.entries, view.seats.free).length > 0) totals.called += await releaseToStandby(eventId, now);
    }
  }
  const dayAgo = nowIso(new Date(now.getTime() - 86_400_000));
  const forget = `(name <> '' OR email IS NOT NULL) AND event_id IN (SELECT id FROM events WHERE ends_at <= ?)`;
  if (!firstRow(await query({ sql: `SELECT 1 FROM standby_entries WHERE ${forget} LIMIT 1`, args: [dayAgo] }))) return totals;
  totals.forgotten = await writeTransaction(async (tx) => {
    const result = await tx.execute({
      sql: `UPDATE standby_entries SET name = '', email = NULL, token_hash = NULL WHERE ${forget}`,
      args: [dayAgo],
    });
    return result.rowsAffected;
  });
  return totals;
}
