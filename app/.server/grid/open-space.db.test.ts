import { beforeEach, describe, expect, it } from "vitest";
import { DomainError, firstRow, query, rowsOf } from "../platform";
import { GridChangeRefused, listGridHistory, placePitch, placeOwnSession, setPinned, setPublished, undoLastChange } from "./grid";
import { openSpaceChoice, openSpaceEnabled, setOpenSpace } from "./open-space";
import { recentGridChanges } from "./live";
import { sendDueChangeNotices } from "../notices";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";

const ORG = "org@council.test";
let eventId: number;
let ticketId: number;
let hall: number;
let side: number;
let slots: number[];
let ana: number;
let ben: number;

async function placements() {
  return rowsOf<{ pitch_id: number; room_id: number; slot_id: number }>(
    await query({ sql: "SELECT pitch_id, room_id, slot_id FROM placements WHERE event_id = ? ORDER BY pitch_id", args: [eventId] }),
  ).map((p) => [Number(p.pitch_id), Number(p.room_id), Number(p.slot_id)]);
}
async function versions() {
  const row = firstRow<{ grid_version: number; schedule_version: number; schedule_changed_at: string | null }>(
    await query({ sql: "SELECT grid_version, schedule_version, schedule_changed_at FROM events WHERE id = ?", args: [eventId] }),
  )!;
  return { grid: Number(row.grid_version), schedule: Number(row.schedule_version), changedAt: row.schedule_changed_at };
}
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("It was not refused");
}

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
  eventId = event.id;
  ticketId = ticket.id;
  hall = await makeRoom(eventId, { name: "Hall", capacity: 50, position: 0 });
  side = await makeRoom(eventId, { name: "Side", capacity: 4, position: 1 });
  const start = new Date("2030-06-01T09:00:00Z");
  slots = [await makeSlot(eventId, start), await makeSlot(eventId, new Date(start.getTime() + 3600_000))];
  ana = (await makeRegistration(eventId, ticketId, { name: "Ana Host" })).id;
  ben = (await makeRegistration(eventId, ticketId, { name: "Ben Host" })).id;
});

describe("the event setting", () => {
  it("is off by default, and while off a host's placement is refused as forbidden", async () => {
    const pitch = await makeGridPitch(eventId, { hostIds: [ana] });
    expect(await openSpaceEnabled(eventId)).toBe(false);
    const error = await failure(placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] }));
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe("forbidden");
    await expect(openSpaceChoice(eventId, ana, pitch)).rejects.toMatchObject({ kind: "forbidden" });
    expect(await placements()).toEqual([]);
    await setOpenSpace(eventId, true);
    expect(await openSpaceEnabled(eventId)).toBe(true);
  });
});

describe("a host placing their own session", () => {
  beforeEach(async () => {
    await setOpenSpace(eventId, true);
  });

  it("places, moves and takes it off, each recorded as the host's change, with the versions bumped", async () => {
    const pitch = await makeGridPitch(eventId, { title: "Open data", hostIds: [ana] });
    const before = await versions();
    const at = new Date("2030-05-01T10:00:00Z");
    await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] }, at);
    expect(await placements()).toEqual([[pitch, hall, slots[0]]]);
    const after = await versions();
    expect(after.grid).toBe(before.grid + 1);
    expect(after.schedule).toBeGreaterThan(before.schedule);
    expect(after.changedAt).toBe(at.toISOString());

    await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[1] });
    await placeOwnSession(eventId, ana, pitch, null);
    expect(await placements()).toEqual([]);
    const history = await listGridHistory(eventId);
    expect(history.map((h) => [h.organiserEmail, h.description])).toEqual([
      ["Ana Host (host)", expect.stringMatching(/^Taken off the grid by its host: “Open data” from Hall at 11am/)],
      ["Ana Host (host)", expect.stringMatching(/^Moved by its host: “Open data” from Hall at 10am .* to Hall at 11am/)],
      ["Ana Host (host)", "Placed by its host: “Open data” in Hall at 10am on Saturday 1 June 2030"],
    ]);
    expect((await recentGridChanges(eventId)).recent[0].who).toBe("Ana Host (host)");
  });

  it("lists only the free cells that suit it, and the list matches what is accepted", async () => {
    const mine = await makeGridPitch(eventId, { hostIds: [ana] });
    const other = await makeGridPitch(eventId, { hostIds: [ben] });
    await placePitch(eventId, ORG, 0, other, hall, slots[0]);
    const choice = await openSpaceChoice(eventId, ana, mine);
    expect(choice.cells.map((c) => [c.roomId, c.slotId])).toEqual([
      [side, slots[0]],
      [hall, slots[1]],
      [side, slots[1]],
    ]);
    expect(choice.cells[0]).toMatchObject({ room: "Side", time: "10am" });
    const taken = await failure(placeOwnSession(eventId, ana, mine, { roomId: hall, slotId: slots[0] }));
    expect(taken).toBeInstanceOf(GridChangeRefused);
    expect(taken.message).toMatch(/Hall at 10am has just been taken by/);
  });

  it("refuses a slot where one of its hosts already hosts another session", async () => {
    const first = await makeGridPitch(eventId, { title: "First", hostIds: [ana] });
    const second = await makeGridPitch(eventId, { title: "Second", hostIds: [ben, ana] });
    await placeOwnSession(eventId, ana, first, { roomId: hall, slotId: slots[0] });
    const error = await failure(placeOwnSession(eventId, ben, second, { roomId: side, slotId: slots[0] }));
    expect(error).toBeInstanceOf(GridChangeRefused);
    expect(error.message).toMatch(/Ana Host hosts “First” and “Second” at the same time/);
    expect((await openSpaceChoice(eventId, ben, second)).cells.map((c) => c.slotId)).toEqual([slots[1], slots[1]]);
  });

  it("refuses a room too small for the expected attendance (marks x the show-up ratio)", async () => {
    const markers = [];
    for (let i = 0; i < 10; i++) markers.push((await makeRegistration(eventId, ticketId)).id);
    // 10 marks x 0.7 = 7 expected; the side room holds 4.
    const pitch = await makeGridPitch(eventId, { hostIds: [ana], interestIds: markers });
    const error = await failure(placeOwnSession(eventId, ana, pitch, { roomId: side, slotId: slots[0] }));
    expect(error.message).toMatch(/Side at 10am does not suit this session: About 7 people are expected/);
    expect((await openSpaceChoice(eventId, ana, pitch)).cells.map((c) => c.roomId)).toEqual([hall, hall]);
  });

  it("lets only its hosts place it: others are forbidden, an unanswered co-host too", async () => {
    const pitch = await makeGridPitch(eventId, { hostIds: [ana] });
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host-invited', ?)", args: [pitch, ben, new Date().toISOString()] });
    await expect(placeOwnSession(eventId, ben, pitch, { roomId: hall, slotId: slots[0] })).rejects.toMatchObject({ kind: "forbidden" });
    const stranger = (await makeRegistration(eventId, ticketId)).id;
    await expect(placeOwnSession(eventId, stranger, pitch, { roomId: hall, slotId: slots[0] })).rejects.toMatchObject({ kind: "forbidden" });
    await expect(openSpaceChoice(eventId, stranger, pitch)).rejects.toMatchObject({ kind: "forbidden" });
    expect(await placements()).toEqual([]);
  });

  it("leaves a pinned session to the organisers, who can still move, pin and unplace a host's session", async () => {
    const pitch = await makeGridPitch(eventId, { title: "Mine", hostIds: [ana] });
    const { version } = await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] });
    const moved = await placePitch(eventId, ORG, version, pitch, side, slots[1]);
    await setPinned(eventId, ORG, moved.version, pitch, true);
    const error = await failure(placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] }));
    expect(error.message).toMatch(/An organiser has pinned “Mine”/);
    await expect(placeOwnSession(eventId, ana, pitch, null)).rejects.toBeInstanceOf(GridChangeRefused);
    expect(await placements()).toEqual([[pitch, side, slots[1]]]);
  });

  it("can be undone by an organiser like any placement", async () => {
    const pitch = await makeGridPitch(eventId, { hostIds: [ana] });
    const { version } = await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] });
    await undoLastChange(eventId, ORG, version);
    expect(await placements()).toEqual([]);
  });

  it("sends change notices on a published grid to its other hosts and markers, not to the host who moved it", async () => {
    const marker = (await makeRegistration(eventId, ticketId, { email: "marker@council.test" })).id;
    const pitch = await makeGridPitch(eventId, { title: "Moving on", hostIds: [ana], interestIds: [marker] });
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host', ?)", args: [pitch, ben, new Date().toISOString()] });
    const { version } = await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] });
    await setPublished(eventId, ORG, version, true);
    const noticesFor = async () =>
      rowsOf<{ registration_id: number }>(await query({ sql: "SELECT registration_id FROM change_notices WHERE pitch_id = ?", args: [pitch] }))
        .map((n) => Number(n.registration_id))
        .sort();
    const emailsTo = async (registrationId: number) =>
      rowsOf<{ subject: string }>(
        await query({ sql: "SELECT o.subject FROM email_outbox o JOIN registrations r ON r.email = o.to_address WHERE r.id = ? AND o.subject LIKE '%changed at%'", args: [registrationId] }),
      ).length;
    // Ana moves it: Ben (co-host) and the marker are told; Ana chose it, so she is not.
    await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[1] });
    expect(await noticesFor()).toEqual([ben, marker].sort());
    await sendDueChangeNotices(new Date(Date.now() + 10 * 60_000));
    expect([await emailsTo(ana), await emailsTo(ben), await emailsTo(marker)]).toEqual([0, 1, 1]);
    // Ben takes it off the grid: Ana and the marker are told, Ben is not.
    await placeOwnSession(eventId, ben, pitch, null);
    expect(await noticesFor()).toEqual([ana, marker].sort());
    // An organiser's move still tells every host.
    const back = await placeOwnSession(eventId, ana, pitch, { roomId: hall, slotId: slots[0] });
    await placePitch(eventId, ORG, back.version, pitch, side, slots[0]);
    expect(await noticesFor()).toEqual([ana, ben, marker].sort());
  });

  it("gives one cell to one of two hosts choosing it at the same moment; the other is told and sees a fresh list", async () => {
    const first = await makeGridPitch(eventId, { title: "First", hostIds: [ana] });
    const second = await makeGridPitch(eventId, { title: "Second", hostIds: [ben] });
    const cell = { roomId: hall, slotId: slots[0] };
    const results = await Promise.allSettled([placeOwnSession(eventId, ana, first, cell), placeOwnSession(eventId, ben, second, cell)]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(GridChangeRefused);
    expect((lost[0].reason as Error).message).toMatch(/Hall at 10am has just been taken by “(First|Second)”/);
    const rows = await placements();
    expect(rows).toHaveLength(1);
    const loser = rows[0][0] === first ? { id: second, reg: ben } : { id: first, reg: ana };
    const fresh = await openSpaceChoice(eventId, loser.reg, loser.id);
    expect(fresh.cells.some((c) => c.roomId === hall && c.slotId === slots[0])).toBe(false);
    expect(fresh.cells.length).toBeGreaterThan(0);
  });
});
