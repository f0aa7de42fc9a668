import { env } from "../../platform";
import type { EventRecord } from "../../events";
import { eventLines, manageParagraph } from "./parts";

/** After the draw, to each entrant not among the first places (winners get offerEmail). */
export function drawWaitingEmail(event: EventRecord, p: { name: string; number: number; ticketTypeId: number; manageToken: string }) {
  return {
    subject: `The draw for ${event.name}: you are on the waiting list`,
    text: [
      `Dear ${p.name},`,
      `The draw for ${event.name} has taken place. You were not among the first places, so you are number ${p.number} on the waiting list. If a place frees up, we will email you an offer.`,
      `The draw's record (its seed, rules and order, with no names) is published at ${env().PUBLIC_URL}/events/${event.slug}/draws/${p.ticketTypeId} so anyone can check it.`,
      eventLines(event),
      manageParagraph(p.manageToken),
    ].join("\n\n"),
  };
}
