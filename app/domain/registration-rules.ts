import { z } from "zod";
import { singleLine } from "~/domain/single-line";

/**
 * The pure rules of registration: which statuses hold a place, where a new registration goes,
 * which changes of status are allowed, the lottery's reproducible draw, and Excel-safe CSV.
 * No database here; registrations.ts applies these inside its write transactions.
 */
export type RegistrationStatus =
  | "held"
  | "confirmed"
  | "waiting"
  | "offered"
  | "pending-approval"
  | "lottery-entered"
  | "declined"
  | "cancelled"
  | "expired"
  | "erased";

export const REGISTRATION_STATUSES: RegistrationStatus[] = [
  "held",
  "confirmed",
  "waiting",
  "offered",
  "pending-approval",
  "lottery-entered",
  "declined",
  "cancelled",
  "expired",
  "erased",
];

export const STATUS_LABELS: Record<RegistrationStatus, string> = {
  held: "Awaiting email confirmation",
  confirmed: "Confirmed",
  waiting: "On the waiting list",
  offered: "Offered a place",
  "pending-approval": "Waiting for approval",
  "lottery-entered": "In the lottery",
  declined: "Declined",
  cancelled: "Cancelled",
  expired: "Expired",
  erased: "Erased",
};

/**
 * Statuses that count against the ticket type's quota and the event's capacity: a confirmed
 * place and an open waiting-list offer. 'held' (registered, email address not yet confirmed)
 * takes nothing: a place goes only to a verified address, the first to verify.
 */
export const PLACE_HOLDING: ReadonlySet<RegistrationStatus> = new Set(["confirmed", "offered"]);

/** Statuses that still belong to a live registration (the one-per-email rule applies to them). */
export const LIVE: ReadonlySet<RegistrationStatus> = new Set(["held", "confirmed", "waiting", "offered", "pending-approval", "lottery-entered"]);

export function isRegistrationStatus(value: unknown): value is RegistrationStatus {
  return typeof value === "string" && (REGISTRATION_STATUSES as string[]).includes(value);
}

/** Whether a row holds a place at `now`: a confirmed place, or an offer still open. */
export function holdsPlace(row: { status: RegistrationStatus; holdExpiresAt: string | null; offerExpiresAt: string | null }, now: string): boolean {
  if (row.status === "confirmed") return true;
  if (row.status === "offered") return !!row.offerExpiresAt && row.offerExpiresAt > now;
  return false;
}

/** Whether the emailed confirmation link of an unverified registration ('held') still works. */
export function confirmationLinkOpen(row: { status: RegistrationStatus; holdExpiresAt: string | null }, now: string): boolean {
  return row.status === "held" && !!row.holdExpiresAt && row.holdExpiresAt > now;
}

type PlaceCounts = { quota: number; ticketTaken: number; capacity: number; eventTaken: number; waiting: number };

/** Free places for a ticket type: the smaller of what its quota and the event's capacity leave. */
export function freePlaces(counts: Pick<PlaceCounts, "quota" | "ticketTaken" | "capacity" | "eventTaken">): number {
  return Math.max(0, Math.min(counts.quota - counts.ticketTaken, counts.capacity - counts.eventTaken));
}

/**
 * Where a verified person goes (at the moment they confirm their address, or an approval): a
 * free place is taken only when nobody is already waiting for this ticket type, since a place
 * freed while people wait is offered to them first.
 */
export function placeNewRegistration(counts: PlaceCounts): "place" | "waiting" {
  return freePlaces(counts) > 0 && counts.waiting === 0 ? "place" : "waiting";
}

/** Every change of status the app makes; anything else is refused. */
const TRANSITIONS: Record<RegistrationStatus, RegistrationStatus[]> = {
  // 'held' is an unverified registration: confirming the address moves it on.
  held: ["confirmed", "waiting", "pending-approval", "lottery-entered", "expired", "cancelled", "erased"],
  confirmed: ["cancelled", "erased"],
  waiting: ["offered", "cancelled", "erased"],
  offered: ["confirmed", "expired", "cancelled", "erased"],
  "pending-approval": ["offered", "waiting", "declined", "cancelled", "erased"],
  "lottery-entered": ["offered", "waiting", "cancelled", "erased"],
  declined: ["erased"],
  cancelled: ["erased"],
  expired: ["erased"],
  erased: [],
};

export function canTransition(from: RegistrationStatus, to: RegistrationStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Statuses an attendee may cancel from. */
export function canCancel(status: RegistrationStatus): boolean {
  return canTransition(status, "cancelled");
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}

/**
 * A CSV cell Excel and LibreOffice will not run as a formula: a leading = + - @ tab or carriage
 * return gets an apostrophe in front (OWASP's advice), as does one after a ";" (semicolon
 * locales read it as a new cell), then the usual RFC 4180 quoting.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  // Spreadsheets in semicolon locales split a cell at ";", so each piece after one is guarded too.
  text = text.replace(/;([\s"]*)(?=[=+\-@\t\r])/g, ";$1'");
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: unknown[][]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

const text = (label: string, max: number) =>
  z
    .string()
    .default("")
    .transform((value) => value.trim())
    .pipe(z.string().max(max, `${label} must be ${max} characters or fewer`));

/** The details a person gives and can later change from their private link. */
export const detailsSchema = z.object({
  name: singleLine(
    z
      .string({ required_error: "Enter your name" })
      .trim()
      .min(1, "Enter your name")
      .max(100, "Name must be 100 characters or fewer"),
    "Name",
  ),
  organisation: singleLine(
    z
      .string({ required_error: "Enter the organisation you work for" })
      .trim()
      .min(1, "Enter the organisation you work for")
      .max(120, "Organisation must be 120 characters or fewer"),
    "Organisation",
  ),
  jobRole: singleLine(text("Role", 120), "Role"),
  pronouns: singleLine(text("Pronouns", 40), "Pronouns"),
  accessNeeds: text("Access needs", 1000),
  dietaryNeeds: text("Dietary needs", 500),
});

const workEmail = z
  .string({ required_error: "Enter your work email address" })
  .trim()
  .min(1, "Enter your work email address")
  .max(254, "Email address must be 254 characters or fewer")
  .email("Enter an email address in the correct format, like name@council.gov.uk");

/** The registration form: the details, a work email and a ticket type. */
export const registrationSchema = detailsSchema.extend({
  email: workEmail,
  ticketTypeId: z
    .string({ required_error: "Choose a ticket type" })
    .min(1, "Choose a ticket type")
    .regex(/^\d{1,9}$/, "Choose one of the ticket types listed")
    .transform(Number),
  approvalRequest: text("Reason", 1000),
  /** Ticked on the form for a lottery's rules: "first-timer" and/or "supplier" (anything else is ignored). */
  drawFacts: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => {
      const ticked = Array.isArray(value) ? value : value ? value.split("\n") : [];
      return { firstTimer: ticked.includes("first-timer"), supplier: ticked.includes("supplier") };
    }),
});

/** "Email me my links again", from the same form: only the address matters. */
export const resendLinksSchema = z.object({ email: workEmail });
