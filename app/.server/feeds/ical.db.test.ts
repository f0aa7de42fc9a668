import ICAL from "ical.js";
import { beforeEach, describe, expect, it } from "vitest";
import { eventFeedResponse, feedStats, personalFeedPath, resetPersonalFeed, hasPersonalFeed } from ".";
import { query } from "../platform";
import { PitchFormSchema } from "~/domain/pitch-rules";
import { editPitch, withdrawPitch } from "../pitching";
import { zonedToUtc } from "~/domain/time";
import { loader as eventFeed } from "../../routes/events.$slug.schedule[.]ics";
import { loader as roomFeed } from "../../routes/events.$slug.rooms.$roomId.schedule[.]ics";
import { loader as personalFeed } from "../../routes/feeds.$token";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";

/* Helpers: the grid as the grid code changes it (placements, sequence, updated_at, schedule_changed_at) */

// Just after the factories' own timestamps, so every change here is the latest.
let clock = Date.now() + 60_000;
/** A strictly later timestamp for each change, so change times never tie. */
const tick = () => new Date((clock += 1000)).toISOString();

async function place(eventId: number, pitchId: number, roomId: number, slotId: number, bump = true) {
  const at = tick();
  await query({ sql: "DELETE FROM placements WHERE pitch_id = ?", args: [pitchId] });
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, pinned, placed_at) VALUES (?, ?, ?, ?, 0, ?)", args: [pitchId, eventId, roomId, slotId, at] });
  if (bump) await query({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, pitchId] });
  await query({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [at, eventId] });
}

async function unschedule(eventId: number, pitchId: number) {
  const at = tick();
  await query({ sql: "DELETE FROM placements WHERE pitch_id = ?", args: [pitchId] });
  await query({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, pitchId] });
  await query({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [at, eventId] });
}

async function withdraw(eventId: number, pitchId: number) {
  const at = tick();
  await query({ sql: "UPDATE pitches SET status = 'withdrawn', updated_at = ? WHERE id = ?", args: [at, pitchId] });
  await query({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [at, eventId] });
}

async function publish(eventId: number) {
  const at = tick();
  await query({ sql: "UPDATE events SET grid_published_at = ?, schedule_changed_at = ? WHERE id = ?", args: [at, at, eventId] });
}

function get(path: string, headers: Record<string, string> = {}) {
  return new Request(`http://pitchgrid.test${path}`, { headers });
}

async function status(promise: Promise<Response>): Promise<number> {
  try {
    return (await promise).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

type ParsedEvent = { uid: string; summary: string; location: string; description: string; sequence: number; status: string; url: string; start: ICAL.Time; end: ICAL.Time; raw: ICAL.Component };

/** Parses a feed with ical.js, trusting only the VTIMEZONE the feed itself carries. */
function parseFeed(text: string) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  const events = new Map<string, ParsedEvent>();
  for (const vevent of calendar.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    events.set(event.uid, {
      uid: event.uid,
      summary: event.summary,
      location: event.location,
      description: event.description,
      sequence: event.sequence,
      status: String(vevent.getFirstPropertyValue("status")),
      url: String(vevent.getFirstPropertyValue("url")),
      start: event.startDate,
      end: event.endDate,
      raw: vevent,
    });
  }
  return { calendar, events };
}

const uid = (pitchId: number) => `pitch-${pitchId}@pitchgrid.test`;

async function demoEvent() {
  const date = "2026-12-12";
  const { event, ticket } = await makeEvent({ startsAt: zonedToUtc(date, "09:00", "Europe/London"), endsAt: zonedToUtc(date, "17:00", "Europe/London") });
  const chamber = await makeRoom(event.id, { name: "Council Chamber", position: 0 });
  const committee = await makeRoom(event.id, { name: "Committee Room 1", position: 1 });
  const morning = await makeSlot(event.id, zonedToUtc(date, "10:00", "Europe/London"), 45);
  const late = await makeSlot(event.id, zonedToUtc(date, "11:00", "Europe/London"), 45);
  const lunch = await makeSlot(event.id, zonedToUtc(date, "12:00", "Europe/London"), 60, "break", "Lunch");
  const host = await makeRegistration(event.id, ticket.id, { name: "Priya Patel" });
  const coHost = await makeRegistration(event.id, ticket.id, { name: "Sam Jones" });
  const fan = await makeRegistration(event.id, ticket.id, { name: "Fan Person" });
  const open = await makeGridPitch(event.id, { title: "Open data that residents use", hostIds: [host.id, coHost.id] });
  const notify = await makeGridPitch(event.id, { title: "Moving to GOV.UK Notify", hostIds: [coHost.id], interestIds: [fan.id] });
  const unplaced = await makeGridPitch(event.id, { title: "Never placed", hostIds: [fan.id] });
  await query({ sql: "UPDATE pitches SET description = ? WHERE id = ?", args: ["What residents asked for, and what we published.", open] });
  await place(event.id, open, chamber, morning);
  await place(event.id, notify, committee, morning);
  return { event, ticket, rooms: { chamber, committee }, slots: { morning, late, lunch }, people: { host, coHost, fan }, pitches: { open, notify, unplaced } };
}

beforeEach(() => {
  ICAL.TimezoneService.reset();
});

describe("the whole event's feed", () => {
  it("holds no sessions until the grid is published, then every placed session", async () => {
    const demo = await demoEvent();
    const before = await eventFeed({ request: get(`/events/${demo.event.slug}/schedule.ics`), params: { slug: demo.event.slug }, context: {} });
    expect(before.status).toBe(200);
    expect(parseFeed(await before.text()).events.size).toBe(0);

    await publish(demo.event.id);
    const response = await eventFeed({ request: get(`/events/${demo.event.slug}/schedule.ics`), params: { slug: demo.event.slug }, context: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(response.headers.get("etag")).toMatch(/^W\/"[\w-]+"$/);
    expect(new Date(response.headers.get("last-modified")!).getTime()).toBeGreaterThan(0);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    // As the frab exports: browser calendars and schedule apps fetch it from other sites.
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const text = await response.text();
    const { calendar, events } = parseFeed(text);

    expect(calendar.getFirstPropertyValue("x-wr-calname")).toBe("Test Camp");
    expect(String(calendar.getFirstPropertyValue("x-wr-caldesc"))).toContain("Every session of Test Camp at Town Hall");
    expect(String(calendar.getFirstPropertyValue("refresh-interval"))).toBe("PT15M");
    expect(String(calendar.getFirstPropertyValue("x-published-ttl"))).toBe("PT15M");
    expect(calendar.getFirstPropertyValue("method")).toBeNull();
    expect([...events.keys()].sort()).toEqual([uid(demo.pitches.open), uid(demo.pitches.notify)].sort());

    const open = events.get(uid(demo.pitches.open))!;
    expect(open.summary).toBe("Open data that residents use");
    expect(open.location).toBe("Council Chamber, Town Hall");
    expect(open.status).toBe("CONFIRMED");
    expect(open.sequence).toBe(2);
    expect(open.url).toBe(`http://pitchgrid.test/events/${demo.event.slug}/sessions/${demo.pitches.open}`);
    expect(open.description).toContain("What residents asked for, and what we published.");
    expect(open.description).toContain("Hosted by Priya Patel, Sam Jones");
    expect(open.description).toContain(open.url);
    // 10:00 in London in December is 10:00 UTC (GMT).
    expect(open.raw.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/London");
    expect(open.start.toString()).toBe("2026-12-12T10:00:00");
    expect(open.start.toJSDate().toISOString()).toBe("2026-12-12T10:00:00.000Z");
    expect(open.end.toJSDate().toISOString()).toBe("2026-12-12T10:45:00.000Z");
    // DTSTAMP and LAST-MODIFIED are UTC times (with the Z).
    expect(text).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    expect(text).toMatch(/\r\nLAST-MODIFIED:\d{8}T\d{6}Z\r\n/);
    expect(String(open.raw.getFirstPropertyValue("last-modified"))).toMatch(/Z$/);
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
  });

  it("moves a session: same UID, a higher SEQUENCE, the new time and room", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const read = async () => parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug)).text()).events;
    const before = (await read()).get(uid(demo.pitches.open))!;

    await place(demo.event.id, demo.pitches.open, demo.rooms.committee, demo.slots.late);
    const after = (await read()).get(uid(demo.pitches.open))!;
    expect(after.uid).toBe(before.uid);
    expect(after.sequence).toBeGreaterThan(before.sequence);
    expect(after.location).toBe("Committee Room 1, Town Hall");
    expect(after.start.toJSDate().toISOString()).toBe("2026-12-12T11:00:00.000Z");
    expect(after.status).toBe("CONFIRMED");
    expect(String(after.raw.getFirstPropertyValue("last-modified"))).not.toBe(String(before.raw.getFirstPropertyValue("last-modified")));
  });

  it("raises the SEQUENCE when an organiser renames a placed session (same UID, time and room), but not for a new description", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const read = async () => parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug)).text()).events.get(uid(demo.pitches.notify))!;
    const organiser = { kind: "organiser" as const, email: "organiser@council.test" };
    const form = (title: string, description: string) =>
      PitchFormSchema.parse({ title, description, format: "discussion", needs: [], avoidSlotIds: [], coHosts: "" });
    const before = await read();

    await editPitch(demo.event.id, demo.pitches.notify, organiser, form(before.summary, "Now with a longer description."), new Date((clock += 1000)));
    const described = await read();
    expect(described.sequence).toBe(before.sequence);
    expect(described.description).toContain("Now with a longer description.");

    await editPitch(demo.event.id, demo.pitches.notify, organiser, form("Moving to GOV.UK Notify, a year on", "Now with a longer description."), new Date((clock += 1000)));
    const renamed = await read();
    expect(renamed.uid).toBe(before.uid);
    expect(renamed.summary).toBe("Moving to GOV.UK Notify, a year on");
    expect(renamed.sequence).toBeGreaterThan(described.sequence);
    expect(renamed.location).toBe(before.location);
    expect(renamed.start.toJSDate().toISOString()).toBe(before.start.toJSDate().toISOString());
    expect(renamed.status).toBe("CONFIRMED");
  });

  it("shows a session an organiser withdraws (through the pitch rules) as CANCELLED with a higher SEQUENCE", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const read = async () => parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug)).text()).events.get(uid(demo.pitches.open))!;
    const live = await read();
    await withdrawPitch(demo.event.id, demo.pitches.open, { kind: "organiser", email: "organiser@council.test" }, new Date((clock += 1000)));
    const withdrawn = await read();
    expect(withdrawn.uid).toBe(live.uid);
    expect(withdrawn.status).toBe("CANCELLED");
    expect(withdrawn.sequence).toBeGreaterThan(live.sequence);
    expect(withdrawn.location).toBe(live.location);
  });

  it("keeps an unscheduled session as CANCELLED at its old time and room, then confirms it when placed again", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const read = async (now?: Date) => parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug, now)).text()).events;
    const live = (await read()).get(uid(demo.pitches.open))!;

    await unschedule(demo.event.id, demo.pitches.open);
    const cancelled = (await read()).get(uid(demo.pitches.open))!;
    expect(cancelled.status).toBe("CANCELLED");
    expect(cancelled.sequence).toBeGreaterThan(live.sequence);
    // The title alone: clients add their own "Cancelled:" from STATUS.
    expect(cancelled.summary).toBe("Open data that residents use");
    expect(cancelled.location).toBe("Council Chamber, Town Hall");
    expect(cancelled.start.toJSDate().toISOString()).toBe(live.start.toJSDate().toISOString());

    await place(demo.event.id, demo.pitches.open, demo.rooms.chamber, demo.slots.morning);
    const again = (await read()).get(uid(demo.pitches.open))!;
    expect(again.status).toBe("CONFIRMED");
    expect(again.sequence).toBeGreaterThan(cancelled.sequence);
  });

  it("keeps a withdrawn session as CANCELLED for 14 days after the change, then drops it", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const live = parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug)).text()).events.get(uid(demo.pitches.notify))!;
    await withdraw(demo.event.id, demo.pitches.notify);
    const changedAt = clock;
    const read = async (now: Date) => parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug, now)).text()).events;

    const soon = (await read(new Date(changedAt + 13 * 86400_000))).get(uid(demo.pitches.notify))!;
    expect(soon.status).toBe("CANCELLED");
    expect(soon.sequence).toBeGreaterThan(live.sequence);
    expect(soon.location).toBe("Committee Room 1, Town Hall");
    expect((await read(new Date(changedAt + 15 * 86400_000))).has(uid(demo.pitches.notify))).toBe(false);
    // The other session is unaffected.
    expect((await read(new Date(changedAt + 15 * 86400_000))).get(uid(demo.pitches.open))!.status).toBe("CONFIRMED");
  });

  it("never shows as cancelled a session that was only on the grid before it was published", async () => {
    const demo = await demoEvent();
    await unschedule(demo.event.id, demo.pitches.notify);
    await publish(demo.event.id);
    const events = parseFeed(await (await eventFeedResponse(get("/"), demo.event.slug)).text()).events;
    expect([...events.keys()]).toEqual([uid(demo.pitches.open)]);
  });

  it("answers 404 for an unknown event, with the security headers", async () => {
    expect(await status(eventFeed({ request: get("/events/nope/schedule.ics"), params: { slug: "no-such-event" }, context: {} }))).toBe(404);
    const thrown = await eventFeed({ request: get("/"), params: { slug: "no-such-event" }, context: {} }).catch((r: Response) => r);
    expect(thrown.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("a room's feed", () => {
  it("holds only that room's sessions, and follows a session that moves out", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const read = async (roomId: number) => {
      const response = await roomFeed({ request: get("/"), params: { slug: demo.event.slug, roomId: String(roomId) }, context: {} });
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      return parseFeed(await response.text());
    };
    const chamber = await read(demo.rooms.chamber);
    expect([...chamber.events.keys()]).toEqual([uid(demo.pitches.open)]);
    expect(chamber.calendar.getFirstPropertyValue("x-wr-calname")).toBe("Test Camp: Council Chamber");
    expect([...(await read(demo.rooms.committee)).events.keys()]).toEqual([uid(demo.pitches.notify)]);

    await place(demo.event.id, demo.pitches.open, demo.rooms.committee, demo.slots.late);
    expect((await read(demo.rooms.chamber)).events.size).toBe(0);
    expect([...(await read(demo.rooms.committee)).events.keys()].sort()).toEqual([uid(demo.pitches.open), uid(demo.pitches.notify)].sort());
  });

  it("answers 404 for a room of another event, an unknown room or a malformed id", async () => {
    const demo = await demoEvent();
    const other = await makeEvent();
    const elsewhere = await makeRoom(other.event.id, { name: "Elsewhere" });
    for (const roomId of [String(elsewhere), "999999", "abc", "1.5", ""]) {
      expect(await status(roomFeed({ request: get("/"), params: { slug: demo.event.slug, roomId }, context: {} }))).toBe(404);
    }
  });
});

describe("the personal feed", () => {
  it("holds the sessions the person hosts or marked, at a secret URL that can be reset", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    expect(await hasPersonalFeed(demo.people.fan.id)).toBe(false);
    const token = await resetPersonalFeed(demo.people.fan.id);
    expect(await hasPersonalFeed(demo.people.fan.id)).toBe(true);
    expect(personalFeedPath(token)).toBe(`/feeds/${token}.ics`);
    const read = (param: string) => personalFeed({ request: get(`/feeds/${param}`), params: { token: param }, context: {} });

    // The fan marked "Moving to GOV.UK Notify" and hosts an unplaced pitch.
    const response = await read(`${token}.ics`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-cache");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const feed = parseFeed(await response.text());
    expect([...feed.events.keys()]).toEqual([uid(demo.pitches.notify)]);
    expect(feed.calendar.getFirstPropertyValue("x-wr-calname")).toBe("Test Camp: my sessions");

    // Hosting counts too, and marking another session adds it.
    const hostToken = await resetPersonalFeed(demo.people.coHost.id);
    const hostFeed = parseFeed(await (await read(`${hostToken}.ics`)).text());
    expect([...hostFeed.events.keys()].sort()).toEqual([uid(demo.pitches.open), uid(demo.pitches.notify)].sort());
    await query({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [demo.pitches.open, demo.people.fan.id, tick()] });
    expect([...parseFeed(await (await read(`${token}.ics`)).text()).events.keys()].sort()).toEqual([uid(demo.pitches.open), uid(demo.pitches.notify)].sort());

    // Reset: the old URL is gone, the new one works.
    const fresh = await resetPersonalFeed(demo.people.fan.id);
    expect(fresh).not.toBe(token);
    expect(await status(read(`${token}.ics`))).toBe(404);
    expect((await read(`${fresh}.ics`)).status).toBe(200);
  });

  it("refuses a wrong, malformed or suffix-less token, and an erased person's feed, with 404", async () => {
    const demo = await demoEvent();
    const token = await resetPersonalFeed(demo.people.host.id);
    const read = (param: string) => status(personalFeed({ request: get(`/feeds/${param}`), params: { token: param }, context: {} }));
    expect(await read(`${token}.ics`)).toBe(200);
    expect(await read(token)).toBe(404);
    expect(await read(`${"A".repeat(43)}.ics`)).toBe(404);
    expect(await read(`${token.slice(0, -1)}x.ics`)).toBe(404);
    expect(await read("../../etc/passwd.ics")).toBe(404);
    expect(await read(".ics")).toBe(404);
    await query({ sql: "UPDATE registrations SET status = 'erased' WHERE id = ?", args: [demo.people.host.id] });
    expect(await read(`${token}.ics`)).toBe(404);
  });
});

describe("conditional requests", () => {
  it("answer 304 to If-None-Match and If-Modified-Since without building the feed, and 200 after a change", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const path = `/events/${demo.event.slug}/schedule.ics`;
    const request = (headers: Record<string, string> = {}) => eventFeed({ request: get(path, headers), params: { slug: demo.event.slug }, context: {} });
    const first = await request();
    const etag = first.headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;

    const builtBefore = feedStats.built;
    const byTag = await request({ "if-none-match": etag });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe("");
    expect(byTag.headers.get("etag")).toBe(etag);
    expect((await request({ "if-none-match": `"other", ${etag.replace(/^W\//, "")}` })).status).toBe(304);
    const byDate = await request({ "if-modified-since": lastModified });
    expect(byDate.status).toBe(304);
    expect(feedStats.built).toBe(builtBefore);

    // If-None-Match wins over If-Modified-Since; an earlier date gets the feed. While the ETag
    // holds, full responses reuse the body built for it.
    const body = await first.text();
    const fullRequests: Record<string, string>[] = [
      { "if-none-match": '"stale"', "if-modified-since": lastModified },
      { "if-modified-since": new Date(Date.parse(lastModified) - 1000).toUTCString() },
      { "if-modified-since": "not a date" },
    ];
    for (const headers of fullRequests) {
      const full = await request(headers);
      expect(full.status).toBe(200);
      expect(await full.text()).toBe(body);
    }
    expect(feedStats.built).toBe(builtBefore);

    clock += 5000;
    await place(demo.event.id, demo.pitches.open, demo.rooms.committee, demo.slots.late);
    const changed = await Promise.all([request({ "if-none-match": etag }), request(), request({ "if-modified-since": lastModified })]);
    expect(changed.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(changed[0].headers.get("etag")).not.toBe(etag);
    expect(await changed[0].text()).not.toBe(body);
    // A burst of requests after a change builds the new feed once.
    expect(feedStats.built).toBe(builtBefore + 1);
  });

  it("gives a personal feed its own ETag that changes when the person marks a session", async () => {
    const demo = await demoEvent();
    await publish(demo.event.id);
    const token = await resetPersonalFeed(demo.people.fan.id);
    const read = (headers: Record<string, string> = {}) => personalFeed({ request: get("/", headers), params: { token: `${token}.ics` }, context: {} });
    const etag = (await read()).headers.get("etag")!;
    const wholeEvent = (await eventFeedResponse(get("/"), demo.event.slug)).headers.get("etag");
    expect(etag).not.toBe(wholeEvent);
    const builtBefore = feedStats.built;
    expect((await read({ "if-none-match": etag })).status).toBe(304);
    expect(feedStats.built).toBe(builtBefore);
    await query({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [demo.pitches.open, demo.people.fan.id, tick()] });
    expect((await read({ "if-none-match": etag })).status).toBe(200);
  });
});
