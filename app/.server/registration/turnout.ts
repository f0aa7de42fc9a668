import { nowIso, query, rowsOf } from "../platform";
import type { EventRecord } from "../events";
import { turnoutReport, type TurnoutCounts, type TurnoutRow } from "~/domain/turnout";
import type { Executor } from "./records";

/**
 * Turnout figures (issue 16), read from registrations: statuses, ticket types, council names and
 * check-ins survive the retention job, so the counts do too.
 */
async function turnoutRows(db: Executor | null, eventId: number): Promise<TurnoutRow[]> {
  const statement = {
    sql: `SELECT t.name AS ticket_type_name, r.council_name, r.organisation, r.status, r.checked_in_at, r.confirmed_at, r.cancelled_at
          FROM registrations r JOIN ticket_types t ON t.id = r.ticket_type_id WHERE r.event_id = ? AND r.status IN ('confirmed', 'cancelled')`,
    args: [eventId],
  };
  return rowsOf<{ ticket_type_name: string; council_name: string | null; organisation: string; status: string; checked_in_at: string | null; confirmed_at: string | null; cancelled_at: string | null }>(
    db ? await db.execute(statement) : await query(statement),
  ).map((r) => ({
    ticketTypeName: r.ticket_type_name,
    councilName: r.council_name,
    organisation: r.organisation,
    status: r.status,
    checkedIn: !!r.checked_in_at,
    hadPlace: !!r.confirmed_at,
    cancelledAt: r.cancelled_at,
  }));
}

/**
 * Keeps the counts per organisation before the retention job blanks organisations (names and
 * emails go; these counts do not). Runs in the retention job's transaction, once per event: a
 * later run, after organisations are blank, finds the counts already kept and leaves them.
 */
export async function keepOrganisationTurnout(tx: Executor, eventId: number) {
  const kept = await tx.execute({ sql: "SELECT 1 FROM turnout_organisations WHERE event_id = ? LIMIT 1", args: [eventId] });
  if (kept.rows.length > 0) return;
  const event = await tx.execute({ sql: "SELECT starts_at FROM events WHERE id = ?", args: [eventId] });
  const { byOrganisation } = turnoutReport(await turnoutRows(tx, eventId), String(event.rows[0].starts_at));
  for (const r of byOrganisation) {
    await tx.execute({
      sql: "INSERT INTO turnout_organisations (event_id, organisation, holding, checked_in, no_shows, late_cancellations) VALUES (?, ?, ?, ?, ?, ?)",
      args: [eventId, r.name, r.holding, r.checkedIn, r.noShows, r.lateCancellations],
    });
  }
}

/** The counts per organisation kept by the retention job, or null when it has not run. */
async function keptOrganisationTurnout(eventId: number): Promise<({ name: string } & TurnoutCounts)[] | null> {
  const rows = rowsOf<{ organisation: string; holding: number; checked_in: number; no_shows: number; late_cancellations: number }>(
    await query({ sql: "SELECT organisation, holding, checked_in, no_shows, late_cancellations FROM turnout_organisations WHERE event_id = ? ORDER BY holding DESC, organisation", args: [eventId] }),
  );
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    name: r.organisation,
    holding: Number(r.holding),
    checkedIn: Number(r.checked_in),
    noShows: Number(r.no_shows),
    lateCancellations: Number(r.late_cancellations),
    turnout: Number(r.holding) > 0 ? Number(r.checked_in) / Number(r.holding) : null,
  }));
}

/** The report, with how many people standby seated (their names are forgotten; the count is not). */
export async function eventTurnout(event: EventRecord) {
  const [rows, seated, keptByOrganisation] = await Promise.all([
    turnoutRows(null, event.id),
    query({ sql: "SELECT COUNT(*) AS n FROM standby_entries WHERE event_id = ? AND status = 'seated'", args: [event.id] }),
    keptOrganisationTurnout(event.id),
  ]);
  const report = turnoutReport(rows, event.startsAt);
  // After the retention job, organisations are blank: the counts it kept stand in for them.
  return { ...report, byOrganisation: keptByOrganisation ?? report.byOrganisation, standbySeated: Number(seated.rows[0].n) };
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
            WHERE o.email = ? AND o.role = 'organiser' AND e.id <> ? AND e.ends_at <= ?
            GROUP BY e.id HAVING checked_in > 0 ORDER BY e.starts_at`,
      args: [organiserEmail, exceptEventId, nowIso(now)],
    }),
  );
  return rows.map((r) => Number(r.checked_in) / Number(r.holding));
}
