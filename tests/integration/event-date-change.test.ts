import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../../app/.server/platform";
import { placePitch } from "../../app/.server/grid";
import { zonedToUtc } from "../../app/domain/time";
import * as editRoute from "../../app/routes/organise.$slug.edit";
import * as gridRoute from "../../app/routes/organise.$slug.grid._index";
import * as roomsRoute from "../../app/routes/organise.$slug.rooms._index";
import { makeEvent, makeGridPitch, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { run } from "../support/route-call";

/**
 * Changing an event's date (issue 14): the edit form asks whether the slots move with it before
 * saving, and moving keeps London wall-clock times across a change of the clocks; the rooms page
 * then shows slot dates when they could differ from the event's, and warns about slots outside
 * the event's hours.
 */
const ORGANISER = "date-organiser@guildford.gov.uk";
const LONDON = "Europe/London";
let slug: string;
let eventId: number;
let cookie: string;
let pitch: number;
let sequenceBefore: number;

const get = (path: string) => new Request(`http://pitchgrid.test${path}`, { headers: { cookie } });
function post(path: string, fields: Record<string, string>) {
  return new Request(`http://pitchgrid.test${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
}
async function slotTimes() {
  return rowsOf<{ starts_at: string; ends_at: string }>(await query({ sql: "SELECT starts_at, ends_at FROM slots WHERE event_id = ? ORDER BY starts_at", args: [eventId] })).map((s) => [s.starts_at, s.ends_at]);
}
async function sequence() {
  return Number(firstRow<{ s: number }>(await query({ sql: "SELECT sequence AS s FROM pitches WHERE id = ?", args: [pitch] }))!.s);
}
/** The edit form as the loader fills it, with changes. */
async function formWith(changes: Record<string, string>): Promise<Record<string, string>> {
  const page = (await run(() => editRoute.loader({ request: get(`/organise/${slug}/edit`), params: { slug }, context: {} }))).body as Awaited<ReturnType<typeof editRoute.loader>>;
  const values = Object.fromEntries(Object.entries(page.values).filter((e): e is [string, string] => typeof e[1] === "string"));
  return { ...values, ...changes };
}

beforeEach(async () => {
  // 21 March 2026 (GMT), 09:00 to 17:00, with a 10:00 and an 11:00 slot and a session placed.
  const { event } = await makeEvent({ organiser: ORGANISER, startsAt: zonedToUtc("2026-03-21", "09:00", LONDON), endsAt: zonedToUtc("2026-03-21", "17:00", LONDON) });
  slug = event.slug;
  eventId = event.id;
  cookie = await organiserCookie(ORGANISER);
  const room = await makeRoom(eventId, { name: "Hall" });
  const slot = await makeSlot(eventId, zonedToUtc("2026-03-21", "10:00", LONDON));
  await makeSlot(eventId, zonedToUtc("2026-03-21", "11:00", LONDON));
  pitch = await makeGridPitch(eventId, { title: "Open data" });
  await placePitch(eventId, ORGANISER, 0, pitch, room, slot);
  sequenceBefore = await sequence();
});

describe("changing the event's date", () => {
  it("pre-fills End date blank for a one-day event and asks about the slots before saving", async () => {
    const form = await formWith({ startDate: "2026-04-04" });
    expect(form.endDate).toBe("");
    const asked = await run(() => editRoute.action({ request: post(`/organise/${slug}/edit`, form), params: { slug }, context: {} }));
    expect(asked).toMatchObject({
      status: 400,
      body: { errors: { moveSlots: ["The event would start on Saturday 4 April 2026, not Saturday 21 March 2026: choose whether its 2 time slots move with it, at the same times"] } },
    });
    expect(await slotTimes()).toEqual([
      ["2026-03-21T10:00:00.000Z", "2026-03-21T10:45:00.000Z"],
      ["2026-03-21T11:00:00.000Z", "2026-03-21T11:45:00.000Z"],
    ]);
  });

  it("moves the slots and their sessions to the new date at the same London times (clocks gone forward)", async () => {
    const form = await formWith({ startDate: "2026-04-04", moveSlots: "yes" });
    const saved = await run(() => editRoute.action({ request: post(`/organise/${slug}/edit`, form), params: { slug }, context: {} }));
    expect(saved.status).toBe(303);
    expect(await slotTimes()).toEqual([
      ["2026-04-04T09:00:00.000Z", "2026-04-04T09:45:00.000Z"],
      ["2026-04-04T10:00:00.000Z", "2026-04-04T10:45:00.000Z"],
    ]);
    expect(await sequence()).toBe(sequenceBefore + 1);
    const rooms = (await run(() => roomsRoute.loader({ request: get(`/organise/${slug}/rooms`), params: { slug }, context: {} }))).body as Awaited<ReturnType<typeof roomsRoute.loader>>;
    expect(rooms.slots.map((s) => s.when)).toEqual(["10am to 10:45am", "11am to 11:45am"]);
    expect(rooms.outsideEvent).toEqual([]);
  });

  it("leaves the slots where they were when asked to, and the rooms page then shows their dates and warns", async () => {
    const form = await formWith({ startDate: "2026-04-04", moveSlots: "no" });
    const saved = await run(() => editRoute.action({ request: post(`/organise/${slug}/edit`, form), params: { slug }, context: {} }));
    expect(saved.status).toBe(303);
    expect((await slotTimes())[0]).toEqual(["2026-03-21T10:00:00.000Z", "2026-03-21T10:45:00.000Z"]);
    expect(await sequence()).toBe(sequenceBefore);
    const rooms = (await run(() => roomsRoute.loader({ request: get(`/organise/${slug}/rooms`), params: { slug }, context: {} }))).body as Awaited<ReturnType<typeof roomsRoute.loader>>;
    expect(rooms.slots.map((s) => s.when)).toEqual(["Saturday 21 March 2026, 10am to 10:45am", "Saturday 21 March 2026, 11am to 11:45am"]);
    expect(rooms.outsideEvent).toEqual(["Saturday 21 March 2026, 10am to 10:45am", "Saturday 21 March 2026, 11am to 11:45am"]);
    const grid = (await run(() => gridRoute.loader({ request: get(`/organise/${slug}/grid`), params: { slug }, context: {} }))).body as Awaited<ReturnType<typeof gridRoute.loader>>;
    expect(grid.rows.map((r) => r.time)).toEqual(["Saturday 21 March 2026, 10am", "Saturday 21 March 2026, 11am"]);
  });
});

