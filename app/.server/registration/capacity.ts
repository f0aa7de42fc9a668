import { firstRow, notFound, nowIso, writeTransaction } from "../platform";
import { updateEvent, updateTicketType, type EventInput, type EventRecord, type TicketTypeInput } from "../events";
import { allocatedCapacity, type AllocationMargin } from "~/domain/capacity";
import { placeCounts } from "./places";
import { RegistrationChangeRefused } from "./records";
import { offerFreePlaces } from "./waiting-list";

/** Organiser changes to places: releasing extra places, saving quotas and capacity (freed places are offered at once), and check-in. */

/**
 * Releases extra places to a ticket type's waiting list by hand (late releases, when many who
 * registered will not come): the quota rises by `count`, the event capacity with it if needed,
 * and the places are offered at once. Returns how many offers went out.
 */
export async function releasePlaces(eventId: number, ticketTypeId: number, count: number, now = new Date()): Promise<number> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RegistrationChangeRefused("Enter how many places to release, 1 or more");
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const ticket = firstRow(await tx.execute({ sql: "SELECT id FROM ticket_types WHERE id = ? AND event_id = ?", args: [ticketTypeId, eventId] }));
    if (!ticket) throw notFound("Ticket type");
    const counts = await placeCounts(tx, ticketTypeId, eventId, at);
    await tx.execute({ sql: "UPDATE ticket_types SET quota = quota + ? WHERE id = ?", args: [count, ticketTypeId] });
    // Against the places allocated (capacity plus any margin); the venue's capacity rises by what is missing.
    const capacityNeeded = counts.eventTaken + Math.min(count, counts.waiting) - counts.capacity;
    if (capacityNeeded > 0) await tx.execute({ sql: "UPDATE events SET capacity = capacity + ? WHERE id = ?", args: [capacityNeeded, eventId] });
    return offerFreePlaces(tx, eventId, now);
  });
}

/**
 * Sets the event's allocation margin above its venue capacity (or none). In one write transaction
 * that re-counts: places a raised margin frees are offered to the waiting list at once; a lowered
 * one takes no place from anyone, and no new place is given until fewer hold one than allocated.
 */
export async function saveAllocationMargin(eventId: number, margin: AllocationMargin, now = new Date()) {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const event = firstRow<{ capacity: number }>(await tx.execute({ sql: "SELECT capacity FROM events WHERE id = ?", args: [eventId] }));
    if (!event) throw notFound("Event");
    await tx.execute({ sql: "UPDATE events SET margin_percent = ?, margin_places = ?, updated_at = ? WHERE id = ?", args: [margin.percent, margin.places, at, eventId] });
    const taken = firstRow<{ n: number }>(
      await tx.execute({
        sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND (status = 'confirmed' OR (status = 'offered' AND offer_expires_at > ?))",
        args: [eventId, at],
      }),
    )!;
    const offered = await offerFreePlaces(tx, eventId, now);
    return { allocated: allocatedCapacity(Number(event.capacity), margin), taken: Number(taken.n), offered };
  });
}

/** Saves the event's details; a raised capacity offers the freed places at once, as saveTicketType does. */
export async function saveEventDetails(eventId: number, input: EventInput, now = new Date()): Promise<{ event: EventRecord; offered: number }> {
  const event = await updateEvent(eventId, input, now);
  const offered = await writeTransaction((tx) => offerFreePlaces(tx, eventId, now));
  return { event, offered };
}

/**
 * Saves a ticket type the organiser changed. A raised quota (or a reopened rule) can free
 * places: they are offered to the waiting list at once rather than at the next periodic pass.
 * Returns how many offers went out.
 */
export async function saveTicketType(eventId: number, ticketTypeId: number, input: TicketTypeInput, now = new Date()): Promise<number> {
  await updateTicketType(eventId, ticketTypeId, input);
  return writeTransaction((tx) => offerFreePlaces(tx, eventId, now));
}

export async function setCheckedIn(eventId: number, registrationId: number, checkedIn: boolean, now = new Date()) {
  const result = await writeTransaction((tx) =>
    tx.execute({
      // Someone checked in came: a no-show mark made in error goes.
      sql: `UPDATE registrations SET checked_in_at = ?, updated_at = ?${checkedIn ? ", no_show_at = NULL" : ""} WHERE id = ? AND event_id = ? AND status = 'confirmed'`,
      args: [checkedIn ? nowIso(now) : null, nowIso(now), registrationId, eventId],
    }),
  );
  if (result.rowsAffected !== 1) throw new RegistrationChangeRefused("Only confirmed attendees can be checked in.");
}
