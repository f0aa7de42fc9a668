/**
 * Times are stored in UTC and shown in the event's time zone. These helpers use only Intl, so
 * they run the same on the server and in the browser (no hydration differences) and follow
 * the zone's real rules across the BST/GMT changes.
 */

/**
 * Building an Intl.DateTimeFormat costs far more than using one, so each (zone, style) pair is
 * built once and kept: the only place this module makes one.
 */
const STYLES = {
  parts: { hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" },
  longDate: { weekday: "long", day: "numeric", month: "long", year: "numeric" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The cached formatter for a zone and style; throws RangeError for a zone Intl does not know. */
function formatterFor(timeZone: string, style: keyof typeof STYLES): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    // eslint-disable-next-line no-restricted-properties -- the one place a formatter is built (and cached)
    formatter = new Intl.DateTimeFormat("en-GB", { timeZone, ...STYLES[style] });
    formatters.set(key, formatter);
  }
  return formatter;
}

function partsIn(timeZone: string, date: Date) {
  const formatter = formatterFor(timeZone, "parts");
  const parts = Object.fromEntries(formatter.formatToParts(date).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Minutes the zone is ahead of UTC at that instant (60 during BST, 0 during GMT). */
export function zoneOffsetMinutes(timeZone: string, date: Date): number {
  const p = partsIn(timeZone, date);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone, "parts");
    return true;
  } catch {
    return false;
  }
}

/**
 * "2026-10-25" + "10:30" as wall-clock time in timeZone -> the UTC instant. A time that does
 * not exist (skipped by the spring change) moves forward by the gap; an ambiguous one (the
 * autumn hour that happens twice) takes the first, summer-time, reading.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const dateMatch = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const timeMatch = /^(\d{2}):(\d{2})$/.exec(time);
  if (!dateMatch || !timeMatch) throw new RangeError(`Not a date and time: ${date} ${time}`);
  const wall = Date.UTC(+dateMatch[1], +dateMatch[2] - 1, +dateMatch[3], +timeMatch[1], +timeMatch[2]);
  const before = zoneOffsetMinutes(timeZone, new Date(wall - 12 * 3600_000));
  const after = zoneOffsetMinutes(timeZone, new Date(wall + 12 * 3600_000));
  const firstTry = new Date(wall - before * 60000);
  if (zoneOffsetMinutes(timeZone, firstTry) === before) return firstTry;
  const secondTry = new Date(wall - after * 60000);
  if (zoneOffsetMinutes(timeZone, secondTry) === after) return secondTry;
  // Neither reading exists: the time fell in the spring gap. The pre-change offset lands the
  // same distance after the change, which is what a clock that skipped forward shows.
  return firstTry;
}

/** The wall-clock date ("2026-10-25") and time ("10:30") of an instant in timeZone. */
export function utcToZoned(instant: Date | string, timeZone: string): { date: string; time: string } {
  const at = new Date(instant);
  const minute = Math.floor(at.getTime() / 60_000);
  if (!Number.isFinite(minute)) return zonedParts(at, timeZone).wall; // throws RangeError, as Intl does
  const key = `${timeZone}|${minute}`;
  const kept = wallMinutes.get(key);
  if (kept) return { ...kept };
  const first = zonedParts(new Date(minute * 60_000), timeZone);
  const last = zonedParts(new Date(minute * 60_000 + 59_999), timeZone);
  // Kept only when the whole UTC minute is one wall-clock minute: the zone is a whole number of
  // minutes from UTC throughout it (not so for some zones' local mean times before 1972).
  if (first.second !== 0 || last.second !== 59 || first.wall.date !== last.wall.date || first.wall.time !== last.wall.time) {
    return zonedParts(at, timeZone).wall;
  }
  if (wallMinutes.size >= MAX_WALL_MINUTES) wallMinutes.clear();
  wallMinutes.set(key, first.wall);
  return { ...first.wall };
}

/**
 * Wall-clock minutes already worked out, by zone and UTC minute: Intl's formatToParts costs
 * about 15 µs, and the same instants come back again and again (an event's end on every
 * registration, "now" within the minute, a grid's slot times on every render).
 */
const MAX_WALL_MINUTES = 5000;
const wallMinutes = new Map<string, { date: string; time: string }>();

function zonedParts(at: Date, timeZone: string) {
  const p = partsIn(timeZone, at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { wall: { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` }, second: p.second };
}

/** "Saturday 28 March 2026" (GOV.UK style: no comma, whichever ICU version formats it). */
export function formatDate(instant: Date | string, timeZone: string): string {
  const parts = Object.fromEntries(
    formatterFor(timeZone, "longDate")
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** "9:30am", the GOV.UK style for times. */
export function formatTime(instant: Date | string, timeZone: string): string {
  const { time } = utcToZoned(instant, timeZone);
  const [h, m] = time.split(":").map(Number);
  const suffix = h < 12 ? "am" : "pm";
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  if (h === 12 && m === 0) return "midday";
  return m === 0 ? `${hour12}${suffix}` : `${hour12}:${String(m).padStart(2, "0")}${suffix}`;
}

export function formatDateTime(instant: Date | string, timeZone: string): string {
  return `${formatDate(instant, timeZone)} at ${formatTime(instant, timeZone)}`;
}

/** "9:30am to 5pm" */
export function formatTimeRange(start: Date | string, end: Date | string, timeZone: string): string {
  return `${formatTime(start, timeZone)} to ${formatTime(end, timeZone)}`;
}
