import type { Transaction } from "@libsql/client";
import { firstRow, nowIso } from "../platform";
import { markScheduleChanged } from "../schedule";
import { formatDate, formatTime } from "~/domain/time";

/**
 * Grid history for changes made from a pitch rather than on the grid: withdrawing and restoring
 * a session, merging two pitches and taking a merge apart. Each bumps the grid version (open
 * grids see the change) and is listed on the history page; none is reverted by Undo, which has
 * its own way back (restore, un-merge).
 */
type Executor = Pick<Transaction, "execute">;

export type CellState = { roomId: number; slotId: number; pinned: boolean };

export async function placementOf(tx: Executor, pitchId: number): Promise<CellState | null> {
  const row = firstRow<{ room_id: number; slot_id: number; pinned: number }>(
    await tx.execute({ sql: "SELECT room_id, slot_id, pinned FROM placements WHERE pitch_id = ?", args: [pitchId] }),
  );
  return row ? { roomId: Number(row.room_id), slotId: Number(row.slot_id), pinned: !!Number(row.pinned) } : null;
}

/** "Hall at 10am on Saturday 12 December 2026", or null when the room or slot is gone. */
export async function describeCell(tx: Executor, eventId: number, cell: { roomId: number; slotId: number }): Promise<string | null> {
  const row = firstRow<{ name: string; starts_at: string; time_zone: string }>(
    await tx.execute({
      sql: `SELECT r.name, s.starts_at, e.time_zone FROM rooms r JOIN slots s ON s.id = ? JOIN events e ON e.id = r.event_id
            WHERE r.id = ? AND r.event_id = ? AND s.event_id = ?`,
      args: [cell.slotId, cell.roomId, eventId, eventId],
    }),
  );
  return row ? `${row.name} at ${formatTime(row.starts_at, row.time_zone)} on ${formatDate(row.starts_at, row.time_zone)}` : null;
}

/**
 * Puts a pitch back in the cell it had, if that cell still exists, is a session slot, is open
 * and holds no open session; otherwise it waits among the sessions not yet on the grid.
 * Returns where it went (null: not placed).
 */
export async function placeBackIfFree(tx: Executor, eventId: number, pitchId: number, cell: CellState | null, now: Date): Promise<string | null> {
  if (!cell) return null;
  const free = firstRow(
    await tx.execute({
      sql: `SELECT 1 FROM rooms r JOIN slots s ON s.id = ? AND s.event_id = r.event_id AND s.kind = 'session'
            WHERE r.id = ? AND r.event_id = ?
              AND NOT EXISTS (SELECT 1 FROM closed_cells c WHERE c.room_id = r.id AND c.slot_id = s.id)
              AND NOT EXISTS (SELECT 1 FROM placements pl WHERE pl.room_id = r.id AND pl.slot_id = s.id)`,
      args: [cell.slotId, cell.roomId, eventId],
    }),
  );
  if (!free) return null;
  await tx.execute({
    sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, pinned, placed_at) VALUES (?, ?, ?, ?, ?, ?)",
    args: [pitchId, eventId, cell.roomId, cell.slotId, cell.pinned ? 1 : 0, nowIso(now)],
  });
  return describeCell(tx, eventId, cell);
}

type PitchChangeKind = "withdraw" | "restore" | "merge" | "unmerge";

export async function recordPitchChange(
  tx: Executor,
  eventId: number,
  organiserEmail: string,
  kind: PitchChangeKind,
  description: string,
  before: unknown,
  after: unknown,
  now: Date,
) {
  await tx.execute({ sql: "UPDATE events SET grid_version = grid_version + 1 WHERE id = ?", args: [eventId] });
  await markScheduleChanged(tx, eventId, now);
  await tx.execute({
    // version_after: the version this change produced, which the per-cell stale check reads.
    sql: `INSERT INTO grid_changes (event_id, organiser_email, kind, description, before_state, after_state, created_at, version_after)
          VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT grid_version FROM events WHERE id = ?))`,
    args: [eventId, organiserEmail, kind, description, JSON.stringify(before), JSON.stringify(after), nowIso(now), eventId],
  });
}
