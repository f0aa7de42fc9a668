import { beforeEach, describe, expect, it } from "vitest";
import { DomainError, firstRow, query } from "../platform";
import { loadSessionNotes, notesArchive, NotesConflict, notesSettings, notesVersion, saveSessionNotes, setDefaultShowUpRatio, setNotesTemplate } from "./session-notes";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";

let event: { id: number; slug: string };
let ticketId: number;
let pitchId: number;
let host: { id: number };
let attendee: { id: number };

beforeEach(async () => {
  const made = await makeEvent();
  event = made.event;
  ticketId = made.ticket.id;
  host = await makeRegistration(event.id, ticketId, { name: "Hana Host" });
  attendee = await makeRegistration(event.id, ticketId, { name: "Nia Notetaker" });
  pitchId = await makeGridPitch(event.id, { title: "Open data", hostIds: [host.id] });
});

const asAttendee = (id: number, name = "Someone") => ({ kind: "attendee" as const, registrationId: id, name });
const ORGANISER = { kind: "organiser" as const, email: "Org@Council.test", role: "organiser" as const };

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("saving notes", () => {
  it("keeps every save as a numbered version, newest first, with who saved it", async () => {
    expect(await saveSessionNotes(event.id, pitchId, asAttendee(attendee.id), 0, "First points\r\nSecond")).toEqual({ version: 1, changed: true });
    expect(await saveSessionNotes(event.id, pitchId, asAttendee(host.id), 1, "First points\nSecond\nThird")).toEqual({ version: 2, changed: true });
    expect(await saveSessionNotes(event.id, pitchId, ORGANISER, 2, "First points\nSecond\nThird\nActions")).toEqual({ version: 3, changed: true });
    const publicView = await loadSessionNotes(event, pitchId);
    expect(publicView.current).toMatchObject({ version: 3, body: "First points\nSecond\nThird\nActions", savedBy: "An organiser" });
    expect(publicView.history.map((h) => [h.version, h.savedBy])).toEqual([
      [3, "An organiser"],
      [2, "Hana Host (host)"],
      [1, "An attendee"],
    ]);
    const organiserView = await loadSessionNotes(event, pitchId, true);
    expect(organiserView.history.map((h) => h.savedBy)).toEqual(["org@council.test (organiser)", "Hana Host (host)", "Nia Notetaker"]);
    expect((await notesVersion(event.id, pitchId, 1)).body).toBe("First points\nSecond");
  });

  it("refuses a save made on an old version and gives the version now, so nothing is lost", async () => {
    await saveSessionNotes(event.id, pitchId, asAttendee(attendee.id), 0, "Mine");
    // Both opened version 1; the host saves first.
    await saveSessionNotes(event.id, pitchId, asAttendee(host.id), 1, "Host's words");
    const error = await refusal(saveSessionNotes(event.id, pitchId, asAttendee(attendee.id), 1, "My later words"));
    expect(error).toBeInstanceOf(NotesConflict);
    expect((error as NotesConflict).current).toMatchObject({ version: 2, body: "Host's words", savedBy: "Hana Host (host)" });
    expect((error as NotesConflict).status).toBe(409);
    // A first save when someone already saved is a conflict too.
    expect(await refusal(saveSessionNotes(event.id, pitchId, ORGANISER, 0, "Fresh"))).toBeInstanceOf(NotesConflict);
    expect((await loadSessionNotes(event, pitchId)).current?.body).toBe("Host's words");
  });

  it("adds no version for the same text, and refuses control characters and too much text", async () => {
    await saveSessionNotes(event.id, pitchId, ORGANISER, 0, "Same");
    expect(await saveSessionNotes(event.id, pitchId, ORGANISER, 1, "Same")).toEqual({ version: 1, changed: false });
    expect(await refusal(saveSessionNotes(event.id, pitchId, ORGANISER, 1, "bell\u0007"))).toMatchObject({ kind: "invalid", field: "body" });
    expect(await refusal(saveSessionNotes(event.id, pitchId, ORGANISER, 1, "x".repeat(20_001)))).toMatchObject({ kind: "invalid", field: "body" });
  });

  it("is only for attendees with a place, on open sessions of this event", async () => {
    const waiting = await makeRegistration(event.id, ticketId, { status: "waiting" });
    expect(await refusal(saveSessionNotes(event.id, pitchId, asAttendee(waiting.id), 0, "x"))).toMatchObject({ kind: "forbidden" });
    const other = await makeEvent();
    const stranger = await makeRegistration(other.event.id, other.ticket.id);
    expect(await refusal(saveSessionNotes(event.id, pitchId, asAttendee(stranger.id), 0, "x"))).toMatchObject({ kind: "forbidden" });
    const withdrawn = await makeGridPitch(event.id, { status: "withdrawn" });
    expect(await refusal(saveSessionNotes(event.id, withdrawn, ORGANISER, 0, "x"))).toMatchObject({ kind: "not-found" });
    expect(await refusal(saveSessionNotes(other.event.id, pitchId, ORGANISER, 0, "x"))).toMatchObject({ kind: "not-found" });
  });
});

describe("settings", () => {
  it("sets and clears the notes link template, bumping the schedule's change time (feeds and exports rebuild)", async () => {
    const changed = async () => firstRow<{ t: string | null }>(await query({ sql: "SELECT schedule_changed_at AS t FROM events WHERE id = ?", args: [event.id] }))!.t;
    const before = await changed();
    expect(await setNotesTemplate(event.id, " https://docs.example/n/{slug}-{id} ", new Date("2030-01-01T00:00:00Z"))).toBe("https://docs.example/n/{slug}-{id}");
    expect(await changed()).toBe("2030-01-01T00:00:00.000Z");
    expect(before).not.toBe("2030-01-01T00:00:00.000Z");
    expect((await loadSessionNotes(event, pitchId)).externalLink).toBe(`https://docs.example/n/${event.slug}-${pitchId}`);
    // Notes here are closed while the template is set.
    expect(await refusal(saveSessionNotes(event.id, pitchId, ORGANISER, 0, "x"))).toMatchObject({ kind: "conflict" });
    const bad = await refusal(setNotesTemplate(event.id, "http://docs.example/{id}"));
    expect(bad).toBeInstanceOf(DomainError);
    expect(bad).toMatchObject({ kind: "invalid", field: "notesTemplate" });
    expect(await setNotesTemplate(event.id, "")).toBeNull();
    expect((await notesSettings(event.id)).template).toBeNull();
  });

  it("sets the default show-up ratio from a percentage or a decimal", async () => {
    expect((await notesSettings(event.id)).defaultShowUpRatio).toBe(0.7);
    expect(await setDefaultShowUpRatio(event.id, "55%")).toBe(0.55);
    expect((await notesSettings(event.id)).defaultShowUpRatio).toBe(0.55);
    expect(await refusal(setDefaultShowUpRatio(event.id, "lots"))).toMatchObject({ kind: "invalid", field: "defaultShowUpRatio" });
  });
});

describe("the archive", () => {
  it("lists sessions on the grid in grid order with their latest notes", async () => {
    const [hall, annexe] = [await makeRoom(event.id, { name: "Hall", position: 0 }), await makeRoom(event.id, { name: "Annexe", position: 1 })];
    const start = Date.parse("2030-03-01T10:00:00Z");
    const [am, pm] = [await makeSlot(event.id, new Date(start)), await makeSlot(event.id, new Date(start + 3 * 3600_000))];
    const second = await makeGridPitch(event.id, { title: "Second" });
    const unplaced = await makeGridPitch(event.id, { title: "Nowhere" });
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)", args: [pitchId, event.id, annexe, pm, "x", second, event.id, hall, am, "x"] });
    await saveSessionNotes(event.id, pitchId, ORGANISER, 0, "v1");
    await saveSessionNotes(event.id, pitchId, ORGANISER, 1, "v2");
    const archive = (await notesArchive(event.id, (s) => s))!;
    expect(archive.external).toBe(false);
    expect(archive.sessions.map((s) => [s.title, s.roomName, s.notes])).toEqual([
      ["Second", "Hall", null],
      ["Open data", "Annexe", "v2"],
    ]);
    expect(archive.sessions.some((s) => s.pitchId === unplaced)).toBe(false);
    expect(archive.sessions[1].notesLink).toBe(`/events/${event.slug}/sessions/${pitchId}/notes`);
  });
});
