import { hashToken, newToken, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { addMinutes } from "~/domain/registration-rules";
import { offerEmail, offerExpiredEmail } from "./emails/places";
import { manageTokenFor } from "./manage-links";
import { capAllows, capState, type CapState, noteTaken } from "./lottery-caps";
import { offerHours, placeCounts, setStatus } from "./places";
import { type Executor, type Registration, loadRegistration } from "./records";

/** Freeing places and the waiting list: expiring holds and offers, and offering free places in order. */

export async function expireOne(tx: Executor, registration: Registration, now: Date) {
  const at = nowIso(now);
  // The link is kept so a late click is told the place expired rather than "not valid".
  await setStatus(tx, registration.id, registration.status, "expired", at);
  if (registration.status === "offered") {
    const event = (await findEventById(registration.eventId))!;
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...offerExpiredEmail(event, registration.name, manageToken) }, now);
  }
}

/**
 * Offers every free place of the event to the people waiting, longest-waiting (or best lottery
 * rank) first, within each ticket type's quota and the event's places allocated (capacity plus
 * any margin), and a lottery ticket's caps. Runs inside the
 * transaction that freed the place. Returns how many offers were made.
 */
export async function offerFreePlaces(tx: Executor, eventId: number, now: Date): Promise<number> {
  const at = nowIso(now);
  const waiting = rowsOf<{ id: number; ticket_type_id: number; email: string; council_name: string | null; supplier_declared: number }>(
    await tx.execute({
      sql: `SELECT id, ticket_type_id, email, council_name, supplier_declared FROM registrations WHERE event_id = ? AND status = 'waiting'
            ORDER BY lottery_rank IS NULL, lottery_rank, waiting_since, id`,
      args: [eventId],
    }),
  );
  if (waiting.length === 0) return 0;
  const event = (await findEventById(eventId))!;
  const free = new Map<number, number>();
  // A lottery ticket's caps (per organisation, for suppliers) still hold: someone they rule out is passed over.
  const caps = new Map<number, CapState | null>();
  let eventFree: number | null = null;
  let offered = 0;
  for (const person of waiting) {
    const ticketTypeId = Number(person.ticket_type_id);
    if (!free.has(ticketTypeId)) {
      const counts = await placeCounts(tx, ticketTypeId, eventId, at);
      free.set(ticketTypeId, counts.quota - counts.ticketTaken);
      caps.set(ticketTypeId, await capState(tx, ticketTypeId, at));
      eventFree ??= counts.capacity - counts.eventTaken;
    }
    if (eventFree! <= 0) break;
    if (free.get(ticketTypeId)! <= 0) continue;
    const capPerson = { councilName: person.council_name, email: person.email, supplier: !!Number(person.supplier_declared) };
    if (!capAllows(caps.get(ticketTypeId)!, capPerson)) continue;
    await makeOffer(tx, Number(person.id), event, now);
    noteTaken(caps.get(ticketTypeId)!, capPerson);
    free.set(ticketTypeId, free.get(ticketTypeId)! - 1);
    eventFree! -= 1;
    offered += 1;
  }
  return offered;
}

export async function makeOffer(tx: Executor, registrationId: number, event: EventRecord, now: Date) {
  const registration = (await loadRegistration(tx, registrationId))!;
  const at = nowIso(now);
  const verifyToken = newToken();
  const expiresAt = nowIso(addMinutes(now, offerHours(event) * 60));
  await setStatus(tx, registration.id, registration.status, "offered", at, { offer_expires_at: expiresAt, verify_token_hash: hashToken(verifyToken) });
  const manageToken = await manageTokenFor(tx, registration.id);
  const approved = registration.status === "pending-approval";
  const email = offerEmail(event, { name: registration.name, ticketTypeName: registration.ticketTypeName, approved, verifyToken, expiresAt, manageToken });
  await queueEmail(tx, { eventId: event.id, to: registration.email, ...email }, now);
}

/**
 * The periodic job: expires unverified holds and unclaimed offers whose time has run out, then
 * offers the freed places (and any others, e.g. after a quota was raised) to the waiting list.
 */
export async function expireAndOfferPlaces(now = new Date()): Promise<{ expired: number; offered: number }> {
  const at = nowIso(now);
  const due = rowsOf<{ id: number; event_id: number }>(
    await query({
      sql: `SELECT id, event_id FROM registrations WHERE (status = 'held' AND hold_expires_at <= ?) OR (status = 'offered' AND offer_expires_at <= ?)`,
      args: [at, at],
    }),
  );
  const waitingEvents = rowsOf<{ event_id: number }>(await query("SELECT DISTINCT event_id FROM registrations WHERE status = 'waiting'"));
  const eventIds = new Set([...due.map((d) => Number(d.event_id)), ...waitingEvents.map((w) => Number(w.event_id))]);
  let expired = 0;
  let offered = 0;
  for (const eventId of eventIds) {
    const result = await writeTransaction(async (tx) => {
      let count = 0;
      for (const item of due.filter((d) => Number(d.event_id) === eventId)) {
        const registration = await loadRegistration(tx, Number(item.id));
        // Re-checked inside the transaction: it may have been confirmed meanwhile.
        if (!registration) continue;
        const deadline = registration.status === "held" ? registration.holdExpiresAt : registration.status === "offered" ? registration.offerExpiresAt : null;
        if (!deadline || deadline > at) continue;
        await expireOne(tx, registration, now);
        count += 1;
      }
      return { expired: count, offered: await offerFreePlaces(tx, eventId, now) };
    });
    expired += result.expired;
    offered += result.offered;
  }
  return { expired, offered };
}
