import { nowIso, query, rowsOf } from "../platform";
import type { EventRecord } from "../events";
import { turnoutReport, type TurnoutRow } from "~/domain/turnout";

/**
 * Turnout figures (issue 16), read from registrations: statuses, ticket types, council names and
 * check-ins survive the retention job, so the counts do too.
 */
async function turnoutRows(eventId: number): Promise<TurnoutRow[]> {
  return rowsOf<{ ticket_type_name: string; council_name: string | null; status: string; checked_in_at: string | null; confirmed_at: string | null; cancelled_at: string | null }>(
    await query({
      sql: `SELECT t.name AS ticket_type_name, r.council_name, r.status, r.checked_in_at, r.confirmed_at, r.cancelled_at
            FROM registrations r JOIN ticket_types t ON t.id = r.ticket_type_id WHERE r.event_id = ? AND r.status IN ('confirmed', 'cancelled')`,
      args: [eventId],
    }),
  ).map((r) => ({
    ticketTypeName: r.ticket_type_name,
    councilName: r.council_name,
    status: r.status,
    checkedIn: !!r.checked_in_at,
    hadPlace: !!r.confirmed_at,
    cancelledAt: r.cancelled_at,
  }));
}

/** The report, with how many people standby seated (their names are forgotten; the count is not). */
export async function eventTurnout(event: EventRecord) {
  const [rows, seated] = await Promise.all([
    turnoutRows(event.id),
    query({ sql: "SELECT COUNT(*) AS n FROM standby_entries WHERE event_id = ? AND status = 'seated'", args: [event.id] }),
  ]);
  return { ...turnoutReport(rows, event.startsAt), standbySeated: Number(seated.rows[0].n) };
}

/**
 * Turnout (checked in / holding a place) of the other events this organiser organises that have
 * ended and have at least one check-in: the basis of the suggested margin.
 */
export async function pastTurnouts(organiserEmail: string, exceptEventId: number, now = new Date()): Promise<number[]> {
  const rows = rowsOf<{ holding: number; checked_in: number }>(
    await query({
      sql: `SELECT SUM(r.status = 'confirmed') AS holding, SUM(r.status = 'confirmed' AND r.checked_in_at IS NOT NULL) AS checked_in
            FROM events e JOIN event_organisers o ON o.event_id = e.id JOIN registrations r ON r.event_id = e.id
            WHERE o.email = ? AND e.id <> ? AND e.ends_at <= ?
            GROUP BY e.id HAVING checked_in > 0 ORDER BY e.starts_at`,
      args: [organiserEmail, exceptEventId, nowIso(now)],
    }),
  );
  return rows.map((r) => Number(r.checked_in) / Number(r.holding));
}
