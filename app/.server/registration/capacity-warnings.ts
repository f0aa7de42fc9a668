import { cutBelowTakenWarning, quotasExceedCapacity } from "~/domain/capacity";
import { findEventById, listTicketTypes } from "../events";
import { ticketAvailability } from "./places";

/** The warning before a ticket type's quota is saved below the places it has taken, or null. */
export async function quotaCutWarning(eventId: number, ticketTypeId: number, name: string, quota: number): Promise<string | null> {
  const taken = (await ticketAvailability(eventId)).get(ticketTypeId)?.taken ?? 0;
  return cutBelowTakenWarning("quota", name, quota, taken);
}

/** The warning before the event's capacity is saved below the places taken, or null. */
export async function capacityCutWarning(eventId: number, name: string, capacity: number): Promise<string | null> {
  let taken = 0;
  for (const ticket of (await ticketAvailability(eventId)).values()) taken += ticket.taken;
  return cutBelowTakenWarning("capacity", name, capacity, taken);
}

/** The note for the organiser when the quotas add up to more than the event's places, or null. */
export async function quotaTotalNote(eventId: number): Promise<string | null> {
  const [event, tickets] = await Promise.all([findEventById(eventId), listTicketTypes(eventId)]);
  return event ? quotasExceedCapacity(tickets.map((t) => t.quota), event.capacity) : null;
}
