import { getDb, rowsOf } from "../platform";

/**
 * What deleting a room or a slot would take with it, for the "Delete …?" pages: the sessions on
 * the grid there (which block the deletion) and the cells closed there (which go with it).
 */
type DeletionImpact = { sessions: string[]; closedCells: number };

export async function deletionImpact(column: "room_id" | "slot_id", id: number): Promise<DeletionImpact> {
  const db = await getDb();
  const [sessions, closed] = await Promise.all([
    db.execute({ sql: `SELECT p.title FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.${column} = ? ORDER BY p.title`, args: [id] }),
    db.execute({ sql: `SELECT COUNT(*) AS n FROM closed_cells WHERE ${column} = ?`, args: [id] }),
  ]);
  return { sessions: rowsOf<{ title: string }>(sessions).map((r) => r.title), closedCells: Number(rowsOf<{ n: number }>(closed)[0]?.n ?? 0) };
}
