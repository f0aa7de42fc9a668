import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, notFound, nowIso, rowsOf, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { describeCell, placeBackIfFree, placementOf, recordPitchChange, type CellState } from "../grid";
import { sessionRestoredEmail } from "./emails";
import { emailAttendee } from "./pitches";
import { refuseOverPitchLimit } from "./pitch-limit";

/**
 * An organiser's withdrawal is recorded in the grid history with the cell the session had, so
 * that an organiser can restore it: back to the same cell when that is still free, otherwise
 * among the sessions not yet on the grid.
 */
type Executor = Pick<Transaction, "execute">;
type WithdrawState = { pitchId: number; placement: CellState | null };

/** Called by withdrawPitch, in its transaction, before the session leaves the grid. */
export async function recordWithdrawal(tx: Executor, eventId: number, pitch: { id: number; title: string }, organiserEmail: string, now: Date) {
  const placement = await placementOf(tx, pitch.id);
  const where = placement ? await describeCell(tx, eventId, placement) : null;
  const before: WithdrawState = { pitchId: pitch.id, placement };
  await recordPitchChange(
    tx,
    eventId,
    organiserEmail,
    "withdraw",
    `Withdrew “${pitch.title}”${where ? ` (it was in ${where})` : ""}`,
    before,
    { pitchId: pitch.id, placement: null },
    now,
  );
}

/** The cell a withdrawn pitch had when an organiser last withdrew it, if it had one. */
async function lastWithdrawnCell(tx: Executor, eventId: number, pitchId: number): Promise<CellState | null> {
  const row = firstRow<{ before_state: string }>(
    await tx.execute({
      sql: "SELECT before_state FROM grid_changes WHERE event_id = ? AND kind = 'withdraw' AND json_extract(before_state, '$.pitchId') = ? ORDER BY id DESC LIMIT 1",
      args: [eventId, pitchId],
    }),
  );
  return row ? (JSON.parse(row.before_state) as WithdrawState).placement : null;
}

type RestoreResult = { title: string; placedIn: string | null };

/**
 * Restores a withdrawn pitch (by an organiser): it is open again, back in the cell it had if
 * that cell is free, and its hosts are told. Calendars see it again with a higher SEQUENCE.
 */
export async function restorePitch(eventId: number, pitchId: number, organiserEmail: string, now = new Date()): Promise<RestoreResult> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  return writeTransaction(async (tx) => {
    const pitch = firstRow<{ title: string; status: string }>(await tx.execute({ sql: "SELECT title, status FROM pitches WHERE id = ? AND event_id = ?", args: [pitchId, eventId] }));
    if (!pitch) throw notFound("Pitch");
    if (pitch.status === "merged") throw new DomainError("conflict", "This pitch was merged into another: take the merge apart instead.");
    if (pitch.status !== "withdrawn") throw new DomainError("conflict", "This pitch is not withdrawn, so there is nothing to restore.");
    const at = nowIso(now);
    await tx.execute({ sql: "UPDATE pitches SET status = 'open', sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, pitchId] });
    await refuseOverPitchLimit(tx, pitchId, "restore", pitch.title);
    const cell = await lastWithdrawnCell(tx, eventId, pitchId);
    const placedIn = await placeBackIfFree(tx, eventId, pitchId, cell, now);
    const wanted = cell ? await describeCell(tx, eventId, cell) : null;
    const description = placedIn
      ? `Restored “${pitch.title}” to ${placedIn}`
      : `Restored “${pitch.title}” to the sessions not yet on the grid${wanted ? ` (${wanted} is no longer free)` : ""}`;
    await recordPitchChange(tx, eventId, organiserEmail, "restore", description, { pitchId, placement: null }, { pitchId, placement: placedIn ? cell : null }, now);
    const hosts = rowsOf<{ id: number; name: string; email: string }>(
      await tx.execute({
        sql: `SELECT r.id, r.name, r.email FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id
              WHERE h.pitch_id = ? AND h.role <> 'co-host-invited' AND r.status <> 'erased' ORDER BY r.id`,
        args: [pitchId],
      }),
    );
    for (const h of hosts) {
      const email = (manageToken: string) => sessionRestoredEmail(event, { name: h.name, title: pitch.title, placedIn, manageToken });
      await emailAttendee(tx, { id: Number(h.id), name: h.name, email: h.email }, email, now);
    }
    return { title: pitch.title, placedIn };
  });
}
