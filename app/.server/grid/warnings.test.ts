import { describe, expect, it } from "vitest";
import { expectedAttendance } from "~/domain/attendance";
import { cellKey, gridWarnings, isLargeRoom, largeRoomThreshold, unmetNeeds, type WarningInput, type WarningRoom, type WarningSession } from "./warnings";

const rooms: WarningRoom[] = [
  { id: 1, name: "Hall", capacity: 80, stepFree: true, hasScreen: true },
  { id: 2, name: "Side Room", capacity: 20, stepFree: false, hasScreen: false },
  { id: 3, name: "Annexe", capacity: 30, stepFree: true, hasScreen: false },
];
const slotNames = { 10: "10:30am", 11: "11:30am" };

function session(pitchId: number, roomId: number | null, slotId: number | null, extra: Partial<WarningSession> = {}): WarningSession {
  return { pitchId, title: `Talk ${pitchId}`, hosts: [{ registrationId: 100 + pitchId, name: `Host ${pitchId}` }], interest: 5, needs: [], avoidSlotIds: [], roomId, slotId, ...extra };
}

function check(sessions: WarningSession[], interestMarks: WarningInput["interestMarks"] = [], clashThreshold?: number) {
  return gridWarnings({ rooms, sessions, interestMarks, slotNames, clashThreshold });
}

describe("a clean grid", () => {
  it("has no warnings", () => {
    const result = check([session(1, 1, 10), session(2, 3, 10), session(3, 1, 11), session(4, null, null, { needs: ["screen"], interest: 500 })]);
    expect(result.summary).toEqual([]);
    expect(result.byCell).toEqual({});
  });
});

describe("host double-booked", () => {
  const alex = { registrationId: 7, name: "Alex Rivera" };
  it("is a hard warning on both cells when a host is in two sessions in one slot", () => {
    const result = check([session(1, 1, 10, { hosts: [alex] }), session(2, 3, 10, { hosts: [{ registrationId: 9, name: "Sam" }, alex] })]);
    expect(result.summary).toHaveLength(1);
    const [w] = result.summary;
    expect(w).toMatchObject({ kind: "host-double-booked", severity: "hard", slotId: 10, pitchIds: [1, 2] });
    expect(w.message).toBe("Alex Rivera hosts “Talk 1” and “Talk 2” at the same time (10:30am)");
    expect(result.byCell[cellKey(1, 10)]).toEqual([w]);
    expect(result.byCell[cellKey(3, 10)]).toEqual([w]);
  });
  it("names all three sessions when a host is in three", () => {
    const result = check([session(1, 1, 10, { hosts: [alex] }), session(2, 2, 10, { hosts: [alex] }), session(3, 3, 10, { hosts: [alex] })]);
    expect(result.summary.map((w) => w.message)).toEqual(["Alex Rivera hosts “Talk 1”, “Talk 2” and “Talk 3” at the same time (10:30am)"]);
  });
  it("does not warn when the host's sessions are in different slots, or unscheduled", () => {
    expect(check([session(1, 1, 10, { hosts: [alex] }), session(2, 1, 11, { hosts: [alex] }), session(3, null, null, { hosts: [alex] })]).summary).toEqual([]);
  });
  it("comes first among the problems, and problems come before interest clashes", () => {
    const marks = [1, 2, 3].flatMap((person) => [4, 5].map((pitchId) => ({ pitchId, registrationId: person })));
    const result = check(
      [session(4, 1, 12), session(5, 2, 12), session(1, 2, 10, { needs: ["screen"] }), session(2, 1, 11, { hosts: [alex] }), session(3, 3, 11, { hosts: [alex] })],
      marks,
    );
    expect(result.summary.map((w) => [w.kind, w.severity, w.id])).toEqual([
      ["host-double-booked", "hard", "w1"],
      ["need-unmet", "hard", "w2"],
      ["interest-clash", "soft", "w3"],
    ]);
  });
});

describe("host avoid-time", () => {
  it("warns when a session sits in a slot its hosts asked to avoid", () => {
    const result = check([session(1, 1, 10, { avoidSlotIds: [10] })]);
    expect(result.summary).toMatchObject([{ kind: "host-avoid-time", severity: "hard", message: "The hosts of “Talk 1” asked to avoid 10:30am", cells: ["1:10"] }]);
  });
  it("is quiet in another slot", () => {
    expect(check([session(1, 1, 11, { avoidSlotIds: [10] })]).summary).toEqual([]);
  });
});

describe("interest above room capacity", () => {
  it("warns when more people want a session than the room holds", () => {
    const result = check([session(1, 2, 10, { interest: 21 })]);
    expect(result.summary).toMatchObject([{ kind: "over-capacity", message: "21 people want “Talk 1” but Side Room holds 20", cells: ["2:10"] }]);
  });
  it("is quiet at exactly the capacity", () => {
    expect(check([session(1, 2, 10, { interest: 20 })]).summary).toEqual([]);
  });
  it("uses expected attendance when given: 25 marks x 0.7 fit 20 seats; a show of hands of 24 does not", () => {
    expect(check([session(1, 2, 10, { interest: 25, expected: expectedAttendance({ marks: 25 }, 0.7) })]).summary).toEqual([]);
    const result = check([session(1, 2, 10, { interest: 25, showOfHands: 24, expected: expectedAttendance({ marks: 25, showOfHands: 24 }, 0.7) })]);
    expect(result.summary).toMatchObject([
      { kind: "over-capacity", message: "About 24 people are expected at “Talk 1” (25 marked “I’d go”, 24 raised a hand) but Side Room holds 20", cells: ["2:10"] },
    ]);
  });
});

describe("needs", () => {
  it("warns of step-free access and a screen missing, in one message", () => {
    const result = check([session(1, 2, 10, { needs: ["step-free", "screen"] })]);
    expect(result.summary).toMatchObject([{ kind: "need-unmet", message: "“Talk 1” needs step-free access and a screen, which Side Room does not have" }]);
  });
  it("is quiet when the room has what is needed", () => {
    expect(check([session(1, 1, 10, { needs: ["step-free", "screen", "large-room"] })]).summary).toEqual([]);
  });
  it("treats the biggest third of rooms as large", () => {
    expect(largeRoomThreshold(rooms)).toBe(80);
    expect(largeRoomThreshold([{ capacity: 10 }, { capacity: 50 }, { capacity: 40 }, { capacity: 30 }, { capacity: 20 }, { capacity: 60 }])).toBe(50);
    expect(largeRoomThreshold([])).toBe(Infinity);
    expect(check([session(1, 3, 10, { needs: ["large-room"] })]).summary[0].message).toBe("“Talk 1” needs a large room, which Annexe does not have");
  });
  it("goes by the organisers' answer for a large room before the capacity rule", () => {
    const marked = (large: boolean | null) => rooms.map((r) => (r.id === 3 ? { ...r, large } : r.id === 1 ? { ...r, large: large === null ? null : !large } : r));
    expect(isLargeRoom({ capacity: 10, large: true }, 80)).toBe(true);
    expect(isLargeRoom({ capacity: 100, large: false }, 80)).toBe(false);
    expect(isLargeRoom({ capacity: 100, large: null }, 80)).toBe(true);
    expect(isLargeRoom({ capacity: 30 }, 80)).toBe(false);
    const inAnnexe = [session(1, 3, 10, { needs: ["large-room"] })];
    const inHall = [session(1, 1, 10, { needs: ["large-room"] })];
    expect(gridWarnings({ rooms: marked(true), sessions: inAnnexe, interestMarks: [], slotNames }).summary).toEqual([]);
    expect(gridWarnings({ rooms: marked(true), sessions: inHall, interestMarks: [], slotNames }).summary[0].message).toBe("“Talk 1” needs a large room, which Hall does not have");
    expect(gridWarnings({ rooms: marked(null), sessions: inAnnexe, interestMarks: [], slotNames }).summary[0].message).toBe("“Talk 1” needs a large room, which Annexe does not have");
  });
  it("reports a need it does not know rather than passing it silently", () => {
    expect(unmetNeeds(["hearing-loop"], rooms[0], 0)).toEqual(["hearing-loop"]);
  });
});

describe("interest clashes", () => {
  it("counts the people who marked both sessions of a pair in one slot", () => {
    const marks = [
      { pitchId: 1, registrationId: 1 },
      { pitchId: 2, registrationId: 1 },
      { pitchId: 1, registrationId: 2 },
      { pitchId: 2, registrationId: 2 },
      { pitchId: 3, registrationId: 2 },
      { pitchId: 1, registrationId: 3 },
      { pitchId: 4, registrationId: 1 },
    ];
    const result = check([session(1, 1, 10), session(2, 2, 10), session(3, 3, 10), session(4, 1, 11)], marks, 1);
    expect(result.summary.map((w) => [w.message, w.cells])).toEqual([
      ["2 people want both “Talk 1” and “Talk 2” (10:30am)", ["1:10", "2:10"]],
      ["1 person wants both “Talk 1” and “Talk 3” (10:30am)", ["1:10", "3:10"]],
      ["1 person wants both “Talk 2” and “Talk 3” (10:30am)", ["2:10", "3:10"]],
    ]);
    expect(result.byCell["1:10"]).toHaveLength(2);
    expect(result.byCell["1:11"]).toBeUndefined();
    expect(result.summary.map((w) => [w.severity, w.people])).toEqual([
      ["soft", 2],
      ["soft", 1],
      ["soft", 1],
    ]);
  });
  it("counts clashes of fewer people than the threshold (3 unless set) instead of listing them", () => {
    const marks = [1, 2, 3].flatMap((person) => [1, 2].map((pitchId) => ({ pitchId, registrationId: person })));
    marks.push({ pitchId: 3, registrationId: 1 });
    const sessions = [session(1, 1, 10), session(2, 2, 10), session(3, 3, 10)];
    const byDefault = check(sessions, marks);
    expect(byDefault.summary.map((w) => w.message)).toEqual(["3 people want both “Talk 1” and “Talk 2” (10:30am)"]);
    expect(byDefault.quietClashes).toEqual({ count: 2, people: 2 });
    expect(byDefault.byCell["3:10"]).toBeUndefined();
    const strict = check(sessions, marks, 4);
    expect(strict.summary).toEqual([]);
    expect(strict.quietClashes).toEqual({ count: 3, people: 5 });
  });
  it("ignores sessions in different slots and unscheduled ones", () => {
    const marks = [
      { pitchId: 1, registrationId: 1 },
      { pitchId: 2, registrationId: 1 },
      { pitchId: 3, registrationId: 1 },
    ];
    expect(check([session(1, 1, 10), session(2, 1, 11), session(3, null, null)], marks).summary).toEqual([]);
  });
});

it("gives every warning a cell and a summary entry (never silent)", () => {
  const alex = { registrationId: 7, name: "Alex" };
  const result = check(
    [session(1, 2, 10, { hosts: [alex], interest: 90, needs: ["screen"], avoidSlotIds: [10] }), session(2, 1, 10, { hosts: [alex] })],
    [
      { pitchId: 1, registrationId: 5 },
      { pitchId: 2, registrationId: 5 },
    ],
    1,
  );
  expect(new Set(result.summary.map((w) => w.kind))).toEqual(new Set(["host-double-booked", "host-avoid-time", "over-capacity", "need-unmet", "interest-clash"]));
  const onCells = new Set(Object.values(result.byCell).flat());
  for (const w of result.summary) expect(onCells.has(w)).toBe(true);
  // Everything about where people must be is a problem; only interest clashes are soft.
  expect(result.summary.filter((w) => w.severity === "soft").map((w) => w.kind)).toEqual(["interest-clash"]);
  // Each warning once in the summary, whatever number of cells it is shown on.
  expect(new Set(result.summary.map((w) => w.id)).size).toBe(result.summary.length);
});
