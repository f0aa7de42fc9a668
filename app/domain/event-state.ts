import { utcToZoned } from "~/domain/time";

/**
 * Whether an event still takes registrations. A draft (not yet published) does not; nor does an
 * event whose end date is before today in the event's own time zone (on its last day it still
 * does, so people can register at the door).
 */
type EventState = "draft" | "past" | "open";

export function eventIsPast(event: { endsAt: string; timeZone: string }, now = new Date()): boolean {
  return utcToZoned(event.endsAt, event.timeZone).date < utcToZoned(now, event.timeZone).date;
}

export function eventState(event: { draft: boolean; endsAt: string; timeZone: string }, now = new Date()): EventState {
  if (event.draft) return "draft";
  return eventIsPast(event, now) ? "past" : "open";
}

export const EVENT_CLOSED_WORDING: Record<Exclude<EventState, "open">, string> = {
  draft: "This event is not published yet, so nobody can register",
  past: "This event has ended, so registration is closed",
};
