import type { EventRecord } from "../../events";
import { confirmUrl, dateTimeIn, eventLines, invitation, manageParagraph } from "./parts";

/** A place: confirmed (with the calendar invitation), offered from the waiting list, or an offer expired. */

type Registrant = { id: number; name: string; email: string; ticketTypeName: string };

/** The place is the person's: a verified new registration, an offer claimed, or a place passed on to them. */
export function placeConfirmedEmail(event: EventRecord, registration: Registrant, manageToken: string) {
  return {
    subject: `Your place at ${event.name} is confirmed`,
    text: [
      `Dear ${registration.name},`,
      `Your place at ${event.name} (${registration.ticketTypeName}) is confirmed. The invitation attached adds the event to your calendar.`,
      eventLines(event),
      `If you can no longer come, please cancel so your place goes to someone on the waiting list.`,
      manageParagraph(manageToken),
    ].join("\n\n"),
    calendar: invitation("REQUEST", registration, event, manageToken),
  };
}

/** A place offered: to the next on the waiting list, or to someone whose request was approved. */
export function offerEmail(
  event: EventRecord,
  p: { name: string; ticketTypeName: string; approved: boolean; verifyToken: string; expiresAt: string; manageToken: string },
) {
  return {
    subject: p.approved ? `Your request for ${event.name} is approved: accept your place` : `A place at ${event.name} is available for you`,
    text: [
      `Dear ${p.name},`,
      p.approved
        ? `An organiser has approved your request for a place at ${event.name} (${p.ticketTypeName}). Accept the place with this link:`
        : `A place has come up at ${event.name} (${p.ticketTypeName}) and it is yours if you want it. Accept it with this link:`,
      confirmUrl(event.slug, p.verifyToken),
      `The offer lasts until ${dateTimeIn(p.expiresAt, event.timeZone)}. After that it goes to the next person on the waiting list.`,
      eventLines(event),
      manageParagraph(p.manageToken),
    ].join("\n\n"),
  };
}

/** An offer not accepted in time: it has gone to the next person. */
export function offerExpiredEmail(event: EventRecord, name: string, manageToken: string) {
  return {
    subject: `Your offer of a place at ${event.name} has expired`,
    text: [
      `Dear ${name},`,
      `We offered you a place at ${event.name}, but it was not accepted in time, so it has gone to the next person on the waiting list.`,
      eventLines(event),
      manageParagraph(manageToken),
    ].join("\n\n"),
  };
}
