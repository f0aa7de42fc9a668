import { z } from "zod";

/**
 * What the public pages say about places, and what organisers are warned about before they cut
 * places below what is taken. Pure: the numbers come from ticketAvailability.
 */

/**
 * "3 places left", or "Full: 4 on the waiting list". Never the quota next to it: after a cut
 * (or when the event's capacity, not the ticket's quota, is the limit) "34 places left of 100"
 * or "Full (1 places)" would be wrong.
 */
export function placesWording(ticket: { placesLeft: number; waiting: number }): string {
  if (ticket.placesLeft > 0 && ticket.waiting === 0) return `${ticket.placesLeft} ${ticket.placesLeft === 1 ? "place" : "places"} left`;
  return ticket.waiting > 0 ? `Full: ${ticket.waiting} on the waiting list` : "Full: you can join the waiting list";
}

/** The warning before saving a quota or capacity below the places already taken, or null. */
export function cutBelowTakenWarning(what: "quota" | "capacity", name: string, proposed: number, taken: number): string | null {
  if (proposed >= taken) return null;
  const holders = `${taken} ${taken === 1 ? "person has" : "people have"} a place${what === "quota" ? ` with ${name}` : ` at ${name}`}`;
  return `${holders}, more than the ${proposed} you entered. Nobody loses their place, but no new place is given until fewer than ${proposed} hold one. Save again to confirm, or enter at least ${taken}.`;
}

/** The note when the ticket types' quotas add up to more than the event's places, or null. */
export function quotasExceedCapacity(quotas: number[], capacity: number): string | null {
  const total = quotas.reduce((sum, quota) => sum + quota, 0);
  if (total <= capacity) return null;
  return `The ticket types’ places add up to ${total}, more than the event’s ${capacity}. The event’s places are the limit: once ${capacity} are taken, every ticket type is full.`;
}

/** An event's allocation margin above its venue capacity: a percentage or a number of places, or none. */
export type AllocationMargin = { percent: number | null; places: number | null };

/** How many places the margin adds to the event (a percentage is rounded down). */
function marginPlaces(capacity: number, margin: AllocationMargin): number {
  if (margin.places !== null) return Math.max(0, margin.places);
  if (margin.percent !== null) return Math.floor((capacity * Math.max(0, margin.percent)) / 100);
  return 0;
}

/** Places the event gives out: the venue's capacity plus the margin. */
export function allocatedCapacity(capacity: number, margin: AllocationMargin): number {
  return capacity + marginPlaces(capacity, margin);
}

/**
 * A ticket type's places with the margin: its quota rises in the same proportion as the event's
 * places (rounded down), so the mix of ticket types stays as the organiser set it.
 */
export function allocatedQuota(quota: number, capacity: number, margin: AllocationMargin): number {
  if (capacity <= 0) return quota;
  return quota + Math.floor((quota * marginPlaces(capacity, margin)) / capacity);
}

/** What the public event page says about places: truthful about the margin when there is one. */
export function capacityWording(capacity: number, margin: AllocationMargin): string {
  const allocated = allocatedCapacity(capacity, margin);
  if (allocated === capacity) return `${capacity} in total`;
  return `${capacity} at the venue. Up to ${allocated} places are given, because some people with a place usually do not come`;
}

export const MARGIN_FIELD_ORDER = ["marginKind", "margin"];

/** The organiser's margin form: none, a percentage (1–100) or a number of places (1–100,000). */
export const marginFormSchema = z
  .object({
    marginKind: z.enum(["none", "percent", "places"], { errorMap: () => ({ message: "Choose whether to allocate places above capacity" }) }),
    margin: z.string().trim().max(20).default(""),
  })
  .transform((form, ctx): AllocationMargin => {
    if (form.marginKind === "none") return { percent: null, places: null };
    const max = form.marginKind === "percent" ? 100 : 100_000;
    const value = /^\d{1,6}$/.test(form.margin) ? Number(form.margin) : NaN;
    if (!(value >= 1 && value <= max)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["margin"],
        message: form.marginKind === "percent" ? "Enter the margin as a whole percentage from 1 to 100, like 10" : "Enter the margin as a whole number of places from 1 to 100,000, like 20",
      });
      return z.NEVER;
    }
    return form.marginKind === "percent" ? { percent: value, places: null } : { percent: null, places: value };
  });
