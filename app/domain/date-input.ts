import { z } from "zod";

/**
 * The GOV.UK date input pattern (day, month and year as three text boxes) and times typed as
 * text, for every date and time an organiser enters. Pure and browser-safe: the routes parse with
 * the schemas below, and the form components re-run `checkDate` on what was typed to know which
 * boxes to mark in error and where the error summary should link.
 *
 * A date field `startDate` is posted as `startDate-day`, `startDate-month` and `startDate-year`.
 * For scripts and old pages, a single `startDate=2026-03-28` is still accepted.
 */

export const DATE_PARTS = ["day", "month", "year"] as const;
type DatePart = (typeof DATE_PARTS)[number];
type DateParts = Record<DatePart, string>;

/** How a field is named in its messages: "Date of the event" and "Enter the date of the event". */
type DateWords = { label: string; missing: string };

type DateResult = { ok: true; date: string } | { ok: false; blank: boolean; message: string; parts: DatePart[] };

const MONTHS = "january february march april may june july august september october november december".split(" ");

/** A month as typed: 3, 03, "Mar", "Sept" or "March" (GOV.UK: accept month names), else null. */
function monthNumber(text: string): number | null {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const lower = text.toLowerCase().replace(/\.$/, "");
  if (lower === "sept") return 9;
  if (lower.length < 3) return null;
  const index = MONTHS.findIndex((name) => name.startsWith(lower));
  return index === -1 ? null : index + 1;
}

function listParts(parts: DatePart[]): string {
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Checks a date typed in three boxes, with GOV.UK's messages and the boxes in error. */
export function checkDate(input: Partial<DateParts>, words: DateWords): DateResult {
  const typed: DateParts = { day: (input.day ?? "").trim(), month: (input.month ?? "").trim(), year: (input.year ?? "").trim() };
  const missing = DATE_PARTS.filter((part) => typed[part] === "");
  if (missing.length === 3) return { ok: false, blank: true, message: words.missing, parts: [...DATE_PARTS] };
  if (missing.length > 0) return { ok: false, blank: false, message: `${words.label} must include a ${listParts(missing)}`, parts: missing };
  const day = /^\d{1,2}$/.test(typed.day) ? Number(typed.day) : NaN;
  const month = monthNumber(typed.month) ?? NaN;
  const wrong: DatePart[] = [];
  if (!(day >= 1 && day <= 31)) wrong.push("day");
  if (!(month >= 1 && month <= 12)) wrong.push("month");
  if (!/^\d+$/.test(typed.year)) wrong.push("year");
  if (wrong.length > 0) return { ok: false, blank: false, message: `${words.label} must be a real date`, parts: wrong };
  if (!/^\d{4}$/.test(typed.year)) return { ok: false, blank: false, message: "Year must include 4 numbers", parts: ["year"] };
  const year = Number(typed.year);
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1) return { ok: false, blank: false, message: `${words.label} must be a real date`, parts: ["day"] };
  if (year < 2000 || year > 2100) return { ok: false, blank: false, message: `${words.label} must be a real date`, parts: ["year"] };
  const pad = (n: number) => String(n).padStart(2, "0");
  return { ok: true, date: `${year}-${pad(month)}-${pad(day)}` };
}

/** "2026-03-28" -> the boxes as GOV.UK shows them ("28", "3", "2026"); blank boxes for "". */
function dateParts(isoDate: string): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return { day: "", month: "", year: "" };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1] };
}

/** The form values of a date field named `name` ({ "startDate-day": "28", … }). */
export function datePartValues(name: string, isoDate: string): Record<string, string> {
  const parts = dateParts(isoDate);
  return { [`${name}-day`]: parts.day, [`${name}-month`]: parts.month, [`${name}-year`]: parts.year };
}

/** The three boxes of `name` as typed, from posted values (or a single ISO date for scripts). */
export function typedDate(values: Record<string, unknown> | undefined, name: string): DateParts {
  const read = (key: string) => (typeof values?.[key] === "string" ? (values[key] as string) : undefined);
  const whole = read(name);
  if (whole !== undefined && /^\s*\d{4}-\d{2}-\d{2}\s*$/.test(whole)) return dateParts(whole.trim());
  const parts = { day: read(`${name}-day`), month: read(`${name}-month`), year: read(`${name}-year`) };
  if (parts.day === undefined && parts.month === undefined && parts.year === undefined && whole !== undefined) {
    return { day: whole, month: "", year: "" };
  }
  return { day: parts.day ?? "", month: parts.month ?? "", year: parts.year ?? "" };
}

/**
 * The boxes to mark when a date field shows an error: the ones `checkDate` blames, or all three
 * when the date itself is fine but wrong for another reason (an end before the start).
 */
export function datePartsInError(values: Record<string, unknown> | undefined, name: string): DatePart[] {
  const result = checkDate(typedDate(values, name), { label: "", missing: "" });
  return result.ok || result.blank ? [...DATE_PARTS] : result.parts;
}

/** Where the error summary links for a date field: its first box in error (the day when all are). */
export function dateAnchor(values: Record<string, unknown> | undefined, name: string): string {
  return `${name}-${datePartsInError(values, name)[0]}`;
}

/**
 * A schema's preprocess step: gathers each named date's boxes into one object, so the date
 * schemas below see { day, month, year } under the field's own name (and errors land on it).
 */
export function gatherDates(names: string[]) {
  return (raw: unknown) => {
    if (typeof raw !== "object" || raw === null) return raw;
    const values = raw as Record<string, unknown>;
    return { ...values, ...Object.fromEntries(names.map((name) => [name, typedDate(values, name)])) };
  };
}

const partsObject = z.object({ day: z.string().default(""), month: z.string().default(""), year: z.string().default("") }).default({});

/** A required date field: "2026-03-28", or GOV.UK's message. Use inside gatherDates. */
export function dateInput(words: DateWords) {
  return partsObject.transform((parts, ctx) => {
    const result = checkDate(parts, words);
    if (!result.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.message });
      return z.NEVER;
    }
    return result.date;
  });
}

/** An optional date field: null when all three boxes are blank. */
export function optionalDateInput(words: DateWords) {
  return partsObject.transform((parts, ctx) => {
    const result = checkDate(parts, words);
    if (result.ok) return result.date;
    if (result.blank) return null;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: result.message });
    return z.NEVER;
  });
}

/**
 * A time typed as text -> "14:30", or null. Accepts the ways people write times: 14:30, 14.30,
 * 1430, 930, 9, 2pm, 2.30pm, 12am (midnight), 12pm, midday, noon, midnight.
 */
export function parseTime(text: string): string | null {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, "")
    .replace(/([ap])\.?m\.?$/, "$1m")
    .replace(".", ":");
  if (t === "midday" || t === "noon" || t === "12noon") return "12:00";
  if (t === "midnight") return "00:00";
  const match = /^(\d{1,2})(?:[:h]?(\d{2}))?(am|pm)?$/.exec(t);
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = match[2] === undefined ? 0 : Number(match[2]);
  // "930" reads as 9:30 (the regex takes "9" and "30"); "1430" as 14:30.
  if (minute > 59) return null;
  if (match[3]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (match[3] === "pm" ? 12 : 0);
  } else if (hour > 23) {
    return null;
  }
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** A required time field ("start time"): "14:30", or "Enter the start time in the format 14:30". */
export function timeInput(what: string) {
  return z
    .string()
    .default("")
    .transform((value, ctx) => {
      if (value.trim() === "") {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter the ${what}` });
        return z.NEVER;
      }
      const time = parseTime(value);
      if (time === null) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter the ${what} in the format 14:30` });
        return z.NEVER;
      }
      return time;
    });
}

/** An optional time field: null when blank. */
export function optionalTimeInput(what: string) {
  return z
    .string()
    .default("")
    .transform((value, ctx) => {
      if (value.trim() === "") return null;
      const time = parseTime(value);
      if (time === null) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Enter the ${what} in the format 14:30` });
        return z.NEVER;
      }
      return time;
    });
}
