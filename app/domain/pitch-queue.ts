import { z } from "zod";
import { singleLine } from "~/domain/single-line";
import { cleanTitle, PITCH_FORMATS, PITCH_NEEDS } from "~/domain/pitch-rules";
import { pronounsField } from "~/domain/people-forms";

/**
 * The pure rules of the pitch station and the pitch queue (issue 17): who is at the microphone,
 * who is next, someone's place in the queue ("You are 4th"), the projector's countdown, and the
 * station's and the queue's forms. No database and no clock here.
 */

export type QueueStatus = "waiting" | "current" | "pitched" | "skipped" | "left";

type Queued = { number: number; status: QueueStatus };

/** Those still to pitch, in the order they joined (their number). */
export function waitingInOrder<T extends Queued>(entries: readonly T[]): T[] {
  return entries.filter((e) => e.status === "waiting").sort((a, b) => a.number - b.number);
}

/** The person at the microphone, if any. */
export function currentPitcher<T extends Queued>(entries: readonly T[]): T | null {
  return entries.find((e) => e.status === "current") ?? null;
}

/** Who pitches after the current one (or first, when nobody is at the microphone). */
export function nextPitcher<T extends Queued>(entries: readonly T[]): T | null {
  return waitingInOrder(entries)[0] ?? null;
}

/**
 * Someone's place in the queue: 0 while they are pitching, 1 when they are next, and so on; null
 * once they are done or off the queue.
 */
export function queuePosition(entries: readonly Queued[], number: number): number | null {
  const entry = entries.find((e) => e.number === number);
  if (!entry) return null;
  if (entry.status === "current") return 0;
  if (entry.status !== "waiting") return null;
  return entries.filter((e) => e.status === "waiting" && e.number < number).length + 1;
}

/** 1st, 2nd, 3rd, 4th… 11th, 12th, 13th, 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th";
  return `${n}${suffix}`;
}

/** What the person's own page says about where they stand. */
export function positionSentence(position: number | null, status: QueueStatus): string {
  if (position === 0) return "It is your turn: you are pitching now.";
  if (position === 1) return "You are 1st in the queue: you are next.";
  if (position !== null) return `You are ${ordinal(position)} in the queue.`;
  if (status === "pitched") return "You have pitched. Thank you!";
  if (status === "skipped") return "You were called and missed your turn. Talk to a volunteer at the pitch station to join again.";
  return "You are not in the queue.";
}

/** Seconds left on the countdown of someone who started at `startedAt` (never below 0). */
export function secondsLeft(startedAt: string | null, countdownSeconds: number, now: Date): number {
  if (!startedAt) return countdownSeconds;
  const elapsed = Math.floor((now.getTime() - Date.parse(startedAt)) / 1000);
  return Math.max(0, Math.min(countdownSeconds, countdownSeconds - elapsed));
}

/** "0:30", "1:05". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/* Forms ----------------------------------------------------------------------------------------- */

const text = z.preprocess((value) => (typeof value === "string" ? value : ""), z.string());
const list = z.preprocess((value) => (Array.isArray(value) ? value : typeof value === "string" && value !== "" ? [value] : []), z.array(z.string()));

const personName = (label: string) =>
  singleLine(text, label)
    .transform((v) => v.replace(/\s+/g, " ").trim())
    .pipe(z.string().max(120, `${label} must be 120 characters or fewer`));

const workingTitle = singleLine(text, "Title")
  .transform(cleanTitle)
  .pipe(z.string().max(120, "Title must be 120 characters or fewer"));

/** Joining the queue from a phone: the name only for people the page does not recognise. */
export const queueJoinSchema = z.object({ name: personName("Your name"), title: workingTitle });

/** A volunteer adding someone to the queue at the station (field names apart from the pitch form's). */
export const queueAddSchema = z
  .object({
    queueName: personName("Name"),
    queueRegistrationId: text.pipe(z.string().regex(/^\d{0,9}$/, "Choose a person from the list")).transform((v) => (v === "" ? null : Number(v))),
    queueTitle: workingTitle,
  })
  .superRefine((value, ctx) => {
    if (!value.queueName && value.queueRegistrationId === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["queueRegistrationId"], message: "Choose a registered attendee or type a name" });
    if (value.queueName && value.queueRegistrationId !== null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["queueName"], message: "Choose a person from the list or type a name, not both" });
  });

/**
 * A pitch recorded at the station: a title, a host (a registered attendee chosen from the list, or
 * a walk-in's name typed, who is added as a person), a format, needs, and who stood up if not the
 * host.
 */
export const stationPitchSchema = z.preprocess(
  // Checked on what was typed, so the host's error shows alongside every other field's.
  (raw, ctx) => {
    const fields = raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
    const host = typeof fields.hostRegistrationId === "string" ? fields.hostRegistrationId.trim() : "";
    const walkIn = typeof fields.walkInName === "string" ? fields.walkInName.trim() : "";
    if (!host && !walkIn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["hostRegistrationId"], message: "Choose the host, or type a walk-in’s name" });
    if (host && walkIn) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["walkInName"], message: "Choose a host from the list or type a walk-in’s name, not both" });
    return raw;
  },
  z.object({
    title: singleLine(text, "Title")
      .transform(cleanTitle)
      .pipe(z.string().min(1, "Enter the session’s title"))
      .pipe(z.string().min(3, "Title must be 3 characters or more").max(120, "Title must be 120 characters or fewer")),
    hostRegistrationId: text.pipe(z.string().regex(/^\d{0,9}$/, "Choose the host from the list")).transform((v) => (v === "" ? null : Number(v))),
    walkInName: personName("Walk-in’s name"),
    /** Pronouns for a walk-in added as the host (printed on their badge); unused for a host from the list. */
    walkInPronouns: pronounsField,
    format: text.pipe(z.enum(PITCH_FORMATS, { errorMap: () => ({ message: "Choose a format" }) })),
    needs: list.pipe(z.array(z.enum(PITCH_NEEDS, { errorMap: () => ({ message: "Choose needs from the list" }) }))).transform((needs) => [...new Set(needs)]),
    pitchedBy: personName("Pitched by"),
    entryId: text.pipe(z.string().regex(/^\d{0,9}$/)).transform((v) => (v === "" ? null : Number(v))),
  }),
);
export type StationPitchInput = z.output<typeof stationPitchSchema>;

export const STATION_MULTI_FIELDS = ["needs"];

export const QUEUE_COUNTDOWN_DEFAULT = 30;

export const queueSettingsSchema = z.object({
  countdownSeconds: text.pipe(
    z
      .string()
      .min(1, "Enter how many seconds each pitch gets")
      .regex(/^\d{1,3}$/, "Seconds must be a whole number, like 30")
      .transform(Number)
      .pipe(z.number().min(5, "Give each pitch at least 5 seconds").max(600, "Give each pitch at most 600 seconds (10 minutes)")),
  ),
  joiningOpen: text.transform((v) => v === "yes"),
});
