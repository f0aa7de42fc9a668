import { z } from "zod";
import { singleLine } from "~/domain/single-line";
import type { EventRecord } from "~/.server/events";
import { OPEN_NAMESPACES } from "~/domain/domains";
import { DEFAULT_NEEDS_RETENTION_DAYS, DEFAULT_PERSONAL_RETENTION_DAYS, LAWFUL_BASES, type PrivacyInput } from "~/domain/privacy-notice";
import { isValidTimeZone, utcToZoned, zonedToUtc } from "~/domain/time";
import { dateInput, gatherDates, optionalDateInput, optionalTimeInput, timeInput } from "~/domain/date-input";

/** A whole number in a range, or blank for the site default (null). */
const optionalWholeNumber = (what: string, min: number, max: number, example: number) =>
  z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || (/^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= max), {
      message: `${what} must be a whole number from ${min} to ${max}, like ${example}, or blank for the usual ${what.toLowerCase()}`,
    })
    .transform((value) => (value === "" ? null : Number(value)));

/** Days to keep data after the event: blank means the default. */
const retentionDays = (what: string, fallback: number) =>
  z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || (/^\d{1,4}$/.test(value) && Number(value) <= 3650), {
      message: `${what} must be a whole number of days from 0 to 3650, like ${fallback}`,
    })
    .transform((value) => (value === "" ? fallback : Number(value)));

// Single-line text: no control characters, line breaks or bidirectional overrides.
const SINGLE_LINE = /^[^\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/u;

/** Shared by the create and edit event pages: one definition of a valid event. */
export const EventFormSchema = z
  .preprocess(
    gatherDates(["startDate", "endDate"]),
    z.object({
    name: singleLine(z.string({ required_error: "Enter the event name" }).trim().min(3, "Enter an event name of at least 3 characters").max(120, "Event name must be 120 characters or fewer"), "Event name"),
    slug: z
      .string({ required_error: "Enter a web address for the event" })
      .trim()
      .toLowerCase()
      .min(3, "Web address must be at least 3 characters")
      .max(60, "Web address must be 60 characters or fewer")
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Web address can only contain lower-case letters, numbers and single hyphens, like localgovcamp-2026"),
    summary: z.string().trim().max(2000, "Summary must be 2,000 characters or fewer").default(""),
    venue: singleLine(z.string().trim().max(300, "Venue must be 300 characters or fewer").default(""), "Venue"),
    startDate: dateInput({ label: "Date of the event", missing: "Enter the date of the event" }),
    startTime: timeInput("start time"),
    endDate: optionalDateInput({ label: "End date", missing: "Enter the end date" }),
    endTime: timeInput("end time"),
    moveSlots: z.enum(["yes", "no"]).optional(),
    timeZone: z
      .string()
      .trim()
      .default("Europe/London")
      .refine((value) => isValidTimeZone(value), "Enter a time zone such as Europe/London"),
    capacity: z.coerce
      .number({ invalid_type_error: "Capacity must be a whole number, like 150" })
      .int("Capacity must be a whole number, like 150")
      .min(1, "Capacity must be at least 1")
      .max(100000, "Capacity must be 100,000 or fewer"),
    contactEmail: z
      .string()
      .trim()
      .max(254, "Contact email address must be 254 characters or fewer")
      .default("")
      .refine((value) => value === "" || z.string().email().safeParse(value).success, "Enter the contact email address in the correct format, like events@guildford.gov.uk"),
    holdMinutes: optionalWholeNumber("Hold time", 5, 1440, 30),
    offerHours: optionalWholeNumber("Offer time", 1, 336, 48),
    controllerName: z
      .string()
      .trim()
      .max(200, "Who runs the event must be 200 characters or fewer")
      .regex(SINGLE_LINE, "Who runs the event must be one line of plain text")
      .default(""),
    privacyContact: z
      .string()
      .trim()
      .max(254, "Privacy contact email must be 254 characters or fewer")
      .default("")
      .refine((value) => value === "" || z.string().email().safeParse(value).success, "Enter the privacy contact as an email address, like dpo@guildford.gov.uk"),
    lawfulBasis: z.enum(LAWFUL_BASES as [string, ...string[]], { errorMap: () => ({ message: "Select the lawful basis for using people’s details" }) }).default("legitimate-interests"),
    needsRetentionDays: retentionDays("Days to keep access and dietary needs", DEFAULT_NEEDS_RETENTION_DAYS),
    personalRetentionDays: retentionDays("Days to keep names and email addresses", DEFAULT_PERSONAL_RETENTION_DAYS),
    }),
  )
  .transform((form, ctx) => {
    const endDate = form.endDate ?? form.startDate;
    const startsAt = zonedToUtc(form.startDate, form.startTime, form.timeZone);
    const endsAt = zonedToUtc(endDate, form.endTime, form.timeZone);
    if (endsAt <= startsAt) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["endTime"], message: "The event must end after it starts" });
      return z.NEVER;
    }
    if (form.personalRetentionDays < form.needsRetentionDays) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["personalRetentionDays"],
        message: "Keep names and email addresses at least as long as access and dietary needs",
      });
      return z.NEVER;
    }
    const privacy: PrivacyInput = {
      controllerName: form.controllerName,
      privacyContact: form.privacyContact.toLowerCase(),
      lawfulBasis: form.lawfulBasis as PrivacyInput["lawfulBasis"],
      needsRetentionDays: form.needsRetentionDays,
      personalRetentionDays: form.personalRetentionDays,
    };
    return {
      name: form.name,
      slug: form.slug,
      summary: form.summary,
      venue: form.venue,
      timeZone: form.timeZone,
      capacity: form.capacity,
      contactEmail: form.contactEmail.toLowerCase(),
      holdMinutes: form.holdMinutes,
      offerHours: form.offerHours,
      startsAt,
      endsAt,
      privacy,
      moveSlots: form.moveSlots === undefined ? undefined : form.moveSlots === "yes",
    };
  });

export const EVENT_FIELD_ORDER = ["name", "slug", "summary", "venue", "startDate", "startTime", "endDate", "endTime", "moveSlots", "timeZone", "capacity", "contactEmail", "holdMinutes", "offerHours", "controllerName", "privacyContact", "lawfulBasis", "needsRetentionDays", "personalRetentionDays"];

/** The form's initial values from a stored event. */
export function eventFormValues(
  event: Pick<EventRecord, "name" | "slug" | "summary" | "venue" | "startsAt" | "endsAt" | "timeZone" | "capacity" | "holdMinutes" | "offerHours" | "contactEmail">,
) {
  const start = utcToZoned(event.startsAt, event.timeZone);
  const end = utcToZoned(event.endsAt, event.timeZone);
  return {
    name: event.name,
    slug: event.slug,
    summary: event.summary,
    venue: event.venue,
    startDate: start.date,
    startTime: start.time,
    // Blank when the event ends on its first day, so changing the date changes only one field.
    endDate: end.date === start.date ? "" : end.date,
    endTime: end.time,
    timeZone: event.timeZone,
    capacity: String(event.capacity),
    contactEmail: event.contactEmail,
    holdMinutes: event.holdMinutes === null ? "" : String(event.holdMinutes),
    offerHours: event.offerHours === null ? "" : String(event.offerHours),
  };
}

/** The privacy fields' initial values from stored settings (the defaults for a new event). */
export function privacyFormValues(settings?: PrivacyInput) {
  return {
    controllerName: settings?.controllerName ?? "",
    privacyContact: settings?.privacyContact ?? "",
    lawfulBasis: settings?.lawfulBasis ?? "legitimate-interests",
    needsRetentionDays: String(settings?.needsRetentionDays ?? DEFAULT_NEEDS_RETENTION_DAYS),
    personalRetentionDays: String(settings?.personalRetentionDays ?? DEFAULT_PERSONAL_RETENTION_DAYS),
  };
}

const DOMAIN = /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export function ticketTypeSchema(timeZone: string) {
  return z
    .preprocess(
      gatherDates(["opensAt", "closesAt"]),
      z.object({
      name: singleLine(z.string({ required_error: "Enter a name for the ticket type" }).trim().min(2, "Enter a ticket type name of at least 2 characters").max(80, "Ticket type name must be 80 characters or fewer"), "Ticket type name"),
      quota: z.coerce
        .number({ invalid_type_error: "Places must be a whole number, like 100" })
        .int("Places must be a whole number, like 100")
        .min(0, "Places cannot be negative")
        .max(100000, "Places must be 100,000 or fewer"),
      rule: z.enum(["open", "council-only", "approval", "email-domains"], {
        errorMap: () => ({ message: "Select who can register for this ticket type" }),
      }),
      allowedDomains: z
        .string()
        .default("")
        .transform((value) =>
          value
            .split(/[\s,;]+/)
            .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
            .filter(Boolean),
        )
        .refine((domains) => domains.length <= 200, "List at most 200 domains")
        .refine((domains) => domains.every((d) => DOMAIN.test(d)), "Enter domains like guildford.gov.uk, one per line, with no wildcards")
        .superRefine((domains, ctx) => {
          const open = domains.find((d) => OPEN_NAMESPACES.has(d));
          if (open) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${open} would let in every address under it, not one organisation: list each organisation's own domain, like guildford.gov.uk` });
        }),
      opensAt: optionalDateInput({ label: "Date registration opens", missing: "Enter the date registration opens" }),
      opensAtTime: optionalTimeInput("time registration opens"),
      closesAt: optionalDateInput({ label: "Date registration closes", missing: "Enter the date registration closes" }),
      closesAtTime: optionalTimeInput("time registration closes"),
      }),
    )
    .transform((form, ctx) => {
      // A date without a time, or a time without a date, is half an answer.
      for (const [date, time, what] of [
        ["opensAt", "opensAtTime", "registration opens"],
        ["closesAt", "closesAtTime", "registration closes"],
      ] as const) {
        if (form[date] !== null && form[time] === null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [time], message: `Enter the time ${what}` });
        if (form[date] === null && form[time] !== null) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [date], message: `Enter the date ${what}` });
      }
      if ((form.opensAt === null) !== (form.opensAtTime === null) || (form.closesAt === null) !== (form.closesAtTime === null)) return z.NEVER;
      if (form.rule === "email-domains" && form.allowedDomains.length === 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["allowedDomains"], message: "List at least one email domain for this ticket type" });
        return z.NEVER;
      }
      const toUtc = (date: string | null, time: string | null) => (date && time ? zonedToUtc(date, time, timeZone) : null);
      const opensAt = toUtc(form.opensAt, form.opensAtTime);
      const closesAt = toUtc(form.closesAt, form.closesAtTime);
      if (opensAt && closesAt && closesAt <= opensAt) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["closesAt"], message: "Registration must close after it opens" });
        return z.NEVER;
      }
      return { name: form.name, quota: form.quota, rule: form.rule, allowedDomains: [...new Set(form.allowedDomains)], opensAt, closesAt };
    });
}

export const TICKET_FIELD_ORDER = ["name", "quota", "rule", "allowedDomains", "opensAt", "opensAtTime", "closesAt", "closesAtTime"];

export function ticketFormValues(ticket: { name: string; quota: number; rule: string; allowedDomains: string[]; opensAt: string | null; closesAt: string | null }, timeZone: string) {
  const local = (value: string | null) => (value ? utcToZoned(value, timeZone) : { date: "", time: "" });
  const opens = local(ticket.opensAt);
  const closes = local(ticket.closesAt);
  return {
    name: ticket.name,
    quota: String(ticket.quota),
    rule: ticket.rule,
    allowedDomains: ticket.allowedDomains.join("\n"),
    opensAt: opens.date,
    opensAtTime: opens.time,
    closesAt: closes.date,
    closesAtTime: closes.time,
  };
}
