import type { Transaction } from "@libsql/client";
import { rowsOf } from "../platform";
import { staleVerdict, type GridTouches, type RecordedChange } from "./stale-rule";

/**
 * Inside a grid change's write transaction: whether a change made from a page at
 * `expectedVersion` must be refused because something it touches changed since (see
 * stale-rule.ts). Returns the message to refuse with, or null to go ahead. Without `touches`
 * (undo, applying a suggestion) any change since refuses, as "Undo" and a suggestion are about
 * the whole grid the page showed.
 */
export async function staleRefusal(tx: Transaction, eventId: number, currentVersion: number, expectedVersion: number, touches: GridTouches | undefined): Promise<string | null> {
  if (currentVersion === expectedVersion) return null;
  if (!touches) return STALE_WHOLE_GRID;
  const since = rowsOf<{ id: number; organiser_email: string; kind: string; description: string; before_state: string; after_state: string; version_after: number | null }>(
    await tx.execute({
      sql: `SELECT id, organiser_email, kind, description, before_state, after_state, version_after FROM grid_changes
            WHERE event_id = ? AND version_after > ? ORDER BY id`,
      args: [eventId, expectedVersion],
    }),
  ).map(
    (r): RecordedChange => ({
      id: Number(r.id),
      organiserEmail: r.organiser_email,
      kind: r.kind,
      description: r.description,
      beforeState: r.before_state,
      afterState: r.after_state,
      versionAfter: r.version_after === null ? null : Number(r.version_after),
    }),
  );
  const verdict = staleVerdict(touches, since, currentVersion - expectedVersion);
  if (!verdict.stale) return null;
  if (!verdict.because) return STALE_WHOLE_GRID;
  return `${verdict.because.organiserEmail} changed this since you loaded the grid (${verdict.because.description}), so your change was not made. The grid below is the current one: check it and try again.`;
}

const STALE_WHOLE_GRID = "Someone else changed the grid since you loaded it, so your change was not made. The grid below is the current one: check it and try again.";
