import { DomainError, nowIso, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { placeCounts } from "./places";
import { requireEventRegistration } from "./records";
import { makeOffer } from "./waiting-list";

/**
 * "Approve and add a place": the organiser approves a request although no place is free (or
 * others are waiting for the freed ones). The ticket type's quota rises by one, the event's
 * capacity too when it is full, and this person is offered the new place at once, in one
 * transaction. Returns the new numbers, so the page can say what it changed.
 */
export async function approveWithExtraPlace(eventId: number, registrationId: number, now = new Date()) {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (registration.status !== "pending-approval") throw new DomainError("conflict", `${registration.name} is not waiting for approval.`);
    const counts = await placeCounts(tx, registration.ticketTypeId, eventId, at);
    // Enough for this one more place on top of what is taken (the quota may already be cut
    // below it). The numbers saved are the organiser's; an allocation margin comes on top, so
    // the capacity rises only when the allocated places are full.
    const quota = Math.max(counts.setQuota, counts.ticketTaken - (counts.quota - counts.setQuota)) + 1;
    const capacity = counts.capacity - counts.eventTaken >= 1 ? counts.venueCapacity : Math.max(counts.venueCapacity, counts.eventTaken - (counts.capacity - counts.venueCapacity)) + 1;
    if (quota !== counts.setQuota) await tx.execute({ sql: "UPDATE ticket_types SET quota = ? WHERE id = ?", args: [quota, registration.ticketTypeId] });
    if (capacity !== counts.venueCapacity) await tx.execute({ sql: "UPDATE events SET capacity = ? WHERE id = ?", args: [capacity, eventId] });
    const event = (await findEventById(eventId))!;
    await makeOffer(tx, registration.id, event, now);
    return { ticketName: registration.ticketTypeName, quota, quotaWas: counts.setQuota, capacity, capacityWas: counts.venueCapacity };
  });
}

/** Whether approving now would give a place (true) or only a waiting-list spot (false). */
export function approvalGivesPlace(availability: { placesLeft: number; waiting: number }) {
  return availability.placesLeft > 0 && availability.waiting === 0;
}

export const APPROVAL_REASON_MISSING = "Tell the organisers why you would like a place: this ticket type needs their approval";
