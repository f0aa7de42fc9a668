import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../app/.server/platform";
import { createSlot, setPublished } from "../../app/.server/grid";
import { loadSchedule } from "../../app/.server/schedule";
import { loader as displayLoader } from "../../app/routes/events.$slug.display";
import { loader as doorLoader } from "../../app/routes/events.$slug.rooms.$roomId.door";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";

/**
 * The venue display and door sheets, called in-process as a browser without JavaScript gets
 * them: standalone HTML pages with their own inline style (and, for the display, script)
 * allowed by hash.
 */
const BASE = "http://pitchgrid.test";
let demo: DemoSchedule;
const slug = "screens-camp";

async function page(loader: typeof displayLoader, path: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  try {
    const response = await loader({ request: new Request(`${BASE}${path}`, { headers }), params, context: {} });
    return { status: response.status, headers: response.headers, body: await response.text() };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, headers: thrown.headers, body: await thrown.text() };
    throw thrown;
  }
}

const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<svg[\s\S]*?<\/svg>/g, "").replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");

beforeAll(async () => {
  demo = await seedDemoSchedule(await getDb(), { slug, date: "2026-10-25", published: false });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("the venue display", () => {
  it("says the grid is not published, then shows now and next in this room for every room", async () => {
    const before = await page(displayLoader, `/events/${slug}/display`, { slug });
    expect(before.status).toBe(200);
    expect(visibleText(before.body)).toContain("The organisers have not published the grid yet.");

    const { gridVersion } = (await loadSchedule(demo.eventId))!;
    await setPublished(demo.eventId, "organiser@council.test", gridVersion, true);
    vi.useFakeTimers({ toFake: ["Date"] });
    // 25 October 2026 (clocks went back: GMT), 10:30 is in the first session slot.
    vi.setSystemTime(new Date("2026-10-25T10:30:00Z"));
    const during = await page(displayLoader, `/events/${slug}/display`, { slug });
    const text = visibleText(during.body);
    expect(text).toContain("Sunday 25 October 2026");
    // The clock, in the event's zone as the page was made (the script ticks it each minute).
    expect(during.body).toContain('<span class="clock" id="pg-display-clock">10:30am</span>');
    expect(text).toContain("Now: 10:15am to 11am. Next: 11:10am to 11:55am.");
    expect(text).toContain("Next in this room");
    const schedule = (await loadSchedule(demo.eventId))!;
    for (const room of schedule.rooms) expect(text).toContain(room.name);
    // The first session of the first room is on now.
    expect(text).toContain("Making council websites accessible on a budget");
    expect(text).toContain(`The whole schedule on your phone: http://pitchgrid.test/events/${slug}/schedule`);
    // No site header, no links to follow, a QR code with its link as text beside it.
    expect(during.body).not.toContain("govuk-header");
    expect(during.body).not.toMatch(/<a /);
    expect(during.body).toMatch(/<svg role="img" aria-label="QR code for the schedule"/);
  });

  it("sets no cookie, even for a visitor who has some, and allows only its own inline style and script", async () => {
    const response = await page(displayLoader, `/events/${slug}/display`, { slug }, { cookie: "pitchgrid_attendee=whatever; __flash=x" });
    expect(response.status).toBe(200);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(response.headers.get("cache-control")).toBe("no-store");
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).not.toContain("unsafe-inline");
    const scripts = [...response.body.matchAll(/<script>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    const { styleHash } = await import("../../app/.server/platform");
    expect(csp).toContain(`'${styleHash(scripts[0][1])}'`);
    // It polls the schedule's version URL, as the public grid does.
    expect(scripts[0][1]).toContain('"/schedule/version"');
    // With the same interval and backoff as every other live page (app/domain/version-poll.ts).
    const { pollDelays } = await import("../../app/domain/version-poll");
    expect(scripts[0][1]).toContain(`var delays = ${JSON.stringify(pollDelays())};`);
    // Its clock is clockText's own source, run in the event's zone.
    const { CLOCK_TEXT_SOURCE } = await import("../../app/domain/clock");
    expect(scripts[0][1]).toContain(CLOCK_TEXT_SOURCE);
    expect(response.body).toContain('data-time-zone="Europe/London"');
  });

  it("works without JavaScript: a refresh every minute, inside noscript so scripted screens never reload", async () => {
    const response = await page(displayLoader, `/events/${slug}/display`, { slug });
    expect(response.body).toMatch(/<noscript><meta http-equiv="refresh" content="60"\/?><\/noscript>/);
    expect(response.body).toMatch(/<html lang="en-GB" data-slug="screens-camp" data-version="[\w-]+" data-time-zone="Europe\/London">/);
  });

  it("answers 404 for an unknown event", async () => {
    expect((await page(displayLoader, "/events/nope/display", { slug: "nope" })).status).toBe(404);
  });
});

describe("door sheets", () => {
  it("show the room's name and its sessions for the day with times in the event's zone, one day to a sheet", async () => {
    const schedule = (await loadSchedule(demo.eventId))!;
    const room = schedule.rooms[0];
    const sheet = await page(doorLoader, `/events/${slug}/rooms/${room.id}/door`, { slug, roomId: String(room.id) });
    expect(sheet.status).toBe(200);
    expect(sheet.body).toContain(`<h1>${room.name}</h1>`);
    const text = visibleText(sheet.body);
    // 9am GMT on the day the clocks go back (9am BST would be 8:00Z).
    expect(text).toContain("9am to 9:30am Registration and coffee");
    expect(text).toContain("Making council websites accessible on a budget");
    expect(text).toContain("Lunch");
    // Only this room's sessions: none from the second room.
    const other = schedule.sessions.find((s) => s.roomId === schedule.rooms[1].id && s.status === "open")!;
    expect(text).not.toContain(other.title);
    expect(sheet.headers.get("content-security-policy")).toMatch(/style-src 'self' 'sha256-/);
  });

  it("of a multi-day event offer each day, and print today's while it is on, else the first day's", async () => {
    const days = await seedDemoSchedule(await getDb(), { slug: "door-days", date: "2026-10-25", published: true });
    await (await getDb()).execute({ sql: "UPDATE events SET ends_at = ? WHERE id = ?", args: ["2026-10-26T17:00:00.000Z", days.eventId] });
    await createSlot(days.eventId, { date: "2026-10-26", start: "10:00", end: "11:00", kind: "session", label: "" });
    const roomId = String(days.roomIds[0]);
    const door = (query = "") => page(doorLoader, `/events/door-days/rooms/${roomId}/door${query}`, { slug: "door-days", roomId });
    const sunday = "Sunday 25 October 2026";
    const monday = "Monday 26 October 2026";
    const printed = (html: string) => [...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1]);

    vi.useFakeTimers({ toFake: ["Date"] });
    // Before the event: the first day, with a link to each day and to every day.
    vi.setSystemTime(new Date("2026-10-01T12:00:00Z"));
    const before = await door();
    expect(before.status).toBe(200);
    expect(printed(before.body)).toEqual([sunday]);
    expect(before.body).toContain(`<nav class="days" aria-label="Which day to print">`);
    expect(before.body).toContain(`<a href="?day=2026-10-25" aria-current="page">${sunday}</a>`);
    expect(before.body).toContain(`<a href="?day=2026-10-26">${monday}</a>`);
    expect(before.body).toContain(`<a href="?day=all">Every day, one to a sheet</a>`);
    // On the second day: that day's sheet.
    vi.setSystemTime(new Date("2026-10-26T08:00:00Z"));
    const during = await door();
    expect(printed(during.body)).toEqual([monday]);
    expect(visibleText(during.body)).toContain("10am to 11am No session");
    expect(visibleText(during.body)).not.toContain("Registration and coffee");
    // Asked for: one day, or every day; an unknown day is today's.
    expect(printed((await door("?day=2026-10-25")).body)).toEqual([sunday]);
    expect(printed((await door("?day=all")).body)).toEqual([sunday, monday]);
    expect(printed((await door("?day=2027-01-01")).body)).toEqual([monday]);
    // A different day is a different ETag.
    expect((await door("?day=2026-10-25")).headers.get("etag")).not.toBe(during.headers.get("etag"));

    // A one-day event's sheet has no choice to make.
    const single = await page(doorLoader, `/events/${slug}/rooms/${demo.roomIds[0]}/door`, { slug, roomId: String(demo.roomIds[0]) });
    expect(single.body).not.toContain('class="days"');
  });

  it("answer 404 for a room of another event or no room", async () => {
    expect((await page(doorLoader, `/events/${slug}/rooms/999999/door`, { slug, roomId: "999999" })).status).toBe(404);
    expect((await page(doorLoader, `/events/${slug}/rooms/x/door`, { slug, roomId: "x" })).status).toBe(404);
  });

});
