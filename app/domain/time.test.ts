import { describe, expect, it, vi } from "vitest";
import { formatDate, formatTime, formatTimeRange, utcToZoned, zonedToUtc, zoneOffsetMinutes } from "./time";

const LONDON = "Europe/London";

describe("time zones", () => {
  it("reads London wall-clock time as GMT in winter and BST in summer", () => {
    expect(zonedToUtc("2026-01-17", "09:30", LONDON).toISOString()).toBe("2026-01-17T09:30:00.000Z");
    expect(zonedToUtc("2026-06-20", "09:30", LONDON).toISOString()).toBe("2026-06-20T08:30:00.000Z");
  });

  it("is right on both sides of the October change (last Sunday: 25 Oct 2026, 02:00 BST -> 01:00 GMT)", () => {
    expect(zonedToUtc("2026-10-24", "10:00", LONDON).toISOString()).toBe("2026-10-24T09:00:00.000Z");
    expect(zonedToUtc("2026-10-25", "10:00", LONDON).toISOString()).toBe("2026-10-25T10:00:00.000Z");
    // 01:30 happens twice; the first (BST) reading is taken.
    expect(zonedToUtc("2026-10-25", "01:30", LONDON).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("is right on both sides of the March change (29 Mar 2026, 01:00 GMT -> 02:00 BST)", () => {
    expect(zonedToUtc("2026-03-28", "09:00", LONDON).toISOString()).toBe("2026-03-28T09:00:00.000Z");
    expect(zonedToUtc("2026-03-29", "09:00", LONDON).toISOString()).toBe("2026-03-29T08:00:00.000Z");
    // 01:30 does not exist that day; it moves forward by the gap to 02:30 BST.
    expect(zonedToUtc("2026-03-29", "01:30", LONDON).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("round-trips wall-clock times through UTC", () => {
    for (const [date, time] of [["2026-10-25", "16:45"], ["2026-03-29", "12:00"], ["2026-12-31", "23:59"]]) {
      expect(utcToZoned(zonedToUtc(date, time, LONDON), LONDON)).toEqual({ date, time });
    }
  });

  it("knows offsets of other zones", () => {
    expect(zoneOffsetMinutes("Europe/Paris", new Date("2026-07-01T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes(LONDON, new Date("2026-07-01T12:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes(LONDON, new Date("2026-12-01T12:00:00Z"))).toBe(0);
  });

  it("formats in GOV.UK style in the event's zone, whatever the server's zone", () => {
    const instant = "2026-06-20T08:30:00.000Z";
    expect(formatTime(instant, LONDON)).toBe("9:30am");
    expect(formatTime("2026-06-20T11:00:00.000Z", LONDON)).toBe("midday");
    expect(formatTime("2026-06-20T16:00:00.000Z", LONDON)).toBe("5pm");
    expect(formatDate(instant, LONDON)).toBe("Saturday 20 June 2026");
    expect(formatTimeRange(instant, "2026-06-20T15:30:00.000Z", LONDON)).toBe("9:30am to 4:30pm");
  });

  it("refuses malformed input instead of guessing", () => {
    expect(() => zonedToUtc("2026-13", "09:00", LONDON)).toThrow(RangeError);
    expect(() => zonedToUtc("2026-01-01", "9am", LONDON)).toThrow(RangeError);
  });
});

describe("wall-clock minutes worked out once", () => {
  // What utcToZoned answered before it kept minutes: Intl, every time.
  const formatters = new Map<string, Intl.DateTimeFormat>();
  const direct = (at: Date, timeZone: string) => {
    if (!formatters.has(timeZone)) {
      formatters.set(timeZone, new Intl.DateTimeFormat("en-GB", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }));
    }
    const parts = Object.fromEntries(formatters.get(timeZone)!.formatToParts(at).map((p) => [p.type, p.value]));
    return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
  };

  it("answers as Intl does, at every second around clock changes and in zones with odd offsets, asked in any order", () => {
    const zones = [LONDON, "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "Africa/Monrovia", "Europe/Amsterdam", "Pacific/Chatham"];
    const around = ["2026-10-25T00:59:00Z", "2026-03-29T00:59:00Z", "2026-04-05T14:59:00Z", "1971-06-01T12:00:00Z", "1972-01-07T00:44:00Z", "1937-06-30T23:40:00Z"];
    for (const timeZone of zones) {
      for (const start of around) {
        const seconds = Array.from({ length: 180 }, (_, i) => (i * 7919) % 180); // a shuffled order
        for (const s of seconds) {
          const at = new Date(Date.parse(start) + s * 1000 + 123);
          expect(utcToZoned(at, timeZone), `${timeZone} ${at.toISOString()}`).toEqual(direct(at, timeZone));
        }
      }
    }
  });

  it("asks Intl at most three times for a zone and minute, however often it is asked (a registration asked twice)", () => {
    const spy = vi.spyOn(Intl.DateTimeFormat.prototype, "formatToParts");
    try {
      const minute = Date.parse("2031-05-06T07:08:00Z");
      for (let i = 0; i < 50; i++) utcToZoned(new Date(minute + i * 1000), "Europe/Paris");
      expect(spy.mock.calls.length).toBeLessThanOrEqual(3);
    } finally {
      spy.mockRestore();
    }
  });

  it("still refuses an invalid instant", () => {
    expect(() => utcToZoned("not a date", LONDON)).toThrow(RangeError);
  });
});
