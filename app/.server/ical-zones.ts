import { utcToZoned } from "~/utils/time";

/**
 * Time-zone helpers shared by every .ics we write (feeds and invitations).
 *
 * Europe/London's rules (GMT, and BST from 1am UTC on the last Sunday of March to 1am UTC on the
 * last Sunday of October) as a VTIMEZONE, so calendars place a session right on both sides of a
 * change. Zones without an entry here are written in UTC, which every calendar reads correctly.
 */
export const VTIMEZONES: Record<string, string> = {
  "Europe/London": [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/London",
    "X-LIC-LOCATION:Europe/London",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0000",
    "TZOFFSETTO:+0100",
    "TZNAME:BST",
    "DTSTART:19700329T010000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0000",
    "TZNAME:GMT",
    "DTSTART:19701025T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
  ].join("\r\n"),
};

/**
 * ical-generator writes a zoned DTSTART from the Date's local getters (getHours...). A Date made
 * from the event zone's wall-clock parts makes those getters give the event's local time
 * whatever TZ the server runs in (short of a server zone that skips that very wall time).
 */
export function wallClock(instant: string, timeZone: string): Date {
  const { date, time } = utcToZoned(instant, timeZone);
  const [year, month, day] = date.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  return new Date(year, month - 1, day, hour, minute);
}
