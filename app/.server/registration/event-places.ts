import { firstRow, forgetWhenDatabaseChanges, nowIso, query } from "../platform";
import { listTicketTypes, type TicketType } from "../events";
import { lotterySettings } from "./lottery";
import { ticketAvailability } from "./places";

/**
 * What the public event page shows of each ticket type (its places, waiting list and lottery),
 * counted once per change instead of on every request. The event's places_version counter moves
 * in the transaction of every change these counts depend on (triggers of migration 0023: a
 * registration that holds or waits for a place, a ticket type, the event's capacity), so each
 * request reads that one column, and counts again only when it moved, or when time alone changes
 * the answer (an offer lapses, a ticket type opens or closes). Kept per process; every process
 * reads the same counter, so none answers with counts older than the last committed change.
 */
type EventPlaces = { tickets: TicketType[]; availability: Awaited<ReturnType<typeof ticketAvailability>>; lotteries: Awaited<ReturnType<typeof lotterySettings>> };
type Kept = { version: number; validUntil: string | null; places: EventPlaces };

const kept = new Map<number, Kept>();
forgetWhenDatabaseChanges(() => kept.clear());
const KEPT_EVENTS = 200;

export async function eventPlaces(eventId: number, now = new Date()): Promise<EventPlaces> {
  const at = nowIso(now);
  const row = firstRow<{ places_version: number }>(await query({ sql: "SELECT places_version FROM events WHERE id = ?", args: [eventId] }));
  const version = Number(row?.places_version ?? 0);
  const hit = kept.get(eventId);
  if (hit && hit.version === version && (hit.validUntil === null || at < hit.validUntil)) return hit.places;
  // Read after the counter: a change committed in between makes what is kept newer than its
  // key, and the next request, seeing the counter moved, counts again.
  const [tickets, availability, lotteries, expiry] = await Promise.all([
    listTicketTypes(eventId),
    ticketAvailability(eventId, now),
    lotterySettings(eventId),
    query({ sql: "SELECT MIN(offer_expires_at) AS next FROM registrations WHERE event_id = ? AND status = 'offered' AND offer_expires_at > ?", args: [eventId, at] }),
  ]);
  const nextExpiry = firstRow<{ next: string | null }>(expiry)?.next ?? null;
  // The first moment the counts or a ticket's window change with no write: an offer lapses,
  // registration opens or closes.
  const moments = [nextExpiry, ...tickets.flatMap((t) => [t.opensAt, t.closesAt])].filter((m): m is string => m !== null && m > at).sort();
  const places = { tickets, availability, lotteries };
  kept.delete(eventId);
  if (kept.size >= KEPT_EVENTS) kept.delete(kept.keys().next().value!);
  kept.set(eventId, { version, validUntil: moments[0] ?? null, places });
  return places;
}
