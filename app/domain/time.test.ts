import { describe, expect, it } from "vitest";
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
