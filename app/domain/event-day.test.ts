import { describe, expect, it } from "vitest";
import { zonedToUtc } from "~/domain/time";
import { daysBetween, eventDayShift, moveSlotByDays, slotDatesMatter, slotsOutsideEvent } from "./event-day";

const LONDON = "Europe/London";
const at = (date: string, time: string, tz = LONDON) => zonedToUtc(date, time, tz).toISOString();

describe("moving slots with the event's day", () => {
  it("keeps London wall-clock times across the clocks going forward and back", () => {
    // 21 March 2026 is GMT; 4 April 2026 is BST: 10:00 local is 10:00Z, then 09:00Z.
    const slot = { startsAt: at("2026-03-21", "10:00"), endsAt: at("2026-03-21", "10:45") };
    expect(slot.startsAt).toBe("2026-03-21T10:00:00.000Z");
    const moved = moveSlotByDays(slot, daysBetween("2026-03-21", "2026-04-04"), LONDON, LONDON);
    expect(moved).toEqual({ startsAt: "2026-04-04T09:00:00.000Z", endsAt: "2026-04-04T09:45:00.000Z" });
    const back = moveSlotByDays(moved, -14, LONDON, LONDON);
    expect(back).toEqual(slot);
    // Into October's change: 31 October 2026 is BST, 7 November GMT.
    expect(moveSlotByDays({ startsAt: at("2026-10-31", "16:00"), endsAt: at("2026-10-31", "17:00") }, 7, LONDON, LONDON)).toEqual({
      startsAt: "2026-11-07T16:00:00.000Z",
      endsAt: "2026-11-07T17:00:00.000Z",
    });
  });

  it("keeps local times when the zone changes too", () => {
    const moved = moveSlotByDays({ startsAt: at("2026-06-01", "09:30"), endsAt: at("2026-06-01", "10:00") }, 1, LONDON, "Europe/Dublin");
    expect(moved).toEqual({ startsAt: at("2026-06-02", "09:30", "Europe/Dublin"), endsAt: at("2026-06-02", "10:00", "Europe/Dublin") });
  });

  it("works out the shift in local days, not 24-hour periods", () => {
    expect(eventDayShift(at("2026-03-21", "09:00"), LONDON, at("2026-04-04", "08:30"), LONDON)).toBe(14);
    expect(eventDayShift(at("2026-03-21", "09:00"), LONDON, at("2026-03-21", "10:00"), LONDON)).toBe(0);
    expect(eventDayShift(at("2026-03-21", "00:30"), LONDON, at("2026-03-20", "23:30"), LONDON)).toBe(-1);
  });
});

describe("slots against the event's times", () => {
  const event = { startsAt: at("2026-06-01", "09:00"), endsAt: at("2026-06-01", "17:00") };
  it("finds slots outside the event's hours", () => {
    const inside = { id: 1, startsAt: at("2026-06-01", "10:00"), endsAt: at("2026-06-01", "10:45") };
    const early = { id: 2, startsAt: at("2026-06-01", "08:00"), endsAt: at("2026-06-01", "08:45") };
    const late = { id: 3, startsAt: at("2026-06-01", "16:30"), endsAt: at("2026-06-01", "17:15") };
    expect(slotsOutsideEvent([inside, early, late], event).map((s) => s.id)).toEqual([2, 3]);
  });
  it("says dates matter when slots span days or sit on another day than the event", () => {
    const on = (date: string) => ({ startsAt: at(date, "10:00"), endsAt: at(date, "10:45") });
    expect(slotDatesMatter([on("2026-06-01"), on("2026-06-01")], event, LONDON)).toBe(false);
    expect(slotDatesMatter([on("2026-06-01"), on("2026-06-02")], event, LONDON)).toBe(true);
    expect(slotDatesMatter([on("2026-05-25")], event, LONDON)).toBe(true);
    expect(slotDatesMatter([], event, LONDON)).toBe(false);
  });
});
