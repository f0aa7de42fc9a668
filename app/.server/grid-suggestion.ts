import { query, rowsOf } from "./db";
import { applyGridSuggestion, GridChangeRefused } from "./grid";
import { largeRoomThreshold } from "./grid-warnings";
import { gridViolations, isInfeasible, optimise, scoreGrid, type Assignment, type Instance, type Score } from "./optimiser";
import { loadSchedule } from "./schedule";
import { formatDate, formatTime } from "~/utils/time";

/**
 * "Suggest a grid" for an event: the optimiser's instance built from the database, the
 * proposal shown to the organiser (what moves where, score before and after), and applying it
 * as one undoable grid change.
 */

/** How long the organiser waits for a suggestion. */
const SUGGESTION_TIME_LIMIT_MS = 2000;

type GridInstance = {
  instance: Instance;
  version: number;
  titles: Map<number, string>;
  /** "Hall at 10:30am", by room and slot id. */
  cellName: (roomId: number, slotId: number) => string;
};

/**
 * The event's open sessions, session slots, rooms and closed cells as an optimiser instance.
 * Rooms get the features sessions can need: "step-free", "screen", and "large-room" for the
 * biggest third of rooms (the same rule as the grid's warnings), so every need is a hard rule.
 */
export async function buildGridInstance(eventId: number): Promise<GridInstance | null> {
  const schedule = await loadSchedule(eventId);
  if (!schedule) return null;
  const [closed, marks] = await Promise.all([
    query({ sql: "SELECT c.room_id, c.slot_id FROM closed_cells c JOIN rooms r ON r.id = c.room_id WHERE r.event_id = ?", args: [eventId] }),
    query({
      sql: "SELECT i.pitch_id, i.registration_id FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE p.event_id = ? AND p.status = 'open' ORDER BY i.pitch_id, i.registration_id",
      args: [eventId],
    }),
  ]);
  const slots = schedule.slots.filter((s) => s.kind === "session");
  const slotIds = new Set(slots.map((s) => s.id));
  const roomIds = new Set(schedule.rooms.map((r) => r.id));
  const inGrid = (roomId: number | null, slotId: number | null) => roomId !== null && slotId !== null && roomIds.has(roomId) && slotIds.has(slotId);
  const interested = new Map<number, number[]>();
  for (const m of rowsOf<{ pitch_id: number; registration_id: number }>(marks)) {
    const list = interested.get(Number(m.pitch_id)) ?? [];
    list.push(Number(m.registration_id));
    interested.set(Number(m.pitch_id), list);
  }
  const largeFrom = largeRoomThreshold(schedule.rooms);
  const open = schedule.sessions.filter((s) => s.status === "open");
  const tz = schedule.event.timeZone;
  const multiDay = new Set(slots.map((s) => formatDate(s.startsAt, tz))).size > 1;
  const roomNames = new Map(schedule.rooms.map((r) => [r.id, r.name]));
  const slotTimes = new Map(slots.map((s) => [s.id, multiDay ? `${formatTime(s.startsAt, tz)} on ${formatDate(s.startsAt, tz)}` : formatTime(s.startsAt, tz)]));
  return {
    version: schedule.gridVersion,
    titles: new Map(open.map((s) => [s.pitchId, s.title])),
    cellName: (roomId, slotId) => `${roomNames.get(roomId) ?? `Room ${roomId}`} at ${slotTimes.get(slotId) ?? `slot ${slotId}`}`,
    instance: {
      rooms: schedule.rooms.map((r) => ({
        id: r.id,
        capacity: r.capacity,
        features: [r.stepFree ? "step-free" : null, r.hasScreen ? "screen" : null, r.capacity >= largeFrom ? "large-room" : null].filter((f): f is string => f !== null),
      })),
      slots: slots.map((s) => ({ id: s.id })),
      closed: rowsOf<{ room_id: number; slot_id: number }>(closed)
        .map((c) => ({ room: Number(c.room_id), slot: Number(c.slot_id) }))
        .filter((c) => slotIds.has(c.slot)),
      sessions: open.map((s) => {
        const cell = inGrid(s.roomId, s.slotId) ? { room: s.roomId!, slot: s.slotId! } : null;
        return {
          id: s.pitchId,
          hosts: s.hosts.filter((h) => h.role === "host" || h.role === "co-host").map((h) => h.registrationId),
          interested: interested.get(s.pitchId) ?? [],
          needs: s.needs,
          // An avoid-time for a slot since deleted (or a break) cannot matter.
          avoidSlots: s.avoidSlotIds.filter((id) => slotIds.has(id)),
          pinned: s.pinned ? cell : null,
          current: cell,
        };
      }),
    },
  };
}

type GridMove = { pitchId: number; title: string; from: string | null; to: string | null };
type GridSuggestion =
  | { kind: "empty"; version: number }
  | { kind: "infeasible"; version: number; reason: string }
  | {
      kind: "suggestion";
      version: number;
      before: Score;
      after: Score;
      /** Sessions whose cell changes, placed ones first in the order of the grid. */
      moves: GridMove[];
      assignments: { pitchId: number; roomId: number; slotId: number }[];
      unscheduled: { pitchId: number; title: string }[];
    };

const currentGrid = (instance: Instance): Assignment[] =>
  instance.sessions.flatMap((s) => (s.current ? [{ session: s.id, room: s.current.room, slot: s.current.slot }] : []));

/** What changes between the current grid and `assignments`, in words. */
function describeMoves(built: GridInstance, assignments: Assignment[]): GridMove[] {
  const after = new Map(assignments.map((a) => [Number(a.session), a]));
  const moves: GridMove[] = [];
  const name = (cell: { room: string | number; slot: string | number } | null | undefined) => (cell ? built.cellName(Number(cell.room), Number(cell.slot)) : null);
  for (const a of assignments) {
    const s = built.instance.sessions.find((x) => x.id === a.session)!;
    if (s.current && s.current.room === a.room && s.current.slot === a.slot) continue;
    moves.push({ pitchId: Number(s.id), title: built.titles.get(Number(s.id)) ?? `Session ${s.id}`, from: name(s.current), to: name(a) });
  }
  for (const s of built.instance.sessions) {
    if (s.current && !after.has(Number(s.id))) moves.push({ pitchId: Number(s.id), title: built.titles.get(Number(s.id)) ?? `Session ${s.id}`, from: name(s.current), to: null });
  }
  return moves;
}

/** Runs the optimiser on the event as it is now. No change is made. */
export async function suggestGrid(eventId: number, options: { timeLimitMs?: number; seed?: number } = {}): Promise<GridSuggestion> {
  const built = await buildGridInstance(eventId);
  if (!built) throw new Response("Event not found", { status: 404 });
  const { instance, version } = built;
  if (instance.rooms.length === 0 || instance.slots.length === 0 || instance.sessions.length === 0) return { kind: "empty", version };
  const result = optimise(instance, { timeLimitMs: options.timeLimitMs ?? SUGGESTION_TIME_LIMIT_MS, seed: options.seed ?? eventId });
  if (isInfeasible(result)) return { kind: "infeasible", version, reason: result.infeasible };
  return {
    kind: "suggestion",
    version,
    before: scoreGrid(instance, currentGrid(instance)),
    after: result.score,
    moves: describeMoves(built, result.assignments),
    assignments: result.assignments.map((a) => ({ pitchId: Number(a.session), roomId: Number(a.room), slotId: Number(a.slot) })),
    unscheduled: result.unscheduled.map((id) => ({ pitchId: Number(id), title: built.titles.get(Number(id)) ?? `Session ${id}` })),
  };
}

/**
 * Applies a suggestion the organiser has seen, as one undoable change. The grid must still be
 * the version the suggestion was made for, and the suggestion must keep every hard rule on the
 * grid as it is now (the form could have been altered): otherwise it is refused.
 */
export async function applySuggestedGrid(
  eventId: number,
  organiserEmail: string,
  expectedVersion: number,
  assignments: { pitchId: number; roomId: number; slotId: number }[],
  now = new Date(),
): Promise<{ version: number; moved: number }> {
  const built = await buildGridInstance(eventId);
  if (!built) throw new Response("Event not found", { status: 404 });
  if (built.version !== expectedVersion) {
    throw new GridChangeRefused("Someone changed the grid since this suggestion was made, so it was not applied. Here is a new suggestion for the grid as it is now.", "stale");
  }
  const proposal: Assignment[] = assignments.map((a) => ({ session: a.pitchId, room: a.roomId, slot: a.slotId }));
  const violations = gridViolations(built.instance, proposal);
  if (violations.length) throw new GridChangeRefused(`The suggestion breaks a rule of the grid, so it was not applied: ${violations[0]}`, "rule");
  const before = scoreGrid(built.instance, currentGrid(built.instance));
  const after = scoreGrid(built.instance, proposal);
  const moved = describeMoves(built, proposal).length;
  const description = `Applied a suggested grid: ${moved} ${moved === 1 ? "session" : "sessions"} moved, clashes ${before.clashes} to ${after.clashes}, score ${before.total} to ${after.total}`;
  const result = await applyGridSuggestion(eventId, organiserEmail, expectedVersion, assignments, description, now);
  return { version: result.version, moved };
}
