import { createHash } from "node:crypto";
import { env, firstRow, notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { applyGridSuggestion, GridChangeRefused } from "./grid";
import { isLargeRoom, largeRoomThreshold } from "./warnings";
import { type Assignment, gridViolations, type Instance, isInfeasible, optimiseInWorker, type OptimiseResult, type Score, scoreGrid } from "../optimiser";
import { loadSchedule, scheduleAttendance } from "../schedule";
import { formatDate, formatTime } from "~/domain/time";

/**
 * "Suggest a grid" for an event: the optimiser's instance built from the database, the
 * proposal shown to the organiser (what moves where, score before and after), and applying it
 * as one undoable grid change.
 *
 * The optimiser runs only when an organiser asks (requestSuggestion), in a worker thread
 * (optimiser-thread.ts), never on a page view. Its answer is kept in grid_suggestions, one row
 * per event, for the grid version and the input it was made for, so any app process can show
 * it (latestSuggestion) until the grid or the input changes. Requests in one process for the
 * same event, version and input while a search runs wait for that search rather than start
 * another.
 */

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
    query({ sql: "SELECT c.room_id, c.slot_id FROM closed_cells c JOIN rooms r ON r.id = c.room_id WHERE r.event_id = ? ORDER BY c.room_id, c.slot_id", args: [eventId] }),
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
  // Room sizes are judged by expected attendance (show of hands, marks x show-up ratio).
  const { expected } = scheduleAttendance(schedule);
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
        features: [r.stepFree ? "step-free" : null, r.hasScreen ? "screen" : null, isLargeRoom(r, largeFrom) ? "large-room" : null].filter((f): f is string => f !== null),
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
          expected: expected.get(s.pitchId) ?? 0,
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

type SuggestOptions = {
  /** How long the search may run (SUGGESTION_TIME_LIMIT_MS by default). */
  timeLimitMs?: number;
  seed?: number;
  /** When a worker that has not answered is stopped (SUGGESTION_TIMEOUT_MS by default). */
  timeoutMs?: number;
};

async function requireInstance(eventId: number): Promise<GridInstance> {
  const built = await buildGridInstance(eventId);
  if (!built) throw notFound("Event");
  return built;
}

const isEmpty = (instance: Instance) => instance.rooms.length === 0 || instance.slots.length === 0 || instance.sessions.length === 0;

/** Identifies the optimiser's input: a stored answer is shown only for exactly this input. */
function fingerprint(instance: Instance): string {
  return createHash("sha256").update(JSON.stringify(instance)).digest("base64url");
}

/** The optimiser's answer as the organiser sees it: titles and cell names as they are now. */
function present(built: GridInstance, result: OptimiseResult): GridSuggestion {
  const { instance, version } = built;
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

function runOptimiser(eventId: number, built: GridInstance, options: SuggestOptions): Promise<OptimiseResult> {
  const timeLimitMs = options.timeLimitMs ?? env().SUGGESTION_TIME_LIMIT_MS;
  return optimiseInWorker(built.instance, { timeLimitMs, seed: options.seed ?? eventId }, options.timeoutMs ?? env().SUGGESTION_TIMEOUT_MS);
}

/** Runs the optimiser (in a worker thread) on the event as it is now. No change is made and nothing is kept. */
export async function suggestGrid(eventId: number, options: SuggestOptions = {}): Promise<GridSuggestion> {
  const built = await requireInstance(eventId);
  if (isEmpty(built.instance)) return { kind: "empty", version: built.version };
  return present(built, await runOptimiser(eventId, built, options));
}

async function storedResult(eventId: number, version: number, print: string): Promise<OptimiseResult | null> {
  const row = firstRow<{ result: string }>(
    await query({ sql: "SELECT result FROM grid_suggestions WHERE event_id = ? AND grid_version = ? AND fingerprint = ?", args: [eventId, version, print] }),
  );
  return row ? (JSON.parse(row.result) as OptimiseResult) : null;
}

/**
 * The suggestion last made for the event's grid as it is now, without running anything: null
 * when there is none (never asked, or the grid or its input changed since).
 */
export async function latestSuggestion(eventId: number): Promise<GridSuggestion | null> {
  const built = await requireInstance(eventId);
  if (isEmpty(built.instance)) return { kind: "empty", version: built.version };
  const result = await storedResult(eventId, built.version, fingerprint(built.instance));
  return result ? present(built, result) : null;
}

/** Searches running in this process, by event, grid version and input. */
const inFlight = new Map<string, Promise<OptimiseResult>>();

/**
 * The organiser asked for a suggestion: the one already made for the grid as it is now, else
 * the one being made for it in this process, else a new search in a worker thread, kept for
 * latestSuggestion. A search that does not answer within the timeout rejects with
 * OptimiserTimeout (and nothing is kept).
 */
export async function requestSuggestion(eventId: number, options: SuggestOptions = {}): Promise<GridSuggestion> {
  const built = await requireInstance(eventId);
  if (isEmpty(built.instance)) return { kind: "empty", version: built.version };
  const print = fingerprint(built.instance);
  const key = `${eventId}:${built.version}:${print}`;
  const running = inFlight.get(key);
  if (running) return present(built, await running);
  const stored = await storedResult(eventId, built.version, print);
  if (stored) return present(built, stored);
  let flight = inFlight.get(key);
  if (!flight) {
    flight = (async () => {
      const started = performance.now();
      console.info(`Suggest a grid: event ${eventId}, grid version ${built.version}: started`);
      try {
        const result = await runOptimiser(eventId, built, options);
        const durationMs = Math.round(performance.now() - started);
        console.info(`Suggest a grid: event ${eventId}, grid version ${built.version}: done in ${durationMs} ms`);
        await writeTransaction(async (tx) => {
          await tx.execute({
            sql: `INSERT INTO grid_suggestions (event_id, grid_version, fingerprint, result, duration_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)
                  ON CONFLICT (event_id) DO UPDATE SET grid_version = excluded.grid_version, fingerprint = excluded.fingerprint, result = excluded.result,
                  duration_ms = excluded.duration_ms, created_at = excluded.created_at`,
            args: [eventId, built.version, print, JSON.stringify(result), durationMs, nowIso()],
          });
        });
        return result;
      } catch (error) {
        console.error(`Suggest a grid: event ${eventId}, grid version ${built.version}: failed after ${Math.round(performance.now() - started)} ms:`, error instanceof Error ? error.message : error);
        throw error;
      }
    })();
    inFlight.set(key, flight);
    const done = () => inFlight.delete(key);
    flight.then(done, done);
  }
  return present(built, await flight);
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
  const built = await requireInstance(eventId);
  if (built.version !== expectedVersion) {
    throw new GridChangeRefused("Someone changed the grid since this suggestion was made, so it was not applied. Ask for a new suggestion for the grid as it is now.", "stale");
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
