import { beforeEach, describe, expect, it } from "vitest";
import { placePitch } from "../../app/.server/grid";
import * as gridRoute from "../../app/routes/organise.$slug.grid._index";
import * as historyRoute from "../../app/routes/organise.$slug.grid.history";
import * as versionRoute from "../../app/routes/organise.$slug.grid.version";
import * as suggestRoute from "../../app/routes/organise.$slug.grid.suggest";
import * as roomRoute from "../../app/routes/organise.$slug.rooms.$roomId";
import * as roomsRoute from "../../app/routes/organise.$slug.rooms._index";
import * as roomDeleteRoute from "../../app/routes/organise.$slug.rooms.$roomId_.delete";
import * as slotDeleteRoute from "../../app/routes/organise.$slug.rooms.slots.$slotId_.delete";
import { makeEvent, makeGridPitch, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { run } from "../support/route-call";

/** The organiser pages' loaders and actions, called in-process as Remix would. */
const ORGANISER = "grid-owner@guildford.gov.uk";
let slug: string;
let eventId: number;
let cookie: string;


function post(path: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return new Request(`http://pitchgrid.test${path}`, { method: "POST", body, headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
}
const get = (path: string) => new Request(`http://pitchgrid.test${path}`, { headers: { cookie } });

beforeEach(async () => {
  const { event } = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
  slug = event.slug;
  eventId = event.id;
  cookie = await organiserCookie(ORGANISER);
});

describe("the grid page", () => {
  it("refuses a stale form with 409 and a clear message, changing nothing", async () => {
    const room = await makeRoom(eventId, { name: "Hall" });
    const slot = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
    const [a, b] = [await makeGridPitch(eventId, { title: "A" }), await makeGridPitch(eventId, { title: "B" })];
    await placePitch(eventId, "someone@else.test", 0, a, room, slot);
    const params = { slug };
    const stale = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "place", version: "0", pitchId: String(b), roomId: String(room), slotId: String(slot) }), params, context: {} }));
    expect(stale.status).toBe(409);
    expect(stale.body).toEqual({ refused: expect.stringContaining("someone@else.test changed this since you loaded the grid") });
    const page = (await run(() => gridRoute.loader({ request: get(`/organise/${slug}/grid`), params, context: {} }))).body as Awaited<ReturnType<typeof gridRoute.loader>>;
    expect(page.version).toBe(1);
    expect(page.rows[0].cells[0].session?.title).toBe("A");
    expect(page.unscheduled.map((c) => c.title)).toEqual(["B"]);
    // With the current version the same organiser's swap-less place into a full cell is refused by rule.
    const full = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "place", version: "1", pitchId: String(b), roomId: String(room), slotId: String(slot) }), params, context: {} }));
    expect(full).toMatchObject({ status: 409, body: { refused: expect.stringContaining("already has “A”") } });
    const ok = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "unschedule", version: "1", pitchId: String(a) }), params, context: {} }));
    expect(ok).toMatchObject({ status: 303, location: `/organise/${slug}/grid` });
  });

  it("sets the interest-clash threshold for the team, refusing nonsense; the grid's version polls see it", async () => {
    const params = { slug };
    const before = await versionRoute.loader({ request: get(`/organise/${slug}/grid/version`), params, context: {} });
    const { fingerprint } = (await before.json()) as { fingerprint: string };
    const ok = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "clash-threshold", clashThreshold: "5" }), params, context: {} }));
    expect(ok).toMatchObject({ status: 303, location: `/organise/${slug}/grid` });
    const page = (await run(() => gridRoute.loader({ request: get(`/organise/${slug}/grid`), params, context: {} }))).body as Awaited<ReturnType<typeof gridRoute.loader>>;
    expect(page.clashThreshold).toBe(5);
    const after = await versionRoute.loader({ request: get(`/organise/${slug}/grid/version`), params, context: {} });
    expect(((await after.json()) as { fingerprint: string }).fingerprint).not.toBe(fingerprint);
    for (const bad of ["0", "many", "2.5", "51"]) {
      const refused = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, { intent: "clash-threshold", clashThreshold: bad }), params, context: {} }));
      // A field error for the form's error summary (not the grid's "Your change was not made"), keeping what was typed.
      expect(refused, bad).toEqual({ status: 400, body: { errors: { clashThreshold: ["Enter a whole number of people from 1 to 50"] }, values: { intent: "clash-threshold", clashThreshold: bad } } });
    }
  });

  it("answers nonsense with 400, never 500", async () => {
    const attempts: Record<string, string>[] = [{}, { intent: "place", version: "x" }, { intent: "explode", version: "0" }, { intent: "swap", version: "0", pitchId: "-1", otherPitchId: "1" }];
    for (const fields of attempts) {
      const result = await run(() => gridRoute.action({ request: post(`/organise/${slug}/grid?index`, fields), params: { slug }, context: {} }));
      expect(result.status).toBe(400);
    }
  });

  it("shows the history", async () => {
    const room = await makeRoom(eventId, { name: "Hall" });
    const slot = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
    await placePitch(eventId, ORGANISER, 0, await makeGridPitch(eventId, { title: "A" }), room, slot);
    const page = (await run(() => historyRoute.loader({ request: get(`/organise/${slug}/grid/history`), params: { slug }, context: {} }))).body as Awaited<ReturnType<typeof historyRoute.loader>>;
    expect(page.history).toEqual([{ id: expect.any(Number), who: ORGANISER, what: "Placed “A” in Hall at 10am on Saturday 1 June 2030", when: expect.stringMatching(/^\w+day \d+ \w+ \d{4} at /), undone: false }]);
  });
});

describe("the rooms and slots pages", () => {
  it("gives field errors for a bad room and a clashing slot, and adds good ones", async () => {
    const params = { slug };
    const bad = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { intent: "add-room", name: "", capacity: "0" }), params, context: {} }));
    expect(bad).toMatchObject({ status: 400, body: { errors: { name: ["Enter the room's name"], capacity: ["Capacity must be between 1 and 10,000"] }, values: { intent: "add-room" } } });
    const good = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { intent: "add-room", name: "Hall", capacity: "40", stepFree: "yes", hasScreen: "yes", large: "yes" }), params, context: {} }));
    expect(good.status).toBe(303);
    const twice = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { intent: "add-room", name: "hall", capacity: "20", stepFree: "no", hasScreen: "no", large: "no" }), params, context: {} }));
    expect(twice).toMatchObject({ status: 400, body: { errors: { name: ["There is already a room called “Hall”: give this one another name"] }, values: { intent: "add-room", name: "hall" } } });
    const slot = { intent: "add-slot", date: "2030-06-01", start: "10:00", end: "10:45", kind: "session", label: "" };
    expect((await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, slot), params, context: {} }))).status).toBe(303);
    const clash = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { ...slot, start: "10:30", end: "11:00" }), params, context: {} }));
    expect(clash).toMatchObject({ status: 400, body: { errors: { start: [expect.stringContaining("overlaps the session slot 10am to 10:45am")] } } });
    const badTime = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { ...slot, start: "25:00" }), params, context: {} }));
    expect(badTime).toMatchObject({ status: 400, body: { errors: { start: ["Enter the start time in the format 14:30"] } } });
    // The GOV.UK date input: three boxes; a missing month is named, and what was typed comes back.
    const { date: _iso, ...noDate } = slot;
    const typed = { ...noDate, "date-day": "1", "date-month": "", "date-year": "2030", start: "11.00", end: "1145" };
    const noMonth = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, typed), params, context: {} }));
    expect(noMonth).toMatchObject({ status: 400, body: { errors: { date: ["Date must include a month"] }, values: { "date-day": "1", "date-month": "", "date-year": "2030", start: "11.00" } } });
    expect((await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { ...typed, "date-month": "6" }), params, context: {} }))).status).toBe(303);
    const page = (await run(() => roomsRoute.loader({ request: get(`/organise/${slug}/rooms`), params, context: {} }))).body as Awaited<ReturnType<typeof roomsRoute.loader>>;
    expect(page.rooms).toMatchObject([{ name: "Hall", capacity: 40, stepFree: true, hasScreen: true }]);
    expect(page.slots).toMatchObject([{ when: "10am to 10:45am", kind: "session" }, { when: "11am to 11:45am", kind: "session" }]);
  });

  it("lets organisers mark a room large, and the warnings and suggestions go by that instead of capacity", async () => {
    const params = { slug };
    const room = (name: string, capacity: string, large: string) => ({ intent: "add-room", name, capacity, stepFree: "yes", hasScreen: "yes", large });
    // "Large" is an explicit answer, like step-free and screen.
    const unanswered = await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, { ...room("Hall", "80", ""), large: [] }), params, context: {} }));
    expect(unanswered).toMatchObject({ status: 400, body: { errors: { large: ["Say whether this is a large room"] } } });
    // A big hall that is not for big sessions (it is the lunch hall), and a small room that is.
    for (const [name, capacity, large] of [["Hall", "80", "no"], ["Workshop", "25", "yes"], ["Snug", "10", "no"]]) {
      expect((await run(() => roomsRoute.action({ request: post(`/organise/${slug}/rooms`, room(name, capacity, large)), params, context: {} }))).status).toBe(303);
    }
    const rooms = (await run(() => roomsRoute.loader({ request: get(`/organise/${slug}/rooms`), params, context: {} }))).body as Awaited<ReturnType<typeof roomsRoute.loader>>;
    expect(rooms.rooms.map((r) => [r.name, r.large])).toEqual([["Hall", false], ["Workshop", true], ["Snug", false]]);
    expect(rooms.largeRoom).toContain("Marked large: Workshop.");
    expect(rooms.largeRoom).not.toContain("biggest third");
    const [hall, workshop] = rooms.rooms.map((r) => r.id);
    const slot = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
    const [big, other] = [await makeGridPitch(eventId, { title: "Big demo", needs: ["large-room"] }), await makeGridPitch(eventId, { title: "Other", needs: ["large-room"] })];
    await placePitch(eventId, ORGANISER, 0, big, workshop, slot);
    await placePitch(eventId, ORGANISER, 1, other, hall, slot);
    const grid = async () => (await run(() => gridRoute.loader({ request: get(`/organise/${slug}/grid`), params, context: {} }))).body as Awaited<ReturnType<typeof gridRoute.loader>>;
    // By capacity the Hall would be the large room; the organisers said otherwise.
    expect((await grid()).warningGroups.flatMap((g) => g.items.map((w) => w.message))).toEqual(["“Other” needs a large room, which Hall does not have"]);
    expect((await grid()).rooms.find((r) => r.id === workshop)?.detail).toContain("large");
    const suggest = (await run(() => suggestRoute.loader({ request: get(`/organise/${slug}/grid/suggest`), params, context: {} }))).body as Awaited<ReturnType<typeof suggestRoute.loader>>;
    expect(suggest.largeRoom).toContain("Marked large: Workshop.");
    expect(suggest.brokenNow).toEqual(["“Other” needs a large room, which Hall does not have"]);
    // Changing the answer on the room's own form moves the warning.
    const edit = (await run(() => roomRoute.loader({ request: get(`/organise/${slug}/rooms/${hall}`), params: { slug, roomId: String(hall) }, context: {} }))).body as Awaited<ReturnType<typeof roomRoute.loader>>;
    expect(edit.values.large).toBe("no");
    const saved = await run(() => roomRoute.action({ request: post(`/organise/${slug}/rooms/${hall}`, { ...edit.values, large: "yes" }), params: { slug, roomId: String(hall) }, context: {} }));
    expect(saved.status).toBe(303);
    expect((await grid()).warningGroups).toEqual([]);
  });

  it("refuses to delete a room or slot with a session in it, saying which", async () => {
    const room = await makeRoom(eventId, { name: "Hall" });
    const slot = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
    await placePitch(eventId, ORGANISER, 0, await makeGridPitch(eventId, { title: "Open data" }), room, slot);
    const delRoom = await run(() => roomDeleteRoute.action({ request: post(`/organise/${slug}/rooms/${room}/delete`, {}), params: { slug, roomId: String(room) }, context: {} }));
    expect(delRoom).toMatchObject({ status: 409, body: { errors: { form: ["Hall has a session on the grid (“Open data”). Move or unschedule it on the grid first."] } } });
    const delSlot = await run(() => slotDeleteRoute.action({ request: post(`/organise/${slug}/rooms/slots/${slot}/delete`, {}), params: { slug, slotId: String(slot) }, context: {} }));
    expect(delSlot).toMatchObject({ status: 409, body: { errors: { form: [expect.stringContaining("“Open data”")] } } });
    const missing = await run(() => roomRoute.loader({ request: get(`/organise/${slug}/rooms/99999`), params: { slug, roomId: "99999" }, context: {} }));
    expect(missing.status).toBe(404);
  });
});
