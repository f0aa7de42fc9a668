import type { EventRecord } from "../../events";
import { eventLines, invitation, manageParagraph } from "./parts";

/** What an organiser did for a person, told to that person: cancelled, ticket changed, place passed to a colleague. */

type Registrant = { id: number; name: string; email: string };

export function cancelledForYouEmail(event: EventRecord, registration: Registrant, hadPlace: boolean, manageToken: string) {
  return {
    subject: `Your registration for ${event.name} is cancelled`,
    text: [
      `Dear ${registration.name},`,
      hadPlace
        ? `As you asked, an organiser has cancelled your place at ${event.name}. It will be offered to the next person on the waiting list. The attached update removes the event from your calendar.`
        : `As you asked, an organiser has cancelled your registration for ${event.name}.`,
      eventLines(event),
      "If this was a mistake, reply to the organisers or register again while registration is open.",
      manageParagraph(manageToken),
    ].join("\n\n"),
    calendar: hadPlace ? invitation("CANCEL", registration, event, null) : undefined,
  };
}

/** `status` is how the registration reads otherwise (a status label, lower case). */
export function ticketChangedEmail(event: EventRecord, p: { name: string; from: string; to: string; status: string; manageToken: string }) {
  return {
    subject: `Your ticket for ${event.name} has changed`,
    text: [
      `Dear ${p.name},`,
      `An organiser has changed your ticket for ${event.name} from ${p.from} to ${p.to}. Your registration is otherwise unchanged: ${p.status}.`,
      eventLines(event),
      manageParagraph(p.manageToken),
    ].join("\n\n"),
  };
}

/** To the person who passed their place on (the colleague gets placeConfirmedEmail). */
export function placePassedOnEmail(event: EventRecord, registration: Registrant, colleagueName: string, manageToken: string) {
  return {
    subject: `Your place at ${event.name} has passed to your colleague`,
    text: [
      `Dear ${registration.name},`,
      `As you asked, an organiser has passed your place at ${event.name} to ${colleagueName}. Your own registration is cancelled; the attached update removes the event from your calendar.`,
      eventLines(event),
      manageParagraph(manageToken),
    ].join("\n\n"),
    calendar: invitation("CANCEL", registration, event, null),
  };
}
