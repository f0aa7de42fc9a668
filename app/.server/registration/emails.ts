import { env } from "../platform";
import type { EventRecord, TicketType } from "../events";
import { buildInvitation } from "../feeds";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";
import type { RegistrationRoute } from "./records";

/** What every email to a registrant says about the event and their links, and the first email (confirm your address). */

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

/** The first email: a link to confirm the address, which is what takes a place (or the next step). */
export function registrationEmail(
  route: RegistrationRoute,
  p: { event: EventRecord; ticket: TicketType; name: string; email: string; manageToken: string; verifyToken: string; holdExpiresAt: string },
) {
  const what = {
    place: {
      subject: `Confirm your email address to get a place at ${p.event.name}`,
      intro: `Thank you for registering for ${p.event.name} (${p.ticket.name}). To get a place, confirm your email address with this link:`,
      promise:
        "Your place is not held until you do. Places go to people in the order they confirm; if none is left when you confirm, you join the waiting list and we will email you if a place frees up.",
    },
    approval: {
      subject: `Confirm your email address to send your request for ${p.event.name}`,
      intro: `Thank you for asking for a place at ${p.event.name} (${p.ticket.name}). To send your request to the organisers, confirm your email address with this link:`,
      promise: "We do not send your request until you do. An organiser will then look at it and we will email you their decision.",
    },
    lottery: {
      subject: `Confirm your email address to enter the draw for ${p.event.name}`,
      intro: `Thank you for applying for a place at ${p.event.name} (${p.ticket.name}). To enter the draw, confirm your email address with this link:`,
      promise: "You are not in the draw until you do. Places are given by a random draw after applications close; we will email you the result.",
    },
  }[route];
  return {
    to: p.email,
    subject: what.subject,
    text: [
      `Dear ${p.name},`,
      what.intro,
      confirmUrl(p.event.slug, p.verifyToken),
      `${what.promise} The link works until ${dateTimeIn(p.holdExpiresAt, p.event.timeZone)}.`,
      eventLines(p.event),
      manageParagraph(p.manageToken),
    ].join("\n\n"),
  };
}
