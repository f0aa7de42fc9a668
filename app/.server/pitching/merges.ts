import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, notFound, nowIso, rowsOf, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { carryNotesOnMerge, returnNotesOnUnmerge } from "../notes";
import { placeBackIfFree, placementOf, recordPitchChange, type CellState } from "../grid";
import type { HostEntry, HostRole } from "~/domain/pitch-rules";
import { sessionSeparatedEmail } from "./emails";
import { emailAttendee } from "./pitches";
import { refuseOverPitchLimit } from "./pitch-limit";

/**
 * Taking a merge apart on the day. mergePitches records what it did (pitch_merges, migration
 * 0013): the marks and hosts it added to the kept pitch, the host roles it changed, and the cell
 * the duplicate left. Un-merging reverses exactly that, so the kept pitch has its own hosts and
 * marks again and the duplicate is open with its own (which a merge never removed).
 */
type Executor = Pick<Transaction, "execute">;
type ChangedHost = { registrationId: number; from: HostRole; to: HostRole };

type MergeRecord = {
  eventId: number;
  kept: { id: number; title: string; hosts: { registrationId: number; role: HostRole }[] };
  duplicate: { id: number; title: string };
  addedInterest: number[];
  addedHosts: HostEntry[];
  changedHosts: HostEntry[];
  organiserEmail: string;
};

/** Called by mergePitches, in its transaction, before the duplicate leaves the grid. */
export async function recordMerge(tx: Executor, merge: MergeRecord, now: Date) {
  const placement = await placementOf(tx, merge.duplicate.id);
  const keptRoles = new Map(merge.kept.hosts.map((h) => [h.registrationId, h.role]));
  const changed: ChangedHost[] = merge.changedHosts.map((h) => ({ registrationId: h.registrationId, from: keptRoles.get(h.registrationId)!, to: h.role }));
  // The duplicate's session notes go onto the kept session too (0024), under a heading of their own.
  const carriedNotes = await carryNotesOnMerge(tx, merge.kept.id, merge.duplicate, merge.organiserEmail, now);
  await tx.execute({
    sql: `INSERT INTO pitch_merges (event_id, kept_id, duplicate_id, added_interest, added_hosts, changed_hosts, duplicate_placement, organiser_email, merged_at, carried_note_versions)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      merge.eventId,
      merge.kept.id,
      merge.duplicate.id,
      JSON.stringify(merge.addedInterest),
      JSON.stringify(merge.addedHosts),
      JSON.stringify(changed),
      placement ? JSON.stringify(placement) : null,
      merge.organiserEmail,
      nowIso(now),
      carriedNotes === null ? null : JSON.stringify([carriedNotes]),
    ],
  });
  await recordPitchChange(
    tx,
    merge.eventId,
    merge.organiserEmail,
    "merge",
    `Merged “${merge.duplicate.title}” into “${merge.kept.title}”`,
    { pitchId: merge.duplicate.id, placement },
    { pitchId: merge.duplicate.id, placement: null, mergedInto: merge.kept.id },
    now,
  );
}

type MergeRow = {
  id: number;
  kept_id: number;
  added_interest: string;
  added_hosts: string;
  changed_hosts: string;
  duplicate_placement: string | null;
  carried_note_versions: string | null;
};

async function openMerge(tx: Executor, eventId: number, duplicateId: number): Promise<MergeRow | null> {
  return (
    firstRow<MergeRow>(
      await tx.execute({
        sql: "SELECT id, kept_id, added_interest, added_hosts, changed_hosts, duplicate_placement, carried_note_versions FROM pitch_merges WHERE event_id = ? AND duplicate_id = ? AND unmerged_at IS NULL ORDER BY id DESC LIMIT 1",
        args: [eventId, duplicateId],
      }),
    ) ?? null
  );
}

/** Whether a merged pitch can be taken apart (its merge was recorded). */
export async function canUnmerge(db: Executor, eventId: number, duplicateId: number): Promise<boolean> {
  return (await openMerge(db, eventId, duplicateId)) !== null;
}

/** `notes`: what became of the duplicate's notes on the kept session (see returnNotesOnUnmerge). */
type UnmergeResult = { title: string; keptTitle: string; placedIn: string | null; notes: "none" | "taken-back" | "left" };

/**
 * Takes a merge apart: the marks and hosts the merge added to the kept pitch are removed, host
 * roles it changed go back, and the duplicate is open again, back in its cell if that is free.
 * Both pitches' hosts are told; calendars see both with higher SEQUENCEs.
 */
export async function unmergePitch(eventId: number, duplicateId: number, organiserEmail: string, now = new Date()): Promise<UnmergeResult> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  return writeTransaction(async (tx) => {
    const duplicate = firstRow<{ title: string; status: string; merged_into_id: number | null }>(
      await tx.execute({ sql: "SELECT title, status, merged_into_id FROM pitches WHERE id = ? AND event_id = ?", args: [duplicateId, eventId] }),
    );
    if (!duplicate) throw notFound("Pitch");
    if (duplicate.status !== "merged") throw new DomainError("conflict", "This pitch is not merged into another, so there is nothing to take apart.");
    const merge = await openMerge(tx, eventId, duplicateId);
    if (!merge || Number(merge.kept_id) !== Number(duplicate.merged_into_id)) {
      throw new DomainError("conflict", "This merge was made before merges were recorded, so it cannot be taken apart. Add the pitch again instead.");
    }
    const keptId = Number(merge.kept_id);
    const kept = firstRow<{ title: string }>(await tx.execute({ sql: "SELECT title FROM pitches WHERE id = ?", args: [keptId] }))!;
    const at = nowIso(now);
    for (const registrationId of JSON.parse(merge.added_interest) as number[]) {
      await tx.execute({ sql: "DELETE FROM pitch_interest WHERE pitch_id = ? AND registration_id = ?", args: [keptId, registrationId] });
    }
    for (const h of JSON.parse(merge.added_hosts) as HostEntry[]) {
      await tx.execute({ sql: "DELETE FROM pitch_hosts WHERE pitch_id = ? AND registration_id = ?", args: [keptId, h.registrationId] });
    }
    for (const h of JSON.parse(merge.changed_hosts) as ChangedHost[]) {
      await tx.execute({ sql: "UPDATE pitch_hosts SET role = ? WHERE pitch_id = ? AND registration_id = ?", args: [h.from, keptId, h.registrationId] });
    }
    await tx.execute({ sql: "UPDATE pitches SET status = 'open', merged_into_id = NULL, sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, duplicateId] });
    await refuseOverPitchLimit(tx, duplicateId, "unmerge", duplicate.title);
    await tx.execute({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, keptId] });
    await tx.execute({ sql: "UPDATE pitch_merges SET unmerged_at = ? WHERE id = ?", args: [at, merge.id] });
    const carried = merge.carried_note_versions ? (JSON.parse(merge.carried_note_versions) as number[]) : [];
    const notes = await returnNotesOnUnmerge(tx, keptId, carried[0] ?? null, organiserEmail, now);
    const cell = merge.duplicate_placement ? (JSON.parse(merge.duplicate_placement) as CellState) : null;
    const placedIn = await placeBackIfFree(tx, eventId, duplicateId, cell, now);
    await recordPitchChange(
      tx,
      eventId,
      organiserEmail,
      "unmerge",
      `Took “${duplicate.title}” out of “${kept.title}”${placedIn ? `, back in ${placedIn}` : ""}`,
      { pitchId: duplicateId, placement: null, mergedInto: keptId },
      { pitchId: duplicateId, placement: placedIn ? cell : null },
      now,
    );
    const hosts = rowsOf<{ id: number; name: string; email: string }>(
      await tx.execute({
        sql: `SELECT r.id, r.name, r.email FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id
              WHERE h.pitch_id = ? AND h.role <> 'co-host-invited' AND r.status <> 'erased' ORDER BY r.id`,
        args: [duplicateId],
      }),
    );
    for (const h of hosts) {
      const email = (manageToken: string) => sessionSeparatedEmail(event, { name: h.name, duplicateTitle: duplicate.title, keptTitle: kept.title, manageToken });
      await emailAttendee(tx, { id: Number(h.id), name: h.name, email: h.email }, email, now);
    }
    return { title: duplicate.title, keptTitle: kept.title, placedIn, notes };
  });
}
