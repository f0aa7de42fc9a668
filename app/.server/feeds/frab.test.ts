import { describe, expect, it } from "vitest";
import { zonedToUtc } from "~/domain/time";
import { buildFrabJson, buildFrabXml, exportModel, roomGuid, sessionGuid, uuidV5, zonedIso } from "./frab";
import type { Schedule, ScheduledSession } from "../schedule";

const PUBLIC_URL = "https://pitchgrid.example.org";
const TZ = "Europe/London";
const at = (date: string, time: string) => zonedToUtc(date, time, TZ).toISOString();

function session(pitchId: number, roomId: number, slotId: number, overrides: Partial<ScheduledSession> = {}): ScheduledSession {
  return {
    pitchId,
    title: `Session ${pitchId}`,
    description: "About it",
    format: "workshop",
    needs: [],
    avoidSlotIds: [],
    status: "open",
    sequence: 1,
    createdAt: "2026-10-01T09:00:00.000Z",
    updatedAt: "2026-10-20T09:00:00.000Z",
    hosts: [{ registrationId: 5, name: "Priya Patel", role: "host" }],
    interest: 3,
    roomId,
    slotId,
    pinned: false,
    ...overrides,
  };
}

/** A two-day camp over the October change (Saturday BST, Sunday GMT). */
function twoDayCamp(overrides: Partial<Schedule> = {}): Schedule {
  return {
    event: {
      id: 1,
      slug: "camp-2026",
      name: "LocalGovCamp 2026",
      summary: "Two days",
      venue: "Guildhall",
      startsAt: at("2026-10-24", "09:00"),
      endsAt: at("2026-10-25", "17:00"),
      timeZone: TZ,
      capacity: 100,
      holdMinutes: null,
      offerHours: null,
      contactEmail: "",
      draft: false,
      updatedAt: "2026-10-01T09:00:00.000Z",
    },
    publishedAt: "2026-10-20T09:00:00.000Z",
    changedAt: "2026-10-20T09:00:00.000Z",
    gridVersion: 3,
    rooms: [
      { id: 1, name: "Chamber", capacity: 80, stepFree: true, hasScreen: true, large: null, notes: "", position: 0 },
      { id: 2, name: "Annexe", capacity: 20, stepFree: true, hasScreen: false, large: null, notes: "", position: 1 },
      { id: 3, name: "Annexe", capacity: 10, stepFree: true, hasScreen: false, large: null, notes: "", position: 2 },
    ],
    slots: [
      { id: 1, startsAt: at("2026-10-24", "10:00"), endsAt: at("2026-10-24", "10:45"), kind: "session", label: "" },
      { id: 2, startsAt: at("2026-10-24", "11:00"), endsAt: at("2026-10-24", "11:45"), kind: "session", label: "" },
      { id: 3, startsAt: at("2026-10-24", "12:00"), endsAt: at("2026-10-24", "13:00"), kind: "break", label: "Lunch" },
      { id: 4, startsAt: at("2026-10-25", "10:00"), endsAt: at("2026-10-25", "11:30"), kind: "session", label: "" },
    ],
    sessions: [
      session(10, 1, 1),
      session(11, 2, 2, { title: "Ça va? Öffentliche Daten — 2.0!" }),
      session(12, 3, 2),
      session(13, 1, 4),
      session(14, 1, 3), // in a break slot: not on the grid
      session(15, 2, 4, { status: "withdrawn" }),
    ],
    ...overrides,
  };
}

describe("zonedIso", () => {
  it("gives the wall time with the offset in force", () => {
    expect(zonedIso(at("2026-10-24", "10:00"), TZ)).toBe("2026-10-24T10:00:00+01:00");
    expect(zonedIso(at("2026-10-25", "10:00"), TZ)).toBe("2026-10-25T10:00:00+00:00");
    expect(zonedIso("2027-03-28T09:00:00.000Z", TZ)).toBe("2027-03-28T10:00:00+01:00");
    expect(zonedIso("2026-07-01T12:00:00.000Z", "America/New_York")).toBe("2026-07-01T08:00:00-04:00");
  });
});

describe("GUIDs", () => {
  it("are version 5 UUIDs that depend only on the session or room and the site", () => {
    expect(uuidV5("http://www.example.com/")).toBe(uuidV5("http://www.example.com/"));
    expect(sessionGuid(10, PUBLIC_URL)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sessionGuid(10, PUBLIC_URL)).not.toBe(sessionGuid(10, "https://other.example.org"));
    expect(roomGuid(10, PUBLIC_URL)).not.toBe(sessionGuid(10, PUBLIC_URL));
  });
});

describe("exportModel", () => {
  it("lists every day of the event, each room on each day, and only open sessions on the grid", () => {
    const model = exportModel(twoDayCamp(), new Date("2026-10-21T00:00:00Z"), PUBLIC_URL);
    expect(model.acronym).toBe("camp_2026");
    expect(model.timeslotDuration).toBe("00:45");
    // Plain dates: ConfClerk read date-times here as 2106-02-07 and showed no sessions.
    expect(model.start).toBe("2026-10-24");
    expect(model.end).toBe("2026-10-25");
    expect(model.days.map((d) => [d.index, d.date, d.start, d.end])).toEqual([
      [1, "2026-10-24", "2026-10-24T09:00:00+01:00", "2026-10-24T13:00:00+01:00"],
      [2, "2026-10-25", "2026-10-25T10:00:00+00:00", "2026-10-25T17:00:00+00:00"],
    ]);
    const ids = model.days.map((d) => d.rooms.map((r) => r.sessions.map((s) => s.id)));
    expect(ids).toEqual([[[10], [11], [12]], [[13], [], []]]);
    const eleven = model.days[0].rooms[1].sessions[0];
    expect(eleven).toMatchObject({ start: "11:00", duration: "00:45", date: "2026-10-24T11:00:00+01:00", type: "workshop", room: "Annexe" });
    expect(eleven.slug).toBe("camp_2026-11-ca-va-offentliche-daten-2-0");
    expect(eleven.track).toBe("Workshop");
    expect(eleven.links).toEqual([
      { url: `${PUBLIC_URL}/events/camp-2026/sessions/11`, title: "Session page" },
      { url: `${PUBLIC_URL}/events/camp-2026/sessions/11/notes`, title: "Session notes" },
    ]);
    // With the organisers' notes link template, the link is theirs (issue 17).
    const templated = exportModel(twoDayCamp({ notesTemplate: "https://docs.example/notes/{slug}-{id}" }), new Date("2026-10-21T00:00:00Z"), PUBLIC_URL);
    expect(templated.days[0].rooms[1].sessions[0].links[1]).toEqual({ url: "https://docs.example/notes/camp-2026-11", title: "Session notes" });
    expect(model.days[1].rooms[0].sessions[0].duration).toBe("01:30");
  });

  it("has days and rooms but no sessions before publication, and a new version when the grid changes", () => {
    const unpublished = exportModel(twoDayCamp({ publishedAt: null }), new Date(), PUBLIC_URL);
    expect(unpublished.days).toHaveLength(2);
    expect(unpublished.days.flatMap((d) => d.rooms.flatMap((r) => r.sessions))).toEqual([]);
    const published = exportModel(twoDayCamp(), new Date(), PUBLIC_URL);
    expect(published.version).not.toBe(unpublished.version);
    expect(exportModel(twoDayCamp(), new Date(), PUBLIC_URL).version).toBe(published.version);
  });

  it("widens the days to a slot outside the event's dates, and copes with no slots at all", () => {
    const camp = twoDayCamp();
    camp.slots.push({ id: 9, startsAt: at("2026-10-27", "18:00"), endsAt: at("2026-10-27", "19:00"), kind: "session", label: "" });
    expect(exportModel(camp, new Date(), PUBLIC_URL).days.map((d) => d.date)).toEqual(["2026-10-24", "2026-10-25", "2026-10-26", "2026-10-27"]);
    const empty = exportModel(twoDayCamp({ slots: [], sessions: [] }), new Date(), PUBLIC_URL);
    expect(empty.timeslotDuration).toBe("01:00");
    expect(empty.days[0]).toMatchObject({ start: "2026-10-24T09:00:00+01:00", end: "2026-10-24T23:59:00+01:00" });
  });
});

describe("writers", () => {
  it("JSON keys a day's rooms by name (two rooms of one name share a list)", () => {
    const json = JSON.parse(buildFrabJson(exportModel(twoDayCamp(), new Date(), PUBLIC_URL)));
    expect(Object.keys(json.schedule.conference.days[0].rooms)).toEqual(["Chamber", "Annexe"]);
    expect(json.schedule.conference.days[0].rooms.Annexe.map((e: { id: number }) => e.id)).toEqual([11, 12]);
    expect(json.schedule.conference.rooms).toHaveLength(3);
    const chamber = json.schedule.conference.days[0].rooms.Chamber[0];
    expect(chamber.persons).toEqual([{ id: expect.any(Number), name: "Priya Patel", guid: expect.any(String) }]);
    expect(chamber.track).toBe("Workshop");
    expect(chamber.links).toEqual([
      { url: chamber.url, title: "Session page", type: "web" },
      { url: `${chamber.url}/notes`, title: "Session notes", type: "web" },
    ]);
    expect(json.schedule.conference.start).toBe("2026-10-24");
  });

  it("XML escapes markup in text and attributes", () => {
    const camp = twoDayCamp();
    camp.rooms[0].name = `A "quoted" <room> & 'more'`;
    camp.sessions[0].title = "<b>Bold</b> & </title>";
    const xml = buildFrabXml(exportModel(camp, new Date(), PUBLIC_URL));
    expect(xml).toContain(`<room name="A &quot;quoted&quot; &lt;room&gt; &amp; 'more'"`);
    expect(xml).toContain("<title>&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;/title&gt;</title>");
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<schedule>')).toBe(true);
    // Readers key speakers by the integer id; sessions carry a track and a link to their page.
    expect(xml).toMatch(/<person id="\d+" guid="[0-9a-f-]{36}">Priya Patel<\/person>/);
    expect(xml).toContain("<track>Workshop</track>");
    expect(xml).toMatch(/<links>\s*<link href="https:\/\/[^"]+\/sessions\/10">Session page<\/link>\s*<link href="https:\/\/[^"]+\/sessions\/10\/notes">Session notes<\/link>\s*<\/links>/);
    expect(xml).toMatch(/<conference>[\s\S]*<start>2026-10-24<\/start>\s*<end>2026-10-25<\/end>/);
  });
});
