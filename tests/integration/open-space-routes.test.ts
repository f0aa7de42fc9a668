import { beforeEach, describe, expect, it } from "vitest";
import { openSpaceEnabled, placePitch, setPinned } from "../../app/.server/grid";
import { query, rowsOf, writeTransaction } from "../../app/.server/platform";
import { manageTokenFor } from "../../app/.server/registration";
import * as privatePage from "../../app/routes/r.$token._index";
import * as pitchRoute from "../../app/routes/events.$slug.pitches.$id._index";
import * as placeRoute from "../../app/routes/events.$slug.pitches.$id.place";
import * as gridRoute from "../../app/routes/organise.$slug.grid._index";
import * as historyRoute from "../../app/routes/organise.$slug.grid.history";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie, attendeeCookie } from "../support/sessions";
import { run, formPost as post, getRequest as get } from "../support/route-call";

/** Open Space self-placement (issue 17): the organiser's switch, and a host's page and form, called in-process. */
const ORGANISER = "open-space@leeds.gov.uk";

let slug: string;
let eventId: number;
let hall: number;
let slot: number;
let pitchId: number;
let hostCookie: string;
let otherCookie: string;
let organiser: string;
let hostId: number;
let otherId: number;

const placePath = () => `/events/${slug}/pitches/${pitchId}/place`;
const params = () => ({ slug, id: String(pitchId) });
const switchOpenSpace = (value: "on" | "off", cookie = organiser) =>
  run(() => gridRoute.action({ request: post(`/organise/${slug}/grid`, { intent: "open-space", openSpace: value }, cookie), params: { slug }, context: {} }));
const placements = async () => rowsOf<{ pitch_id: number; room_id: number; slot_id: number }>(await query({ sql: "SELECT pitch_id, room_id, slot_id FROM placements WHERE event_id = ?", args: [eventId] })).map((r) => [Number(r.pitch_id), Number(r.room_id), Number(r.slot_id)]);

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
  slug = event.slug;
  eventId = event.id;
  hall = await makeRoom(eventId, { name: "Hall", capacity: 50 });
  slot = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
  const host = await makeRegistration(eventId, ticket.id, { name: "Hana Host" });
  const other = await makeRegistration(eventId, ticket.id, { name: "Olu Other" });
  hostId = host.id;
  otherId = other.id;
  hostCookie = await attendeeCookie(host.id);
  otherCookie = await attendeeCookie(other.id);
  pitchId = await makeGridPitch(eventId, { title: "Open data", hostIds: [host.id] });
  organiser = await organiserCookie(ORGANISER);
});

describe("the organiser's switch", () => {
  it("is off by default; organisers turn it on and off on the grid page; others cannot", async () => {
    const page = await run(() => gridRoute.loader({ request: get(`/organise/${slug}/grid`, organiser), params: { slug }, context: {} }));
    expect((page.body as { openSpace: boolean }).openSpace).toBe(false);
    // An attendee is not an organiser: sent to sign in, nothing changes.
    const refused = await switchOpenSpace("on", hostCookie);
    expect([302, 303, 403]).toContain(refused.status);
    expect(refused.location ?? "").not.toBe(`/organise/${slug}/grid`);
    expect(await openSpaceEnabled(eventId)).toBe(false);
    const on = await switchOpenSpace("on");
    expect(on).toMatchObject({ status: 303, location: `/organise/${slug}/grid` });
    expect(await openSpaceEnabled(eventId)).toBe(true);
    await switchOpenSpace("off");
    expect(await openSpaceEnabled(eventId)).toBe(false);
  });
});

describe("a host's page", () => {
  it("while the setting is off: no link on the pitch page, and the place page and form answer 403", async () => {
    const pitch = await run(() => pitchRoute.loader({ request: get(`/events/${slug}/pitches/${pitchId}`, hostCookie), params: params(), context: {} }));
    expect((pitch.body as { viewer: { mayPlace: boolean } }).viewer.mayPlace).toBe(false);
    expect((await run(() => placeRoute.loader({ request: get(placePath(), hostCookie), params: params(), context: {} }))).status).toBe(403);
    const posted = await run(() => placeRoute.action({ request: post(placePath(), { intent: "place", cell: `${hall}-${slot}` }, hostCookie), params: params(), context: {} }));
    expect(posted.status).toBe(403);
    expect(await placements()).toEqual([]);
  });

  it("with it on: the host sees the free cells and places the session; anyone else gets 403", async () => {
    await switchOpenSpace("on");
    const pitch = await run(() => pitchRoute.loader({ request: get(`/events/${slug}/pitches/${pitchId}`, hostCookie), params: params(), context: {} }));
    expect((pitch.body as { viewer: { mayPlace: boolean } }).viewer.mayPlace).toBe(true);
    const other = await run(() => pitchRoute.loader({ request: get(`/events/${slug}/pitches/${pitchId}`, otherCookie), params: params(), context: {} }));
    expect((other.body as { viewer: { mayPlace: boolean } }).viewer.mayPlace).toBe(false);

    for (const cookie of ["", otherCookie]) {
      expect((await run(() => placeRoute.loader({ request: get(placePath(), cookie), params: params(), context: {} }))).status).toBe(403);
      expect((await run(() => placeRoute.action({ request: post(placePath(), { intent: "place", cell: `${hall}-${slot}` }, cookie), params: params(), context: {} }))).status).toBe(403);
    }
    expect(await placements()).toEqual([]);

    const page = await run(() => placeRoute.loader({ request: get(placePath(), hostCookie), params: params(), context: {} }));
    expect(page.body).toMatchObject({ where: null, pinned: false, cells: [{ value: `${hall}-${slot}`, label: "10am, Hall" }] });
    const empty = await run(() => placeRoute.action({ request: post(placePath(), { intent: "place" }, hostCookie), params: params(), context: {} }));
    expect(empty).toMatchObject({ status: 400, body: { errors: { cell: ["Choose where and when your session goes"] } } });
    const placed = await run(() => placeRoute.action({ request: post(placePath(), { intent: "place", cell: `${hall}-${slot}` }, hostCookie), params: params(), context: {} }));
    expect(placed).toMatchObject({ status: 303, location: `/events/${slug}/pitches/${pitchId}` });
    expect(await placements()).toEqual([[pitchId, hall, slot]]);
    const after = await run(() => placeRoute.loader({ request: get(placePath(), hostCookie), params: params(), context: {} }));
    expect(after.body).toMatchObject({ where: "Hall at 10am", cells: [] });

    const history = await run(() => historyRoute.loader({ request: get(`/organise/${slug}/grid/history`, organiser), params: { slug }, context: {} }));
    expect((history.body as { history: { who: string; what: string }[] }).history[0]).toMatchObject({ who: "Hana Host (host)", what: expect.stringMatching(/^Placed by its host: “Open data” in Hall at 10am/) });

    const removed = await run(() => placeRoute.action({ request: post(placePath(), { intent: "remove" }, hostCookie), params: params(), context: {} }));
    expect(removed.status).toBe(303);
    expect(await placements()).toEqual([]);
  });

  it("a cell taken meanwhile: 409 with the reason on the field (the loader then lists what is free)", async () => {
    await switchOpenSpace("on");
    const rival = await makeGridPitch(eventId, { title: "Rival" });
    await placePitch(eventId, ORGANISER, 0, rival, hall, slot);
    const posted = await run(() => placeRoute.action({ request: post(placePath(), { intent: "place", cell: `${hall}-${slot}` }, hostCookie), params: params(), context: {} }));
    expect(posted).toMatchObject({ status: 409, body: { errors: { cell: ["Hall at 10am has just been taken by “Rival”."] } } });
    expect(placeRoute.shouldRevalidate({ actionStatus: 409, defaultShouldRevalidate: false } as Parameters<typeof placeRoute.shouldRevalidate>[0])).toBe(true);
    const page = await run(() => placeRoute.loader({ request: get(placePath(), hostCookie), params: params(), context: {} }));
    expect((page.body as { cells: unknown[] }).cells).toEqual([]);
  });
});

describe("the host's private page (/r/<token>)", () => {
  type Own = { pitchId: number; title: string; placed: boolean; pinned: boolean }[];
  const ownSessions = async (registrationId: number, cookie = "") => {
    const token = await writeTransaction((tx) => manageTokenFor(tx, registrationId));
    const page = await run(() => privatePage.loader({ request: get(`/r/${token}`, cookie), params: { token }, context: {} }));
    expect(page.status).toBe(200);
    return (page.body as { ownSessions: Own }).ownSessions;
  };

  it("links a host to placing their open pitch while Open Space is on, and nobody else", async () => {
    // Off: nothing to choose.
    expect(await ownSessions(hostId)).toEqual([]);
    await switchOpenSpace("on");
    expect(await ownSessions(hostId)).toEqual([{ pitchId, title: "Open data", placed: false, pinned: false }]);
    // Not a host, or a co-host who has not answered: no link.
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host-invited', ?)", args: [pitchId, otherId, new Date().toISOString()] });
    expect(await ownSessions(otherId)).toEqual([]);
    // This device knows someone else: the place page would be theirs, so the link waits for "Switch".
    expect(await ownSessions(hostId, otherCookie)).toEqual([]);
    // On the grid: the link moves it; pinned by an organiser: no link to move it.
    const placed = await placePitch(eventId, ORGANISER, 0, pitchId, hall, slot);
    expect(await ownSessions(hostId)).toEqual([{ pitchId, title: "Open data", placed: true, pinned: false }]);
    await setPinned(eventId, ORGANISER, placed.version, pitchId, true);
    expect(await ownSessions(hostId)).toEqual([{ pitchId, title: "Open data", placed: true, pinned: true }]);
    // Withdrawn: nothing to place.
    await query({ sql: "UPDATE pitches SET status = 'withdrawn' WHERE id = ?", args: [pitchId] });
    expect(await ownSessions(hostId)).toEqual([]);
  });
});
