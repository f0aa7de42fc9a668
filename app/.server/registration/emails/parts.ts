import { env } from "../../platform";
import type { EventRecord } from "../../events";
import { buildInvitation } from "../../feeds";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";

/**
 * What every email to a registrant says about the event and their links: the pieces the templates
 * beside this file put together. No database here; links are built on PUBLIC_URL.
 */

function manageUrl(manageToken: string) {
  return `${env().PUBLIC_URL}/r/${manageToken}`;
}

export function confirmUrl(slug: string, verifyToken: string) {
  return `${env().PUBLIC_URL}/events/${slug}/register/confirm?token=${verifyToken}`;
}

/**
 * Formatting a date builds an Intl formatter, which is slow next to everything else in a
 * registration; in a rush the same few dates are formatted thousands of times, so they are
 * remembered (the key includes the zone, and the map is emptied when it grows).
 */
const formatted = new Map<string, string>();

function remembered(key: string, format: () => string): string {
  let value = formatted.get(key);
  if (value === undefined) {
    if (formatted.size > 2000) formatted.clear();
    value = format();
    formatted.set(key, value);
  }
  return value;
}

export function dateTimeIn(instant: string, timeZone: string) {
  return remembered(`at|${instant.slice(0, 16)}|${timeZone}`, () => formatDateTime(instant, timeZone));
}

/** The event's name, date and venue, as every email to a registrant gives them. */
export function eventLines(event: EventRecord) {
  return remembered(`event|${event.id}|${event.updatedAt}|${event.startsAt}|${event.endsAt}|${event.timeZone}|${event.venue}|${event.name}`, () =>
    [
      `Event: ${event.name}`,
      `Date: ${formatDate(event.startsAt, event.timeZone)}, ${formatTimeRange(event.startsAt, event.endsAt, event.timeZone)}`,
      `Venue: ${event.venue || "To be announced"}`,
    ].join("\n"),
  );
}

export function manageParagraph(manageToken: string) {
  return `To see, change or cancel your registration, use your private link (do not share it):\n${manageUrl(manageToken)}`;
}

function mailFromAddress() {
  const from = env().MAIL_FROM;
  return from.match(/<([^>]+)>/)?.[1] ?? from;
}

/** Who invitations name as ORGANIZER: the event's contact address (MAIL_FROM's only if it has none). */
function organiserAddress(event: Pick<EventRecord, "contactEmail">) {
  return event.contactEmail || mailFromAddress();
}

export function invitation(method: "REQUEST" | "CANCEL", registration: { id: number; name: string; email: string }, event: EventRecord, manageToken: string | null) {
  const content = buildInvitation({
    method,
    registrationId: registration.id,
    event,
    attendee: { name: registration.name, email: registration.email },
    organiserEmail: organiserAddress(event),
    publicUrl: env().PUBLIC_URL,
    manageUrl: manageToken ? manageUrl(manageToken) : `${env().PUBLIC_URL}/events/${event.slug}`,
  });
  return { method, filename: method === "CANCEL" ? "cancelled.ics" : "invite.ics", content } as const;
}
