import { describe, expect, it } from "vitest";
import { staleVerdict, touchesOfRecorded, type RecordedChange } from "./stale-rule";

let nextId = 1;
function placements(versionAfter: number | null, before: [number, [number, number] | null][], after: [number, [number, number] | null][], email = "bob@council.test"): RecordedChange {
  const state = (list: [number, [number, number] | null][]) => JSON.stringify(list.map(([pitchId, at]) => ({ pitchId, placement: at ? { roomId: at[0], slotId: at[1], pinned: false } : null })));
  return { id: nextId++, organiserEmail: email, kind: "placements", description: `change ${nextId}`, beforeState: state(before), afterState: state(after), versionAfter };
}
function closed(versionAfter: number, roomId: number, slotId: number): RecordedChange {
  const cell = JSON.stringify({ roomId, slotId, closed: true });
  return { id: nextId++, organiserEmail: "bob@council.test", kind: "cells", description: "Closed", beforeState: cell, afterState: cell, versionAfter };
}
const published = (versionAfter: number): RecordedChange => ({ id: nextId++, organiserEmail: "bob@council.test", kind: "publish", description: "Published the grid", beforeState: "{}", afterState: "{}", versionAfter });

describe("what a recorded change touched", () => {
  it("reads sessions and both cells of a move, a closed cell, and publishing", () => {
    expect(touchesOfRecorded(placements(1, [[7, [1, 2]]], [[7, [3, 4]]]))).toEqual({ pitchIds: [7], cells: ["1:2", "3:4"] });
    expect(touchesOfRecorded(closed(1, 5, 6))).toEqual({ pitchIds: [], cells: ["5:6"] });
    expect(touchesOfRecorded(published(1))).toMatchObject({ published: true });
  });

  it("treats an unknown kind or unreadable state as touching everything", () => {
    expect(touchesOfRecorded({ kind: "withdrawal", beforeState: "[]", afterState: "[]" }).everything).toBe(true);
    expect(touchesOfRecorded({ kind: "placements", beforeState: "not json", afterState: "[]" }).everything).toBe(true);
  });
});

describe("the stale rule", () => {
  it("applies a change from the current version", () => {
    expect(staleVerdict({ pitchIds: [1], cells: ["1:1"] }, [], 0)).toEqual({ stale: false });
  });

  it("applies a change whose session and cell nobody touched since", () => {
    const since = [placements(4, [[2, null]], [[2, [1, 1]]]), closed(5, 2, 2), published(6)];
    expect(staleVerdict({ pitchIds: [3], cells: ["3:1"] }, since, 3)).toEqual({ stale: false });
  });

  it("refuses when the session was moved, pinned or unscheduled since, naming who did it", () => {
    const move = placements(4, [[3, [1, 1]]], [[3, [2, 1]]], "alice@council.test");
    const verdict = staleVerdict({ pitchIds: [3], cells: [] }, [move], 1);
    expect(verdict).toEqual({ stale: true, because: move });
    const unscheduled = placements(5, [[3, [2, 1]]], [[3, null]]);
    expect(staleVerdict({ pitchIds: [3], cells: [] }, [move, unscheduled], 2)).toEqual({ stale: true, because: unscheduled });
  });

  it("refuses placing into a cell that was filled, emptied or closed since", () => {
    expect(staleVerdict({ pitchIds: [9], cells: ["1:1"] }, [placements(2, [[4, null]], [[4, [1, 1]]])], 1).stale).toBe(true);
    expect(staleVerdict({ pitchIds: [9], cells: ["1:1"] }, [placements(2, [[4, [1, 1]]], [[4, null]])], 1).stale).toBe(true);
    expect(staleVerdict({ pitchIds: [9], cells: ["1:1"] }, [closed(2, 1, 1)], 1).stale).toBe(true);
    expect(staleVerdict({ pitchIds: [], cells: ["1:1"] }, [placements(2, [[4, null]], [[4, [1, 1]]])], 1).stale).toBe(true);
  });

  it("refuses publishing or unpublishing after someone else did", () => {
    expect(staleVerdict({ pitchIds: [], cells: [], published: true }, [published(3)], 1).stale).toBe(true);
    expect(staleVerdict({ pitchIds: [], cells: [], published: true }, [placements(3, [[1, null]], [[1, [1, 1]]])], 1).stale).toBe(false);
  });

  it("refuses when a version bump since was not recorded with what it touched", () => {
    expect(staleVerdict({ pitchIds: [3], cells: [] }, [placements(4, [[2, null]], [[2, [1, 1]]])], 2)).toEqual({ stale: true, because: null });
    expect(staleVerdict({ pitchIds: [3], cells: [] }, [placements(null, [[2, null]], [[2, [1, 1]]])], 1)).toEqual({ stale: true, because: null });
    expect(staleVerdict({ pitchIds: [3], cells: [] }, [], -1)).toEqual({ stale: true, because: null });
  });

  it("refuses anything against a change that touched everything", () => {
    const unknown: RecordedChange = { ...published(2), kind: "something-new" };
    expect(staleVerdict({ pitchIds: [3], cells: [] }, [unknown], 1).stale).toBe(true);
  });
});
