import { query, rowsOf } from "../platform";
import { utcToZoned, zonedToUtc } from "~/domain/time";

/**
 * Show of hands at the pitch station (issue 17): the pitches recorded at the station today (in
 * the event's time zone), newest first, each with its show of hands so far, so the volunteer who
 * recorded a pitch can enter the hands that went up without leaving the station. The count itself
 * is saved by setShowOfHands (session-counts.ts), as on the organiser's pitch page.
 */
type StationHandsRow = { id: number; title: string; hosts: string; showOfHands: number | null };

export async function stationShowsOfHands(event: { id: number; timeZone: string }, now = new Date(), limit = 30): Promise<StationHandsRow[]> {
  const today = zonedToUtc(utcToZoned(now, event.timeZone).date, "00:00", event.timeZone).toISOString();
  return rowsOf<{ id: number; title: string; hosts: string | null; show_of_hands: number | null }>(
    await query({
      sql: `SELECT p.id, p.title, c.show_of_hands,
                   (SELECT group_concat(r.name, ', ') FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id
                      WHERE h.pitch_id = p.id AND h.role = 'host' AND r.status <> 'erased') AS hosts
            FROM pitches p LEFT JOIN session_counts c ON c.pitch_id = p.id
            WHERE p.event_id = ? AND p.station_recorded_by IS NOT NULL AND p.status = 'open' AND p.created_at >= ?
            ORDER BY p.id DESC LIMIT ?`,
      args: [event.id, today, limit],
    }),
  ).map((r) => ({ id: Number(r.id), title: r.title, hosts: r.hosts ?? "", showOfHands: r.show_of_hands === null ? null : Number(r.show_of_hands) }));
}
