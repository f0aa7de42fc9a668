import { createHash } from "node:crypto";
import { firstRow, query, rowsOf } from "../platform";
import { touchesOfRecorded } from "./stale-rule";
import { GRID_CHANGE_FROM, GRID_CHANGE_WHO } from "./open-space";

/**
 * What an open organiser grid polls: everything the page shows, read from one row. The
 * event's `schedule_version` counter (migration 0023) moves, by trigger, in the transaction of
 * every change to placements, closed cells, pitches, hosts and their names, "I'd go" marks,
 * rooms, slots and the event itself; the rest is the event's clash threshold and show-up ratio
 * and the show of hands and head counts (which change expected attendance), a handful of rows
 * in their own index. The timestamps guard against a counter starting again after a restore.
 * Counting every pitch and interest mark on each poll, as this did, cost most of a poll.
 */
const ORGANISER_GRID_FINGERPRINT_SQL = `SELECT e.schedule_version, e.grid_version, e.schedule_changed_at, e.grid_published_at, e.created_at, e.updated_at,
         e.grid_clash_threshold, e.default_show_up_ratio, e.open_space,
         (SELECT COUNT(*) || ':' || IFNULL(SUM(IFNULL(c.show_of_hands, -1) * 7919 + IFNULL(c.head_count, -1) * 31 + c.pitch_id), 0)
            FROM session_counts c WHERE c.event_id = e.id) AS counts
  FROM events e WHERE e.id = ?`;

export async function organiserGridFingerprint(eventId: number): Promise<string | null> {
  // One statement, so every part is read from the same snapshot.
  const row = firstRow<Record<string, string | number | null>>(await query({ sql: ORGANISER_GRID_FINGERPRINT_SQL, args: [eventId] }));
  if (!row) return null;
  const text = Object.values(row).map((v) => String(v ?? "")).join("|");
  return `${row.grid_version}-${createHash("sha256").update(text).digest("base64url").slice(0, 16)}`;
}

type ChangeBy = { who: string; what: string; at: string };

/**
 * The latest recorded change touching each placed session and each cell, from the most recent
 * `limit` changes, plus those changes newest first (for the grid page's "Recent changes").
 */
export async function recentGridChanges(eventId: number, limit = 200): Promise<{ recent: (ChangeBy & { id: number })[]; byPitch: Map<number, ChangeBy>; byCell: Map<string, ChangeBy> }> {
  const rows = rowsOf<{ id: number; organiser_email: string; kind: string; description: string; before_state: string; after_state: string; created_at: string }>(
    await query({
      sql: `SELECT g.id, ${GRID_CHANGE_WHO} AS organiser_email, g.kind, g.description, g.before_state, g.after_state, g.created_at ${GRID_CHANGE_FROM}
            WHERE g.event_id = ? ORDER BY g.id DESC LIMIT ?`,
      args: [eventId, limit],
    }),
  );
  const byPitch = new Map<number, ChangeBy>();
  const byCell = new Map<string, ChangeBy>();
  for (const r of rows) {
    const by = { who: r.organiser_email, what: r.description, at: r.created_at };
    const touches = touchesOfRecorded({ kind: r.kind, beforeState: r.before_state, afterState: r.after_state });
    if (touches.everything) continue;
    for (const id of touches.pitchIds) if (!byPitch.has(id)) byPitch.set(id, by);
    for (const cell of touches.cells) if (!byCell.has(cell)) byCell.set(cell, by);
  }
  return { recent: rows.slice(0, 5).map((r) => ({ id: Number(r.id), who: r.organiser_email, what: r.description, at: r.created_at })), byPitch, byCell };
}
