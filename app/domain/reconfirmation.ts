import { z } from "zod";

/**
 * The pure rules of the reconfirmation round ("Are you still coming?", issue 16): when its
 * emails go and when it closes, which steps of the periodic job are due, whose places are
 * released at the deadline, and the organiser's form. No database, no clock: callers pass `now`.
 */

export type Silence = "release" | "flag";
export type Answer = "yes" | "no";

export const SILENCE_LABELS: Record<Silence, string> = {
  release: "Release the place to the waiting list",
  flag: "Keep the place, and only flag it to organisers",
};

export const RECONFIRMATION_DEFAULTS = { sendDaysBefore: 7, deadlineDaysBefore: 3, reminder: true, silence: "release" as Silence };

const DAY_MS = 86_400_000;

type RoundTimes = { sendAt: Date; deadlineAt: Date; reminderAt: Date | null };

/**
 * When the question is emailed and when it closes, counted back from the event's start. The one
 * reminder goes a day before the deadline, or halfway between sending and the deadline when
 * that is less than two days.
 */
export function roundTimes(eventStartsAt: Date, input: { sendDaysBefore: number; deadlineDaysBefore: number; reminder: boolean }): RoundTimes {
  const start = eventStartsAt.getTime();
  const sendAt = new Date(start - input.sendDaysBefore * DAY_MS);
  const deadlineAt = new Date(start - input.deadlineDaysBefore * DAY_MS);
  let reminderAt: Date | null = null;
  if (input.reminder) {
    const span = deadlineAt.getTime() - sendAt.getTime();
    reminderAt = new Date(span >= 2 * DAY_MS ? deadlineAt.getTime() - DAY_MS : sendAt.getTime() + span / 2);
  }
  return { sendAt, deadlineAt, reminderAt };
}

export type RoundState = {
  sendAt: string;
  deadlineAt: string;
  reminderAt: string | null;
  sentAt: string | null;
  remindedAt: string | null;
  closedAt: string | null;
};

/**
 * The steps of a round that are due at `now`, in the order the job takes them. A round whose
 * deadline passed before it was sent is closed without sending (nobody was asked, so nobody is
 * released); a reminder is never sent at or after the deadline, nor right after a late question.
 */
export function dueSteps(round: RoundState, now: string): ("send" | "remind" | "close")[] {
  if (round.closedAt) return [];
  const steps: ("send" | "remind" | "close")[] = [];
  const beforeDeadline = now < round.deadlineAt;
  if (!round.sentAt && round.sendAt <= now && beforeDeadline) steps.push("send");
  // The reminder follows a question sent before its time; one sent late (the process was down)
  // is not followed by a reminder a minute later.
  if (round.sentAt && round.reminderAt && round.sentAt < round.reminderAt && !round.remindedAt && round.reminderAt <= now && beforeDeadline) steps.push("remind");
  if (!beforeDeadline) steps.push("close");
  return steps;
}

export type AskedPerson = { registrationId: number; answer: Answer | null; releasedAt: string | null; holdsPlace: boolean };

/**
 * Whose places go to the waiting list when the round closes: everyone asked who said no, and
 * (when silence means release) who did not answer, still holding their place and not already
 * released. In registration order, so the release (and its emails) is the same on every run.
 */
export function releasedAtDeadline(people: readonly AskedPerson[], silence: Silence): number[] {
  return people
    .filter((p) => p.holdsPlace && !p.releasedAt && (p.answer === "no" || (p.answer === null && silence === "release")))
    .map((p) => p.registrationId)
    .sort((a, b) => a - b);
}

/** Why an answer is refused, or null when it may be recorded. */
export function answerRefusal(person: { asked: boolean; holdsPlace: boolean; releasedAt: string | null }, round: { closedAt: string | null } | null): string | null {
  if (!round || !person.asked) return "We have not asked you to reconfirm your place, so there is nothing to answer.";
  if (person.releasedAt) return "Your place has already been released to the waiting list.";
  if (!person.holdsPlace) return "You no longer hold a place at this event, so there is nothing to answer.";
  return null;
}

export type RoundCounts = { asked: number; confirmed: number; unanswered: number; released: number; saidNo: number };

const wholeDays = (what: string, min: number, max: number) =>
  z
    .string({ required_error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .refine((v) => /^\d{1,3}$/.test(v) && Number(v) >= min && Number(v) <= max, { message: `${what[0].toUpperCase()}${what.slice(1)} must be a whole number of days from ${min} to ${max}` })
    .transform(Number);

export const reconfirmationSchema = z
  .object({
    sendDaysBefore: wholeDays("how many days before the event to ask", 1, 90),
    deadlineDaysBefore: wholeDays("how many days before the event to close", 0, 89),
    reminder: z.enum(["yes", "no"], { errorMap: () => ({ message: "Choose whether to send a reminder" }) }).transform((v) => v === "yes"),
    silence: z.enum(["release", "flag"], { errorMap: () => ({ message: "Choose what happens to the place of someone who does not answer" }) }),
  })
  .refine((v) => v.deadlineDaysBefore < v.sendDaysBefore, { message: "The deadline must come after the question is sent: give it fewer days before the event", path: ["deadlineDaysBefore"] });

export type ReconfirmationInput = z.output<typeof reconfirmationSchema>;
export const RECONFIRMATION_FIELD_ORDER = ["sendDaysBefore", "deadlineDaysBefore", "reminder", "silence"];
