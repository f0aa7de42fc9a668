import { describe, expect, it } from "vitest";
import {
  buildPublicGrid,
  cachingHeadersFrom,
  dayPhase,
  displayScale,
  doorSheetDay,
  isNotModified,
  nowAndNext,
  personaliseGrid,
  schedulePageCaching,
  type Schedule,
  type ScheduledSession,
} from "./schedule";

/** A schedule in memory: rules are tested without a database. */
function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    event: {
      id: 1,
      slug: "camp",
      name: "Camp",
      summary: "",
      venue: "",
      startsAt: "2026-03-28T09:00:00.000Z",
      endsAt: "2026-03-28T17:00:00.000Z",
      timeZone: "Europe/London",
      capacity: 100,
      holdMinutes: null,
      offerHours: null,
      contactEmail: "",
      draft: false,
      updatedAt: "2026-01-01T00:00:00.000Z",
    },
    publishedAt: "2026-03-28T10:00:00.000Z",
    changedAt: "2026-03-28T10:00:00.000Z",
    gridVersion: 3,
    rooms: [
      { id: 10, name: "Hall", capacity: 50, stepFree: true, hasScreen: true, large: null, notes: "", position: 0 },
      { id: 11, name: "Annexe", capacity: 20, stepFree: false, hasScreen: false, large: null, notes: "", position: 1 },
    ],
    slots: [
      { id: 20, startsAt: "2026-03-28T09:00:00.000Z", endsAt: "2026-03-28T09:30:00.000Z", kind: "break", label: "" },
      { id: 21, startsAt: "2026-03-28T10:00:00.000Z", endsAt: "2026-03-28T10:45:00.000Z", kind: "session", label: "" },
      { id: 22, startsAt: "2026-03-28T11:00:00.000Z", endsAt: "2026-03-28T11:45:00.000Z", kind: "session", label: "After coffee" },
      { id: 23, startsAt: "2026-03-29T10:00:00.000Z", endsAt: "2026-03-29T10:45:00.000Z", kind: "session", label: "" },
    ],
    sessions: [
      session(1, { roomId: 10, slotId: 21, hosts: [{ registrationId: 100, name: "Ann", role: "host" }], interest: 1 }),
      session(2, { roomId: 11, slotId: 21, hosts: [{ registrationId: 101, name: "Bo", role: "host" }, { registrationId: 102, name: "Cy", role: "co-host" }] }),
      session(3, { roomId: 10, slotId: 22, status: "withdrawn" }),
      session(4, { roomId: null, slotId: null }),
      session(5, { roomId: 10, slotId: 20 }),
      session(6, { roomId: 11, slotId: 23, format: "show-and-tell" }),
    ],
    ...overrides,
  };
}

function session(id: number, fields: Partial<ScheduledSession>): ScheduledSession {
  return {
    pitchId: id,
    title: `Session ${id}`,
    description: "",
    format: "discussion",
    needs: [],
    avoidSlotIds: [],
    status: "open",
    sequence: 0,
    createdAt: "",
    updatedAt: "",
    hosts: [],
    interest: 0,
    roomId: null,
    slotId: null,
    pinned: false,
    ...fields,
  };
}

describe("buildPublicGrid", () => {
  it("lays out days, break rows and placed open sessions only", () => {
    const grid = buildPublicGrid(schedule(), null);
    expect(grid.rooms.map((r) => r.name)).toEqual(["Hall", "Annexe"]);
    expect(grid.days.map((d) => d.date)).toEqual(["Saturday 28 March 2026", "Sunday 29 March 2026"]);
    const [first, second] = grid.days;
    expect(first.rows.map((r) => r.kind)).toEqual(["break", "session", "session"]);
    // A break with no label is still named; 9am GMT on the Saturday, 11am BST on the Sunday.
    expect(first.rows[0]).toEqual({ slotId: 20, kind: "break", time: "9am to 9:30am", label: "Break" });
    const row = first.rows[1];
    if (row.kind !== "session") throw new Error("expected a session row");
    expect(row.cells.map((c) => c?.id ?? null)).toEqual([1, 2]);
    expect(row.cells[0]).toEqual({ id: 1, title: "Session 1", hosts: ["Ann"], roomName: "Hall", time: "10am to 10:45am", format: "Discussion", interest: 1, notes: "/events/camp/sessions/1/notes", mine: null });
    expect(row.cells[1]?.hosts).toEqual(["Bo", "Cy"]);
    // The withdrawn session leaves its cell empty; the one in a break slot and the unplaced one are not shown.
    const afterCoffee = first.rows[2];
    expect(afterCoffee.kind === "session" && afterCoffee.cells).toEqual([null, null]);
    expect(afterCoffee.label).toBe("After coffee");
    const sunday = second.rows[0];
    expect(sunday.kind === "session" && sunday.cells[1]).toMatchObject({ id: 6, format: "Show and tell", time: "11am to 11:45am" });
    expect(grid.sessionCount).toBe(3);
  });

  it("ignores placements in rooms or slots that no longer exist", () => {
    const grid = buildPublicGrid(schedule({ sessions: [session(1, { roomId: 99, slotId: 21 }), session(2, { roomId: 10, slotId: 98 })] }), null);
    expect(grid.sessionCount).toBe(0);
  });

  it("marks an attendee's sessions, hosting before marking", () => {
    const marks = { hosting: new Set([1]), marked: new Set([1, 2]) };
    const direct = buildPublicGrid(schedule(), marks);
    const shared = buildPublicGrid(schedule(), null);
    const personal = personaliseGrid(shared, marks);
    for (const grid of [direct, personal]) {
      const row = grid.days[0].rows[1];
      expect(row.kind === "session" && row.cells.map((c) => c?.mine)).toEqual(["hosting", "marked"]);
    }
    // The shared grid is left as it was.
    const row = shared.days[0].rows[1];
    expect(row.kind === "session" && row.cells.map((c) => c?.mine)).toEqual([null, null]);
  });
});

describe("nowAndNext", () => {
  const at = (iso: string, s = schedule()) => nowAndNext(s, new Date(iso));

  it("says when nothing is set up", () => {
    expect(at("2026-03-28T10:00:00Z", schedule({ slots: [] })).status).toBe("no-slots");
  });

  it("before the day: when it starts, today or on a later date", () => {
    expect(at("2026-03-28T08:00:00Z")).toMatchObject({ status: "before", startsAt: "9am", startsToday: true, current: null });
    expect(at("2026-03-27T12:00:00Z")).toMatchObject({ status: "before", startsAt: "Saturday 28 March 2026 at 9am", startsToday: false });
  });

  it("during the day: the current slot, the next, and each room", () => {
    const view = at("2026-03-28T10:15:00Z");
    expect(view).toMatchObject({ status: "during", current: { kind: "session", time: "10am to 10:45am" }, next: { time: "11am to 11:45am", label: "After coffee" } });
    expect(view.rooms.map((r) => [r.name, r.now?.id ?? null, r.next?.id ?? null])).toEqual([
      ["Hall", 1, null],
      ["Annexe", 2, null],
    ]);
    expect(view.rooms[0].nextTime).toBe(null);
  });

  it("shows each room's next session today, even when the room's next slot is empty", () => {
    const base = schedule();
    const later = { id: 24, startsAt: "2026-03-28T13:00:00.000Z", endsAt: "2026-03-28T13:45:00.000Z", kind: "session" as const, label: "" };
    const view = at("2026-03-28T10:15:00Z", schedule({ slots: [...base.slots, later], sessions: [...base.sessions, session(7, { roomId: 10, slotId: 24 })] }));
    // The Hall's 11am slot is empty (its session was withdrawn); its next session is at 1pm.
    expect(view.rooms.map((r) => [r.name, r.next?.id ?? null, r.nextTime])).toEqual([
      ["Hall", 7, "1pm to 1:45pm"],
      ["Annexe", null, null],
    ]);
  });

  it("between days of a two-day event: before the second day", () => {
    expect(at("2026-03-29T08:00:00Z")).toMatchObject({ status: "before", startsAt: "11am", today: "Sunday 29 March 2026" });
  });

  it("after the day's last slot, and after the whole event", () => {
    expect(at("2026-03-28T12:00:00Z")).toMatchObject({ status: "after", endedToday: true });
    expect(at("2026-04-01T12:00:00Z")).toMatchObject({ status: "after", endedToday: false });
  });

  it("in a break, each room shows the next session", () => {
    const view = at("2026-03-28T09:10:00Z");
    expect(view).toMatchObject({ status: "during", current: { kind: "break", label: "Break" }, next: { time: "10am to 10:45am" } });
    expect(view.rooms.map((r) => r.next?.id ?? null)).toEqual([1, 2]);
    expect(view.rooms.every((r) => r.now === null)).toBe(true);
  });
});

describe("dayPhase", () => {
  const slots = schedule().slots;
  it("changes only when a slot starts or ends, or the local date changes", () => {
    const phase = (iso: string) => dayPhase(slots, new Date(iso), "Europe/London");
    expect(phase("2026-03-28T10:05:00Z")).toBe(phase("2026-03-28T10:40:00Z"));
    expect(phase("2026-03-28T10:40:00Z")).not.toBe(phase("2026-03-28T10:45:00Z"));
    expect(phase("2026-03-28T09:59:59Z")).not.toBe(phase("2026-03-28T10:00:00Z"));
    expect(phase("2026-03-28T23:59:00Z")).not.toBe(phase("2026-03-29T00:01:00Z"));
    // In summer, 23:30 UTC is already 00:30 BST the next day: a new day at the venue.
    const june = (iso: string) => dayPhase([], new Date(iso), "Europe/London");
    expect(june("2026-06-01T22:30:00Z")).not.toBe(june("2026-06-01T23:30:00Z"));
    expect(june("2026-06-01T23:30:00Z")).toBe(june("2026-06-02T10:00:00Z"));
  });
});

describe("conditional requests", () => {
  const request = (headers: Record<string, string> = {}) => new Request("http://pitchgrid.test/events/camp/schedule", { headers });

  it("gives one public tag to visitors without cookies and a private one per cookie", () => {
    const anonymous = schedulePageCaching(request(), "v1");
    expect(anonymous.headers.get("Cache-Control")).toBe("public, no-cache");
    expect(schedulePageCaching(request(), "v1").etag).toBe(anonymous.etag);
    expect(schedulePageCaching(request(), "v2").etag).not.toBe(anonymous.etag);
    expect(schedulePageCaching(request(), "v1", "print").etag).not.toBe(anonymous.etag);
    const alice = schedulePageCaching(request({ cookie: "a=1" }), "v1");
    const bob = schedulePageCaching(request({ cookie: "a=2" }), "v1");
    expect(alice.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(alice.etag).not.toBe(bob.etag);
    expect(alice.etag).not.toBe(anonymous.etag);
    expect(alice.headers.get("Vary")).toBe("Cookie");
  });

  it("matches If-None-Match lists, weak tags and *", () => {
    const tag = '"abc"';
    expect(isNotModified(request(), tag)).toBe(false);
    expect(isNotModified(request({ "if-none-match": tag }), tag)).toBe(true);
    expect(isNotModified(request({ "if-none-match": `"x", W/${tag}` }), tag)).toBe(true);
    expect(isNotModified(request({ "if-none-match": "*" }), tag)).toBe(true);
    expect(isNotModified(request({ "if-none-match": '"abcd"' }), tag)).toBe(false);
    expect(isNotModified(request({ "if-none-match": "abc" }), tag)).toBe(false);
  });

  it("passes only the caching headers on to the page", () => {
    const headers = cachingHeadersFrom(new Headers({ ETag: '"a"', "Cache-Control": "no-cache", Vary: "Cookie", "Set-Cookie": "x=1", "X-Other": "1" }));
    expect([...headers.keys()].sort()).toEqual(["cache-control", "etag", "vary"]);
  });
});

describe("the venue display's type scale", () => {
  it("is full size up to 7 rooms, then shrinks in proportion, never below half", () => {
    expect([1, 6, 7].map(displayScale)).toEqual([1, 1, 1]);
    expect(displayScale(10)).toBeCloseTo(0.7);
    expect(displayScale(14)).toBe(0.5);
    expect(displayScale(40)).toBe(0.5);
    expect(displayScale(0)).toBe(1);
  });
});

describe("doorSheetDay", () => {
  const days = ["2026-10-25", "2026-10-26"];
  it("prints the day asked for, or every day; else today while the event is on, else its first day", () => {
    expect(doorSheetDay(days, "2026-10-01", null)).toBe("2026-10-25");
    expect(doorSheetDay(days, "2026-10-26", null)).toBe("2026-10-26");
    expect(doorSheetDay(days, "2026-11-01", null)).toBe("2026-10-25");
    expect(doorSheetDay(days, "2026-10-26", "2026-10-25")).toBe("2026-10-25");
    expect(doorSheetDay(days, "2026-10-26", "all")).toBe("all");
    expect(doorSheetDay(days, "2026-10-26", "nonsense")).toBe("2026-10-26");
    expect(doorSheetDay([], "2026-10-26", null)).toBe("all");
  });
});
