import { z } from "zod";

/**
 * The pure rules of standby at the door (issue 16): how many seats standby may fill, who is
 * next, and the organiser's and the door's forms. No database and no clock here.
 */

export type StandbyStatus = "waiting" | "called" | "seated" | "gone";

export const STANDBY_STATUS_LABELS: Record<StandbyStatus, string> = {
  waiting: "Waiting",
  called: "Called",
  seated: "Seated",
  gone: "Not here",
};

/**
 * Seats standby may fill once places are released (at the cut-off or early): the event's
 * capacity less everyone checked in, the named places an organiser holds for people not yet
 * checked in, and standby people already called or seated. Before the release, none: the
 * seats still belong to those with a place.
 */
export function seatsForStandby(counts: { released: boolean; capacity: number; checkedIn: number; heldNotCheckedIn: number; standbyCalledOrSeated: number }): number {
  if (!counts.released) return 0;
  return Math.max(0, counts.capacity - counts.checkedIn - counts.heldNotCheckedIn - counts.standbyCalledOrSeated);
}

/** The next `seats` people to call: those waiting, in the order they joined (their number). */
export function nextToCall<T extends { number: number; status: StandbyStatus }>(entries: readonly T[], seats: number): T[] {
  if (seats <= 0) return [];
  return entries
    .filter((e) => e.status === "waiting")
    .sort((a, b) => a.number - b.number)
    .slice(0, seats);
}

/** Whether the cut-off has come and the places have not been released yet. */
export function cutoffDue(list: { cutoffAt: string | null; releasedAt: string | null }, now: string): boolean {
  return !list.releasedAt && !!list.cutoffAt && list.cutoffAt <= now;
}

// Single-line text: no control characters, line breaks or bidirectional overrides.
const SINGLE_LINE = /^[^\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/u;

export const standbyPersonSchema = z.object({
  name: z
    .string({ required_error: "Enter a name" })
    .trim()
    .min(1, "Enter a name")
    .max(120, "Name must be 120 characters or fewer")
    .regex(SINGLE_LINE, "Name must be one line of plain text"),
  email: z
    .string()
    .trim()
    .max(254, "Email address must be 254 characters or fewer")
    .default("")
    .refine((v) => v === "" || /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/.test(v), { message: "Enter an email address in the correct format, like name@council.gov.uk, or leave it blank" })
    .transform((v) => (v === "" ? null : v.toLowerCase())),
});
export type StandbyPerson = z.output<typeof standbyPersonSchema>;

export const standbySettingsSchema = z.object({
  cutoff: z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), { message: "Enter the cut-off as a 24-hour time, like 10:15, or leave it blank" }),
  joiningOpen: z
    .union([z.literal("yes"), z.undefined()])
    .transform((v) => v === "yes"),
});
