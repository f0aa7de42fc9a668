import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { placeReleasedEmail, stillComingEmail } from "./emails/reconfirmation";
import { manageTokenFor } from "./manage-links";
import { offerFreePlaces } from "./waiting-list";
import {
  answerRefusal,
  dueSteps,
  releasedAtDeadline,
  roundTimes,
  type Answer,
  type AskedPerson,
  type ReconfirmationInput,
  type RoundCounts,
  type Silence,
} from "~/domain/reconfirmation";

/**
 * The reconfirmation round (issue 16): a week before the event everyone holding a place is asked
 * "Are you still coming?"; "no" releases the place at once, and at the deadline the places of
 * those who said no or (if the organiser chose so) stayed silent go to the waiting list as offers,
 * in the waiting list's usual order (offerFreePlaces). Each step of the periodic job is one write
 * transaction that records it was done, so the job can run any number of times, in any number of
 * processes, and after a restart at any moment, and does each step once.
 */
type Executor = Pick<Transaction, "execute">;

type Round = {
  eventId: number;
  sendAt: string;
  deadlineAt: string;
  reminderAt: string | null;
  silence: Silence;
  sentAt: string | null;
  remindedAt: string | null;
  closedAt: string | null;
};

type RoundRow = {
  event_id: number;
  send_at: string;
  deadline_at: string;
  reminder_at: string | null;
  silence: Silence;
  sent_at: string | null;
  reminded_at: string | null;
  closed_at: string | null;
};

const toRound = (r: RoundRow): Round => ({
  eventId: Number(r.event_id),
  sendAt: r.send_at,
  deadlineAt: r.deadline_at,
  reminderAt: r.reminder_at,
  silence: r.silence,
  sentAt: r.sent_at,
  remindedAt: r.reminded_at,
  closedAt: r.closed_at,
});

async function loadRound(db: Executor, eventId: number): Promise<Round | null> {
  const row = firstRow<RoundRow>(await db.execute({ sql: "SELECT * FROM reconfirmation_rounds WHERE event_id = ?", args: [eventId] }));
  return row ? toRound(row) : null;
}

export async function findRound(eventId: number): Promise<Round | null> {
  return loadRound({ execute: query }, eventId);
}

/**
 * Schedules (or reschedules) the event's round. Before it is sent everything may change; once
 * sent, the deadline, reminder and what silence means may still change (the deadline must stay
 * in the future); once closed, nothing.
 */
export async function saveRound(eventId: number, input: ReconfirmationInput, now = new Date()): Promise<Round> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  const times = roundTimes(new Date(event.startsAt), input);
  const at = nowIso(now);
  if (times.deadlineAt <= now) {
    throw new DomainError("invalid", "That deadline has already passed: give fewer days before the event", "deadlineDaysBefore");
  }
  return writeTransaction(async (tx) => {
    const existing = await loadRound(tx, eventId);
    if (existing?.closedAt) throw new DomainError("conflict", "This round has closed: its places have been released, so it cannot change.");
    const sendAt = existing?.sentAt ? existing.sendAt : nowIso(times.sendAt);
    const reminderAt = times.reminderAt && (!existing?.sentAt || times.reminderAt > now) ? nowIso(times.reminderAt) : null;
    if (existing?.sentAt && nowIso(times.deadlineAt) <= existing.sendAt) {
      throw new DomainError("invalid", "The deadline must come after the question was sent", "deadlineDaysBefore");
    }
    await tx.execute({
      sql: `INSERT INTO reconfirmation_rounds (event_id, send_at, deadline_at, reminder_at, silence, created_at, updated_at)
            VALUES (:event, :send, :deadline, :reminder, :silence, :at, :at)
            ON CONFLICT (event_id) DO UPDATE SET send_at = :send, deadline_at = :deadline,
              reminder_at = CASE WHEN reminded_at IS NULL THEN :reminder ELSE reminder_at END, silence = :silence, updated_at = :at`,
      args: { event: eventId, send: sendAt, deadline: nowIso(times.deadlineAt), reminder: reminderAt, silence: input.silence, at },
    });
    return (await loadRound(tx, eventId))!;
  });
}

/** Removes a round that has not been sent yet. */
export async function cancelRound(eventId: number) {
  await writeTransaction(async (tx) => {
    const round = await loadRound(tx, eventId);
    if (!round) return;
    if (round.sentAt) throw new DomainError("conflict", "The question has already been sent, so the round cannot be cancelled.");
    await tx.execute({ sql: "DELETE FROM reconfirmation_rounds WHERE event_id = ?", args: [eventId] });
  });
}

// ---------------------------------------------------------------------------------------------
// Emails

type Person = { id: number; name: string; email: string; ticketTypeName: string };

async function askEmail(tx: Executor, person: Person, event: EventRecord, round: Round, kind: "ask" | "remind" | "resend", now: Date) {
  const manageToken = await manageTokenFor(tx, person.id, now);
  const email = stillComingEmail(event, person, { deadlineAt: round.deadlineAt, releaseOnSilence: round.silence !== "flag", reminder: kind === "remind", manageToken });
  await queueEmail(tx, { eventId: event.id, to: person.email, ...email }, now);
}

/**
 * Releases one confirmed place (the person said no, or stayed silent past the deadline): the
 * registration is cancelled and the person told why, with a calendar update removing the event.
 * The caller offers the freed places to the waiting list in the same transaction. Returns false
 * when the place was no longer held (cancelled meanwhile).
 */
async function releasePlace(tx: Executor, person: Person, event: EventRecord, reason: "no" | "silence", now: Date): Promise<boolean> {
  const at = nowIso(now);
  const result = await tx.execute({
    sql: "UPDATE registrations SET status = 'cancelled', cancelled_at = ?, updated_at = ? WHERE id = ? AND status = 'confirmed'",
    args: [at, at, person.id],
  });
  await tx.execute({ sql: "UPDATE reconfirmations SET released_at = ? WHERE registration_id = ? AND released_at IS NULL", args: [at, person.id] });
  if (result.rowsAffected !== 1) return false;
  const manageToken = await manageTokenFor(tx, person.id, now);
  await queueEmail(tx, { eventId: event.id, to: person.email, ...placeReleasedEmail(event, person, reason, manageToken) }, now);
  return true;
}

const PERSON_COLUMNS = "r.id, r.name, r.email, t.name AS ticket_type_name";
type PersonRow = { id: number; name: string; email: string; ticket_type_name: string };
const toPerson = (r: PersonRow): Person => ({ id: Number(r.id), name: r.name, email: r.email, ticketTypeName: r.ticket_type_name });

// ---------------------------------------------------------------------------------------------
// The periodic job

/**
 * Takes every round's due steps: send the question to everyone holding a place, send the one
 * reminder to those who have not answered, and at the deadline release the places of no (and of
 * silence, when so chosen) and offer them to the waiting list. Each step is one transaction that
 * re-reads the round and records the step, so running twice, or after a crash, does it once.
 */
export async function runReconfirmationRounds(now = new Date()): Promise<{ sent: number; reminded: number; released: number }> {
  const at = nowIso(now);
  const candidates = rowsOf<{ event_id: number }>(
    await query({
      sql: `SELECT event_id FROM reconfirmation_rounds WHERE closed_at IS NULL
              AND (deadline_at <= :now OR (sent_at IS NULL AND send_at <= :now) OR (reminded_at IS NULL AND reminder_at <= :now))`,
      args: { now: at },
    }),
  );
  const totals = { sent: 0, reminded: 0, released: 0 };
  for (const { event_id } of candidates) {
    const eventId = Number(event_id);
    const event = await findEventById(eventId);
    if (!event) continue;
    await writeTransaction(async (tx) => {
      const round = await loadRound(tx, eventId);
      if (!round) return;
      for (const step of dueSteps(round, at)) {
        if (step === "send") totals.sent += await sendRound(tx, event, round, now);
        if (step === "remind") totals.reminded += await remindRound(tx, event, round, now);
        if (step === "close") totals.released += await closeRound(tx, event, round, now);
      }
    });
  }
  return totals;
}

async function sendRound(tx: Executor, event: EventRecord, round: Round, now: Date): Promise<number> {
  const at = nowIso(now);
  const people = rowsOf<PersonRow>(
    await tx.execute({
      sql: `SELECT ${PERSON_COLUMNS} FROM registrations r JOIN ticket_types t ON t.id = r.ticket_type_id
            WHERE r.event_id = ? AND r.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM reconfirmations c WHERE c.registration_id = r.id)
            ORDER BY r.id`,
      args: [event.id],
    }),
  ).map(toPerson);
  for (const person of people) {
    await tx.execute({ sql: "INSERT INTO reconfirmations (registration_id, event_id, asked_at) VALUES (?, ?, ?)", args: [person.id, event.id, at] });
    await askEmail(tx, person, event, round, "ask", now);
  }
  await tx.execute({ sql: "UPDATE reconfirmation_rounds SET sent_at = ?, updated_at = ? WHERE event_id = ? AND sent_at IS NULL", args: [at, at, event.id] });
  round.sentAt = at;
  return people.length;
}

/** Those asked who have not answered and still hold their place. */
async function unansweredPeople(tx: Executor, eventId: number): Promise<Person[]> {
  return rowsOf<PersonRow>(
    await tx.execute({
      sql: `SELECT ${PERSON_COLUMNS} FROM reconfirmations c JOIN registrations r ON r.id = c.registration_id JOIN ticket_types t ON t.id = r.ticket_type_id
            WHERE c.event_id = ? AND c.answer IS NULL AND c.released_at IS NULL AND r.status = 'confirmed' ORDER BY r.id`,
      args: [eventId],
    }),
  ).map(toPerson);
}

async function remindRound(tx: Executor, event: EventRecord, round: Round, now: Date): Promise<number> {
  const at = nowIso(now);
  const people = await unansweredPeople(tx, event.id);
  for (const person of people) {
    await tx.execute({ sql: "UPDATE reconfirmations SET reminded_at = ? WHERE registration_id = ?", args: [at, person.id] });
    await askEmail(tx, person, event, round, "remind", now);
  }
  await tx.execute({ sql: "UPDATE reconfirmation_rounds SET reminded_at = ?, updated_at = ? WHERE event_id = ?", args: [at, at, event.id] });
  return people.length;
}

async function closeRound(tx: Executor, event: EventRecord, round: Round, now: Date): Promise<number> {
  const at = nowIso(now);
  const asked = rowsOf<PersonRow & { answer: Answer | null; released_at: string | null; status: string }>(
    await tx.execute({
      sql: `SELECT ${PERSON_COLUMNS}, c.answer, c.released_at, r.status FROM reconfirmations c
              JOIN registrations r ON r.id = c.registration_id JOIN ticket_types t ON t.id = r.ticket_type_id
            WHERE c.event_id = ?`,
      args: [event.id],
    }),
  );
  const people: AskedPerson[] = asked.map((r) => ({ registrationId: Number(r.id), answer: r.answer, releasedAt: r.released_at, holdsPlace: r.status === "confirmed" }));
  const byId = new Map(asked.map((r) => [Number(r.id), toPerson(r)]));
  let released = 0;
  for (const id of releasedAtDeadline(people, round.silence)) {
    const person = byId.get(id)!;
    const answer = asked.find((r) => Number(r.id) === id)!.answer;
    if (await releasePlace(tx, person, event, answer === "no" ? "no" : "silence", now)) released += 1;
  }
  await tx.execute({ sql: "UPDATE reconfirmation_rounds SET closed_at = ?, updated_at = ? WHERE event_id = ?", args: [at, at, event.id] });
  if (released > 0) await offerFreePlaces(tx, event.id, now);
  return released;
}

// ---------------------------------------------------------------------------------------------
// Answers, the organiser's counts and resending

type PersonalReconfirmation = { answer: Answer | null; deadlineAt: string; silence: Silence; closed: boolean; releasedAt: string | null };

/** The round as it concerns one person, or null when they were not asked. */
export async function reconfirmationFor(registrationId: number): Promise<PersonalReconfirmation | null> {
  const row = firstRow<{ answer: Answer | null; released_at: string | null; deadline_at: string; silence: Silence; closed_at: string | null }>(
    await query({
      sql: `SELECT c.answer, c.released_at, o.deadline_at, o.silence, o.closed_at FROM reconfirmations c
            JOIN reconfirmation_rounds o ON o.event_id = c.event_id WHERE c.registration_id = ?`,
      args: [registrationId],
    }),
  );
  return row ? { answer: row.answer, deadlineAt: row.deadline_at, silence: row.silence, closed: !!row.closed_at, releasedAt: row.released_at } : null;
}

/**
 * Records a person's answer. "Yes" keeps the place (and may be changed to no later); "no"
 * releases it at once and offers it to the waiting list in the same transaction.
 */
export async function answerReconfirmation(registrationId: number, answer: Answer, now = new Date()): Promise<"kept" | "released"> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const row = firstRow<PersonRow & { event_id: number; status: string; asked: number | null; released_at: string | null; closed_at: string | null }>(
      await tx.execute({
        sql: `SELECT ${PERSON_COLUMNS}, r.event_id, r.status, c.registration_id AS asked, c.released_at, o.closed_at
              FROM registrations r JOIN ticket_types t ON t.id = r.ticket_type_id
              LEFT JOIN reconfirmations c ON c.registration_id = r.id LEFT JOIN reconfirmation_rounds o ON o.event_id = r.event_id
              WHERE r.id = ?`,
        args: [registrationId],
      }),
    );
    if (!row) throw notFound("Registration");
    const refusal = answerRefusal(
      { asked: row.asked !== null, holdsPlace: row.status === "confirmed", releasedAt: row.released_at },
      row.asked !== null ? { closedAt: row.closed_at } : null,
    );
    if (refusal) throw new DomainError("conflict", refusal);
    await tx.execute({ sql: "UPDATE reconfirmations SET answer = ?, answered_at = ? WHERE registration_id = ?", args: [answer, at, registrationId] });
    if (answer === "yes") return "kept";
    const event = (await findEventById(Number(row.event_id)))!;
    await releasePlace(tx, toPerson(row), event, "no", now);
    await offerFreePlaces(tx, event.id, now);
    return "released";
  });
}

/** Confirmed, unanswered and released counts for the organiser (no names: counts only). */
export async function roundCounts(eventId: number): Promise<RoundCounts> {
  const row = firstRow<{ asked: number; confirmed: number; unanswered: number; released: number; said_no: number }>(
    await query({
      sql: `SELECT COUNT(*) AS asked,
              COALESCE(SUM(c.answer = 'yes' AND c.released_at IS NULL AND r.status = 'confirmed'), 0) AS confirmed,
              COALESCE(SUM(c.answer IS NULL AND c.released_at IS NULL AND r.status = 'confirmed'), 0) AS unanswered,
              COALESCE(SUM(c.released_at IS NOT NULL), 0) AS released,
              COALESCE(SUM(c.answer = 'no'), 0) AS said_no
            FROM reconfirmations c JOIN registrations r ON r.id = c.registration_id WHERE c.event_id = ?`,
      args: [eventId],
    }),
  )!;
  return { asked: Number(row.asked), confirmed: Number(row.confirmed), unanswered: Number(row.unanswered), released: Number(row.released), saidNo: Number(row.said_no) };
}

/** Whether a registration was left unanswered in a closed round that only flags silence. */
export async function flaggedRegistrationIds(eventId: number): Promise<Set<number>> {
  const rows = rowsOf<{ registration_id: number }>(
    await query({
      sql: `SELECT c.registration_id FROM reconfirmations c JOIN reconfirmation_rounds o ON o.event_id = c.event_id
            WHERE c.event_id = ? AND o.closed_at IS NOT NULL AND c.answer IS NULL AND c.released_at IS NULL`,
      args: [eventId],
    }),
  );
  return new Set(rows.map((r) => Number(r.registration_id)));
}

/**
 * Sends the question again to everyone asked who has not answered and still holds a place,
 * while the round is open. Someone sent it in the last RESEND_GAP_MINUTES is skipped, so a
 * button pressed twice sends once. Returns how many were sent.
 */
const RESEND_GAP_MINUTES = 10;
export async function resendToUnanswered(eventId: number, now = new Date()): Promise<number> {
  const at = nowIso(now);
  const recent = nowIso(new Date(now.getTime() - RESEND_GAP_MINUTES * 60_000));
  return writeTransaction(async (tx) => {
    const round = await loadRound(tx, eventId);
    if (!round?.sentAt) throw new DomainError("conflict", "The question has not been sent yet, so there is nobody to send it to again.");
    if (round.closedAt || round.deadlineAt <= at) throw new DomainError("conflict", "The deadline has passed, so the question cannot be sent again.");
    const event = (await findEventById(eventId))!;
    let sent = 0;
    for (const person of await unansweredPeople(tx, eventId)) {
      const last = firstRow<{ resent_at: string | null }>(await tx.execute({ sql: "SELECT resent_at FROM reconfirmations WHERE registration_id = ?", args: [person.id] }));
      if (last?.resent_at && last.resent_at > recent) continue;
      await tx.execute({ sql: "UPDATE reconfirmations SET resent_at = ? WHERE registration_id = ?", args: [at, person.id] });
      await askEmail(tx, person, event, round, "resend", now);
      sent += 1;
    }
    return sent;
  });
}
