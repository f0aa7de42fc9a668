import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library";
import { utcToZoned } from "~/domain/time";

/**
 * Helpers shared by every .ics we write (feeds and invitations).
 *
 * VTIMEZONE blocks come from timezones-ical-library (maintained IANA data), so an event in any
 * zone is written in that zone and calendars place it right on both sides of a clock change.
 * A zone the library does not know is written in UTC, which every calendar reads correctly.
 */
const knownZones = new Set<string>(tzlib_get_timezones() as string[]);
const blocks = new Map<string, string | null>();

export function vtimezone(timeZone: string): string | null {
  if (!blocks.has(timeZone)) {
    const [block, tzid] = knownZones.has(timeZone) ? (tzlib_get_ical_block(timeZone) as [string, string]) : ["", ""];
    // The library maps some names to others (UTC to Etc/UTC): use a block only under its own name.
    blocks.set(timeZone, block && tzid === `TZID=${timeZone}` ? block : null);
  }
  return blocks.get(timeZone) ?? null;
}

/**
 * ical-generator writes a zoned DTSTART from the Date's local getters (getHours...). A Date made
 * from the event zone's wall-clock parts makes those getters give the event's local time
 * whatever TZ the server runs in (short of a server zone that skips that very wall time).
 */
function wallClock(instant: string, timeZone: string): Date {
  const { date, time } = utcToZoned(instant, timeZone);
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  return new Date(year, month - 1, day, hour, minute);
}

/**
 * A wall time that happens twice (01:30 on the night the clocks go back) names two instants, and
 * clients disagree on which one a zoned time means: khal, python-icalendar and node-ical take the
 * second. Such times are written in UTC instead.
 */
function isRepeatedWallTime(instant: string, timeZone: string): boolean {
  const at = Date.parse(instant);
  const wall = utcToZoned(instant, timeZone);
  return [-120, -60, -30, 30, 60, 120].some((minutes) => {
    const other = utcToZoned(new Date(at + minutes * 60_000), timeZone);
    return other.date === wall.date && other.time === wall.time;
  });
}

/**
 * DTSTART, DTEND and TZID for a VEVENT: in the event's zone when it has a VTIMEZONE and neither
 * end is a repeated wall time, otherwise both in UTC.
 */
export function icalEventTimes(startsAt: string, endsAt: string, timeZone: string): { start: Date; end: Date; timezone: string | null } {
  if (!vtimezone(timeZone) || isRepeatedWallTime(startsAt, timeZone) || isRepeatedWallTime(endsAt, timeZone)) {
    return { start: new Date(startsAt), end: new Date(endsAt), timezone: null };
  }
  return { start: wallClock(startsAt, timeZone), end: wallClock(endsAt, timeZone), timezone: timeZone };
}

/**
 * The calendar-level zone option for ical-generator: no zone name, since with one it writes
 * DTSTAMP and LAST-MODIFIED as local times without the Z that RFC 5545 requires; the generator
 * alone adds the VTIMEZONE for each zone a VEVENT names.
 */
export const ICAL_ZONES = { name: "", generator: (tz: string) => vtimezone(tz) } as const;

/**
 * Last touches on generated text: ical-generator writes `URL;VALUE=URI:`, which node-ical reads
 * as an object rather than a link; a plain `URL:` means the same to RFC 5545 and to everyone.
 */
export function finishIcs(ics: string): string {
  return ics.replace(/^URL;VALUE=URI:/gm, "URL:");
}
