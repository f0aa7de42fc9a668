import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { rememberAttendee } from "../../app/.server/auth";
import { getDb, query } from "../../app/.server/platform";
import { placePitch, setPublished } from "../../app/.server/grid";
import { findScheduleVersion, loadSchedule, markScheduleChanged, nowAndNext } from "../../app/.server/schedule";
import { loader as nowLoader } from "../../app/routes/events.$slug.now";
import { loader as gridLoader } from "../../app/routes/events.$slug.schedule._index";
import { loader as printLoader } from "../../app/routes/events.$slug.schedule.print";
import { loader as versionLoader } from "../../app/routes/events.$slug.schedule.version";
import { loader as sessionLoader } from "../../app/routes/events.$slug.sessions.$id";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

/** Calls a loader as Remix would and returns what the browser would get: status, headers, data. */
async function call(loader: Loader, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; data: unknown; body: string }> {
  const request = new Request(`http://pitchgrid.test${path}`, { headers });
  let result: unknown;
  try {
    result = await loader({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, data: null, body: await thrown.text() };
    throw thrown;
  }
  if (result instanceof Response) return { status: result.status, headers: result.headers, data: null, body: await result.text() };
  const wrapped = result as { type: string; data: unknown; init: { status?: number; headers?: HeadersInit } | null };
  expect(wrapped.type).toBe("DataWithResponseInit");
  return { status: wrapped.init?.status ?? 200, headers: new Headers(wrapped.init?.headers), data: wrapped.data, body: "" };
}

type GridData = {
  version: string;
  attendeeName: string | null;
  grid: null | {
    sessionCount: number;
    rooms: { id: number; name: string }[];
    days: { date: string; rows: ({ kind: "break"; label: string; time: string } | { kind: "session"; slotId: number; time: string; cells: ({ id: number; title: string; mine: string | null; roomName: string } | null)[] })[] }[];
  };
};

function sessionsOf(data: GridData) {
  return data.grid!.days.flatMap((d) => d.rows.flatMap((r) => (r.kind === "session" ? r.cells.filter((c) => c !== null) : [])));
}

let demo: DemoSchedule;
const slug = "schedule-camp";

beforeAll(async () => {
  demo = await seedDemoSchedule(await getDb(), { slug, date: "2026-10-25", published: false });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("publishing", () => {
  it("shows nothing but a message until the organisers publish, then the whole grid", async () => {
    const before = await call(gridLoader, `/events/${slug}/schedule`, { slug });
    expect(before.status).toBe(200);
    expect((before.data as GridData).grid).toBeNull();
    const session = await call(sessionLoader, `/events/${slug}/sessions/${demo.pitchIds[0]}`, { slug, id: String(demo.pitchIds[0]) });
    expect((session.data as { session: unknown }).session).toBeNull();
    const now = await call(nowLoader, `/events/${slug}/now`, { slug });
    expect((now.data as { view: unknown }).view).toBeNull();
    const print = await call(printLoader, `/events/${slug}/schedule/print`, { slug });
    expect(print.body).toContain("not published the grid yet");
    expect(print.body).not.toContain("Making council websites accessible");
    const version = await call(versionLoader, `/events/${slug}/schedule/version`, { slug });
    expect(JSON.parse(version.body)).toMatchObject({ published: false });

    const { gridVersion } = (await loadSchedule(demo.eventId))!;
    await setPublished(demo.eventId, "organiser@council.test", gridVersion, true);

    const after = await call(gridLoader, `/events/${slug}/schedule`, { slug });
    const data = after.data as GridData;
    expect(data.version).not.toBe((before.data as GridData).version);
    expect(data.grid!.sessionCount).toBe(40);
    expect(data.grid!.rooms).toHaveLength(6);
    expect(sessionsOf(data)).toHaveLength(40);
    expect(sessionsOf(data).map((s) => s.title)).toContain("Making council websites accessible on a budget");
    // Breaks (registration, pitching, lunch, close) are rows of their own, in time order.
    const rows = data.grid!.days[0].rows;
    expect(rows.filter((r) => r.kind === "break").map((r) => (r as { label: string }).label)).toEqual([
      "Registration and coffee",
      "Session pitching",
      "Lunch",
      "Close and thanks",
    ]);
    // 25 October 2026 is the day the clocks go back: 9am is GMT, not BST.
    expect(rows[0].time).toBe("9am to 9:30am");
    expect(data.grid!.days[0].date).toBe("Sunday 25 October 2026");

    const print2 = await call(printLoader, `/events/${slug}/schedule/print`, { slug });
    expect(print2.body).toContain("Making council websites accessible on a budget");
    expect(print2.body).toContain("<!DOCTYPE html>");
    expect(print2.body).toMatch(/<style>/);
    expect(print2.body).not.toContain("govuk-header");
  });

  it("shows a change made to the grid, and the session page follows it", async () => {
    const schedule = (await loadSchedule(demo.eventId))!;
    const pitchId = demo.pitchIds[3];
    // Two cells are free in a 6 x 7 grid with 40 sessions: the last two of the last slot.
    const lastSlot = demo.sessionSlotIds[demo.sessionSlotIds.length - 1];
    const freeRoom = demo.roomIds[5];
    const before = (await call(gridLoader, `/events/${slug}/schedule`, { slug })).data as GridData;
    await placePitch(demo.eventId, "organiser@council.test", schedule.gridVersion, pitchId, freeRoom, lastSlot);

    const after = (await call(gridLoader, `/events/${slug}/schedule`, { slug })).data as GridData;
    expect(after.version).not.toBe(before.version);
    const lastRow = after.grid!.days[0].rows.filter((r) => r.kind === "session").at(-1) as { cells: ({ id: number } | null)[] };
    expect(lastRow.cells[5]?.id).toBe(pitchId);
    const page = await call(sessionLoader, `/events/${slug}/sessions/${pitchId}`, { slug, id: String(pitchId) });
    expect(page.data).toMatchObject({ session: { id: pitchId, roomName: "Cafe corner", time: "4:25pm to 5:10pm", date: "Sunday 25 October 2026" } });
  });

  it("changes the version for a change made directly in the database and for new interest", async () => {
    const first = (await findScheduleVersion(slug))!.version;
    await query({ sql: "UPDATE placements SET room_id = ?, slot_id = ? WHERE pitch_id = ?", args: [demo.roomIds[4], demo.sessionSlotIds.at(-1)!, demo.pitchIds[0]] });
    await markScheduleChanged({ execute: (s) => query(s) }, demo.eventId, new Date(Date.now() + 1000));
    const second = (await findScheduleVersion(slug))!.version;
    expect(second).not.toBe(first);
    await query({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [demo.pitchIds[0], demo.attendees[149].id, new Date(Date.now() + 2000).toISOString()] });
    expect((await findScheduleVersion(slug))!.version).not.toBe(second);
  });

  it("answers 404 for unknown events and sessions, and withdrawn sessions", async () => {
    expect((await call(gridLoader, "/events/nope/schedule", { slug: "nope" })).status).toBe(404);
    expect((await call(versionLoader, "/events/nope/schedule/version", { slug: "nope" })).status).toBe(404);
    expect((await call(sessionLoader, `/events/${slug}/sessions/abc`, { slug, id: "abc" })).status).toBe(404);
    expect((await call(sessionLoader, `/events/${slug}/sessions/999999`, { slug, id: "999999" })).status).toBe(404);
    // Withdrawing a pitch sets its updated_at (as every pitch change does), which moves the version.
    await query({ sql: "UPDATE pitches SET status = 'withdrawn', updated_at = ? WHERE id = ?", args: [new Date(Date.now() + 3000).toISOString(), demo.pitchIds[39]] });
    expect((await call(sessionLoader, `/events/${slug}/sessions/${demo.pitchIds[39]}`, { slug, id: String(demo.pitchIds[39]) })).status).toBe(404);
    const grid = (await call(gridLoader, `/events/${slug}/schedule`, { slug })).data as GridData;
    expect(sessionsOf(grid).map((s) => s.id)).not.toContain(demo.pitchIds[39]);
    await query({ sql: "UPDATE pitches SET status = 'open', updated_at = ? WHERE id = ?", args: [new Date(Date.now() + 4000).toISOString(), demo.pitchIds[39]] });
  });
});

describe("conditional requests", () => {
  it("answers If-None-Match with 304 until the schedule changes", async () => {
    const path = `/events/${slug}/schedule`;
    const first = await call(gridLoader, path, { slug });
    const etag = first.headers.get("ETag")!;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get("Cache-Control")).toBe("public, no-cache");
    expect(first.headers.get("Vary")).toBe("Cookie");

    const again = await call(gridLoader, path, { slug }, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.data).toBeNull();
    expect(again.headers.get("ETag")).toBe(etag);
    expect((await call(gridLoader, path, { slug }, { "If-None-Match": `"other", ${etag.replace(/^W\//, "")}` })).status).toBe(304);
    expect((await call(gridLoader, path, { slug }, { "If-None-Match": '"something-else"' })).status).toBe(200);

    // A visitor with cookies (an organiser, an attendee) gets a private copy with its own tag.
    const personal = await call(gridLoader, path, { slug }, { Cookie: "__session=abc" });
    expect(personal.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(personal.headers.get("ETag")).not.toBe(etag);
    expect((await call(gridLoader, path, { slug }, { Cookie: "__session=abc", "If-None-Match": etag })).status).toBe(200);

    await query({ sql: "UPDATE pitches SET title = 'Renamed session', updated_at = ? WHERE id = ?", args: [new Date(Date.now() + 5000).toISOString(), demo.pitchIds[1]] });
    const changed = await call(gridLoader, path, { slug }, { "If-None-Match": etag });
    expect(changed.status).toBe(200);
    expect(sessionsOf(changed.data as GridData).map((s) => s.title)).toContain("Renamed session");
  });

  it("gives session, now, print and version responses their own tags and 304s", async () => {
    for (const [loader, path, params] of [
      [sessionLoader, `/events/${slug}/sessions/${demo.pitchIds[2]}`, { slug, id: String(demo.pitchIds[2]) }],
      [nowLoader, `/events/${slug}/now`, { slug }],
      [printLoader, `/events/${slug}/schedule/print`, { slug }],
      [versionLoader, `/events/${slug}/schedule/version`, { slug }],
    ] as const) {
      const first = await call(loader, path, params);
      expect(first.status, path).toBe(200);
      const etag = first.headers.get("ETag")!;
      expect(etag, path).toBeTruthy();
      const second = await call(loader, path, params, { "If-None-Match": etag });
      expect(second.status, path).toBe(304);
      expect(second.body, path).toBe("");
    }
    const grid = (await call(gridLoader, `/events/${slug}/schedule`, { slug })).headers.get("ETag");
    const session = (await call(sessionLoader, `/events/${slug}/sessions/${demo.pitchIds[2]}`, { slug, id: String(demo.pitchIds[2]) })).headers.get("ETag");
    expect(grid).not.toBe(session);
  });
});

describe("now and next", () => {
  const at = async (iso: string) => nowAndNext((await loadSchedule(demo.eventId))!, new Date(iso));

  it("says the day has not started, counting the day from local midnight on the day the clocks go back", async () => {
    // 23:30 UTC on the 24th is 00:30 BST on the 25th: already the event's day at the venue.
    const early = await at("2026-10-24T23:30:00Z");
    expect(early).toMatchObject({ status: "before", today: "Sunday 25 October 2026", startsAt: "9am", startsToday: true, next: { label: "Registration and coffee" } });
    // 8:59am GMT (after the change at 2am) is 08:59 UTC; a BST reading would make it 9:59am.
    expect(await at("2026-10-25T08:59:00Z")).toMatchObject({ status: "before", startsAt: "9am" });
    expect(await at("2026-10-24T12:00:00Z")).toMatchObject({ status: "before", today: "Saturday 24 October 2026", startsAt: "Sunday 25 October 2026 at 9am", startsToday: false });
  });

  it("shows the current slot and what is next in each room", async () => {
    const registration = await at("2026-10-25T09:00:00Z");
    expect(registration).toMatchObject({ status: "during", current: { kind: "break", label: "Registration and coffee", time: "9am to 9:30am" }, next: { label: "Session pitching" } });
    expect(registration.rooms.every((r) => r.now === null)).toBe(true);
    // Before sessions start, each room's "next" is its first session of the day: the first
    // room has nothing in the first session slot, so its next session is in the second.
    expect(registration.rooms.filter((r) => r.next !== null).length).toBeGreaterThanOrEqual(4);
    expect(registration.rooms[0].nextTime).toBe("11:10am to 11:55am");
    expect(registration.rooms.filter((r) => r.nextTime === "10:15am to 11am").length).toBeGreaterThanOrEqual(3);

    const first = await at("2026-10-25T10:30:00Z");
    expect(first).toMatchObject({ status: "during", current: { kind: "session", time: "10:15am to 11am" }, next: { time: "11:10am to 11:55am" } });
    const schedule = (await loadSchedule(demo.eventId))!;
    const inFirstSlot = schedule.sessions.filter((s) => s.slotId === demo.sessionSlotIds[0] && s.status === "open");
    expect(first.rooms.map((r) => r.now?.id).filter(Boolean).sort()).toEqual(inFirstSlot.map((s) => s.pitchId).sort());
    expect(first.rooms[0].next?.time).toBe("11:10am to 11:55am");
  });

  it("handles gaps between slots, lunch, and the end of the day", async () => {
    const gap = await at("2026-10-25T11:05:00Z");
    expect(gap).toMatchObject({ status: "during", current: null, next: { time: "11:10am to 11:55am" } });
    expect(gap.rooms.every((r) => r.now === null)).toBe(true);
    const lunch = await at("2026-10-25T13:00:00Z");
    expect(lunch).toMatchObject({ status: "during", current: { kind: "break", label: "Lunch" }, next: { time: "1:40pm to 2:25pm" } });
    expect(lunch.rooms[0].nextTime).toBe("1:40pm to 2:25pm");
    const last = await at("2026-10-25T16:30:00Z");
    expect(last).toMatchObject({ status: "during", current: { time: "4:25pm to 5:10pm" }, next: { label: "Close and thanks" } });
    expect(last.rooms.every((r) => r.next === null)).toBe(true);
    expect(await at("2026-10-25T17:30:00Z")).toMatchObject({ status: "after", endedToday: true });
    expect(await at("2026-10-26T09:00:00Z")).toMatchObject({ status: "after", endedToday: false });
  });

  it("is what the page shows at the server's current time", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-10-25T10:30:00Z"));
    const page = await call(nowLoader, `/events/${slug}/now`, { slug });
    expect(page.data).toMatchObject({ view: { status: "during", current: { time: "10:15am to 11am" } } });
    const etag = page.headers.get("ETag")!;
    // Still in the same slot: nothing new to show.
    vi.setSystemTime(new Date("2026-10-25T10:45:00Z"));
    expect((await call(nowLoader, `/events/${slug}/now`, { slug }, { "If-None-Match": etag })).status).toBe(304);
    // The slot has ended: the page has changed.
    vi.setSystemTime(new Date("2026-10-25T11:01:00Z"));
    expect((await call(nowLoader, `/events/${slug}/now`, { slug }, { "If-None-Match": etag })).status).toBe(200);
  });
});

describe("an attendee's own sessions", () => {
  it("are highlighted and labelled for that attendee only", async () => {
    const hosted = demo.pitchIds[5];
    const hostId = demo.hostsOf.get(hosted)![0];
    const host = demo.attendees.find((a) => a.id === hostId)!;
    const marked = demo.pitchIds.find((id) => !demo.hostsOf.get(id)!.includes(hostId))!;
    await query({ sql: "INSERT OR IGNORE INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [marked, hostId, new Date().toISOString()] });
    const interest = new Set(
      (await query({ sql: "SELECT pitch_id FROM pitch_interest WHERE registration_id = ?", args: [hostId] })).rows.map((r) => Number(r.pitch_id)),
    );
    const hosting = new Set([...demo.hostsOf].filter(([, hosts]) => hosts.includes(hostId)).map(([id]) => id));

    const setCookie = new Headers(await rememberAttendee(new Request("http://pitchgrid.test/"), hostId)).get("Set-Cookie")!;
    const cookie = setCookie.split(";")[0];
    const page = await call(gridLoader, `/events/${slug}/schedule`, { slug }, { Cookie: cookie });
    const data = page.data as GridData;
    expect(data.attendeeName).toBe(host.name);
    expect(page.headers.get("Cache-Control")).toBe("private, no-cache");
    const shown = sessionsOf(data).filter((s) => demo.pitchIds.includes(s.id));
    for (const s of shown) {
      const expected = hosting.has(s.id) ? "hosting" : interest.has(s.id) ? "marked" : null;
      expect(s.mine, s.title).toBe(expected);
    }
    expect(shown.find((s) => s.id === hosted)?.mine).toBe("hosting");
    expect(shown.find((s) => s.id === marked)?.mine).toBe("marked");

    const session = await call(sessionLoader, `/events/${slug}/sessions/${hosted}`, { slug, id: String(hosted) }, { Cookie: cookie });
    expect(session.data).toMatchObject({ session: { mine: "hosting" } });

    // Everyone else sees no highlights.
    const anonymous = (await call(gridLoader, `/events/${slug}/schedule`, { slug })).data as GridData;
    expect(anonymous.attendeeName).toBeNull();
    expect(sessionsOf(anonymous).every((s) => s.mine === null)).toBe(true);
  });
});
