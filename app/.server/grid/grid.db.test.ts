import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../platform";
import {
  applyGridSuggestion,
  GridChangeRefused,
  listGridHistory,
  loadOrganiserGrid,
  placePitch,
  setCellClosed,
  setPinned,
  setPublished,
  swapPitches,
  undoLastChange,
  unschedulePitch,
} from "./grid";
import { setClashThreshold } from "./warning-settings";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";

const ALICE = "alice@council.test";
const BOB = "bob@council.test";

let eventId: number;
let ticketId: number;
let rooms: number[];
let slots: number[];
let lunch: number;

async function version() {
  return Number(firstRow<{ v: number }>(await query({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
}
async function placements() {
  return rowsOf<{ pitch_id: number; room_id: number; slot_id: number; pinned: number }>(
    await query({ sql: "SELECT pitch_id, room_id, slot_id, pinned FROM placements WHERE event_id = ? ORDER BY pitch_id", args: [eventId] }),
  ).map((p) => [Number(p.pitch_id), Number(p.room_id), Number(p.slot_id), Number(p.pinned)]);
}
async function pitchRow(id: number) {
  return firstRow<{ sequence: number; updated_at: string }>(await query({ sql: "SELECT sequence, updated_at FROM pitches WHERE id = ?", args: [id] }))!;
}
async function refused(promise: Promise<unknown>): Promise<GridChangeRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GridChangeRefused) return error;
    throw error;
  }
  throw new Error("The change was not refused");
}

beforeEach(async () => {
  // The event's day is the slots' day: slot dates are shown only where they could differ.
  const { event, ticket } = await makeEvent({ startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
  eventId = event.id;
  ticketId = ticket.id;
  rooms = [await makeRoom(eventId, { name: "Hall", capacity: 50, position: 0 }), await makeRoom(eventId, { name: "Side", capacity: 10, position: 1, stepFree: false })];
  const start = new Date("2030-06-01T09:00:00Z");
  lunch = await makeSlot(eventId, new Date(start.getTime() + 3 * 3600_000), 60, "break", "Lunch");
  slots = [await makeSlot(eventId, start), await makeSlot(eventId, new Date(start.getTime() + 3600_000))];
});

describe("placing, moving, swapping", () => {
  it("records each change in one step: version, sequence, updated_at, schedule_changed_at, history", async () => {
    const pitch = await makeGridPitch(eventId, { title: "Open data" });
    const before = await pitchRow(pitch);
    const at = new Date("2030-05-01T10:00:00Z");
    expect(await placePitch(eventId, ALICE, 0, pitch, rooms[0], slots[0], at)).toMatchObject({ version: 1 });
    expect(await placements()).toEqual([[pitch, rooms[0], slots[0], 0]]);
    const after = await pitchRow(pitch);
    expect(Number(after.sequence)).toBe(Number(before.sequence) + 1);
    expect(after.updated_at).toBe(at.toISOString());
    const changedAt = firstRow<{ schedule_changed_at: string }>(await query({ sql: "SELECT schedule_changed_at FROM events WHERE id = ?", args: [eventId] }))!;
    expect(changedAt.schedule_changed_at).toBe(at.toISOString());

    await placePitch(eventId, BOB, 1, pitch, rooms[1], slots[1]);
    expect(Number((await pitchRow(pitch)).sequence)).toBe(Number(before.sequence) + 2);
    const history = await listGridHistory(eventId);
    expect(history.map((h) => [h.organiserEmail, h.description])).toEqual([
      [BOB, expect.stringMatching(/^Moved “Open data” from Hall at 10am on .* to Side at 11am on /)],
      [ALICE, expect.stringMatching(/^Placed “Open data” in Hall at 10am on Saturday 1 June 2030$/)],
    ]);
  });

  it("refuses an occupied cell, a closed cell, a break, and another event's room", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    const b = await makeGridPitch(eventId, { title: "B" });
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    expect((await refused(placePitch(eventId, ALICE, 1, b, rooms[0], slots[0]))).message).toMatch(/Hall at 10am .* already has “A”/);
    expect((await refused(placePitch(eventId, ALICE, 1, b, rooms[0], lunch))).message).toBe("Lunch is not a session slot, so nothing can be placed in it.");
    const other = await makeEvent();
    const foreignRoom = await makeRoom(other.event.id);
    expect((await refused(placePitch(eventId, ALICE, 1, b, foreignRoom, slots[0]))).message).toBe("That room is not part of this event.");
    await setCellClosed(eventId, ALICE, 1, rooms[1], slots[0], true);
    expect((await refused(placePitch(eventId, ALICE, 2, b, rooms[1], slots[0]))).message).toMatch(/is closed/);
    expect((await refused(setCellClosed(eventId, ALICE, 2, rooms[0], slots[0], true))).message).toMatch(/has “A”. Move or unschedule it/);
    await setCellClosed(eventId, ALICE, 2, rooms[1], slots[0], false);
    await placePitch(eventId, ALICE, 3, b, rooms[1], slots[0]);
    expect(await placements()).toEqual([
      [a, rooms[0], slots[0], 0],
      [b, rooms[1], slots[0], 0],
    ]);
  });

  it("refuses to place a withdrawn pitch and frees a cell a withdrawn pitch was left in", async () => {
    const gone = await makeGridPitch(eventId, { title: "Gone" });
    await placePitch(eventId, ALICE, 0, gone, rooms[0], slots[0]);
    await query({ sql: "UPDATE pitches SET status = 'withdrawn' WHERE id = ?", args: [gone] });
    expect((await refused(placePitch(eventId, ALICE, 1, gone, rooms[1], slots[0]))).message).toBe("“Gone” has been withdrawn, so it cannot be placed.");
    const fresh = await makeGridPitch(eventId);
    await placePitch(eventId, ALICE, 1, fresh, rooms[0], slots[0]);
    expect(await placements()).toEqual([[fresh, rooms[0], slots[0], 0]]);
  });

  it("swaps two sessions, keeping each one's pin", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    const b = await makeGridPitch(eventId, { title: "B" });
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    await placePitch(eventId, ALICE, 1, b, rooms[1], slots[1]);
    await setPinned(eventId, ALICE, 2, a, true);
    const seqB = Number((await pitchRow(b)).sequence);
    await swapPitches(eventId, ALICE, 3, a, b);
    expect(await placements()).toEqual([
      [a, rooms[1], slots[1], 1],
      [b, rooms[0], slots[0], 0],
    ]);
    expect(Number((await pitchRow(b)).sequence)).toBe(seqB + 1);
    const c = await makeGridPitch(eventId, { title: "C" });
    expect((await refused(swapPitches(eventId, ALICE, 4, a, c))).message).toBe("Both sessions must be on the grid to swap them: place “C” first.");
  });

  it("pins without touching the calendar sequence, and unschedules", async () => {
    const a = await makeGridPitch(eventId);
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    const seq = Number((await pitchRow(a)).sequence);
    await setPinned(eventId, ALICE, 1, a, true);
    expect(Number((await pitchRow(a)).sequence)).toBe(seq);
    expect(await placements()).toEqual([[a, rooms[0], slots[0], 1]]);
    await unschedulePitch(eventId, ALICE, 2, a);
    expect(await placements()).toEqual([]);
    expect(Number((await pitchRow(a)).sequence)).toBe(seq + 1);
    expect((await refused(setPinned(eventId, ALICE, 3, a, true))).message).toMatch(/is not on the grid/);
  });
});

describe("two organisers at once", () => {
  it("refuses a change to a cell someone else changed since, naming them, and overwrites nothing", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    const b = await makeGridPitch(eventId, { title: "B" });
    // Both load the grid at version 0.
    const loaded = await version();
    await placePitch(eventId, ALICE, loaded, a, rooms[0], slots[0]);
    const stale = await refused(placePitch(eventId, BOB, loaded, b, rooms[0], slots[0]));
    expect(stale.reason).toBe("stale");
    expect(stale.message).toMatch(/^alice@council\.test changed this since you loaded the grid \(Placed “A” in Hall at 10am/);
    expect(await placements()).toEqual([[a, rooms[0], slots[0], 0]]);
    expect(await version()).toBe(1);
    // Every change about that session or cell is refused from the old version.
    for (const attempt of [
      unschedulePitch(eventId, BOB, loaded, a),
      setPinned(eventId, BOB, loaded, a, true),
      setCellClosed(eventId, BOB, loaded, rooms[0], slots[0], true),
    ]) {
      expect((await refused(attempt)).reason).toBe("stale");
    }
    // Undo and a suggestion are about the whole grid the page showed: any change since refuses them.
    for (const attempt of [undoLastChange(eventId, BOB, loaded), applyGridSuggestion(eventId, BOB, loaded, [], "Suggested grid")]) {
      expect((await refused(attempt)).message).toMatch(/Someone else changed the grid since you loaded it/);
    }
    expect(await placements()).toEqual([[a, rooms[0], slots[0], 0]]);
    expect((await listGridHistory(eventId)).map((h) => h.organiserEmail)).toEqual([ALICE]);
  });

  it("applies changes from an older page when they touch nothing changed since", async () => {
    const [a, b, c] = [await makeGridPitch(eventId, { title: "A" }), await makeGridPitch(eventId, { title: "B" }), await makeGridPitch(eventId, { title: "C" })];
    const loaded = await version();
    await placePitch(eventId, ALICE, loaded, a, rooms[0], slots[0]);
    // Bob's page is one version behind; his session and cell are untouched, so it applies.
    expect(await placePitch(eventId, BOB, loaded, b, rooms[1], slots[0])).toMatchObject({ version: 2, changed: true });
    expect(await setCellClosed(eventId, BOB, loaded, rooms[1], slots[1], true)).toMatchObject({ version: 3 });
    expect(await setPublished(eventId, BOB, loaded, true)).toMatchObject({ version: 4 });
    expect(await placePitch(eventId, ALICE, 1, c, rooms[0], slots[1])).toMatchObject({ version: 5 });
    // Two versions behind, still untouched: pinning Alice's first session applies; moving Bob's does not.
    expect(await setPinned(eventId, BOB, 1, a, true)).toMatchObject({ version: 6 });
    expect((await refused(placePitch(eventId, ALICE, 1, b, rooms[0], slots[1]))).reason).toBe("stale");
    expect(await placements()).toEqual([
      [a, rooms[0], slots[0], 1],
      [b, rooms[1], slots[0], 0],
      [c, rooms[0], slots[1], 0],
    ]);
    // A version bump recorded without what it touched (data from before the rule) refuses as before.
    await query({ sql: "UPDATE grid_changes SET version_after = NULL WHERE event_id = ? AND description LIKE 'Published%'", args: [eventId] });
    expect((await refused(setPinned(eventId, BOB, 3, c, true))).message).toMatch(/Someone else changed the grid since you loaded it/);
  });

  it("lets exactly one of two simultaneous edits of one session through, and both of two unrelated ones", async () => {
    const a = await makeGridPitch(eventId);
    const b = await makeGridPitch(eventId);
    const same = await Promise.allSettled([placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]), placePitch(eventId, BOB, 0, a, rooms[1], slots[0])]);
    expect(same.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await placements()).toHaveLength(1);
    const unrelated = await Promise.allSettled([placePitch(eventId, ALICE, 1, b, rooms[0], slots[1]), setCellClosed(eventId, BOB, 1, rooms[1], slots[1], true)]);
    expect(unrelated.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(await version()).toBe(3);
  });
});

describe("undo", () => {
  it("walks back 25 changes one at a time, recording each undo", async () => {
    const pitches = [await makeGridPitch(eventId), await makeGridPitch(eventId), await makeGridPitch(eventId)];
    const cells = [
      [rooms[0], slots[0]],
      [rooms[1], slots[0]],
      [rooms[0], slots[1]],
      [rooms[1], slots[1]],
    ];
    const snapshots: unknown[] = [await placements()];
    let v = 0;
    for (let i = 0; i < 25; i++) {
      const pitch = pitches[i % 3];
      const occupied = new Set((await placements()).map(([, r, s]) => `${r}:${s}`));
      const free = cells.find(([r, s]) => !occupied.has(`${r}:${s}`) && (i + r + s) % 2 === 0) ?? cells.find(([r, s]) => !occupied.has(`${r}:${s}`))!;
      if (i % 5 === 4) ({ version: v } = await swapPitches(eventId, ALICE, v, pitches[0], pitches[1]).catch(() => placePitch(eventId, ALICE, v, pitch, free[0], free[1])));
      else ({ version: v } = await placePitch(eventId, ALICE, v, pitch, free[0], free[1]));
      snapshots.push(await placements());
    }
    for (let i = 25; i > 0; i--) {
      ({ version: v } = await undoLastChange(eventId, BOB, v));
      expect(await placements()).toEqual(snapshots[i - 1]);
    }
    expect(await placements()).toEqual([]);
    expect((await refused(undoLastChange(eventId, BOB, v))).message).toBe("There is nothing to undo.");
    const history = await listGridHistory(eventId);
    expect(history).toHaveLength(50);
    expect(history[0].description).toMatch(/^Undid: /);
    expect(history.filter((h) => h.kind === "undo" && h.organiserEmail === BOB)).toHaveLength(25);
  });

  it("after undo, a new change is undone first, then the older ones", async () => {
    const a = await makeGridPitch(eventId);
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    await placePitch(eventId, ALICE, 1, a, rooms[1], slots[0]);
    await undoLastChange(eventId, ALICE, 2);
    expect(await placements()).toEqual([[a, rooms[0], slots[0], 0]]);
    await placePitch(eventId, ALICE, 3, a, rooms[0], slots[1]);
    await undoLastChange(eventId, ALICE, 4);
    expect(await placements()).toEqual([[a, rooms[0], slots[0], 0]]);
    await undoLastChange(eventId, ALICE, 5);
    expect(await placements()).toEqual([]);
  });

  it("raises the sequence of the sessions an undo moves", async () => {
    const a = await makeGridPitch(eventId);
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    const seq = Number((await pitchRow(a)).sequence);
    await undoLastChange(eventId, ALICE, 1);
    expect(Number((await pitchRow(a)).sequence)).toBe(seq + 1);
  });
});

describe("applyGridSuggestion", () => {
  it("replaces every non-pinned placement as one undoable change, keeping pinned sessions", async () => {
    const [a, b, c] = [await makeGridPitch(eventId), await makeGridPitch(eventId), await makeGridPitch(eventId)];
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    await placePitch(eventId, ALICE, 1, b, rooms[1], slots[0]);
    await setPinned(eventId, ALICE, 2, a, true);
    const before = await placements();
    const { version: v } = await applyGridSuggestion(
      eventId,
      ALICE,
      3,
      [
        { pitchId: c, roomId: rooms[1], slotId: slots[0] },
        { pitchId: b, roomId: rooms[0], slotId: slots[1] },
      ],
      "Applied a suggested grid",
    );
    expect(v).toBe(4);
    expect(await placements()).toEqual([
      [a, rooms[0], slots[0], 1],
      [b, rooms[0], slots[1], 0],
      [c, rooms[1], slots[0], 0],
    ]);
    expect((await listGridHistory(eventId))[0].description).toBe("Applied a suggested grid");
    await undoLastChange(eventId, BOB, v);
    expect(await placements()).toEqual(before);
  });

  it("unschedules non-pinned sessions left out, and refuses to move a pinned one", async () => {
    const [a, b] = [await makeGridPitch(eventId), await makeGridPitch(eventId)];
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    await placePitch(eventId, ALICE, 1, b, rooms[1], slots[0]);
    await setPinned(eventId, ALICE, 2, a, true);
    expect((await refused(applyGridSuggestion(eventId, ALICE, 3, [{ pitchId: a, roomId: rooms[1], slotId: slots[1] }], "x"))).message).toBe("The suggestion moves a pinned session.");
    await applyGridSuggestion(eventId, ALICE, 3, [], "Cleared");
    expect(await placements()).toEqual([[a, rooms[0], slots[0], 1]]);
  });
});

describe("publishing", () => {
  it("refuses an empty grid, publishes, marks the schedule changed, and unpublishes", async () => {
    expect((await refused(setPublished(eventId, ALICE, 0, true))).message).toBe("Place at least one session on the grid before publishing it.");
    const a = await makeGridPitch(eventId);
    await placePitch(eventId, ALICE, 0, a, rooms[0], slots[0]);
    const at = new Date("2030-05-02T08:00:00Z");
    await setPublished(eventId, ALICE, 1, true, at);
    const row = firstRow<{ grid_published_at: string; schedule_changed_at: string }>(
      await query({ sql: "SELECT grid_published_at, schedule_changed_at FROM events WHERE id = ?", args: [eventId] }),
    )!;
    expect(row).toEqual({ grid_published_at: at.toISOString(), schedule_changed_at: at.toISOString() });
    expect((await refused(setPublished(eventId, ALICE, 2, true))).message).toBe("The grid is already published.");
    // Undo never unpublishes: it only reverts placements.
    await undoLastChange(eventId, ALICE, 2);
    expect((await loadOrganiserGrid(eventId))!.schedule.publishedAt).toBe(at.toISOString());
    await setPublished(eventId, ALICE, 3, false);
    expect((await loadOrganiserGrid(eventId))!.schedule.publishedAt).toBeNull();
    expect((await refused(setPublished(eventId, ALICE, 4, false))).message).toBe("The grid is not published.");
    expect((await listGridHistory(eventId)).map((h) => h.kind)).toEqual(["unpublish", "undo", "publish", "placements"]);
  });
});

describe("the organiser grid", () => {
  it("lists unscheduled sessions by interest and shows warnings on cells", async () => {
    const host = await makeRegistration(eventId, ticketId, { name: "Alex Host" });
    const fans = await Promise.all([1, 2, 3].map(() => makeRegistration(eventId, ticketId)));
    const a = await makeGridPitch(eventId, { title: "A", hostIds: [host.id], interestIds: fans.map((f) => f.id), needs: ["step-free"] });
    const b = await makeGridPitch(eventId, { title: "B", hostIds: [host.id], interestIds: [fans[0].id] });
    const c = await makeGridPitch(eventId, { title: "C", interestIds: [fans[1].id, fans[2].id] });
    await makeGridPitch(eventId, { title: "Withdrawn", status: "withdrawn" });
    await placePitch(eventId, ALICE, 0, a, rooms[1], slots[0]);
    await placePitch(eventId, ALICE, 1, b, rooms[0], slots[0]);
    await setCellClosed(eventId, ALICE, 2, rooms[1], slots[1], true);
    const grid = (await loadOrganiserGrid(eventId))!;
    expect(grid.sessionSlots.map((s) => s.id)).toEqual(slots);
    expect(grid.closedCells).toEqual([`${rooms[1]}:${slots[1]}`]);
    expect(grid.unscheduled.map((s) => s.pitchId)).toEqual([c]);
    expect(grid.sessions.map((s) => s.title)).toEqual(["A", "B", "C"]);
    expect(grid.warnings.summary.map((w) => [w.kind, w.severity])).toEqual([
      ["host-double-booked", "hard"],
      ["need-unmet", "hard"],
    ]);
    expect(grid.warnings.summary[0].message).toBe("Alex Host hosts “B” and “A” at the same time (10am)");
    // One person wants both A and B: under the threshold of 3, counted, not listed.
    expect(grid.clashThreshold).toBe(3);
    expect(grid.warnings.quietClashes).toEqual({ count: 1, people: 1 });
    expect(grid.warnings.byCell[`${rooms[1]}:${slots[0]}`]).toHaveLength(2);
    await setClashThreshold(eventId, 1);
    const listed = (await loadOrganiserGrid(eventId))!;
    expect(listed.warnings.summary.map((w) => w.kind)).toEqual(["host-double-booked", "need-unmet", "interest-clash"]);
    expect(listed.warnings.byCell[`${rooms[1]}:${slots[0]}`]).toHaveLength(3);
    await expect(setClashThreshold(eventId, 0)).rejects.toThrow(/whole number of people from 1 to 50/);
    expect(grid.undo?.description).toMatch(/^Placed “B”/);
  });
});
