import ICAL from "ical.js";
import { afterEach, describe, expect, it } from "vitest";
import { zonedToUtc } from "~/domain/time";
import { buildCalendar, feedSequence, isFeedNotModified, plainText, selectFeedEntries, sessionUid, subscribeLinks, type LastPlacement } from "./ical";
import type { Schedule, ScheduledSession } from "../schedule";

const PUBLIC_URL = "https://pitchgrid.example.org";

function session(pitchId: number, overrides: Partial<ScheduledSession> = {}): ScheduledSession {
  return {
    pitchId,
    title: `Session ${pitchId}`,
    description: "",
    format: "discussion",
    needs: [],
    avoidSlotIds: [],
    status: "open",
    sequence: 1,
    createdAt: "2026-10-01T09:00:00.000Z",
    updatedAt: "2026-10-20T09:00:00.000Z",
    hosts: [{ registrationId: 1, name: "Priya Patel", role: "host" }],
    interest: 0,
    roomId: 1,
    slotId: 1,
    pinned: false,
    ...overrides,
  };
}

/** A schedule over the given London dates, a 10:00-10:45 and a 14:00-14:45 slot on each day. */
function schedule(dates: string[], sessions: ScheduledSession[], overrides: Partial<Schedule> = {}): Schedule {
  const tz = "Europe/London";
  const slots = dates.flatMap((date, i) => [
    { id: i * 10 + 1, startsAt: zonedToUtc(date, "10:00", tz).toISOString(), endsAt: zonedToUtc(date, "10:45", tz).toISOString(), kind: "session" as const, label: "" },
    { id: i * 10 + 2, startsAt: zonedToUtc(date, "14:00", tz).toISOString(), endsAt: zonedToUtc(date, "14:45", tz).toISOString(), kind: "session" as const, label: "" },
    { id: i * 10 + 3, startsAt: zonedToUtc(date, "12:00", tz).toISOString(), endsAt: zonedToUtc(date, "13:00", tz).toISOString(), kind: "break" as const, label: "Lunch" },
  ]);
  return {
    event: {
      id: 1,
      slug: "camp",
      name: "LocalGovCamp",
      summary: "",
      venue: "Guildhall, High Street",
      startsAt: slots[0].startsAt,
      endsAt: slots[slots.length - 1].endsAt,
      timeZone: tz,
      capacity: 100,
      holdMinutes: null,
      offerHours: null,
      contactEmail: "",
      draft: false,
      updatedAt: "2026-10-01T09:00:00.000Z",
    },
    publishedAt: "2026-10-20T09:00:00.000Z",
    changedAt: "2026-10-20T09:00:00.000Z",
    gridVersion: 1,
    rooms: [
      { id: 1, name: "Council Chamber", capacity: 80, stepFree: true, hasScreen: true, large: null, notes: "", position: 0 },
      { id: 2, name: "Committee Room", capacity: 20, stepFree: true, hasScreen: false, large: null, notes: "", position: 1 },
    ],
    slots,
    sessions,
    ...overrides,
  };
}

function parse(text: string) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return { calendar, events: calendar.getAllSubcomponents("vevent").map((v) => ({ vevent: v, event: new ICAL.Event(v) })) };
}

const NOW = new Date("2026-10-21T12:00:00Z");
const noHistory = new Map<number, LastPlacement>();

describe("selectFeedEntries", () => {
  it("is empty before publication", () => {
    expect(selectFeedEntries(schedule(["2026-10-24"], [session(1)], { publishedAt: null }), noHistory, {}, NOW)).toEqual([]);
  });

  it("shows every session of a grid that was published, then unpublished, as cancelled at its last cell", () => {
    const history = new Map<number, LastPlacement>([
      [1, { roomId: 1, slotId: 1 }],
      [2, { roomId: 2, slotId: 2 }],
    ]);
    const s = schedule(["2026-10-24"], [session(1, { roomId: 1, slotId: 1 }), session(2, { roomId: 2, slotId: 2 }), session(3, { roomId: 1, slotId: 2 })], { publishedAt: null });
    // 3 was placed after the grid was unpublished: no calendar ever had it, so it is not listed.
    expect(selectFeedEntries(s, history, {}, NOW).map((e) => [e.session.pitchId, e.cancelled, e.room?.id, e.slot.id])).toEqual([
      [1, true, 1, 1],
      [2, true, 2, 2],
    ]);
    const text = buildCalendar(s, selectFeedEntries(s, history, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
    expect(text.match(/STATUS:CANCELLED/g)).toHaveLength(2);
    expect(text).not.toContain("STATUS:CONFIRMED");
  });

  it("takes open sessions placed in a session slot of an existing room, in time then room order", () => {
    const s = schedule(["2026-10-24"], [
      session(1, { roomId: 2, slotId: 1 }),
      session(2, { roomId: 1, slotId: 2 }),
      session(3, { roomId: 1, slotId: 1 }),
      session(4, { roomId: 1, slotId: 3 }), // a break slot
      session(5, { roomId: 9, slotId: 1 }), // a room that is gone
      session(6, { roomId: null, slotId: null }),
    ]);
    expect(selectFeedEntries(s, noHistory, {}, NOW).map((e) => e.session.pitchId)).toEqual([3, 1, 2]);
  });

  it("keeps sessions that left the published grid as cancelled, at their last cell, for 14 days", () => {
    const history = new Map<number, LastPlacement>([
      [1, { roomId: 2, slotId: 2 }],
      [2, { roomId: 1, slotId: 1 }],
      [3, { roomId: 1, slotId: 99 }], // its slot was deleted: nothing to show
    ]);
    const s = schedule(["2026-10-24"], [
      session(1, { roomId: null, slotId: null, updatedAt: "2026-10-20T09:00:00.000Z" }),
      session(2, { status: "withdrawn", updatedAt: "2026-10-20T09:00:00.000Z" }),
      session(3, { status: "merged", roomId: null, slotId: null }),
      session(4, { status: "withdrawn", roomId: null, slotId: null }), // never on the published grid
    ]);
    const entries = selectFeedEntries(s, history, {}, NOW);
    expect(entries.map((e) => [e.session.pitchId, e.cancelled, e.room?.id, e.slot.id])).toEqual([
      [2, true, 1, 1],
      [1, true, 2, 2],
    ]);
    expect(selectFeedEntries(s, history, {}, new Date("2026-11-03T09:00:00.000Z"))).toHaveLength(2);
    expect(selectFeedEntries(s, history, {}, new Date("2026-11-03T09:00:01.000Z"))).toHaveLength(0);
  });

  it("filters by room (where the session is, or last was) and by a set of sessions", () => {
    const s = schedule(["2026-10-24"], [session(1, { roomId: 1 }), session(2, { roomId: 2 }), session(3, { roomId: null, slotId: null })]);
    const history = new Map<number, LastPlacement>([[3, { roomId: 2, slotId: 2 }]]);
    expect(selectFeedEntries(s, history, { roomId: 2 }, NOW).map((e) => e.session.pitchId)).toEqual([2, 3]);
    expect(selectFeedEntries(s, history, { pitchIds: new Set([1, 3]) }, NOW).map((e) => e.session.pitchId)).toEqual([1, 3]);
  });
});

describe("feedSequence", () => {
  it("rises through place, unschedule (cancelled) and place again, as pitches.sequence rises with each", () => {
    const placed = feedSequence(1, false);
    const cancelled = feedSequence(2, true);
    const placedAgain = feedSequence(3, false);
    expect(placed).toBeLessThan(cancelled);
    expect(cancelled).toBeLessThan(placedAgain);
    // Withdrawn without a sequence change still outranks the live version.
    expect(feedSequence(1, true)).toBeGreaterThan(feedSequence(1, false));
  });
});

describe("buildCalendar: times across the BST/GMT changes", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  const cases = [
    // Late October 2026: the clocks go back at 2am BST on Sunday 25 October.
    { date: "2026-10-24", utc10: "2026-10-24T09:00:00.000Z", offset: 3600 },
    { date: "2026-10-25", utc10: "2026-10-25T10:00:00.000Z", offset: 0 },
    // Late March 2027: the clocks go forward at 1am GMT on Sunday 28 March.
    { date: "2027-03-27", utc10: "2027-03-27T10:00:00.000Z", offset: 0 },
    { date: "2027-03-28", utc10: "2027-03-28T09:00:00.000Z", offset: 3600 },
  ];

  for (const serverTz of ["UTC", "America/New_York", "Pacific/Auckland"]) {
    it(`writes 10am London wall time with TZID, right in UTC on both sides (server TZ ${serverTz})`, () => {
      process.env.TZ = serverTz;
      const dates = cases.map((c) => c.date);
      const sessions = dates.map((_, i) => session(i + 1, { roomId: 1, slotId: i * 10 + 1 }));
      const s = schedule(dates, sessions);
      const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
      process.env.TZ = originalTz;
      const { calendar, events } = parse(text);
      const vtimezone = calendar.getFirstSubcomponent("vtimezone")!;
      expect(vtimezone.getFirstPropertyValue("tzid")).toBe("Europe/London");
      expect(calendar.getFirstPropertyValue("x-wr-timezone")).toBe("Europe/London");
      expect(events).toHaveLength(cases.length);
      for (const [i, c] of cases.entries()) {
        const { event, vevent } = events[i];
        expect(vevent.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/London");
        expect(text).toContain(`DTSTART;TZID=Europe/London:${c.date.replaceAll("-", "")}T100000`);
        expect(event.startDate.toString()).toBe(`${c.date}T10:00:00`);
        expect(event.startDate.toJSDate().toISOString()).toBe(c.utc10);
        expect(event.startDate.utcOffset()).toBe(c.offset);
        expect(event.endDate.toJSDate().getTime() - event.startDate.toJSDate().getTime()).toBe(45 * 60_000);
      }
    });
  }

  /** One session at 10:00 local on each date, in `tz`. */
  function zonedSchedule(tz: string, dates: string[], time = "10:00") {
    const s = schedule(["2026-10-24"], []);
    s.event.timeZone = tz;
    s.slots = dates.map((date, i) => {
      const start = zonedToUtc(date, time, tz);
      return { id: i + 1, startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 45 * 60_000).toISOString(), kind: "session" as const, label: "" };
    });
    s.sessions = dates.map((_, i) => session(i + 1, { roomId: 1, slotId: i + 1 }));
    return s;
  }

  // Both sides of each zone's autumn and spring changes in 2026-27, with the UTC instant of 10:00.
  const zones = [
    { tz: "America/New_York", days: [["2026-10-31", "14:00"], ["2026-11-02", "15:00"], ["2027-03-13", "15:00"], ["2027-03-15", "14:00"]] },
    // Irish Standard Time is the summer time and GMT the "negative" winter one.
    { tz: "Europe/Dublin", days: [["2026-10-24", "09:00"], ["2026-10-26", "10:00"], ["2027-03-27", "10:00"], ["2027-03-29", "09:00"]] },
  ];
  for (const { tz, days } of zones) {
    it(`writes ${tz} sessions in their own zone, with a VTIMEZONE from the IANA data, right across its changes`, () => {
      const s = zonedSchedule(tz, days.map(([date]) => date));
      const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, new Date("2026-10-01T00:00:00Z")), { name: "Camp", description: "" }, PUBLIC_URL);
      const { calendar, events } = parse(text);
      expect(calendar.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe(tz);
      expect(events.map(({ vevent }) => vevent.getFirstProperty("dtstart")!.getParameter("tzid"))).toEqual(days.map(() => tz));
      expect(events.map(({ event }) => event.startDate.toJSDate().toISOString())).toEqual(days.map(([date, utc]) => `${date}T${utc}:00.000Z`));
    });
  }

  it("writes UTC times for a zone with no VTIMEZONE of its own name", () => {
    const s = zonedSchedule("UTC", ["2026-10-24"]);
    const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
    expect(text).not.toContain("BEGIN:VTIMEZONE");
    expect(text).toContain(`DTSTART:20261024T100000Z`);
    expect(parse(text).events[0].event.startDate.toJSDate().toISOString()).toBe("2026-10-24T10:00:00.000Z");
  });

  it("writes times in the hour the clocks go back over in UTC, so every client reads the same instant", () => {
    // 01:30 on 25 October 2026 in London happens twice: at 00:30Z (BST) and at 01:30Z (GMT).
    const s = schedule(["2026-10-24"], []);
    s.slots = [
      { id: 1, startsAt: "2026-10-25T00:30:00.000Z", endsAt: "2026-10-25T01:00:00.000Z", kind: "session", label: "" },
      { id: 2, startsAt: "2026-10-25T01:30:00.000Z", endsAt: "2026-10-25T02:00:00.000Z", kind: "session", label: "" },
      { id: 3, startsAt: "2026-10-25T03:00:00.000Z", endsAt: "2026-10-25T03:45:00.000Z", kind: "session", label: "" },
    ];
    s.sessions = [session(1, { slotId: 1 }), session(2, { slotId: 2 }), session(3, { slotId: 3 })];
    const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
    expect(text).toContain("DTSTART:20261025T003000Z");
    expect(text).toContain("DTSTART:20261025T013000Z");
    // Outside the repeated hour, the zone's wall time as usual.
    expect(text).toContain("DTSTART;TZID=Europe/London:20261025T030000");
    const starts = parse(text).events.map(({ event }) => event.startDate.toJSDate().toISOString());
    expect(starts).toEqual(["2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z", "2026-10-25T03:00:00.000Z"]);
  });

  it("writes the session page as a plain URL (node-ical reads URL;VALUE=URI as an object)", () => {
    const s = schedule(["2026-10-24"], [session(1)]);
    const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
    expect(text).not.toContain("VALUE=URI");
    expect(text.replace(/\r\n /g, "")).toContain(`\r\nURL:${PUBLIC_URL}/events/camp/sessions/1\r\n`);
    expect(parse(text).events[0].vevent.getFirstPropertyValue("url")).toBe(`${PUBLIC_URL}/events/camp/sessions/1`);
  });

  it("puts the session's notes link in DESCRIPTION and keeps URL as the session page (issue 17)", () => {
    const s = schedule(["2026-10-24"], [session(1)]);
    const here = parse(buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL)).events[0];
    expect(here.event.description).toContain(`Notes: ${PUBLIC_URL}/events/camp/sessions/1/notes`);
    expect(here.vevent.getFirstPropertyValue("url")).toBe(`${PUBLIC_URL}/events/camp/sessions/1`);
    const t = schedule(["2026-10-24"], [session(1)], { notesTemplate: "https://docs.example/notes/{slug}-{id}" });
    const there = parse(buildCalendar(t, selectFeedEntries(t, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL)).events[0];
    expect(there.event.description).toContain("Notes: https://docs.example/notes/camp-1");
    expect(there.vevent.getFirstPropertyValue("url")).toBe(`${PUBLIC_URL}/events/camp/sessions/1`);
  });
});

describe("buildCalendar: text", () => {
  const nasty = 'Commas, semicolons; back\\slashes \\n and\nnew lines, "quotes", emoji 🎉👩🏽‍💻🇬🇧 and ünïcödé – repeated: ' + "a,b;c\\d ".repeat(12);

  it("escapes per RFC 5545, folds at 75 octets without splitting characters, and round-trips through ical.js", () => {
    const s = schedule(["2026-10-24"], [
      session(1, {
        title: nasty,
        description: `${nasty}\r\nSecond line\rThird line`,
        hosts: [
          { registrationId: 1, name: "O'Brien, Siobhán; \"Shiv\"", role: "host" },
          { registrationId: 2, name: "李小龙 🐉", role: "co-host" },
        ],
      }),
    ]);
    s.rooms[0].name = "Room 1, 2; and \\3";
    s.event.venue = "Town Hall, Guildford";
    const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp, the; best\\one", description: "Line one\nLine two, with comma" }, PUBLIC_URL);

    const bytes = (line: string) => Buffer.byteLength(line, "utf8");
    const lines = text.split("\r\n");
    expect(Math.max(...lines.map(bytes))).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(" ")).length).toBeGreaterThan(5);
    // No bare LF or CR: every line ends CRLF.
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    // Unfolded, the raw property shows the escapes.
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain("SUMMARY:Commas\\, semicolons\\; back\\\\slashes \\\\n and\\nnew lines\\, \"quotes\"\\, emoji 🎉👩🏽‍💻🇬🇧");
    expect(unfolded).toContain("LOCATION:Room 1\\, 2\\; and \\\\3\\, Town Hall\\, Guildford");
    expect(unfolded).toContain("X-WR-CALNAME:Camp\\, the\\; best\\\\one");
    expect(unfolded).toContain("X-WR-CALDESC:Line one\\nLine two\\, with comma");

    const { calendar, events } = parse(text);
    const { event } = events[0];
    expect(event.summary).toBe(nasty);
    expect(event.location).toBe("Room 1, 2; and \\3, Town Hall, Guildford");
    expect(event.description).toContain(`${nasty}\nSecond line\nThird line`);
    expect(event.description).toContain("Hosted by O'Brien, Siobhán; \"Shiv\", 李小龙 🐉");
    // ical.js keeps NAME and X- properties opaque: decode them with its own TEXT rules.
    const text_ = ICAL.design.icalendar.value.text as { fromICAL: (value: string) => string };
    expect(text_.fromICAL(String(calendar.getFirstPropertyValue("name")))).toBe("Camp, the; best\\one");
    expect(text_.fromICAL(String(calendar.getFirstPropertyValue("x-wr-caldesc")))).toBe("Line one\nLine two, with comma");
    expect(event.uid).toBe(sessionUid(1, PUBLIC_URL));
    expect(event.uid).toBe("pitch-1@pitchgrid.example.org");
  });

  it("never folds inside a character, wherever an emoji or accented letter falls against the 75-octet limit", () => {
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    // Shifting the start by one octet at a time puts every kind of character (2-, 3- and 4-octet
    // UTF-8, and surrogate pairs in JavaScript) across the fold somewhere.
    for (let shift = 0; shift < 8; shift++) {
      const title = `${"x".repeat(shift)}${"é🎉中👩🏽‍💻;,".repeat(9)}`;
      const s = schedule(["2026-10-24"], [session(1, { title, description: title })]);
      const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: title, description: "" }, PUBLIC_URL);
      for (const line of text.split("\r\n")) {
        expect(Buffer.byteLength(line, "utf8"), `shift ${shift}: ${line}`).toBeLessThanOrEqual(75);
        expect(loneSurrogate.test(line), `shift ${shift}: a surrogate pair split across lines in ${JSON.stringify(line)}`).toBe(false);
        expect(Buffer.from(line, "utf8").toString("utf8")).toBe(line);
      }
      const { event } = parse(text).events[0];
      expect(event.summary).toBe(title);
      expect(event.description).toContain(title);
    }
  });

  it("drops control characters, bidi overrides and lone surrogates", () => {
    expect(plainText("a\u0000b\u0007c\u001Bd\u007Fe\u0085f\u202Eg\u2066h\uFFFEi\uD800j")).toBe("abcdefghij");
    expect(plainText("tab\tand\r\nnew\rline 🎉")).toBe("tab\tand\nnew\nline 🎉");
    const s = schedule(["2026-10-24"], [session(1, { title: "Evil\u0000\u202Etxt.exe\u0008 title" })]);
    const text = buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
    expect(parse(text).events[0].event.summary).toBe("Eviltxt.exe title");
  });

  it("writes the same bytes for the same data (DTSTAMP is the entry's change time)", () => {
    const s = schedule(["2026-10-24"], [session(1), session(2, { roomId: 2 })]);
    const build = () => buildCalendar(s, selectFeedEntries(s, noHistory, {}, NOW), { name: "Camp", description: "" }, PUBLIC_URL);
    const first = build();
    expect(build()).toBe(first);
    expect(first).toContain("DTSTAMP:20261020T090000Z");
    expect(first).toContain("LAST-MODIFIED:20261020T090000Z");
  });
});

describe("isFeedNotModified", () => {
  const lastModified = new Date("2026-10-20T09:00:00.750Z");
  const request = (headers: Record<string, string>) => new Request("http://pitchgrid.test/x.ics", { headers });
  it("matches ETags (weak, listed or *) and falls back to If-Modified-Since at whole seconds", () => {
    expect(isFeedNotModified(request({ "if-none-match": '"abc"' }), '"abc"', lastModified)).toBe(true);
    expect(isFeedNotModified(request({ "if-none-match": 'W/"abc"' }), '"abc"', lastModified)).toBe(true);
    expect(isFeedNotModified(request({ "if-none-match": '"x", "abc"' }), '"abc"', lastModified)).toBe(true);
    expect(isFeedNotModified(request({ "if-none-match": "*" }), '"abc"', lastModified)).toBe(true);
    expect(isFeedNotModified(request({ "if-none-match": '"x"' }), '"abc"', lastModified)).toBe(false);
    expect(isFeedNotModified(request({ "if-modified-since": "Tue, 20 Oct 2026 09:00:00 GMT" }), '"abc"', lastModified)).toBe(true);
    expect(isFeedNotModified(request({ "if-modified-since": "Tue, 20 Oct 2026 08:59:59 GMT" }), '"abc"', lastModified)).toBe(false);
    expect(isFeedNotModified(request({ "if-modified-since": "garbage" }), '"abc"', lastModified)).toBe(false);
    expect(isFeedNotModified(request({ "if-none-match": '"x"', "if-modified-since": "Tue, 20 Oct 2026 10:00:00 GMT" }), '"abc"', lastModified)).toBe(false);
    expect(isFeedNotModified(request({}), '"abc"', lastModified)).toBe(false);
  });
});

describe("subscribeLinks", () => {
  it("gives webcal, Google and Outlook subscription links for a feed", () => {
    const links = subscribeLinks("/events/camp/schedule.ics", "Camp & co", "https://pitchgrid.example.org");
    expect(links.https).toBe("https://pitchgrid.example.org/events/camp/schedule.ics");
    expect(links.webcal).toBe("webcal://pitchgrid.example.org/events/camp/schedule.ics");
    expect(links.google).toBe("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fpitchgrid.example.org%2Fevents%2Fcamp%2Fschedule.ics");
    expect(links.outlook).toBe(
      "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fpitchgrid.example.org%2Fevents%2Fcamp%2Fschedule.ics&name=Camp%20%26%20co",
    );
    expect(subscribeLinks("/x.ics", "X", "http://localhost:3000").webcal).toBe("webcal://localhost:3000/x.ics");
  });
});
