import type { Transaction } from "@libsql/client";
import { firstRow, nowIso } from "../platform";

/**
 * Notes carried over by a merge (issue 17). When organisers merge a duplicate pitch into the one
 * they keep, the duplicate's session notes are appended to the kept session's notes as a new
 * version (saved by the organiser who merged), under a heading naming the duplicate, so nothing
 * written in either session is lost from view. The duplicate's own versions stay where they are
 * (its history is kept), and come back with it when the merge is taken apart. Both run inside
 * the merge's (or un-merge's) write transaction.
 */
type Executor = Pick<Transaction, "execute">;

async function latest(tx: Executor, pitchId: number) {
  const row = firstRow<{ id: number; version: number; body: string }>(
    await tx.execute({ sql: "SELECT id, version, body FROM session_note_versions WHERE pitch_id = ? ORDER BY version DESC LIMIT 1", args: [pitchId] }),
  );
  return row ? { id: Number(row.id), version: Number(row.version), body: row.body } : null;
}

/** The heading the carried notes go under: one per merged pitch. */
export function carriedNotesHeading(title: string): string {
  const line = `Notes from “${title}” (combined with this session)`;
  return `${line}\n${"=".repeat(Math.min(line.length, 60))}`;
}

/**
 * Appends the duplicate's current notes to the kept session's as one new version. Returns that
 * version's id (for pitch_merges.carried_note_versions), or null when the duplicate has none.
 */
export async function carryNotesOnMerge(tx: Executor, keptId: number, duplicate: { id: number; title: string }, organiserEmail: string, now: Date): Promise<number | null> {
  const carried = await latest(tx, duplicate.id);
  if (!carried || carried.body.trim() === "") return null;
  const kept = await latest(tx, keptId);
  const section = `${carriedNotesHeading(duplicate.title)}\n\n${carried.body.trim()}`;
  const body = kept && kept.body.trim() !== "" ? `${kept.body.replace(/\s+$/, "")}\n\n${section}` : section;
  const result = await tx.execute({
    sql: "INSERT INTO session_note_versions (pitch_id, version, body, saved_by_registration_id, saved_by_organiser, saved_by_role, saved_at) VALUES (?, ?, ?, NULL, ?, 'organiser', ?)",
    args: [keptId, (kept?.version ?? 0) + 1, body, organiserEmail.toLowerCase(), nowIso(now)],
  });
  return Number(result.lastInsertRowid);
}

/**
 * Taking the merge apart: the duplicate has its own notes again (they never left it). If nobody
 * has saved the kept session's notes since the merge added the duplicate's, a new version puts
 * them back as they were before the merge (the history keeps every step); if someone has, their
 * text is left alone, since they may have worked the two together. Says which.
 */
export async function returnNotesOnUnmerge(tx: Executor, keptId: number, carriedVersionId: number | null, organiserEmail: string, now: Date): Promise<"none" | "taken-back" | "left"> {
  if (carriedVersionId === null) return "none";
  const current = await latest(tx, keptId);
  if (!current || current.id !== carriedVersionId) return "left";
  const before = firstRow<{ body: string }>(
    await tx.execute({ sql: "SELECT body FROM session_note_versions WHERE pitch_id = ? AND version = ?", args: [keptId, current.version - 1] }),
  );
  await tx.execute({
    sql: "INSERT INTO session_note_versions (pitch_id, version, body, saved_by_registration_id, saved_by_organiser, saved_by_role, saved_at) VALUES (?, ?, ?, NULL, ?, 'organiser', ?)",
    args: [keptId, current.version + 1, before?.body ?? "", organiserEmail.toLowerCase(), nowIso(now)],
  });
  return "taken-back";
}
