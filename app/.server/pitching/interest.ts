import { DomainError, firstRow, notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { type HostRole } from "~/domain/pitch-rules";
import { markScheduleChanged } from "../schedule";
import { confirmedAttendee, PitchRefused, requirePitchIn, type Executor } from "./pitches";

/** Attendees and their pitches: answering a co-host invitation, marking "I'd go", and what one person has marked and hosts. */

/** A co-host accepts (listed as a host from then on) or declines (the invitation is removed). */
export async function answerCoHostInvitation(eventId: number, pitchId: number, registrationId: number, accept: boolean, now = new Date()) {
  await writeTransaction(async (tx) => {
    const pitch = await requirePitchIn(tx, eventId, pitchId);
    const me = pitch.hosts.find((h) => h.registrationId === registrationId);
    if (!me || me.role !== "co-host-invited") throw new PitchRefused("There is no invitation to answer: it may have been withdrawn or already answered.");
    if (pitch.status !== "open") throw new PitchRefused("This pitch has been withdrawn or merged.");
    if (accept) {
      await tx.execute({ sql: "UPDATE pitch_hosts SET role = 'co-host' WHERE pitch_id = ? AND registration_id = ?", args: [pitchId, registrationId] });
    } else {
      await tx.execute({ sql: "DELETE FROM pitch_hosts WHERE pitch_id = ? AND registration_id = ?", args: [pitchId, registrationId] });
    }
    await tx.execute({ sql: "UPDATE pitches SET updated_at = ? WHERE id = ?", args: [nowIso(now), pitchId] });
    if (accept) await markScheduleChanged(tx, eventId, now);
  });
}

/* "I'd go" ----------------------------------------------------------------------------------- */

/**
 * One mark per attendee per pitch: the primary key and ON CONFLICT DO NOTHING make a repeat (or
 * a double tap arriving twice) a no-op, and the insert itself checks that the pitch is open and
 * the person a confirmed attendee of its event. Returns the pitch's interest afterwards.
 */
export async function markInterest(eventId: number, pitchId: number, registrationId: number, now = new Date()): Promise<{ marked: true; interest: number }> {
  return writeTransaction(async (tx) => {
    const result = await tx.execute({
      sql: `INSERT INTO pitch_interest (pitch_id, registration_id, marked_at)
            SELECT p.id, r.id, ? FROM pitches p JOIN registrations r ON r.id = ? AND r.event_id = p.event_id AND r.status = 'confirmed'
            WHERE p.id = ? AND p.event_id = ? AND p.status = 'open'
            ON CONFLICT DO NOTHING`,
      args: [nowIso(now), registrationId, pitchId, eventId],
    });
    if (result.rowsAffected === 0) await explainNoMark(tx, eventId, pitchId, registrationId);
    return { marked: true as const, interest: await interestIn(tx, pitchId) };
  });
}

async function explainNoMark(tx: Executor, eventId: number, pitchId: number, registrationId: number) {
  const pitch = firstRow<{ status: string }>(await tx.execute({ sql: "SELECT status FROM pitches WHERE id = ? AND event_id = ?", args: [pitchId, eventId] }));
  if (!pitch) throw notFound("Pitch");
  if (pitch.status !== "open") throw new DomainError("conflict", "This pitch has been withdrawn or merged, so it cannot be marked.");
  if (!(await confirmedAttendee(tx, eventId, registrationId))) {
    throw new DomainError("forbidden", "Only confirmed attendees of this event can mark sessions.");
  }
  // Otherwise it was marked already: nothing to do.
}

export async function unmarkInterest(eventId: number, pitchId: number, registrationId: number): Promise<{ marked: false; interest: number }> {
  return writeTransaction(async (tx) => {
    const pitch = firstRow(await tx.execute({ sql: "SELECT id FROM pitches WHERE id = ? AND event_id = ?", args: [pitchId, eventId] }));
    if (!pitch) throw notFound("Pitch");
    await tx.execute({ sql: "DELETE FROM pitch_interest WHERE pitch_id = ? AND registration_id = ?", args: [pitchId, registrationId] });
    return { marked: false as const, interest: await interestIn(tx, pitchId) };
  });
}

async function interestIn(tx: Executor, pitchId: number): Promise<number> {
  return Number(firstRow<{ n: number }>(await tx.execute({ sql: "SELECT COUNT(*) AS n FROM pitch_interest WHERE pitch_id = ?", args: [pitchId] }))!.n);
}

/* Reading ------------------------------------------------------------------------------------ */

/** What one attendee has to do with the event's pitches: marked, hosting, invited to co-host. */
export async function attendeePitchState(eventId: number, registrationId: number): Promise<{ marked: number[]; hosting: number[]; invited: number[] }> {
  const [marked, hosts] = await Promise.all([
    query({
      sql: "SELECT i.pitch_id FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE i.registration_id = ? AND p.event_id = ?",
      args: [registrationId, eventId],
    }),
    query({
      sql: "SELECT h.pitch_id, h.role FROM pitch_hosts h JOIN pitches p ON p.id = h.pitch_id WHERE h.registration_id = ? AND p.event_id = ?",
      args: [registrationId, eventId],
    }),
  ]);
  const hostRows = rowsOf<{ pitch_id: number; role: HostRole }>(hosts);
  return {
    marked: rowsOf<{ pitch_id: number }>(marked).map((r) => Number(r.pitch_id)),
    hosting: hostRows.filter((r) => r.role !== "co-host-invited").map((r) => Number(r.pitch_id)),
    invited: hostRows.filter((r) => r.role === "co-host-invited").map((r) => Number(r.pitch_id)),
  };
}
