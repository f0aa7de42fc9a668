import { describe, expect, it } from "vitest";
import { openSpaceCells, openSpaceVerdict, type OpenSpaceGrid } from "./open-space-rule";
import type { WarningSession } from "./warnings";

const ana = { registrationId: 7, name: "Ana" };
function session(pitchId: number, roomId: number | null, slotId: number | null, extra: Partial<WarningSession> = {}): WarningSession {
  return { pitchId, title: `Talk ${pitchId}`, hosts: [{ registrationId: 100 + pitchId, name: `Host ${pitchId}` }], interest: 5, needs: [], avoidSlotIds: [], roomId, slotId, ...extra };
}
function grid(sessions: WarningSession[], closedCells: string[] = []): OpenSpaceGrid {
  return {
    rooms: [
      { id: 1, name: "Hall", capacity: 80, stepFree: true, hasScreen: true },
      { id: 2, name: "Side", capacity: 10, stepFree: false, hasScreen: false },
    ],
    sessionSlotIds: [10, 11],
    closedCells,
    sessions,
    slotNames: { 10: "10am", 11: "11am" },
  };
}

describe("the cells a host may choose", () => {
  it("are every open cell of session slots when the grid is empty", () => {
    expect(openSpaceCells(grid([session(1, null, null)]), 1)).toEqual([
      { roomId: 1, slotId: 10 },
      { roomId: 2, slotId: 10 },
      { roomId: 1, slotId: 11 },
      { roomId: 2, slotId: 11 },
    ]);
  });

  it("leave out closed cells, taken cells and the session's own cell", () => {
    const g = grid([session(1, 1, 10), session(2, 2, 11)], ["2:10"]);
    expect(openSpaceCells(g, 1)).toEqual([{ roomId: 1, slotId: 11 }]);
    expect(openSpaceVerdict(g, 1, 2, 10)).toEqual({ ok: false, reason: "Side at 10am is closed." });
    expect(openSpaceVerdict(g, 1, 2, 11)).toEqual({ ok: false, reason: "Side at 11am has just been taken by “Talk 2”." });
    expect(openSpaceVerdict(g, 1, 1, 10)).toMatchObject({ ok: false, reason: "“Talk 1” is already in Hall at 10am." });
  });

  it("leave out slots where a host of the session already hosts another (no double-booking)", () => {
    const g = grid([session(1, 1, 10, { hosts: [ana] }), session(2, null, null, { hosts: [{ registrationId: 9, name: "Ben" }, ana] })]);
    expect(openSpaceCells(g, 2)).toEqual([
      { roomId: 1, slotId: 11 },
      { roomId: 2, slotId: 11 },
    ]);
    expect(openSpaceVerdict(g, 2, 2, 10)).toEqual({ ok: false, reason: "Side at 10am does not suit this session: Ana hosts “Talk 1” and “Talk 2” at the same time (10am)." });
  });

  it("leave out rooms too small for the expected attendance, as the grid's warnings count it", () => {
    const g = grid([session(1, null, null, { interest: 30, expected: 12 })]);
    expect(openSpaceCells(g, 1)).toEqual([
      { roomId: 1, slotId: 10 },
      { roomId: 1, slotId: 11 },
    ]);
    // Expected 9 (marks x ratio) fits the 10-place room, though 30 marked "I'd go".
    expect(openSpaceCells(grid([session(1, null, null, { interest: 30, expected: 9 })]), 1)).toHaveLength(4);
  });

  it("leave out rooms without what the session needs, and the hosts' avoid times", () => {
    expect(openSpaceCells(grid([session(1, null, null, { needs: ["step-free"], avoidSlotIds: [11] })]), 1)).toEqual([{ roomId: 1, slotId: 10 }]);
  });

  it("ignore other sessions' problems and interest clashes: only this session's are the host's to avoid", () => {
    // Talk 2 is already in a room too small for it; Talk 1 can still go in the Hall next door.
    const g = grid([session(2, 2, 10, { interest: 50 }), session(1, null, null)]);
    expect(openSpaceVerdict(g, 1, 1, 10)).toEqual({ ok: true });
  });

  it("refuse a session that is not open, or a cell not on the grid", () => {
    const g = grid([session(1, null, null)]);
    expect(openSpaceVerdict(g, 99, 1, 10)).toMatchObject({ ok: false });
    expect(openSpaceVerdict(g, 1, 3, 10)).toEqual({ ok: false, reason: "That is not a cell of this event’s grid." });
    expect(openSpaceVerdict(g, 1, 1, 12)).toEqual({ ok: false, reason: "That is not a cell of this event’s grid." });
  });
});
