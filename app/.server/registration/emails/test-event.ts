import type { EventRecord } from "../../events";

/**
 * An event for the templates' unit tests: Saturday 28 March 2026 in London, the day before the
 * clocks go forward (29 March, 1am GMT becomes 2am BST), so a deadline a day or two later shows
 * an hour more than UTC while the event's own times do not.
 */
export function testEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: 7,
    slug: "camp-2026",
    name: "LocalGov Camp 2026",
    summary: "An unconference.",
    venue: "Town Hall, Leeds",
    startsAt: "2026-03-28T09:30:00.000Z",
    endsAt: "2026-03-28T17:00:00.000Z",
    timeZone: "Europe/London",
    capacity: 100,
    holdMinutes: null,
    offerHours: null,
    contactEmail: "team@camp.example",
    draft: false,
    updatedAt: "2026-01-10T12:00:00.000Z",
    ...overrides,
  };
}

/** The event lines every registrant's email carries, for testEvent(). */
export const EVENT_LINES = "Event: LocalGov Camp 2026\nDate: Saturday 28 March 2026, 9:30am to 5pm\nVenue: Town Hall, Leeds";

/** Monday 30 March 2026, 9:15 UTC: 10:15am in London (BST). */
export const AFTER_CLOCK_CHANGE = "2026-03-30T09:15:00.000Z";
export const AFTER_CLOCK_CHANGE_LONDON = "Monday 30 March 2026 at 10:15am";
