import { env } from "../../platform";
import type { EventRecord } from "../../events";
import { eventLines, manageParagraph } from "./parts";

/** Approval requests: the organisers' digest, and the applicant told they wait or were declined (an approval with a place is offerEmail). */

/** To each organiser: how many requests wait, with a link to the queue (no name or reason a requester typed). */
export function approvalDigestEmail(event: EventRecord, waiting: number, everyMinutes: number) {
  return {
    subject: `Approval requests waiting for ${event.name}`,
    text: [
      `${waiting} ${waiting === 1 ? "request for a place is" : "requests for places are"} waiting for an organiser of ${event.name} to approve or decline.`,
      `See them on the approval queue (sign in first):\n${env().PUBLIC_URL}/organise/${event.slug}/registrations?status=pending-approval`,
      `We send at most one of these emails every ${everyMinutes} minutes for each event, however many requests arrive.`,
    ].join("\n\n"),
  };
}

/** Approved, but every place is taken: the applicant is on the waiting list. */
export function approvedWaitingEmail(event: EventRecord, name: string, manageToken: string) {
  return {
    subject: `Your request for ${event.name} is approved: you are on the waiting list`,
    text: [
      `Dear ${name},`,
      `An organiser has approved your request for ${event.name}, but every place is taken, so you are on the waiting list. If a place frees up, we will email you an offer.`,
      eventLines(event),
      manageParagraph(manageToken),
    ].join("\n\n"),
  };
}

export function declinedEmail(event: EventRecord, name: string, manageToken: string) {
  return {
    subject: `Your request for ${event.name} was not approved`,
    text: [
      `Dear ${name},`,
      `Thank you for your interest in ${event.name}. The organisers are not able to offer you a place this time.`,
      eventLines(event),
      manageParagraph(manageToken),
    ].join("\n\n"),
  };
}
