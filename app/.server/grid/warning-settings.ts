import { DomainError, firstRow, query, writeTransaction } from "../platform";
import { DEFAULT_CLASH_THRESHOLD } from "./warnings";

/** The organisers' threshold for listing interest clashes (smaller ones are only counted). */
export async function clashThreshold(eventId: number): Promise<number> {
  const row = firstRow<{ t: number | null }>(await query({ sql: "SELECT grid_clash_threshold AS t FROM events WHERE id = ?", args: [eventId] }));
  return row?.t === null || row?.t === undefined ? DEFAULT_CLASH_THRESHOLD : Number(row.t);
}

const MAX_CLASH_THRESHOLD = 50;

export async function setClashThreshold(eventId: number, threshold: number): Promise<void> {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > MAX_CLASH_THRESHOLD) {
    throw new DomainError("invalid", `Enter a whole number of people from 1 to ${MAX_CLASH_THRESHOLD}`, "clashThreshold");
  }
  await writeTransaction(async (tx) => {
    await tx.execute({ sql: "UPDATE events SET grid_clash_threshold = ? WHERE id = ?", args: [threshold, eventId] });
  });
}
