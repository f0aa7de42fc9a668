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
