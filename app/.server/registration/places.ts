import { env, firstRow, nowIso, query, rowsOf } from "../platform";
import { canTransition, freePlaces, type RegistrationStatus } from "~/domain/registration-rules";
import { allocatedCapacity, allocatedQuota } from "~/domain/capacity";
import type { Executor } from "./records";

/** Counting places (a confirmed place or an open offer takes one; an unverified registration never does) and moving a registration between statuses. */

/** The site's usual windows, for events that leave theirs blank. */
export function siteWindowDefaults() {
  return { holdMinutes: env().HOLD_MINUTES, offerHours: env().OFFER_HOURS };
}

/**
 * How long the emailed confirmation link of a new registration works at this event. (The name
 * is historical: an unverified registration holds no place.)
 */
export function holdMinutes(event: { holdMinutes: number | null }) {
  return event.holdMinutes ?? env().HOLD_MINUTES;
}

/** How long a waiting-list offer stays open at this event. */
export function offerHours(event: { offerHours: number | null }) {
  return event.offerHours ?? env().OFFER_HOURS;
}

// A place is taken by a confirmed registration or an open offer; never by an unverified one.
const TAKEN = `(status = 'confirmed' OR (status = 'offered' AND offer_expires_at > :now))`;

/**
 * The counts every allocation re-reads inside its write transaction. `quota` and `capacity` are
 * the places ALLOCATED (the venue's capacity and the ticket's quota plus the event's margin, if
 * any): what registration, offers and the draw may give out. `setQuota` and `venueCapacity` are
 * the numbers the organiser saved, for code that raises them.
 */
export async function placeCounts(tx: Executor, ticketTypeId: number, eventId: number, now: string) {
  const row = firstRow<{ quota: number; capacity: number; margin_percent: number | null; margin_places: number | null; ticket_taken: number; event_taken: number; waiting: number }>(
    await tx.execute({
      sql: `SELECT
              (SELECT quota FROM ticket_types WHERE id = :ticket) AS quota,
              (SELECT capacity FROM events WHERE id = :event) AS capacity,
              (SELECT margin_percent FROM events WHERE id = :event) AS margin_percent,
              (SELECT margin_places FROM events WHERE id = :event) AS margin_places,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = :ticket AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS ticket_taken,
              (SELECT COUNT(*) FROM registrations WHERE event_id = :event AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS event_taken,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = :ticket AND status = 'waiting') AS waiting`,
      args: { ticket: ticketTypeId, event: eventId, now },
    }),
  )!;
  const margin = marginOf(row);
  const venueCapacity = Number(row.capacity);
  const setQuota = Number(row.quota);
  return {
    quota: allocatedQuota(setQuota, venueCapacity, margin),
    capacity: allocatedCapacity(venueCapacity, margin),
    setQuota,
    venueCapacity,
    ticketTaken: Number(row.ticket_taken),
    eventTaken: Number(row.event_taken),
    waiting: Number(row.waiting),
  };
}

function marginOf(row: { margin_percent: number | null; margin_places: number | null }) {
  return { percent: row.margin_percent === null ? null : Number(row.margin_percent), places: row.margin_places === null ? null : Number(row.margin_places) };
}

type TicketAvailability = { ticketTypeId: number; quota: number; taken: number; placesLeft: number; waiting: number };

/** Places left (within the allocated places) and waiting-list length per ticket type, for the public pages. */
export async function ticketAvailability(eventId: number, now = new Date()): Promise<Map<number, TicketAvailability>> {
  const at = nowIso(now);
  const rows = rowsOf<{ id: number; quota: number; taken: number; waiting: number; capacity: number; margin_percent: number | null; margin_places: number | null; event_taken: number }>(
    await query({
      sql: `SELECT t.id, t.quota,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = t.id AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS taken,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = t.id AND status IN ('waiting', 'lottery-entered')) AS waiting,
              e.capacity, e.margin_percent, e.margin_places,
              (SELECT COUNT(*) FROM registrations WHERE event_id = e.id AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS event_taken
            FROM ticket_types t JOIN events e ON e.id = t.event_id WHERE t.event_id = :event`,
      args: { event: eventId, now: at },
    }),
  );
  return new Map(
    rows.map((r) => {
      const margin = marginOf(r);
      const quota = allocatedQuota(Number(r.quota), Number(r.capacity), margin);
      return [
        Number(r.id),
        {
          ticketTypeId: Number(r.id),
          quota,
          taken: Number(r.taken),
          placesLeft: freePlaces({ quota, ticketTaken: Number(r.taken), capacity: allocatedCapacity(Number(r.capacity), margin), eventTaken: Number(r.event_taken) }),
          waiting: Number(r.waiting),
        },
      ];
    }),
  );
}

type StatusColumns = Partial<Record<"cancelled_at" | "waiting_since" | "offer_expires_at" | "verify_token_hash", string | null>>;

/** Moves a registration between statuses, refusing any change the rules do not allow. */
export async function setStatus(tx: Executor, id: number, from: RegistrationStatus, to: RegistrationStatus, at: string, columns: StatusColumns = {}) {
  if (!canTransition(from, to)) throw new Error(`A registration cannot go from ${from} to ${to}`);
  const names = Object.keys(columns);
  const result = await tx.execute({
    sql: `UPDATE registrations SET status = ?, updated_at = ?${names.map((name) => `, ${name} = ?`).join("")} WHERE id = ? AND status = ?`,
    args: [to, at, ...Object.values(columns), id, from],
  });
  if (result.rowsAffected !== 1) throw new Error(`Registration ${id} was not ${from}`);
}
