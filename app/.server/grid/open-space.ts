import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, notFound, query, rowsOf, writeTransaction } from "../platform";
import { loadSchedule, scheduleAttendance } from "../schedule";
import { formatDate, formatTime } from "~/domain/time";
import { slotDatesMatter } from "~/domain/event-day";
import { openSpaceCells, type OpenSpaceGrid } from "./open-space-rule";

/**
 * Open Space self-placement (issue 17): an event setting, off by default, that lets the hosts
 * of an open pitch put it in a free cell of the grid themselves, move it, or take it back off,
 * while it is not pinned. The change itself goes through the grid's one history
 * (placeOwnSession in grid.ts); this file holds the setting, who may, and the cells offered.
 */
type Executor = Pick<Transaction, "execute">;

export async function openSpaceEnabled(eventId: number): Promise<boolean> {
  const row = firstRow<{ open_space: number }>(await query({ sql: "SELECT open_space FROM events WHERE id = ?", args: [eventId] }));
  return !!Number(row?.open_space ?? 0);
}

export async function setOpenSpace(eventId: number, enabled: boolean): Promise<void> {
  await writeTransaction(async (tx) => {
    // The live organiser grid and hosts' pages read the setting: schedule_changed_at is not
    // touched (the public schedule does not change), grid_version is not either.
    await tx.execute({ sql: "UPDATE events SET open_space = ? WHERE id = ?", args: [enabled ? 1 : 0, eventId] });
  });
}

/**
 * The sessions a person may place themselves, for their private page: with the event's Open Space
 * setting on and a confirmed place, the open pitches they host or co-host (the rule
 * requireOwnOpenSession applies when they choose), each with whether it is on the grid now and
 * pinned there by an organiser. Empty when the setting is off.
 */
export async function ownOpenSessions(eventId: number, registrationId: number): Promise<{ pitchId: number; title: string; placed: boolean; pinned: boolean }[]> {
  const rows = rowsOf<{ id: number; title: string; placed: number; pinned: number | null }>(
    await query({
      sql: `SELECT p.id, p.title, pl.pitch_id IS NOT NULL AS placed, pl.pinned
            FROM events e
            JOIN registrations r ON r.event_id = e.id AND r.id = ? AND r.status = 'confirmed'
            JOIN pitch_hosts h ON h.registration_id = r.id AND h.role IN ('host', 'co-host')
            JOIN pitches p ON p.id = h.pitch_id AND p.event_id = e.id AND p.status = 'open'
            LEFT JOIN placements pl ON pl.pitch_id = p.id
            WHERE e.id = ? AND e.open_space = 1
            ORDER BY p.id`,
      args: [registrationId, eventId],
    }),
  );
  return rows.map((r) => ({ pitchId: Number(r.id), title: r.title, placed: !!Number(r.placed), pinned: !!Number(r.pinned ?? 0) }));
}

const FORBIDDEN_OFF = "Hosts cannot place their own sessions at this event: the organisers place them on the grid.";

type OwnSession = { pitchId: number; title: string; placement: { roomId: number; slotId: number; pinned: boolean } | null };

/**
 * Who may place a session themselves: with the event's Open Space setting on, a host or
 * accepted co-host with a confirmed place, of an open pitch of this event. Read in the caller's
 * transaction, so a setting switched off or a host removed meanwhile refuses the change.
 */
export async function requireOwnOpenSession(db: Executor, eventId: number, registrationId: number, pitchId: number): Promise<OwnSession> {
  const row = firstRow<{ open_space: number; title: string | null; status: string | null; role: string | null; reg_status: string | null; room_id: number | null; slot_id: number | null; pinned: number | null }>(
    await db.execute({
      sql: `SELECT e.open_space, p.title, p.status, h.role, r.status AS reg_status, pl.room_id, pl.slot_id, pl.pinned
            FROM events e
            LEFT JOIN pitches p ON p.id = ? AND p.event_id = e.id
            LEFT JOIN pitch_hosts h ON h.pitch_id = p.id AND h.registration_id = ?
            LEFT JOIN registrations r ON r.id = ? AND r.event_id = e.id
            LEFT JOIN placements pl ON pl.pitch_id = p.id
            WHERE e.id = ?`,
      args: [pitchId, registrationId, registrationId, eventId],
    }),
  );
  if (!row || row.title === null) throw notFound("Pitch");
  if (!Number(row.open_space)) throw new DomainError("forbidden", FORBIDDEN_OFF);
  if ((row.role !== "host" && row.role !== "co-host") || row.reg_status !== "confirmed") {
    throw new DomainError("forbidden", "Only the people hosting this session can choose where it goes.");
  }
  if (row.status !== "open") throw new DomainError("conflict", `“${row.title}” is no longer open, so it cannot go on the grid.`);
  return {
    pitchId,
    title: row.title,
    placement: row.room_id === null ? null : { roomId: Number(row.room_id), slotId: Number(row.slot_id), pinned: !!Number(row.pinned) },
  };
}

type Named = { names: { rooms: Map<number, string>; slots: Map<number, string> } };

/** The grid as the Open Space rule sees it: rooms, session slots, closed cells, open sessions with expected attendance. */
export async function loadOpenSpaceGrid(eventId: number): Promise<(OpenSpaceGrid & Named) | null> {
  const schedule = await loadSchedule(eventId);
  if (!schedule) return null;
  const closed = rowsOf<{ room_id: number; slot_id: number }>(
    await query({ sql: "SELECT c.room_id, c.slot_id FROM closed_cells c JOIN rooms r ON r.id = c.room_id WHERE r.event_id = ?", args: [eventId] }),
  );
  const tz = schedule.event.timeZone;
  const withDates = slotDatesMatter(schedule.slots, schedule.event, tz);
  const sessionSlots = schedule.slots.filter((s) => s.kind === "session");
  const slotNames = Object.fromEntries(sessionSlots.map((s) => [s.id, withDates ? `${formatTime(s.startsAt, tz)} on ${formatDate(s.startsAt, tz)}` : formatTime(s.startsAt, tz)]));
  const attendance = scheduleAttendance(schedule);
  return {
    rooms: schedule.rooms,
    sessionSlotIds: sessionSlots.map((s) => s.id),
    closedCells: closed.map((c) => `${Number(c.room_id)}:${Number(c.slot_id)}`),
    sessions: schedule.sessions.filter((s) => s.status === "open").map((s) => ({ ...s, expected: attendance.expected.get(s.pitchId) })),
    slotNames,
    names: { rooms: new Map(schedule.rooms.map((r) => [r.id, r.name])), slots: new Map(Object.entries(slotNames).map(([id, name]) => [Number(id), name])) },
  };
}

type OpenSpaceChoice = {
  session: OwnSession;
  /** Where it is now, in words, or null. */
  where: string | null;
  /** The cells the host may choose, with their names ("Hall at 10:30am"). */
  cells: { roomId: number; slotId: number; room: string; time: string }[];
  published: boolean;
};

/** What a host's "Choose where and when" page shows: their session, where it is, and every free cell. */
export async function openSpaceChoice(eventId: number, registrationId: number, pitchId: number): Promise<OpenSpaceChoice> {
  const db = { execute: query } as Executor;
  const session = await requireOwnOpenSession(db, eventId, registrationId, pitchId);
  const grid = await loadOpenSpaceGrid(eventId);
  if (!grid) throw notFound("Event");
  const published = !!firstRow<{ p: string | null }>(await query({ sql: "SELECT grid_published_at AS p FROM events WHERE id = ?", args: [eventId] }))?.p;
  const name = (roomId: number, slotId: number) => ({ room: grid.names.rooms.get(roomId) ?? "", time: grid.names.slots.get(slotId) ?? "" });
  const where = session.placement ? `${name(session.placement.roomId, session.placement.slotId).room} at ${name(session.placement.roomId, session.placement.slotId).time}` : null;
  return {
    session,
    where,
    cells: openSpaceCells(grid, pitchId).map((c) => ({ ...c, ...name(c.roomId, c.slotId) })),
    published,
  };
}

/**
 * Who made a grid change, for the history and "Changed by": the organiser's address, or for a
 * host's change their name and "(host)" ("a host" once they are erased). Use with
 * `FROM grid_changes g LEFT JOIN registrations hr ON hr.id = g.by_host_registration_id`.
 */
export const GRID_CHANGE_WHO = `CASE WHEN g.by_host_registration_id IS NULL THEN g.organiser_email
  WHEN hr.name IS NULL OR hr.status IN ('erased', 'anonymised') THEN g.organiser_email
  ELSE hr.name || ' (host)' END`;
export const GRID_CHANGE_FROM = "FROM grid_changes g LEFT JOIN registrations hr ON hr.id = g.by_host_registration_id";
