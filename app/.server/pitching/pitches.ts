// About 400 lines: a pitch's life (create, edit, withdraw, merge) with the host rules and
// emails each step shares; interest marks and organiser views are in their own files.
import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, getDb, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { type EventRecord, findEventById } from "../events";
import { attendeeMayChange, type HostEntry, type HostRole, MAX_OPEN_PITCHES, mergeInterest, mergeRefusal, type PitchFormat, type PitchInput, type PitchStatus, withinPitchLimit } from "~/domain/pitch-rules";
import { manageTokenFor } from "../registration";
import { markScheduleChanged } from "../schedule";
import { recordWithdrawal } from "./withdrawals";
import { recordMerge } from "./merges";
import { coHostInvitationEmail, sessionMergedEmail, sessionWithdrawnEmail } from "./emails";

/**
 * Pitches, their hosts and "I'd go" marks. Every write is one write transaction that re-checks
 * what it depends on (the pitch still open, not yet placed, the person's open-pitch count), so
 * two phones acting at once cannot get round a rule. Changes that show on the public schedule
 * (title, hosts, withdrawal, merge) raise the pitch's sequence where calendars need it, set
 * updated_at, and mark the schedule changed.
 */
export type Executor = Pick<Transaction, "execute">;

/** A refusal the form shows next to a field (or at the top when the field is "form"). */
export class PitchRefused extends Error {
  constructor(
    message: string,
    readonly field: string = "form",
  ) {
    super(message);
  }
}

type PitchActor = { kind: "attendee"; registrationId: number } | { kind: "organiser"; email: string };

type PitchHost = { registrationId: number; name: string; email: string; role: HostRole };

export type PitchDetail = {
  id: number;
  eventId: number;
  title: string;
  description: string;
  format: PitchFormat;
  needs: string[];
  avoidSlotIds: number[];
  status: PitchStatus;
  mergedIntoId: number | null;
  sequence: number;
  createdAt: string;
  updatedAt: string;
  hosts: PitchHost[];
  interest: number;
  placed: boolean;
};

type PitchRow = {
  id: number;
  event_id: number;
  title: string;
  description: string;
  format: PitchFormat;
  needs: string;
  avoid_slot_ids: string;
  status: PitchStatus;
  merged_into_id: number | null;
  sequence: number;
  created_at: string;
  updated_at: string;
  interest: number;
  placed: number;
};

const ROLE_ORDER = "CASE h.role WHEN 'host' THEN 0 WHEN 'co-host' THEN 1 ELSE 2 END";

async function loadPitch(db: Executor, eventId: number, pitchId: number): Promise<PitchDetail | null> {
  const row = firstRow<PitchRow>(
    await db.execute({
      sql: `SELECT p.id, p.event_id, p.title, p.description, p.format, p.needs, p.avoid_slot_ids, p.status, p.merged_into_id, p.sequence,
                   p.created_at, p.updated_at,
                   (SELECT COUNT(*) FROM pitch_interest i WHERE i.pitch_id = p.id) AS interest,
                   EXISTS (SELECT 1 FROM placements pl WHERE pl.pitch_id = p.id) AS placed
            FROM pitches p WHERE p.id = ? AND p.event_id = ?`,
      args: [pitchId, eventId],
    }),
  );
  if (!row) return null;
  const hosts = rowsOf<{ registration_id: number; name: string; email: string; role: HostRole }>(
    await db.execute({
      sql: `SELECT h.registration_id, r.name, r.email, h.role FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id
            WHERE h.pitch_id = ? AND r.status <> 'erased' ORDER BY ${ROLE_ORDER}, h.added_at, h.registration_id`,
      args: [pitchId],
    }),
  );
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    title: row.title,
    description: row.description,
    format: row.format,
    needs: JSON.parse(row.needs) as string[],
    avoidSlotIds: JSON.parse(row.avoid_slot_ids) as number[],
    status: row.status,
    mergedIntoId: row.merged_into_id === null ? null : Number(row.merged_into_id),
    sequence: Number(row.sequence),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    hosts: hosts.map((h) => ({ registrationId: Number(h.registration_id), name: h.name, email: h.email, role: h.role })),
    interest: Number(row.interest),
    placed: !!Number(row.placed),
  };
}

export async function findPitch(eventId: number, pitchId: number): Promise<PitchDetail | null> {
  if (!Number.isSafeInteger(pitchId) || pitchId <= 0) return null;
  return loadPitch(await getDb(), eventId, pitchId);
}

/** The pitch, or a 404 page. */
export async function requirePitch(eventId: number, pitchId: number): Promise<PitchDetail> {
  const pitch = await findPitch(eventId, pitchId);
  if (!pitch) throw notFound("Pitch");
  return pitch;
}

export async function requirePitchIn(tx: Executor, eventId: number, pitchId: number): Promise<PitchDetail> {
  const pitch = await loadPitch(tx, eventId, pitchId);
  if (!pitch) throw notFound("Pitch");
  return pitch;
}

/* Pitching open or closed ------------------------------------------------------------------ */

export async function isPitchingOpen(eventId: number): Promise<boolean> {
  const row = firstRow<{ pitching_open: number }>(await query({ sql: "SELECT pitching_open FROM events WHERE id = ?", args: [eventId] }));
  return !!Number(row?.pitching_open ?? 0);
}

export async function setPitchingOpen(eventId: number, open: boolean) {
  await writeTransaction(async (tx) => {
    await tx.execute({ sql: "UPDATE events SET pitching_open = ? WHERE id = ?", args: [open ? 1 : 0, eventId] });
  });
}

/* People ------------------------------------------------------------------------------------ */

type Person = { id: number; name: string; email: string };

export async function confirmedAttendee(tx: Executor, eventId: number, registrationId: number): Promise<Person | null> {
  return (
    firstRow<Person>(
      await tx.execute({
        sql: "SELECT id, name, email FROM registrations WHERE id = ? AND event_id = ? AND status = 'confirmed'",
        args: [registrationId, eventId],
      }),
    ) ?? null
  );
}

/** Co-hosts named by email: each must be another confirmed attendee of the event. */
async function resolveCoHosts(tx: Executor, eventId: number, emails: string[], hostId: number): Promise<Person[]> {
  const people: Person[] = [];
  for (const email of emails) {
    const person = firstRow<Person>(
      await tx.execute({
        sql: "SELECT id, name, email FROM registrations WHERE event_id = ? AND email = ? AND status = 'confirmed'",
        args: [eventId, email],
      }),
    );
    if (!person) throw new PitchRefused(`${email} is not a confirmed attendee of this event. Co-hosts need a place first`, "coHosts");
    if (Number(person.id) === hostId) throw new PitchRefused("You do not need to add yourself as a co-host", "coHosts");
    people.push({ id: Number(person.id), name: person.name, email: person.email });
  }
  return people;
}

/** Avoided times must be this event's session slots (the form offers only those). */
async function checkAvoidSlots(tx: Executor, eventId: number, slotIds: number[]) {
  if (slotIds.length === 0) return;
  const found = rowsOf<{ id: number }>(
    await tx.execute({
      sql: `SELECT id FROM slots WHERE event_id = ? AND kind = 'session' AND id IN (${slotIds.map(() => "?").join(",")})`,
      args: [eventId, ...slotIds],
    }),
  );
  if (found.length !== slotIds.length) throw new PitchRefused("Choose times from the list", "avoidSlotIds");
}

/** Queues an email to a host: `email` is the template (pitching/emails.ts), given the person's new private link. */
export async function emailAttendee(tx: Executor, person: Person, email: (manageToken: string) => { subject: string; text: string }, now: Date) {
  const token = await manageTokenFor(tx, person.id);
  // The event's contact address is the Reply-To: the person's registration says which event.
  const eventId = Number(firstRow<{ event_id: number }>(await tx.execute({ sql: "SELECT event_id FROM registrations WHERE id = ?", args: [person.id] }))?.event_id ?? 0);
  await queueEmail(tx, { eventId, to: person.email, ...email(token) }, now);
}

async function inviteCoHost(tx: Executor, event: EventRecord, pitchId: number, title: string, inviter: string, person: Person, now: Date) {
  await tx.execute({
    sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host-invited', ?) ON CONFLICT DO NOTHING",
    args: [pitchId, person.id, nowIso(now)],
  });
  await emailAttendee(tx, person, (manageToken) => coHostInvitationEmail(event, { name: person.name, inviter, title, pitchId, manageToken }), now);
}

/* Creating and changing pitches ------------------------------------------------------------ */

/**
 * A new pitch hosted by a confirmed attendee: by the attendee themselves, or added by an
 * organiser for someone pitching at the station (allowed even when pitching is closed). The
 * five-open-pitches limit is counted inside the transaction, so quick double submits cannot
 * pass it.
 */
export async function createPitch(
  eventId: number,
  hostRegistrationId: number,
  input: PitchInput,
  by: PitchActor = { kind: "attendee", registrationId: hostRegistrationId },
  now = new Date(),
  /** More writes that belong with the new pitch, in its transaction (the pitch station's record). */
  alongside?: (tx: Executor, pitchId: number) => Promise<void>,
): Promise<PitchDetail> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  return writeTransaction(async (tx) => {
    const open = firstRow<{ pitching_open: number }>(await tx.execute({ sql: "SELECT pitching_open FROM events WHERE id = ?", args: [eventId] }));
    if (by.kind === "attendee" && !Number(open?.pitching_open)) throw new PitchRefused("Pitching is closed for this event. Talk to an organiser if you still want to pitch.");
    const host = await confirmedAttendee(tx, eventId, hostRegistrationId);
    if (!host) {
      if (by.kind === "organiser") throw new PitchRefused("Choose a confirmed attendee as the host", "hostRegistrationId");
      throw new DomainError("forbidden", "Only confirmed attendees of this event can pitch.");
    }
    const openHosted = Number(
      firstRow<{ n: number }>(
        await tx.execute({
          sql: `SELECT COUNT(*) AS n FROM pitch_hosts h JOIN pitches p ON p.id = h.pitch_id
                WHERE h.registration_id = ? AND h.role = 'host' AND p.status = 'open'`,
          args: [hostRegistrationId],
        }),
      )!.n,
    );
    if (!withinPitchLimit(openHosted)) {
      const who = by.kind === "attendee" ? "You already have" : `${host.name} already has`;
      throw new PitchRefused(`${who} ${MAX_OPEN_PITCHES} open pitches, the most anyone can have. Withdraw one before pitching another`);
    }
    await checkAvoidSlots(tx, eventId, input.avoidSlotIds);
    const coHosts = await resolveCoHosts(tx, eventId, input.coHosts, hostRegistrationId);
    const at = nowIso(now);
    const result = await tx.execute({
      sql: `INSERT INTO pitches (event_id, title, description, format, needs, avoid_slot_ids, status, created_by_registration_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)`,
      args: [eventId, input.title, input.description, input.format, JSON.stringify(input.needs), JSON.stringify(input.avoidSlotIds), hostRegistrationId, at, at],
    });
    const pitchId = Number(result.lastInsertRowid);
    await tx.execute({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'host', ?)", args: [pitchId, hostRegistrationId, at] });
    for (const person of coHosts) await inviteCoHost(tx, event, pitchId, input.title, host.name, person, now);
    if (alongside) await alongside(tx, pitchId);
    return (await loadPitch(tx, eventId, pitchId))!;
  });
}

function refuseUnlessAllowed(pitch: PitchDetail, actor: PitchActor) {
  if (actor.kind === "organiser") {
    if (pitch.status !== "open") throw new PitchRefused("This pitch has been withdrawn or merged, so it cannot be changed.");
    return;
  }
  const check = attendeeMayChange(pitch, actor.registrationId);
  if (check.ok) return;
  if (check.reason === "not-host") throw new DomainError("forbidden", check.message);
  throw new PitchRefused(check.message);
}

/**
 * Changes a pitch: by its host until it is on the grid, by an organiser at any time. The
 * co-host list is the whole wanted list: new addresses are invited, missing ones removed.
 */
export async function editPitch(eventId: number, pitchId: number, actor: PitchActor, input: PitchInput, now = new Date()): Promise<PitchDetail> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  return writeTransaction(async (tx) => {
    const pitch = await requirePitchIn(tx, eventId, pitchId);
    refuseUnlessAllowed(pitch, actor);
    await checkAvoidSlots(tx, eventId, input.avoidSlotIds);
    const host = pitch.hosts.find((h) => h.role === "host");
    const hostId = host?.registrationId ?? -1;
    const wanted = await resolveCoHosts(tx, eventId, input.coHosts, hostId);
    const wantedIds = new Set(wanted.map((p) => p.id));
    const current = pitch.hosts.filter((h) => h.role !== "host");
    const at = nowIso(now);
    let hostsChanged = false;
    for (const h of current) {
      if (wantedIds.has(h.registrationId)) continue;
      await tx.execute({ sql: "DELETE FROM pitch_hosts WHERE pitch_id = ? AND registration_id = ?", args: [pitchId, h.registrationId] });
      hostsChanged = true;
    }
    const currentIds = new Set(current.map((h) => h.registrationId));
    const inviter = actor.kind === "organiser" ? `An organiser of ${event.name}, for ${host?.name ?? "the host"},` : (host?.name ?? "The host");
    for (const person of wanted) {
      if (currentIds.has(person.id)) continue;
      await inviteCoHost(tx, event, pitchId, input.title, inviter, person, now);
    }
    const titleChanged = input.title !== pitch.title;
    await tx.execute({
      sql: `UPDATE pitches SET title = ?, description = ?, format = ?, needs = ?, avoid_slot_ids = ?, sequence = sequence + ?, updated_at = ?
            WHERE id = ?`,
      args: [input.title, input.description, input.format, JSON.stringify(input.needs), JSON.stringify(input.avoidSlotIds), titleChanged ? 1 : 0, at, pitchId],
    });
    if (titleChanged || hostsChanged || input.description !== pitch.description || input.format !== pitch.format) await markScheduleChanged(tx, eventId, now);
    return (await loadPitch(tx, eventId, pitchId))!;
  });
}

/**
 * Withdraws a pitch: by its host until it is on the grid, by an organiser at any time (the
 * hosts are emailed). A placed pitch gives up its cell in the same transaction.
 */
export async function withdrawPitch(eventId: number, pitchId: number, actor: PitchActor, now = new Date()): Promise<PitchDetail> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  return writeTransaction(async (tx) => {
    const pitch = await requirePitchIn(tx, eventId, pitchId);
    refuseUnlessAllowed(pitch, actor);
    const at = nowIso(now);
    if (actor.kind === "organiser") await recordWithdrawal(tx, eventId, pitch, actor.email, now);
    await tx.execute({ sql: "UPDATE pitches SET status = 'withdrawn', sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, pitchId] });
    await tx.execute({ sql: "DELETE FROM placements WHERE pitch_id = ?", args: [pitchId] });
    await markScheduleChanged(tx, eventId, now);
    if (actor.kind === "organiser") {
      for (const h of pitch.hosts.filter((h) => h.role !== "co-host-invited")) {
        const email = (manageToken: string) => sessionWithdrawnEmail(event, { name: h.name, title: pitch.title, placed: pitch.placed, manageToken });
        await emailAttendee(tx, { id: h.registrationId, name: h.name, email: h.email }, email, now);
      }
    }
    return (await loadPitch(tx, eventId, pitchId))!;
  });
}

/**
 * Merges a duplicate into the pitch to keep: interest and hosts combine (see mergeInterest),
 * the duplicate becomes 'merged' with merged_into_id, leaves the grid, and its hosts are told.
 * Marks on the duplicate stay as they were, so nothing anyone did is lost.
 */
export async function mergePitches(eventId: number, keptId: number, duplicateId: number, now = new Date(), organiserEmail = "an organiser"): Promise<PitchDetail> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  return writeTransaction(async (tx) => {
    const kept = await loadPitch(tx, eventId, keptId);
    const duplicate = await loadPitch(tx, eventId, duplicateId);
    const refusal = mergeRefusal(kept, duplicate);
    if (refusal) throw new PitchRefused(refusal, "duplicateId");
    const people = async (pitch: PitchDetail) => ({
      hosts: pitch.hosts.map((h): HostEntry => ({ registrationId: h.registrationId, role: h.role })),
      interest: rowsOf<{ registration_id: number }>(
        await tx.execute({ sql: "SELECT registration_id FROM pitch_interest WHERE pitch_id = ?", args: [pitch.id] }),
      ).map((r) => Number(r.registration_id)),
    });
    const merged = mergeInterest(await people(kept!), await people(duplicate!));
    const at = nowIso(now);
    const markedAt = new Map(
      rowsOf<{ registration_id: number; marked_at: string }>(
        await tx.execute({ sql: "SELECT registration_id, marked_at FROM pitch_interest WHERE pitch_id = ?", args: [duplicateId] }),
      ).map((r) => [Number(r.registration_id), r.marked_at]),
    );
    for (const registrationId of merged.addedInterest) {
      await tx.execute({
        sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        args: [keptId, registrationId, markedAt.get(registrationId) ?? at],
      });
    }
    for (const h of merged.addedHosts) {
      await tx.execute({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", args: [keptId, h.registrationId, h.role, at] });
    }
    for (const h of merged.changedHosts) {
      await tx.execute({ sql: "UPDATE pitch_hosts SET role = ? WHERE pitch_id = ? AND registration_id = ?", args: [h.role, keptId, h.registrationId] });
    }
    await tx.execute({
      sql: "UPDATE pitches SET status = 'merged', merged_into_id = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?",
      args: [keptId, at, duplicateId],
    });
    await tx.execute({ sql: "UPDATE pitches SET updated_at = ? WHERE id = ?", args: [at, keptId] });
    await recordMerge(tx, { eventId, kept: kept!, duplicate: duplicate!, ...merged, organiserEmail }, now);
    await tx.execute({ sql: "DELETE FROM placements WHERE pitch_id = ?", args: [duplicateId] });
    await markScheduleChanged(tx, eventId, now);
    for (const h of duplicate!.hosts.filter((h) => h.role !== "co-host-invited")) {
      const email = (manageToken: string) => sessionMergedEmail(event, { name: h.name, duplicateTitle: duplicate!.title, keptTitle: kept!.title, keptId, manageToken });
      await emailAttendee(tx, { id: h.registrationId, name: h.name, email: h.email }, email, now);
    }
    return (await loadPitch(tx, eventId, keptId))!;
  });
}
