import { beforeEach, describe, expect, it } from "vitest";
import { query } from "../platform";
import { buildGridInstance, loadOrganiserGrid } from "../grid";
import { setDefaultShowUpRatio } from "../notes";
import { eventAttendance, sessionCounts, setHeadCount, setShowOfHands } from "./session-counts";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";

let eventId: number;
let people: number[];
let room: number;
let slots: number[];

async function place(pitchId: number, slotId: number, roomId = room) {
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, 'x')", args: [pitchId, eventId, roomId, slotId] });
}

beforeEach(async () => {
  const { event, ticket } = await makeEvent();
  eventId = event.id;
  people = [];
  for (let i = 0; i < 30; i++) people.push((await makeRegistration(eventId, ticket.id)).id);
  room = await makeRoom(eventId, { name: "Side Room", capacity: 20 });
  const start = Date.parse("2030-03-01T10:00:00Z");
  slots = [await makeSlot(eventId, new Date(start)), await makeSlot(eventId, new Date(start + 3600_000)), await makeSlot(eventId, new Date(start + 7200_000))];
});

const overCapacity = async () => (await loadOrganiserGrid(eventId))!.warnings.summary.filter((w) => w.kind === "over-capacity").map((w) => w.message);

describe("show of hands and head counts", () => {
  it("are kept per session apart from marks, and can be cleared", async () => {
    const pitch = await makeGridPitch(eventId, { interestIds: people.slice(0, 3) });
    await setShowOfHands(eventId, pitch, 12);
    await setHeadCount(eventId, pitch, 9);
    expect(await sessionCounts(pitch)).toEqual({ showOfHands: 12, headCount: 9 });
    await setShowOfHands(eventId, pitch, null);
    expect(await sessionCounts(pitch)).toEqual({ showOfHands: null, headCount: 9 });
    await expect(setHeadCount(eventId, pitch, -1)).rejects.toMatchObject({ kind: "invalid", field: "headCount" });
    await expect(setHeadCount(eventId, pitch, 2.5)).rejects.toMatchObject({ kind: "invalid" });
    const withdrawn = await makeGridPitch(eventId, { status: "withdrawn" });
    await expect(setShowOfHands(eventId, withdrawn, 3)).rejects.toMatchObject({ kind: "not-found" });
    const other = await makeEvent();
    await expect(setHeadCount(other.event.id, pitch, 3)).rejects.toMatchObject({ kind: "not-found" });
    // Marks are untouched.
    expect((await eventAttendance(eventId))!.rows.find((r) => r.pitchId === pitch)!.marks).toBe(3);
  });
});

describe("expected attendance in the grid's warnings and the optimiser's instance", () => {
  it("uses marks x the default 0.7 until there are head counts, then the event's own ratio; a show of hands is a floor", async () => {
    // 25 marks in a room of 20: 25 x 0.7 = 18 (rounded 17.5 up), so no warning by default.
    const big = await makeGridPitch(eventId, { title: "Big", interestIds: people.slice(0, 25) });
    await place(big, slots[2]);
    expect(await overCapacity()).toEqual([]);
    let instance = (await buildGridInstance(eventId))!.instance;
    expect(instance.sessions.find((s) => s.id === big)).toMatchObject({ expected: 18 });
    expect(instance.sessions.find((s) => s.id === big)!.interested).toHaveLength(25);

    // A morning session: 10 marked, 10 came. The event's ratio is now 100%.
    const morning = await makeGridPitch(eventId, { title: "Morning", interestIds: people.slice(0, 10) });
    await place(morning, slots[0]);
    await setHeadCount(eventId, morning, 10);
    const attendance = (await eventAttendance(eventId))!;
    expect(attendance.ratio).toMatchObject({ ratio: 1, source: "event", countedSessions: 1, counted: 10, marks: 10 });
    expect(await overCapacity()).toEqual(["About 25 people are expected at “Big” (25 marked “I’d go”) but Side Room holds 20"]);
    instance = (await buildGridInstance(eventId))!.instance;
    expect(instance.sessions.find((s) => s.id === big)!.expected).toBe(25);

    // Fewer came than marked: ratio 50%, 25 x 0.5 = 13; a show of hands of 22 overrides it.
    await setHeadCount(eventId, morning, 5);
    expect(await overCapacity()).toEqual([]);
    await setShowOfHands(eventId, big, 22);
    expect(await overCapacity()).toEqual(["About 22 people are expected at “Big” (25 marked “I’d go”, 22 raised a hand) but Side Room holds 20"]);
  });

  it("uses the event's default ratio setting until counts exist", async () => {
    const big = await makeGridPitch(eventId, { title: "Big", interestIds: people.slice(0, 25) });
    await place(big, slots[1]);
    expect(await overCapacity()).toEqual([]);
    await setDefaultShowUpRatio(eventId, "90%");
    expect(await overCapacity()).toEqual(["About 23 people are expected at “Big” (25 marked “I’d go”) but Side Room holds 20"]);
    expect((await loadOrganiserGrid(eventId))!.showUp).toMatchObject({ ratio: 0.9, source: "default" });
  });
});
