import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "../../app/.server/platform";
import { setPublished } from "../../app/.server/grid";
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
  });

  it("works without JavaScript: a refresh every minute, inside noscript so scripted screens never reload", async () => {
    const response = await page(displayLoader, `/events/${slug}/display`, { slug });
    expect(response.body).toMatch(/<noscript><meta http-equiv="refresh" content="60"\/?><\/noscript>/);
    expect(response.body).toMatch(/<html lang="en-GB" data-slug="screens-camp" data-version="[\w-]+">/);
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

  it("answer 404 for a room of another event or no room", async () => {
    expect((await page(doorLoader, `/events/${slug}/rooms/999999/door`, { slug, roomId: "999999" })).status).toBe(404);
    expect((await page(doorLoader, `/events/${slug}/rooms/x/door`, { slug, roomId: "x" })).status).toBe(404);
  });

});
