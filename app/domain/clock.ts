import { utcToZoned } from "./time";

/**
 * The venue display's clock: the time in the event's zone, always with minutes ("9:05am",
 * "12:30pm", "12:00am"), since a wall clock that said "midday" for one minute would look broken.
 */
export function clockText(instant: Date, timeZone: string): string {
  const [h, m] = utcToZoned(instant, timeZone).time.split(":").map(Number);
  return `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, "0")}${h < 12 ? "am" : "pm"}`;
}

/**
 * The same function as plain ES5 source, for the venue display's inline script (which has no
 * bundle to import from: see app/routes/events.$slug.display.tsx). clock.test.ts runs this source
 * against clockText for every few minutes across days with clock changes in several zones, so the
 * two cannot drift apart.
 */
export const CLOCK_TEXT_SOURCE = `function clockText(date, timeZone) {
  var parts = new Intl.DateTimeFormat("en-GB", { timeZone: timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(date);
  var h = 0, m = 0;
  for (var i = 0; i < parts.length; i++) {
    if (parts[i].type === "hour") h = Number(parts[i].value) % 24;
    if (parts[i].type === "minute") m = Number(parts[i].value);
  }
  return (h % 12 === 0 ? 12 : h % 12) + ":" + (m < 10 ? "0" : "") + m + (h < 12 ? "am" : "pm");
}`;
