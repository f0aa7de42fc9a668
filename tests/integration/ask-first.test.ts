import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query } from "../../app/.server/platform";
import { placePitch, setPublished, unschedulePitch } from "../../app/.server/grid";
import { mergePitches } from "../../app/.server/pitching";
import * as gridRoute from "../../app/routes/organise.$slug.grid._index";
import * as unpublishRoute from "../../app/routes/organise.$slug.grid.unpublish";
import * as pitchRoute from "../../app/routes/organise.$slug.pitches.$id";
import * as withdrawRoute from "../../app/routes/organise.$slug.pitches.$id_.withdraw";
import * as roomRoute from "../../app/routes/organise.$slug.rooms.$roomId";
import * as roomDeleteRoute from "../../app/routes/organise.$slug.rooms.$roomId_.delete";
import * as slotDeleteRoute from "../../app/routes/organise.$slug.rooms.slots.$slotId_.delete";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { run } from "../support/route-call";

/**
 * Nothing destructive in one tap (issue 14): unpublishing, withdrawing and deleting a room or
 * slot each have a page that says what will happen, and the one-tap forms no longer do it.
 * Loaders and actions are called in-process as Remix would (as grid-routes.test.ts does).
 */
const ORGANISER = "safe-organiser@guildford.gov.uk";
let slug: string;
let eventId: number;
let ticketId: number;
let cookie: string;
let room: number;
let slot: number;

function post(path: string, fields: Record<string, string> = {}) {
  return new Request(`http://pitchgrid.test${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
}
const get = (path: string) => new Request(`http://pitchgrid.test${path}`, { headers: { cookie } });
async function version() {
  return Number(firstRow<{ v: number }>(await query({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
}
async function publishedAt() {
  return firstRow<{ at: string | null }>(await query({ sql: "SELECT grid_published_at AS at FROM events WHERE id = ?", args: [eventId] }))!.at;
}
async function status(pitchId: number) {
  return firstRow<{ status: string }>(await query({ sql: "SELECT status FROM pitches WHERE id = ?", args: [pitchId] }))!.status;
}

beforeEach(async () => {
  const made = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
  slug = made.event.slug;
  eventId = made.event.id;
  ticketId = made.ticket.id;
  cookie = await organiserCookie(ORGANISER);
  room = await makeRoom(eventId, { name: "Hall" });
  slot = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
});

describe("unpublishing", () => {
  it("is not done by the grid's one-tap form, asks first saying what happens, then unpublishes and is undoable", async () => {
    const pitch = await makeGridPitch(eventId, { title: "Open data" });
    await placePitch(eventId, ORGANISER, 0, pitch, room, slot);
    await setPublished(eventId, ORGANISER, 1, true);
    const params = { slug };

    const oneTap = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "unpublish", version: "2" }), params, context: {} }));
    expect(oneTap.status).toBe(400);
    expect(await publishedAt()).not.toBeNull();

    const page = await run(() => unpublishRoute.loader({ request: get(`/organise/${slug}/grid/unpublish`), params, context: {} }));
    expect(page).toMatchObject({ status: 200, body: { published: true, sessionsShown: 1, version: 2 } });

    const stale = await run(() => unpublishRoute.action({ request: post(`/organise/${slug}/grid/unpublish`, { version: "1" }), params, context: {} }));
    expect(stale).toMatchObject({ status: 409, body: { refused: expect.stringContaining("changed this since you loaded the grid") } });
    expect(await publishedAt()).not.toBeNull();

    const done = await run(() => unpublishRoute.action({ request: post(`/organise/${slug}/grid/unpublish`, { version: "2" }), params, context: {} }));
    expect(done).toMatchObject({ status: 303, location: `/organise/${slug}/grid` });
    expect(await publishedAt()).toBeNull();

    const grid = (await run(() => gridRoute.loader({ request: get(`/organise/${slug}/grid`), params, context: {} }))).body as Awaited<ReturnType<typeof gridRoute.loader>>;
    expect(grid.undo).toBe("Unpublished the grid");
    const current = String(await version());
    const undo = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "undo", version: current }), params, context: {} }));
    expect(undo.status).toBe(303);
    expect(await publishedAt()).not.toBeNull();

    const after = await run(() => unpublishRoute.loader({ request: get(`/organise/${slug}/grid/unpublish`), params, context: {} }));
    expect(after.body).toMatchObject({ published: true });
  });
});

describe("withdrawing, restoring and un-merging", () => {
  it("withdraws a scheduled session only from the page that asks, and restores it to its cell", async () => {
    const host = await makeRegistration(eventId, ticketId, { name: "Hana Host" });
    const pitch = await makeGridPitch(eventId, { title: "Open data", hostIds: [host.id] });
    await placePitch(eventId, ORGANISER, 0, pitch, room, slot);
    const params = { slug, id: String(pitch) };

    const oneTap = await run(() => pitchRoute.action({ request: post(`/organise/${slug}/pitches/${pitch}`, { intent: "withdraw" }), params, context: {} }));
    expect(oneTap.status).toBe(400);
    expect(await status(pitch)).toBe("open");

    const page = await run(() => withdrawRoute.loader({ request: get(`/organise/${slug}/pitches/${pitch}/withdraw`), params, context: {} }));
    expect(page).toMatchObject({ status: 200, body: { hosts: ["Hana Host"], where: "Hall at 10am on Saturday 1 June 2030", published: false } });
    const done = await run(() => withdrawRoute.action({ request: post(`/organise/${slug}/pitches/${pitch}/withdraw`), params, context: {} }));
    expect(done).toMatchObject({ status: 303, location: `/organise/${slug}/pitches` });
    expect(await status(pitch)).toBe("withdrawn");
    const again = await run(() => withdrawRoute.action({ request: post(`/organise/${slug}/pitches/${pitch}/withdraw`), params, context: {} }));
    expect(again.status).toBe(409);

    const restore = await run(() => pitchRoute.action({ request: post(`/organise/${slug}/pitches/${pitch}`, { intent: "restore" }), params, context: {} }));
    expect(restore).toMatchObject({ status: 303, location: `/organise/${slug}/pitches` });
    expect(await status(pitch)).toBe("open");
    expect(firstRow(await query({ sql: "SELECT room_id FROM placements WHERE pitch_id = ?", args: [pitch] }))).toMatchObject({ room_id: room });
    const twice = await run(() => pitchRoute.action({ request: post(`/organise/${slug}/pitches/${pitch}`, { intent: "restore" }), params, context: {} }));
    expect(twice).toMatchObject({ status: 409, body: { errors: { form: ["This pitch is not withdrawn, so there is nothing to restore."] } } });
  });

  it("offers to take a recorded merge apart, and does", async () => {
    const kept = await makeGridPitch(eventId, { title: "Kept" });
    const duplicate = await makeGridPitch(eventId, { title: "Duplicate" });
    await mergePitches(eventId, kept, duplicate, new Date(), ORGANISER);
    const params = { slug, id: String(duplicate) };
    const page = await run(() => pitchRoute.loader({ request: get(`/organise/${slug}/pitches/${duplicate}`), params, context: {} }));
    expect(page.body).toMatchObject({ canUnmerge: true, pitch: { status: "merged" } });
    const done = await run(() => pitchRoute.action({ request: post(`/organise/${slug}/pitches/${duplicate}`, { intent: "unmerge" }), params, context: {} }));
    expect(done.status).toBe(303);
    expect(await status(duplicate)).toBe("open");
  });
});

describe("deleting a room or a slot", () => {
  it("is not done by the room's form, and the page that asks refuses while sessions are there", async () => {
    const pitch = await makeGridPitch(eventId, { title: "Open data" });
    await placePitch(eventId, ORGANISER, 0, pitch, room, slot);
    const oneTap = await run(() => roomRoute.action({ request: post(`/organise/${slug}/rooms/${room}`, { intent: "delete" }), params: { slug, roomId: String(room) }, context: {} }));
    expect(oneTap.status).toBe(400);
    expect(firstRow(await query({ sql: "SELECT 1 FROM rooms WHERE id = ?", args: [room] }))).toBeDefined();

    const roomParams = { slug, roomId: String(room) };
    const blocked = await run(() => roomDeleteRoute.loader({ request: get(`/organise/${slug}/rooms/${room}/delete`), params: roomParams, context: {} }));
    expect(blocked.body).toMatchObject({ impact: { sessions: ["Open data"] } });
    const refused = await run(() => roomDeleteRoute.action({ request: post(`/organise/${slug}/rooms/${room}/delete`), params: roomParams, context: {} }));
    expect(refused).toMatchObject({ status: 409, body: { errors: { form: ["Hall has a session on the grid (“Open data”). Move or unschedule it on the grid first."] } } });

    await unschedulePitch(eventId, ORGANISER, 1, pitch);
    const slotParams = { slug, slotId: String(slot) };
    const slotPage = await run(() => slotDeleteRoute.loader({ request: get(`/organise/${slug}/rooms/slots/${slot}/delete`), params: slotParams, context: {} }));
    expect(slotPage.body).toMatchObject({ slot: { when: "10am to 10:45am on Saturday 1 June 2030", what: "Sessions" }, impact: { sessions: [], closedCells: 0 } });
    const deletedSlot = await run(() => slotDeleteRoute.action({ request: post(`/organise/${slug}/rooms/slots/${slot}/delete`), params: slotParams, context: {} }));
    expect(deletedSlot).toMatchObject({ status: 303, location: `/organise/${slug}/rooms` });
    const deletedRoom = await run(() => roomDeleteRoute.action({ request: post(`/organise/${slug}/rooms/${room}/delete`), params: roomParams, context: {} }));
    expect(deletedRoom).toMatchObject({ status: 303, location: `/organise/${slug}/rooms` });
    expect(firstRow(await query({ sql: "SELECT 1 FROM rooms WHERE id = ?", args: [room] }))).toBeUndefined();
    expect(firstRow(await query({ sql: "SELECT 1 FROM slots WHERE id = ?", args: [slot] }))).toBeUndefined();
  });
});
