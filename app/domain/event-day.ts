import { utcToZoned, zonedToUtc } from "~/domain/time";

/**
 * Moving an event's day, and what the slots look like against the event's times. Pure and
 * browser-safe: the event pages and the slot set-up use it, and nothing here reads a database.
 */
type Times = { startsAt: string; endsAt: string };

/** Whole calendar days from one YYYY-MM-DD date to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/**
 * A slot moved by whole days with the event, keeping its local wall-clock times in the event's
 * time zone (10:00 to 10:45 stays 10:00 to 10:45 across a change of the clocks). The old times
 * are read in the old zone and the new ones written in the new zone, so changing the zone too
 * keeps the times people see on the day.
 */
export function moveSlotByDays(slot: Times, days: number, fromZone: string, toZone: string): Times {
  const move = (instant: string) => {
    const local = utcToZoned(instant, fromZone);
    return zonedToUtc(addDays(local.date, days), local.time, toZone).toISOString();
  };
  return { startsAt: move(slot.startsAt), endsAt: move(slot.endsAt) };
}

/** How many days the event's first day moves by when its start changes (0: same day). */
export function eventDayShift(oldStartsAt: string, oldZone: string, newStartsAt: string, newZone: string): number {
  return daysBetween(utcToZoned(oldStartsAt, oldZone).date, utcToZoned(newStartsAt, newZone).date);
}

/** Slots that start before the event starts or end after it ends (a warning, not a refusal). */
export function slotsOutsideEvent<S extends Times>(slots: readonly S[], event: Times): S[] {
  const start = Date.parse(event.startsAt);
  const end = Date.parse(event.endsAt);
  return slots.filter((s) => Date.parse(s.startsAt) < start || Date.parse(s.endsAt) > end);
}

/** Whether slot times need their date shown: the slots span days, or any is not on the event's first day. */
export function slotDatesMatter(slots: readonly Times[], event: Times, timeZone: string): boolean {
  const eventDay = utcToZoned(event.startsAt, timeZone).date;
  const days = new Set(slots.map((s) => utcToZoned(s.startsAt, timeZone).date));
  return days.size > 1 || (days.size === 1 && !days.has(eventDay));
}
