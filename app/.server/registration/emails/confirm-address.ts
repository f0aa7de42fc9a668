import type { EventRecord, TicketType } from "../../events";
import type { RegistrationRoute } from "../records";
import { confirmUrl, dateTimeIn, eventLines, manageParagraph } from "./parts";

/** The first email (confirm your address), and what the person is told once they have. */

/** The first email: a link to confirm the address, which is what takes a place (or the next step). */
export function registrationEmail(
  route: RegistrationRoute,
  p: { event: EventRecord; ticket: Pick<TicketType, "name">; name: string; manageToken: string; verifyToken: string; holdExpiresAt: string },
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

/** Where a confirmed address led, when it did not lead to a place (that is placeConfirmedEmail). */
type AddressOutcome = "pending-approval" | "lottery-entered" | "waiting";

/** The address is confirmed: the request went to the organisers, or the person is in the draw, or on the waiting list. */
export function addressConfirmedEmail(outcome: AddressOutcome, p: { event: EventRecord; name: string; ticketTypeName: string; manageToken: string }) {
  const { event } = p;
  const { subject, news } = {
    "pending-approval": {
      subject: `Your request for a place at ${event.name}`,
      news: `Your request for a place at ${event.name} (${p.ticketTypeName}) has gone to the organisers, and we will email you their decision.`,
    },
    "lottery-entered": {
      subject: `You are in the draw for ${event.name}`,
      news: `You are in the draw for a place at ${event.name} (${p.ticketTypeName}). Places are given by a random draw after applications close; we will email you the result.`,
    },
    waiting: {
      subject: `You are on the waiting list for ${event.name}`,
      news: `Every place at ${event.name} (${p.ticketTypeName}) has been taken, so you are on the waiting list, in the order people confirmed. If a place frees up, we will email you an offer; you will have a limited time to accept it.`,
    },
  }[outcome];
  return {
    subject,
    text: [`Dear ${p.name},`, `Thank you for confirming your email address. ${news}`, eventLines(event), manageParagraph(p.manageToken)].join("\n\n"),
  };
}
