import { beforeEach, describe, expect, it } from "vitest";
import { listRooms, listSlots } from "../../app/.server/events";
import { zonedToUtc } from "../../app/domain/time";
import * as copyRoute from "../../app/routes/organise.$slug.rooms.copy";
import * as severalRoute from "../../app/routes/organise.$slug.rooms.slots.several";
import { makeEvent, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf, run } from "../support/route-call";
import { query, rowsOf } from "../../app/.server/platform";

/**
 * Setting up the day in fewer round trips (issue 14): several slots in one form, and rooms and
 * slots copied from another event the organiser runs. Loaders and actions called in-process.
 */
const ORGANISER = "setup-organiser@guildford.gov.uk";
const LONDON = "Europe/London";
let cookie: string;
let target: { id: number; slug: string };

function post(path: string, fields: [string, string][]) {
  return new Request(`http://pitchgrid.test${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
}
const get = (path: string) => new Request(`http://pitchgrid.test${path}`, { headers: { cookie } });

beforeEach(async () => {
  // 4 April 2026 is BST.
  const { event } = await makeEvent({ organiser: ORGANISER, startsAt: zonedToUtc("2026-04-04", "09:00", LONDON), endsAt: zonedToUtc("2026-04-04", "17:00", LONDON) });
  target = { id: event.id, slug: event.slug };
  cookie = await organiserCookie(ORGANISER);
});

describe("adding several slots", () => {
  it("adds a morning of sessions with lunch in one form, and refuses mistakes field by field", async () => {
    const params = { slug: target.slug };
    const page = await run(() => severalRoute.loader({ request: get(`/organise/${target.slug}/rooms/slots/several`), params, context: {} }));
    expect(page.body).toMatchObject({ eventDate: "2026-04-04" });
    const bad = await run(() => severalRoute.action({ request: post(`/organise/${target.slug}/rooms/slots/several`, [["date", "2026-04-04"], ["start", "10:00"], ["length", "45"], ["count", "0"]]), params, context: {} }));
    expect(bad).toMatchObject({ status: 400, body: { errors: { count: ["Add from 1 to 20 session slots at once"] } } });
    const fields: [string, string][] = [["date", "2026-04-04"], ["start", "10:00"], ["length", "45"], ["count", "4"], ["gap", "15"], ["breakAfter", "2"], ["breakLength", "60"], ["breakLabel", "Lunch"]];
    const done = await run(() => severalRoute.action({ request: post(`/organise/${target.slug}/rooms/slots/several`, fields), params, context: {} }));
    expect(done).toMatchObject({ status: 303, location: `/organise/${target.slug}/rooms` });
    expect((await listSlots(target.id)).map((s) => [s.startsAt.slice(11, 16), s.kind])).toEqual([
      ["09:00", "session"],
      ["10:00", "session"],
      ["10:45", "break"],
      ["11:45", "session"],
      ["12:45", "session"],
    ]);
    // The same again overlaps every slot: nothing is added, and the form says why.
    const again = await run(() => severalRoute.action({ request: post(`/organise/${target.slug}/rooms/slots/several`, fields), params, context: {} }));
    expect(again).toMatchObject({ status: 400, body: { errors: { start: [expect.stringMatching(/^The slot 10:00 to 10:45 cannot be added: this overlaps/)] } } });
    expect(await listSlots(target.id)).toHaveLength(5);
  });
});

describe("copying rooms and slots from another event", () => {
  it("copies rooms as they are and slots to this event's day at the same London times, skipping rooms it has", async () => {
    // Last year's camp, 21 March 2026 (GMT).
    const { event: source } = await makeEvent({ organiser: ORGANISER, startsAt: zonedToUtc("2026-03-21", "09:00", LONDON), endsAt: zonedToUtc("2026-03-21", "17:00", LONDON) });
    await makeRoom(source.id, { name: "Council Chamber", capacity: 80, position: 0, screen: true });
    await makeRoom(source.id, { name: "Mayor's Parlour", capacity: 15, position: 1, stepFree: false });
    await makeSlot(source.id, zonedToUtc("2026-03-21", "10:00", LONDON), 45);
    await makeSlot(source.id, zonedToUtc("2026-03-21", "12:00", LONDON), 60, "break", "Lunch");
    await makeRoom(target.id, { name: "council chamber", capacity: 70 });
    // Someone else's event is not offered, and cannot be copied from.
    const { event: stranger } = await makeEvent({ organiser: "other@woking.gov.uk" });
    await makeRoom(stranger.id, { name: "Secret room" });
    const params = { slug: target.slug };

    const page = (await run(() => copyRoute.loader({ request: get(`/organise/${target.slug}/rooms/copy`), params, context: {} }))).body as Awaited<ReturnType<typeof copyRoute.loader>>;
    expect(page.sources.find((s) => s.id === source.id)?.hint).toBe("2 rooms, 2 slots");
    expect(page.sources.some((s) => s.id === stranger.id || s.id === target.id)).toBe(false);
    const refused = await run(() => copyRoute.action({ request: post(`/organise/${target.slug}/rooms/copy`, [["fromEventId", String(stranger.id)], ["what", "rooms"]]), params, context: {} }));
    expect(refused.status).toBe(404);
    const nothing = await run(() => copyRoute.action({ request: post(`/organise/${target.slug}/rooms/copy`, [["fromEventId", String(source.id)]]), params, context: {} }));
    expect(nothing).toMatchObject({ status: 400, body: { errors: { what: ["Choose what to copy: rooms, slots or both"] } } });

    const copied = await run(() => copyRoute.action({ request: post(`/organise/${target.slug}/rooms/copy`, [["fromEventId", String(source.id)], ["what", "rooms"], ["what", "slots"]]), params, context: {} }));
    expect(copied).toMatchObject({ status: 303, location: `/organise/${target.slug}/rooms` });
    expect((await listRooms(target.id)).map((r) => [r.name, r.capacity, r.stepFree, r.hasScreen])).toEqual([
      ["council chamber", 70, true, false],
      ["Mayor's Parlour", 15, false, false],
    ]);
    expect((await listSlots(target.id)).map((s) => [s.startsAt, s.endsAt, s.kind, s.label])).toEqual([
      ["2026-04-04T09:00:00.000Z", "2026-04-04T09:45:00.000Z", "session", ""],
      ["2026-04-04T11:00:00.000Z", "2026-04-04T12:00:00.000Z", "break", "Lunch"],
    ]);
    // Copying the slots again would overlap: nothing is copied.
    const twice = await run(() => copyRoute.action({ request: post(`/organise/${target.slug}/rooms/copy`, [["fromEventId", String(source.id)], ["what", "slots"]]), params, context: {} }));
    expect(twice).toMatchObject({ status: 409, body: { errors: { form: [expect.stringMatching(/^The slot 10:00 to 10:45 on 2026-04-04 cannot be copied: this overlaps .* Nothing was copied$/)] } } });
    expect(await listSlots(target.id)).toHaveLength(2);
  });

  it("copies the cells where a room was closed for a slot, and whether each room is large", async () => {
    const { event: source } = await makeEvent({ organiser: ORGANISER, startsAt: zonedToUtc("2026-03-21", "09:00", LONDON), endsAt: zonedToUtc("2026-03-21", "17:00", LONDON) });
    const chamber = await makeRoom(source.id, { name: "Council Chamber", capacity: 80, position: 0 });
    const parlour = await makeRoom(source.id, { name: "Mayor's Parlour", capacity: 15, position: 1 });
    await query({ sql: "UPDATE rooms SET is_large = CASE id WHEN ? THEN 1 ELSE 0 END WHERE event_id = ?", args: [chamber, source.id] });
    const ten = await makeSlot(source.id, zonedToUtc("2026-03-21", "10:00", LONDON), 45);
    const eleven = await makeSlot(source.id, zonedToUtc("2026-03-21", "11:00", LONDON), 45);
    // The parlour is a green room at 10, the chamber is set up for lunch at 11.
    for (const [room, slot] of [[parlour, ten], [chamber, eleven]]) await query({ sql: "INSERT INTO closed_cells (room_id, slot_id) VALUES (?, ?)", args: [room, slot] });
    const params = { slug: target.slug };
    const closedHere = async () =>
      rowsOf<{ name: string; starts_at: string }>(
        await query({ sql: "SELECT r.name, s.starts_at FROM closed_cells c JOIN rooms r ON r.id = c.room_id JOIN slots s ON s.id = c.slot_id WHERE r.event_id = ? ORDER BY s.starts_at", args: [target.id] }),
      ).map((c) => [c.name, c.starts_at]);

    // Rooms alone: no slot to close them for.
    await run(() => copyRoute.action({ request: post(`/organise/${target.slug}/rooms/copy`, [["fromEventId", String(source.id)], ["what", "rooms"]]), params, context: {} }));
    expect(await closedHere()).toEqual([]);
    expect((await listRooms(target.id)).map((r) => [r.name, r.large])).toEqual([["Council Chamber", true], ["Mayor's Parlour", false]]);

    // Both, into another event: the closed cells come too, on this event's day.
    const { event: other } = await makeEvent({ organiser: ORGANISER, startsAt: zonedToUtc("2026-04-04", "09:00", LONDON), endsAt: zonedToUtc("2026-04-04", "17:00", LONDON) });
    target = { id: other.id, slug: other.slug };
    const copied = await call(() => copyRoute.action({ request: post(`/organise/${other.slug}/rooms/copy`, [["fromEventId", String(source.id)], ["what", "rooms"], ["what", "slots"]]), params: { slug: other.slug }, context: {} }));
    expect(copied.status).toBe(303);
    expect(await flashOf(copied)).toBe("Copied 2 rooms, 2 slots and 2 closed cells (a room closed for a slot).");
    expect(await closedHere()).toEqual([
      ["Mayor's Parlour", "2026-04-04T09:00:00.000Z"],
      ["Council Chamber", "2026-04-04T10:00:00.000Z"],
    ]);
  });
});
