import { createHash } from "node:crypto";
import { firstRow, query, rowsOf } from "../platform";
import { touchesOfRecorded } from "./stale-rule";
import { GRID_CHANGE_FROM, GRID_CHANGE_WHO } from "./open-space";

/**
 * The organiser grid kept live for a team: a cheap fingerprint of everything the page shows
 * (placements and closed cells through the grid version; new, edited or withdrawn pitches;
 * interest marks; show of hands and head counts, which change expected attendance; rooms and
 * slots through schedule_changed_at), polled by open organiser grids,
 * and who last changed each session and cell.
 */
export async function organiserGridFingerprint(eventId: number): Promise<string | null> {
  // One statement, so every part is read from the same snapshot.
  const row = firstRow<Record<string, string | number | null>>(
    await query({
      sql: `SELECT e.grid_version, e.schedule_changed_at, e.grid_published_at, e.grid_clash_threshold, e.default_show_up_ratio, e.open_space,
                   (SELECT COUNT(*) || ':' || IFNULL(SUM(IFNULL(c.show_of_hands, -1) * 7919 + IFNULL(c.head_count, -1) * 31 + c.pitch_id), 0)
                      FROM session_counts c WHERE c.event_id = e.id) AS counts,
                   (SELECT COUNT(*) || ':' || IFNULL(MAX(updated_at), '') FROM pitches WHERE event_id = e.id) AS pitches,
                   (SELECT COUNT(*) || ':' || IFNULL(SUM(i.registration_id * 7919 + i.pitch_id), 0)
                      FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE p.event_id = e.id) AS interest,
                   (SELECT COUNT(*) FROM rooms WHERE event_id = e.id) AS rooms,
                   (SELECT COUNT(*) FROM slots WHERE event_id = e.id) AS slots
            FROM events e WHERE e.id = ?`,
      args: [eventId],
    }),
  );
  if (!row) return null;
  const text = [row.grid_version, row.schedule_changed_at, row.grid_published_at, row.grid_clash_threshold, row.default_show_up_ratio, row.open_space, row.counts, row.pitches, row.interest, row.rooms, row.slots].map((v) => String(v ?? "")).join("|");
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
