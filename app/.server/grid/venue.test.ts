import { describe, expect, it } from "vitest";
import { validateSlot } from "./venue";

// A one-day event on the day the clocks go back (BST to GMT), and a two-day one.
const oneDay = { startsAt: "2026-10-25T08:00:00.000Z", endsAt: "2026-10-25T17:00:00.000Z", timeZone: "Europe/London" };
const twoDays = { startsAt: "2026-06-06T08:00:00.000Z", endsAt: "2026-06-07T16:00:00.000Z", timeZone: "Europe/London" };
const slot = (date: string, start: string, end: string, kind: "session" | "break" = "session", label = "") => ({ date, start, end, kind, label });

describe("validateSlot", () => {
  it("turns wall-clock times in the event's zone into UTC, across the clock change", () => {
    expect(validateSlot(slot("2026-10-25", "10:30", "11:15"), oneDay, [])).toEqual({ ok: true, startsAt: "2026-10-25T10:30:00.000Z", endsAt: "2026-10-25T11:15:00.000Z" });
    expect(validateSlot(slot("2026-06-06", "10:30", "11:15"), twoDays, [])).toEqual({ ok: true, startsAt: "2026-06-06T09:30:00.000Z", endsAt: "2026-06-06T10:15:00.000Z" });
  });
  it("accepts any of the event's days and refuses others", () => {
    expect(validateSlot(slot("2026-06-07", "09:00", "10:00"), twoDays, []).ok).toBe(true);
    expect(validateSlot(slot("2026-06-08", "09:00", "10:00"), twoDays, [])).toEqual({ ok: false, field: "date", message: "Date must be one of the event's days, 2026-06-06 to 2026-06-07" });
    expect(validateSlot(slot("2026-10-24", "09:00", "10:00"), oneDay, [])).toEqual({ ok: false, field: "date", message: "Date must be the day of the event (2026-10-25)" });
  });
  it("needs the end after the start, and no more than 12 hours", () => {
    expect(validateSlot(slot("2026-10-25", "11:00", "11:00"), oneDay, [])).toMatchObject({ ok: false, field: "end", message: "End time must be after the start time" });
    expect(validateSlot(slot("2026-10-25", "11:00", "10:00"), oneDay, [])).toMatchObject({ ok: false, field: "end" });
    expect(validateSlot(slot("2026-10-25", "00:30", "13:00"), oneDay, [])).toMatchObject({ ok: false, field: "end", message: "A slot must be 12 hours or shorter" });
  });
  it("needs a label for a break", () => {
    expect(validateSlot(slot("2026-10-25", "12:00", "13:00", "break", "  "), oneDay, [])).toMatchObject({ ok: false, field: "label" });
    expect(validateSlot(slot("2026-10-25", "12:00", "13:00", "break", "Lunch"), oneDay, []).ok).toBe(true);
  });
  it("refuses overlapping session slots but lets breaks overlap and slots touch", () => {
    const existing = [
      { id: 1, startsAt: "2026-10-25T10:30:00.000Z", endsAt: "2026-10-25T11:15:00.000Z", kind: "session" as const },
      { id: 2, startsAt: "2026-10-25T12:00:00.000Z", endsAt: "2026-10-25T13:00:00.000Z", kind: "break" as const },
    ];
    expect(validateSlot(slot("2026-10-25", "11:00", "11:45"), oneDay, existing)).toEqual({
      ok: false,
      field: "start",
      message: "This overlaps the session slot 10:30am to 11:15am: session slots cannot overlap",
    });
    expect(validateSlot(slot("2026-10-25", "10:00", "12:00"), oneDay, existing)).toMatchObject({ ok: false, field: "start" });
    expect(validateSlot(slot("2026-10-25", "11:15", "12:00"), oneDay, existing).ok).toBe(true);
    expect(validateSlot(slot("2026-10-25", "12:15", "12:45"), oneDay, existing).ok).toBe(true);
    expect(validateSlot(slot("2026-10-25", "10:45", "11:00", "break", "Coffee"), oneDay, existing).ok).toBe(true);
    // Editing a slot does not clash with itself.
    expect(validateSlot(slot("2026-10-25", "10:30", "11:30"), oneDay, existing, 1).ok).toBe(true);
  });
});
