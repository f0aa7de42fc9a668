import { DomainError, firstRow, hashToken, looksLikeToken, newToken, notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { currentPitcher, nextPitcher, QUEUE_COUNTDOWN_DEFAULT, type QueueStatus, queuePosition, waitingInOrder } from "~/domain/pitch-queue";
import type { Executor } from "./pitches";

/**
 * The pitch queue (issue 17): people who want to pitch join from their phone (recognised by
 * their private link's cookie, or by a typed name and a page of their own reached by a token) or
 * are added by a volunteer at the station; the station calls them up one at a time and marks each
 * as pitched or skipped. Every change is one write transaction that raises the queue's version,
 * which open projector pages poll. Numbers are taken inside the transaction, and an attendee has
 * at most one live place (a unique index), so joins arriving together never share a number or
 * queue someone twice.
 */
type QueueEntry = {
  id: number;
  number: number;
  name: string;
  title: string;
  registrationId: number | null;
  joinedBy: "self" | "station";
  status: QueueStatus;
  pitchId: number | null;
  pitchTitle: string | null;
  startedAt: string | null;
};

type QueueSettings = { joiningOpen: boolean; countdownSeconds: number; version: number };

type EntryRow = {
  id: number;
  number: number;
  name: string;
  title: string;
  registration_id: number | null;
  joined_by: "self" | "station";
  status: QueueStatus;
  pitch_id: number | null;
  pitch_title: string | null;
  started_at: string | null;
};

const toEntry = (r: EntryRow): QueueEntry => ({
  id: Number(r.id),
  number: Number(r.number),
  name: r.name,
  title: r.title,
  registrationId: r.registration_id === null ? null : Number(r.registration_id),
  joinedBy: r.joined_by,
  status: r.status,
  pitchId: r.pitch_id === null ? null : Number(r.pitch_id),
  pitchTitle: r.pitch_title,
  startedAt: r.started_at,
});

async function loadSettings(db: Executor, eventId: number): Promise<QueueSettings> {
  const row = firstRow<{ joining_open: number; countdown_seconds: number; version: number }>(
    await db.execute({ sql: "SELECT joining_open, countdown_seconds, version FROM pitch_queues WHERE event_id = ?", args: [eventId] }),
  );
  return {
    joiningOpen: !!Number(row?.joining_open ?? 0),
    countdownSeconds: Number(row?.countdown_seconds ?? QUEUE_COUNTDOWN_DEFAULT),
    version: Number(row?.version ?? 0),
  };
}

async function loadEntries(db: Executor, eventId: number): Promise<QueueEntry[]> {
  return rowsOf<EntryRow>(
    await db.execute({
      sql: `SELECT q.id, q.number, q.name, q.title, q.registration_id, q.joined_by, q.status, q.pitch_id, p.title AS pitch_title, q.started_at
            FROM pitch_queue_entries q LEFT JOIN pitches p ON p.id = q.pitch_id
            WHERE q.event_id = ? ORDER BY q.number`,
      args: [eventId],
    }),
  ).map(toEntry);
}

/** Raises the queue's version (creating its row on first use), so projectors reload. */
async function bumpQueueVersion(tx: Executor, eventId: number, now: Date) {
  await tx.execute({
    sql: `INSERT INTO pitch_queues (event_id, version, updated_at) VALUES (:event, 1, :at)
          ON CONFLICT (event_id) DO UPDATE SET version = version + 1, updated_at = :at`,
    args: { event: eventId, at: nowIso(now) },
  });
}

type PitchQueueView = { settings: QueueSettings; entries: QueueEntry[]; current: QueueEntry | null; next: QueueEntry | null; waiting: QueueEntry[] };

export async function pitchQueueView(eventId: number): Promise<PitchQueueView> {
  const db = { execute: query };
  const [settings, entries] = await Promise.all([loadSettings(db, eventId), loadEntries(db, eventId)]);
  return { settings, entries, current: currentPitcher(entries), next: nextPitcher(entries), waiting: waitingInOrder(entries) };
}

/** What the projector pages poll: one indexed read. */
export async function pitchQueueVersion(eventId: number): Promise<string> {
  const settings = await loadSettings({ execute: query }, eventId);
  return `q${settings.version}-${settings.countdownSeconds}`;
}

export async function savePitchQueueSettings(eventId: number, input: { countdownSeconds: number; joiningOpen: boolean }, now = new Date()) {
  await writeTransaction(async (tx) => {
    await tx.execute({
      sql: `INSERT INTO pitch_queues (event_id, joining_open, countdown_seconds, version, updated_at) VALUES (:event, :open, :seconds, 1, :at)
            ON CONFLICT (event_id) DO UPDATE SET joining_open = :open, countdown_seconds = :seconds, version = version + 1, updated_at = :at`,
      args: { event: eventId, open: input.joiningOpen ? 1 : 0, seconds: input.countdownSeconds, at: nowIso(now) },
    });
  });
}

type Joiner = { registrationId: number } | { name: string };

type JoinOutcome = { entryId: number; number: number; token: string | null; already: boolean };

/**
 * Adds someone to the end of the queue. From a phone ("self") this needs the queue to be open;
 * a volunteer at the station may add people at any time. A registered attendee already in the
 * queue keeps their place (a second tap, or a second phone, changes nothing); someone who types
 * a name gets a token for their own page.
 */
export async function joinPitchQueue(eventId: number, who: Joiner, title: string, joinedBy: "self" | "station", now = new Date()): Promise<JoinOutcome> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const settings = await loadSettings(tx, eventId);
    if (joinedBy === "self" && !settings.joiningOpen) throw new DomainError("conflict", "The pitch queue is not open yet. Ask a volunteer at the pitch station.");
    let name: string;
    let registrationId: number | null = null;
    if ("registrationId" in who) {
      const person = firstRow<{ id: number; name: string }>(
        await tx.execute({ sql: "SELECT id, name FROM registrations WHERE id = ? AND event_id = ? AND status = 'confirmed'", args: [who.registrationId, eventId] }),
      );
      if (!person) throw new DomainError("invalid", "Choose someone with a confirmed place", "hostRegistrationId");
      const existing = firstRow<{ id: number; number: number }>(
        await tx.execute({
          sql: "SELECT id, number FROM pitch_queue_entries WHERE event_id = ? AND registration_id = ? AND status IN ('waiting', 'current')",
          args: [eventId, person.id],
        }),
      );
      if (existing) return { entryId: Number(existing.id), number: Number(existing.number), token: null, already: true };
      name = person.name;
      registrationId = Number(person.id);
    } else {
      name = who.name;
    }
    const number = Number(firstRow<{ n: number }>(await tx.execute({ sql: "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM pitch_queue_entries WHERE event_id = ?", args: [eventId] }))!.n);
    const token = registrationId === null && joinedBy === "self" ? newToken() : null;
    const inserted = await tx.execute({
      sql: `INSERT INTO pitch_queue_entries (event_id, number, name, title, registration_id, token_hash, joined_by, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'waiting', ?)`,
      args: [eventId, number, name, title, registrationId, token ? hashToken(token) : null, joinedBy, at],
    });
    await bumpQueueVersion(tx, eventId, now);
    return { entryId: Number(inserted.lastInsertRowid), number, token, already: false };
  });
}

type OwnPlace = { entry: QueueEntry; position: number | null; current: QueueEntry | null };

function ownPlace(entries: QueueEntry[], entry: QueueEntry | undefined): OwnPlace | null {
  if (!entry) return null;
  return { entry, position: queuePosition(entries, entry.number), current: currentPitcher(entries) };
}

/** Where someone who joined by typing their name stands (their page's token), or null. */
export async function queuePlaceByToken(eventId: number, token: unknown): Promise<OwnPlace | null> {
  if (!looksLikeToken(token)) return null;
  const row = firstRow<{ id: number }>(await query({ sql: "SELECT id FROM pitch_queue_entries WHERE event_id = ? AND token_hash = ?", args: [eventId, hashToken(token)] }));
  if (!row) return null;
  const entries = await loadEntries({ execute: query }, eventId);
  return ownPlace(entries, entries.find((e) => e.id === Number(row.id)));
}

/** Where an attendee stands: their live place, else their latest one, or null. */
export async function queuePlaceForAttendee(eventId: number, registrationId: number): Promise<OwnPlace | null> {
  const entries = await loadEntries({ execute: query }, eventId);
  const theirs = entries.filter((e) => e.registrationId === registrationId);
  return ownPlace(entries, theirs.find((e) => e.status === "waiting" || e.status === "current") ?? theirs.at(-1));
}

/**
 * Someone takes themselves off the queue from their phone (their token page, or the join page on
 * a device that knows them). Only while waiting: at the microphone, a volunteer skips them.
 */
export async function leavePitchQueue(eventId: number, who: { token: string } | { registrationId: number }, now = new Date()): Promise<void> {
  await writeTransaction(async (tx) => {
    const row = firstRow<{ id: number; status: QueueStatus }>(
      await tx.execute(
        "token" in who
          ? { sql: "SELECT id, status FROM pitch_queue_entries WHERE event_id = ? AND token_hash = ?", args: [eventId, looksLikeToken(who.token) ? hashToken(who.token) : ""] }
          : { sql: "SELECT id, status FROM pitch_queue_entries WHERE event_id = ? AND registration_id = ? AND status IN ('waiting', 'current')", args: [eventId, who.registrationId] },
      ),
    );
    if (!row) throw notFound("Place in the pitch queue");
    if (row.status !== "waiting") throw new DomainError("conflict", row.status === "current" ? "You are at the microphone: tell the volunteer at the pitch station if you no longer want to pitch." : "You are no longer waiting in the queue.");
    await tx.execute({ sql: "UPDATE pitch_queue_entries SET status = 'left', finished_at = ? WHERE id = ?", args: [nowIso(now), row.id] });
    await bumpQueueVersion(tx, eventId, now);
  });
}

/** Marks the person at the microphone done and calls the next one in; returns who that is. */
async function finishCurrent(tx: Executor, eventId: number, entryId: number, status: "pitched" | "skipped", now: Date, pitchId: number | null = null): Promise<QueueEntry | null> {
  const at = nowIso(now);
  await tx.execute({
    sql: "UPDATE pitch_queue_entries SET status = ?, finished_at = ?, pitch_id = COALESCE(?, pitch_id) WHERE id = ? AND event_id = ?",
    args: [status, at, pitchId, entryId, eventId],
  });
  const entries = await loadEntries(tx, eventId);
  if (currentPitcher(entries)) return null;
  const next = nextPitcher(entries);
  if (next) await tx.execute({ sql: "UPDATE pitch_queue_entries SET status = 'current', started_at = ? WHERE id = ?", args: [at, next.id] });
  return next;
}

type QueueAction = "start" | "pitched" | "skipped" | "remove";

/**
 * The station's buttons. "start" calls the first person waiting to the microphone (and starts
 * the countdown); "pitched" and "skipped" finish the person at the microphone, whose id the
 * page showed (so a page that missed a change cannot finish someone else), and call the next;
 * "remove" takes a waiting person off the queue. Returns who is at the microphone afterwards.
 */
export async function updatePitchQueue(eventId: number, action: QueueAction, entryId: number | null, now = new Date()): Promise<{ current: { name: string } | null; finished: { name: string } | null }> {
  return writeTransaction(async (tx) => {
    const entries = await loadEntries(tx, eventId);
    const current = currentPitcher(entries);
    let result: { current: { name: string } | null; finished: { name: string } | null };
    if (action === "start") {
      if (current) throw new DomainError("conflict", `${current.name} is pitching now. Mark them as pitched or skipped first.`);
      const next = nextPitcher(entries);
      if (!next) throw new DomainError("conflict", "Nobody is waiting to pitch.");
      await tx.execute({ sql: "UPDATE pitch_queue_entries SET status = 'current', started_at = ? WHERE id = ?", args: [nowIso(now), next.id] });
      result = { current: next, finished: null };
    } else {
      const entry = entries.find((e) => e.id === entryId);
      if (!entry) throw notFound("Queue entry");
      if (action === "remove") {
        if (entry.status !== "waiting") throw new DomainError("conflict", `${entry.name} is not waiting, so cannot be taken off the queue.`);
        await tx.execute({ sql: "UPDATE pitch_queue_entries SET status = 'left', finished_at = ? WHERE id = ?", args: [nowIso(now), entry.id] });
        result = { current, finished: null };
      } else {
        if (entry.status !== "current") throw new DomainError("conflict", `${entry.name} is no longer at the microphone (${current ? `${current.name} is` : "nobody is"}). The page has been updated.`);
        const next = await finishCurrent(tx, eventId, entry.id, action, now);
        result = { current: next, finished: entry };
      }
    }
    await bumpQueueVersion(tx, eventId, now);
    return result;
  });
}

/**
 * Records, in the new pitch's transaction, that the station recorded it: who stood up (when not
 * the host), who typed it in, and (when it was the queue's current pitcher's) that they pitched,
 * calling the next person. Returns who was called next.
 */
export async function recordQueuePitch(tx: Executor, eventId: number, pitchId: number, record: { pitchedBy: string; recordedBy: string; entryId: number | null }, now: Date): Promise<QueueEntry | null> {
  await tx.execute({ sql: "UPDATE pitches SET pitched_by = ?, station_recorded_by = ? WHERE id = ?", args: [record.pitchedBy, record.recordedBy, pitchId] });
  let next: QueueEntry | null = null;
  if (record.entryId !== null) {
    const entry = (await loadEntries(tx, eventId)).find((e) => e.id === record.entryId);
    if (!entry || (entry.status !== "current" && entry.status !== "waiting")) {
      throw new DomainError("conflict", "That person is no longer waiting or at the microphone: untick “mark them pitched” to record the pitch on its own.", "entryId");
    }
    if (entry.status === "current") next = await finishCurrent(tx, eventId, entry.id, "pitched", now, pitchId);
    else await tx.execute({ sql: "UPDATE pitch_queue_entries SET status = 'pitched', finished_at = ?, pitch_id = ? WHERE id = ?", args: [nowIso(now), pitchId, entry.id] });
  }
  await bumpQueueVersion(tx, eventId, now);
  return next;
}

type StationPitch = { id: number; title: string; hosts: string; pitchedBy: string; createdAt: string };

/** The latest pitches recorded at the station, newest first (the station's list, the projector's "Just pitched"). */
export async function stationPitches(eventId: number, limit = 10): Promise<StationPitch[]> {
  return rowsOf<{ id: number; title: string; hosts: string | null; pitched_by: string; created_at: string }>(
    await query({
      sql: `SELECT p.id, p.title, p.pitched_by, p.created_at,
                   (SELECT group_concat(r.name, ', ') FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id
                      WHERE h.pitch_id = p.id AND h.role = 'host' AND r.status <> 'erased') AS hosts
            FROM pitches p WHERE p.event_id = ? AND p.station_recorded_by IS NOT NULL AND p.status = 'open'
            ORDER BY p.id DESC LIMIT ?`,
      args: [eventId, limit],
    }),
  ).map((r) => ({ id: Number(r.id), title: r.title, hosts: r.hosts ?? "", pitchedBy: r.pitched_by, createdAt: r.created_at }));
}
