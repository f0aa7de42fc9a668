/**
 * The no-lost-update rule for a grid worked on by several organisers at once (pure, no
 * database). A change is made from a page that showed grid version V. It is refused only when
 * something it touches (a session, a cell, the published state) was touched by a change recorded
 * since V; otherwise it applies, however many unrelated changes were made meanwhile. A version
 * bump that was not recorded with what it touched (older data, or a change this rule does not
 * know) refuses everything made from before it, as the strict rule did.
 */
export type GridTouches = {
  pitchIds: number[];
  /** Cells as cellKey(roomId, slotId). */
  cells: string[];
  /** Publishing or unpublishing. */
  published?: boolean;
  /** Touches everything (an unknown kind of change): anything older conflicts with it. */
  everything?: boolean;
};

export type RecordedChange = {
  id: number;
  organiserEmail: string;
  kind: string;
  description: string;
  beforeState: string;
  afterState: string;
  versionAfter: number | null;
};

type PlacementState = { pitchId: number; placement: { roomId: number; slotId: number } | null }[];
type CellState = { roomId: number; slotId: number };

const key = (roomId: number, slotId: number) => `${roomId}:${slotId}`;

/** What a recorded change touched, read from its before and after states. */
export function touchesOfRecorded(change: Pick<RecordedChange, "kind" | "beforeState" | "afterState">): GridTouches {
  try {
    if (change.kind === "placements" || change.kind === "undo") {
      const states = [JSON.parse(change.beforeState), JSON.parse(change.afterState)] as PlacementState[];
      const pitchIds = new Set<number>();
      const cells = new Set<string>();
      for (const state of states) {
        if (!Array.isArray(state)) return { pitchIds: [], cells: [], everything: true };
        for (const p of state) {
          pitchIds.add(Number(p.pitchId));
          if (p.placement) cells.add(key(Number(p.placement.roomId), Number(p.placement.slotId)));
        }
      }
      return { pitchIds: [...pitchIds], cells: [...cells] };
    }
    if (change.kind === "cells") {
      const after = JSON.parse(change.afterState) as CellState;
      return { pitchIds: [], cells: [key(Number(after.roomId), Number(after.slotId))] };
    }
    if (change.kind === "publish" || change.kind === "unpublish") return { pitchIds: [], cells: [], published: true };
  } catch {
    // Unreadable state: treat it as touching everything.
  }
  return { pitchIds: [], cells: [], everything: true };
}

function overlaps(a: GridTouches, b: GridTouches) {
  if (a.everything || b.everything) return true;
  if (a.published && b.published) return true;
  if (a.pitchIds.some((id) => b.pitchIds.includes(id))) return true;
  return a.cells.some((c) => b.cells.includes(c));
}

type StaleVerdict = { stale: false } | { stale: true; because: RecordedChange | null };

/**
 * `since`: every change recorded with versionAfter above the page's version. `versionGap`: the
 * grid's current version minus the page's. Stale when a change since touched what this change
 * touches (`because` names it), or when some bump since was not recorded (`because` is null).
 */
export function staleVerdict(touches: GridTouches, since: RecordedChange[], versionGap: number): StaleVerdict {
  if (versionGap < 0) return { stale: true, because: null };
  if (versionGap === 0) return { stale: false };
  const recorded = since.filter((c) => c.versionAfter !== null);
  if (recorded.length !== versionGap) return { stale: true, because: null };
  // The newest conflicting change is the one to tell the organiser about.
  const conflicting = [...recorded].sort((a, b) => b.id - a.id).find((c) => overlaps(touches, touchesOfRecorded(c)));
  return conflicting ? { stale: true, because: conflicting } : { stale: false };
}
