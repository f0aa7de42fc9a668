import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query } from "../platform";
import { makeEvent, makeGridPitch } from "../../../tests/support/factories";
import { placePitch } from "./grid";
import { createRoom, createSlot, deleteRoom, deleteSlot, listRooms, listSlots, moveRoom, RoomFormSchema, updateRoom, updateSlot, VenueRefused } from "./venue";

let eventId: number;
const day = "2030-06-01";

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VenueRefused) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error("Not refused");
}
const sequenceOf = async (id: number) => Number(firstRow<{ s: number }>(await query({ sql: "SELECT sequence AS s FROM pitches WHERE id = ?", args: [id] }))!.s);
const changedAt = async () => firstRow<{ c: string | null }>(await query({ sql: "SELECT schedule_changed_at AS c FROM events WHERE id = ?", args: [eventId] }))!.c;

beforeEach(async () => {
  ({
    event: { id: eventId },
  } = await makeEvent({ startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") }));
});

const room = (name: string, capacity = 20) => ({ name, capacity, stepFree: true, hasScreen: false, notes: "" });

describe("rooms", () => {
  it("adds rooms in order, edits them and moves them up and down", async () => {
    const a = await createRoom(eventId, room("Hall", 80));
    const b = await createRoom(eventId, room("Annexe"));
    const c = await createRoom(eventId, room("Library"));
    expect(await changedAt()).not.toBeNull();
    expect((await listRooms(eventId)).map((r) => r.id)).toEqual([a, b, c]);
    await moveRoom(eventId, c, "up");
    expect((await listRooms(eventId)).map((r) => r.id)).toEqual([a, c, b]);
    await moveRoom(eventId, a, "up"); // already first: nothing happens
    await moveRoom(eventId, a, "down");
    expect((await listRooms(eventId)).map((r) => r.id)).toEqual([c, a, b]);
    expect((await listRooms(eventId)).find((r) => r.id === b)).toMatchObject({ large: null });
    await updateRoom(eventId, b, { name: "Annexe 2", capacity: 12, stepFree: false, hasScreen: true, large: true, notes: "Up the stairs" });
    expect((await listRooms(eventId)).find((r) => r.id === b)).toMatchObject({ name: "Annexe 2", capacity: 12, stepFree: false, hasScreen: true, large: true, notes: "Up the stairs" });
  });

  it("refuses to delete a room with sessions, naming them, and deletes an empty one", async () => {
    const a = await createRoom(eventId, room("Hall"));
    const b = await createRoom(eventId, room("Spare"));
    const slot = await createSlot(eventId, { date: day, start: "10:00", end: "11:00", kind: "session", label: "" });
    const pitch = await makeGridPitch(eventId, { title: "Open data" });
    await placePitch(eventId, "o@council.test", 0, pitch, a, slot);
    expect(await refusal(deleteRoom(eventId, a))).toEqual({ field: "form", message: "Hall has a session on the grid (“Open data”). Move or unschedule it on the grid first." });
    await deleteRoom(eventId, b);
    expect((await listRooms(eventId)).map((r) => r.id)).toEqual([a]);
  });

  it("raises the calendar sequence of the sessions in a renamed room", async () => {
    const a = await createRoom(eventId, room("Hall"));
    const slot = await createSlot(eventId, { date: day, start: "10:00", end: "11:00", kind: "session", label: "" });
    const pitch = await makeGridPitch(eventId);
    await placePitch(eventId, "o@council.test", 0, pitch, a, slot);
    const seq = await sequenceOf(pitch);
    await updateRoom(eventId, a, { ...room("Hall"), capacity: 99 });
    expect(await sequenceOf(pitch)).toBe(seq);
    await updateRoom(eventId, a, room("Great Hall"));
    expect(await sequenceOf(pitch)).toBe(seq + 1);
  });

  it("does not touch another event's room", async () => {
    const other = await makeEvent();
    const theirs = await createRoom(other.event.id, room("Theirs"));
    await expect(updateRoom(eventId, theirs, room("Mine"))).rejects.toMatchObject({ status: 404 });
    await expect(deleteRoom(eventId, theirs)).rejects.toMatchObject({ status: 404 });
  });
});

describe("room names and facilities (issue 14)", () => {
  it("refuses a second room with the same name, ignoring case and spaces, on adding and renaming", async () => {
    const hall = await createRoom(eventId, room("Main Hall"));
    const side = await createRoom(eventId, room("Side room"));
    expect(await refusal(createRoom(eventId, room("main  hall ")))).toEqual({ field: "name", message: "There is already a room called “Main Hall”: give this one another name" });
    expect(await refusal(updateRoom(eventId, side, room("MAIN HALL")))).toMatchObject({ field: "name" });
    // Keeping its own name, or another event's rooms, is fine.
    await updateRoom(eventId, hall, room("Main Hall", 90));
    const other = await makeEvent();
    await createRoom(other.event.id, room("Main Hall"));
    expect((await listRooms(eventId)).map((r) => r.name)).toEqual(["Main Hall", "Side room"]);
  });

  it("needs explicit yes or no answers for step-free access and a screen", () => {
    const form = { name: "Hall", capacity: "40", notes: "Second floor, no lift" };
    const unanswered = RoomFormSchema.safeParse(form);
    expect(unanswered.success ? [] : unanswered.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "stepFree: Say whether everyone can get to the room without steps",
      "hasScreen: Say whether the room has a screen or projector",
      "large: Say whether this is a large room",
    ]);
    expect(RoomFormSchema.parse({ ...form, stepFree: "no", hasScreen: "yes", large: "no" })).toMatchObject({ stepFree: false, hasScreen: true, large: false });
    expect(RoomFormSchema.safeParse({ ...form, stepFree: "maybe", hasScreen: "no" }).success).toBe(false);
  });
});

describe("slots", () => {
  it("stores slots in UTC from times in the event's zone (BST), sorted", async () => {
    await createSlot(eventId, { date: day, start: "11:30", end: "12:15", kind: "session", label: "" });
    await createSlot(eventId, { date: day, start: "09:00", end: "09:30", kind: "break", label: "Registration" });
    expect((await listSlots(eventId)).map((s) => [s.startsAt, s.endsAt, s.kind, s.label])).toEqual([
      ["2030-06-01T08:00:00.000Z", "2030-06-01T08:30:00.000Z", "break", "Registration"],
      ["2030-06-01T10:30:00.000Z", "2030-06-01T11:15:00.000Z", "session", ""],
    ]);
  });

  it("refuses an overlapping session slot and a date outside the event", async () => {
    await createSlot(eventId, { date: day, start: "10:00", end: "11:00", kind: "session", label: "" });
    expect(await refusal(createSlot(eventId, { date: day, start: "10:30", end: "11:30", kind: "session", label: "" }))).toMatchObject({ field: "start" });
    expect(await refusal(createSlot(eventId, { date: "2030-06-02", start: "10:30", end: "11:30", kind: "session", label: "" }))).toMatchObject({ field: "date" });
    expect(await listSlots(eventId)).toHaveLength(1);
  });

  it("moves the sessions in a re-timed slot in calendars, and refuses turning a used slot into a break", async () => {
    const r = await createRoom(eventId, room("Hall"));
    const slot = await createSlot(eventId, { date: day, start: "10:00", end: "11:00", kind: "session", label: "" });
    const pitch = await makeGridPitch(eventId, { title: "Maps" });
    await placePitch(eventId, "o@council.test", 0, pitch, r, slot);
    const seq = await sequenceOf(pitch);
    await updateSlot(eventId, slot, { date: day, start: "10:15", end: "11:00", kind: "session", label: "" });
    expect(await sequenceOf(pitch)).toBe(seq + 1);
    expect((await listSlots(eventId))[0].startsAt).toBe("2030-06-01T09:15:00.000Z");
    expect(await refusal(updateSlot(eventId, slot, { date: day, start: "10:15", end: "11:00", kind: "break", label: "Lunch" }))).toMatchObject({ field: "kind", message: expect.stringContaining("“Maps”") });
    expect(await refusal(deleteSlot(eventId, slot, "Europe/London"))).toEqual({
      field: "form",
      message: "The slot 10:15am to 11am has a session on the grid (“Maps”). Move or unschedule it on the grid first.",
    });
    expect(await listSlots(eventId)).toHaveLength(1);
  });

  it("deletes an empty slot with its closed cells", async () => {
    const r = await createRoom(eventId, room("Hall"));
    const slot = await createSlot(eventId, { date: day, start: "10:00", end: "11:00", kind: "session", label: "" });
    await query({ sql: "INSERT INTO closed_cells (room_id, slot_id) VALUES (?, ?)", args: [r, slot] });
    await deleteSlot(eventId, slot, "Europe/London");
    expect(await listSlots(eventId)).toEqual([]);
    expect(firstRow(await query({ sql: "SELECT 1 FROM closed_cells WHERE slot_id = ?", args: [slot] }))).toBeUndefined();
  });
});
