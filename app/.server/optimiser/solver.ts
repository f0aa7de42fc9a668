// Over 400 lines on purpose: one algorithm (a greedy start, then annealing with its moves and an
// incremental score) whose parts share private state; split, that state would have to be exported.
/**
 * "Suggest a grid": places sessions into (room, slot) cells so that people who marked several
 * sessions can go to them, sessions fit their rooms and a published grid moves as little as
 * possible. Pure: data in, data out, no database and no I/O, so the command line, the
 * benchmark and the organiser's page all run the same code.
 *
 * Hard rules (never broken in a returned grid): one session per cell; a host is never in two
 * sessions in one slot; pinned sessions stay in their cell; a session's needs are features of
 * its room; closed cells stay empty; a session is never placed in one of its hosts' avoid slots.
 *
 * Score (lower is better): clashes + overflow + 10 x moved + unscheduled penalty, where
 * - clashes: for each attendee and slot, their marked sessions in that slot beyond the first;
 * - overflow: for each placed session, its interest above its room's capacity (its `expected`
 *   attendance instead, when the instance gives one: see app/domain/attendance.ts);
 * - moved: sessions with a current cell that end up anywhere else (another cell, or off the grid);
 * - unscheduled: each session left off the grid costs its interest + 1.
 */

import { z } from "zod";

export type Id = string | number;
export type Cell = { room: Id; slot: Id };
export type InstanceRoom = { id: Id; capacity: number; features: string[] };
export type InstanceSession = {
  id: Id;
  hosts: Id[];
  interested: Id[];
  /**
   * Optional: how many people are expected (show of hands, marks x show-up ratio). Overflow is
   * counted from it when given, else from `interested`; clashes always come from `interested`.
   */
  expected?: number;
  needs: string[];
  avoidSlots: Id[];
  pinned: Cell | null;
  current: Cell | null;
};
export type Instance = {
  rooms: InstanceRoom[];
  slots: { id: Id }[];
  closed: Cell[];
  sessions: InstanceSession[];
};

export type Assignment = { session: Id; room: Id; slot: Id };
/** `moved` counts sessions; `unscheduled` is the penalty (sum of interest + 1), so total is the plain sum with moved x 10. */
export type Score = { total: number; clashes: number; overflow: number; moved: number; unscheduled: number };
export type Solution = { assignments: Assignment[]; unscheduled: Id[]; score: Score };
/** No grid can satisfy the hard rules (or the instance refers to things it does not define). */
type Infeasible = { infeasible: string; sessions: Id[] };
export type OptimiseResult = Solution | Infeasible;
export type OptimiseOptions = {
  timeLimitMs?: number;
  seed?: number;
  /** Search steps; by default sized from the time limit so that the search normally ends by itself well inside it. */
  maxSteps?: number;
  /** The clock the time limit is kept by, in milliseconds (performance.now); tests pass their own. */
  now?: () => number;
};

export const MOVE_WEIGHT = 10;

const id = z.union([z.string().min(1), z.number().int()]);
const cell = z.object({ room: id, slot: id }).strict();
/** The instance JSON (see the README), checked field by field before anything runs on it. */
export const instanceSchema = z
  .object({
    rooms: z.array(z.object({ id, capacity: z.number().int().min(0), features: z.array(z.string()) }).strict()),
    slots: z.array(z.object({ id }).strict()),
    closed: z.array(cell),
    sessions: z.array(
      z
        .object({
          id,
          hosts: z.array(id),
          interested: z.array(id),
          expected: z.number().int().min(0).optional(),
          needs: z.array(z.string()),
          avoidSlots: z.array(id),
          pinned: cell.nullable(),
          current: cell.nullable(),
        })
        .strict(),
    ),
  })
  .strict();

export function isInfeasible(result: OptimiseResult): result is Infeasible {
  return "infeasible" in result;
}

const key = (id: Id) => `${typeof id}:${id}`;

/**
 * Problems that make an instance meaningless rather than merely infeasible: duplicate ids and
 * references to rooms or slots that are not in the instance. Empty when the instance is sound.
 */
export function instanceProblems(instance: Instance): string[] {
  const problems: string[] = [];
  const rooms = new Set<string>();
  const slots = new Set<string>();
  const sessions = new Set<string>();
  for (const r of instance.rooms) {
    if (rooms.has(key(r.id))) problems.push(`rooms: room ${r.id} is listed twice`);
    rooms.add(key(r.id));
  }
  for (const s of instance.slots) {
    if (slots.has(key(s.id))) problems.push(`slots: slot ${s.id} is listed twice`);
    slots.add(key(s.id));
  }
  const checkCell = (where: string, cell: Cell) => {
    if (!rooms.has(key(cell.room))) problems.push(`${where}: room ${cell.room} is not in rooms`);
    if (!slots.has(key(cell.slot))) problems.push(`${where}: slot ${cell.slot} is not in slots`);
  };
  instance.closed.forEach((c, i) => checkCell(`closed[${i}]`, c));
  for (const s of instance.sessions) {
    if (sessions.has(key(s.id))) problems.push(`sessions: session ${s.id} is listed twice`);
    sessions.add(key(s.id));
    if (s.pinned) checkCell(`session ${s.id} pinned`, s.pinned);
    if (s.current) checkCell(`session ${s.id} current`, s.current);
    for (const slot of s.avoidSlots) if (!slots.has(key(slot))) problems.push(`session ${s.id} avoidSlots: slot ${slot} is not in slots`);
  }
  return problems;
}

/** The instance in index form: cells are numbered slot-major (cell = slot x rooms + room). */
type Model = {
  instance: Instance;
  R: number;
  T: number;
  C: number;
  S: number;
  A: number;
  H: number;
  att: Int32Array[];
  hosts: Int32Array[];
  interest: Int32Array;
  /** allowed[s x C + c]: the session may be in the cell (open, needs met, not an avoid slot, its pin). */
  allowed: Uint8Array;
  allowedCells: Int32Array[];
  /** overflow[s x R + r]: the session's interest above room r's capacity. */
  overflow: Int32Array;
  current: Int32Array;
  pinned: Int32Array;
  /**
   * The attendees who marked both sessions of a pair s < o: shared[sharedStart[s x S + o] ..
   * sharedStart[s x S + o + 1]). Built once from each attendee's marks, so that a swap's clash
   * change needs one pass over each session's attendees.
   */
  sharedStart: Int32Array;
  shared: Int32Array;
};

function compile(instance: Instance): Model {
  const R = instance.rooms.length;
  const T = instance.slots.length;
  const C = R * T;
  const S = instance.sessions.length;
  const roomIndex = new Map(instance.rooms.map((r, i) => [key(r.id), i]));
  const slotIndex = new Map(instance.slots.map((t, i) => [key(t.id), i]));
  const cellOf = (cell: Cell | null) => (cell ? slotIndex.get(key(cell.slot))! * R + roomIndex.get(key(cell.room))! : -1);
  const closed = new Uint8Array(C);
  for (const c of instance.closed) closed[cellOf(c)] = 1;
  const people = new Map<string, number>();
  const hostIds = new Map<string, number>();
  const indexOf = (map: Map<string, number>, id: Id) => {
    let i = map.get(key(id));
    if (i === undefined) map.set(key(id), (i = map.size));
    return i;
  };
  const att: Int32Array[] = [];
  const hosts: Int32Array[] = [];
  const interest = new Int32Array(S);
  const allowed = new Uint8Array(S * C);
  const allowedCells: Int32Array[] = [];
  const overflow = new Int32Array(S * R);
  const current = new Int32Array(S);
  const pinned = new Int32Array(S);
  const roomFeatures = instance.rooms.map((r) => new Set(r.features));
  instance.sessions.forEach((s, i) => {
    att.push(Int32Array.from(new Set(s.interested.map((a) => indexOf(people, a)))));
    hosts.push(Int32Array.from(new Set(s.hosts.map((h) => indexOf(hostIds, h)))));
    interest[i] = att[i].length;
    const avoid = new Set(s.avoidSlots.map((slot) => slotIndex.get(key(slot))!));
    const roomOk = instance.rooms.map((_, r) => s.needs.every((need) => roomFeatures[r].has(need)));
    pinned[i] = cellOf(s.pinned);
    current[i] = cellOf(s.current);
    const cells: number[] = [];
    for (let c = 0; c < C; c++) {
      const ok = pinned[i] >= 0 ? c === pinned[i] : !closed[c] && roomOk[c % R] && !avoid.has((c / R) | 0);
      if (ok) {
        allowed[i * C + c] = 1;
        cells.push(c);
      }
    }
    allowedCells.push(Int32Array.from(cells));
    const expected = s.expected ?? interest[i];
    instance.rooms.forEach((room, r) => (overflow[i * R + r] = Math.max(0, expected - room.capacity)));
  });
  const { sharedStart, shared } = sharedAttendees(att, S, people.size);
  return { instance, R, T, C, S, A: people.size, H: hostIds.size, att, hosts, interest, allowed, allowedCells, overflow, current, pinned, sharedStart, shared };
}

/** For every pair of sessions s < o, the attendees who marked both, as one flat list with offsets (see Model). */
function sharedAttendees(att: Int32Array[], S: number, A: number): { sharedStart: Int32Array; shared: Int32Array } {
  const marked: number[][] = Array.from({ length: A }, () => []);
  for (let s = 0; s < S; s++) for (const a of att[s]) marked[a].push(s);
  const sizes = new Int32Array(S * S + 1);
  for (const sessions of marked)
    for (let i = 0; i < sessions.length; i++) for (let j = i + 1; j < sessions.length; j++) sizes[sessions[i] * S + sessions[j]]++;
  const sharedStart = new Int32Array(S * S + 1);
  for (let k = 0; k < S * S; k++) sharedStart[k + 1] = sharedStart[k] + sizes[k];
  const shared = new Int32Array(sharedStart[S * S]);
  const next = sharedStart.slice(0, S * S);
  marked.forEach((sessions, a) => {
    for (let i = 0; i < sessions.length; i++) for (let j = i + 1; j < sessions.length; j++) shared[next[sessions[i] * S + sessions[j]]++] = a;
  });
  return { sharedStart, shared };
}

/** Why no valid grid exists, from the pinned sessions alone (everything else can be left off the grid). */
function pinnedConflict(model: Model): Infeasible | null {
  const { instance, R } = model;
  const byCell = new Map<number, number>();
  const hostSlot = new Map<string, number>();
  const closed = new Set(instance.closed.map((c) => `${key(c.room)}|${key(c.slot)}`));
  const features = new Map(instance.rooms.map((r) => [key(r.id), new Set(r.features)]));
  for (let s = 0; s < model.S; s++) {
    const session = instance.sessions[s];
    const pin = session.pinned;
    if (!pin) continue;
    const cell = model.pinned[s];
    const where = `room ${pin.room} in slot ${pin.slot}`;
    const other = byCell.get(cell);
    if (other !== undefined) return { infeasible: `Sessions ${instance.sessions[other].id} and ${session.id} are both pinned to ${where}.`, sessions: [instance.sessions[other].id, session.id] };
    byCell.set(cell, s);
    if (closed.has(`${key(pin.room)}|${key(pin.slot)}`)) return { infeasible: `Session ${session.id} is pinned to ${where}, which is closed.`, sessions: [session.id] };
    const missing = session.needs.filter((need) => !features.get(key(pin.room))!.has(need));
    if (missing.length) return { infeasible: `Session ${session.id} is pinned to room ${pin.room}, which lacks what it needs: ${missing.join(", ")}.`, sessions: [session.id] };
    if (session.avoidSlots.some((slot) => key(slot) === key(pin.slot))) return { infeasible: `Session ${session.id} is pinned to slot ${pin.slot}, which its hosts asked to avoid.`, sessions: [session.id] };
    const t = (cell / R) | 0;
    for (const h of new Set(session.hosts.map(key))) {
      const first = hostSlot.get(`${h}|${t}`);
      if (first !== undefined) {
        const host = session.hosts.find((x) => key(x) === h);
        return { infeasible: `Host ${host} is in two sessions pinned to slot ${instance.slots[t].id}: ${instance.sessions[first].id} and ${session.id}.`, sessions: [instance.sessions[first].id, session.id] };
      }
      hostSlot.set(`${h}|${t}`, s);
    }
  }
  return null;
}

/**
 * The score of any grid (valid or not) for the instance (overflow from `expected` where given): assignments name sessions, rooms and
 * slots by id; sessions not assigned count as unscheduled.
 */
export function scoreGrid(instance: Instance, assignments: Assignment[]): Score {
  const placed = new Map(assignments.map((a) => [key(a.session), a]));
  const capacity = new Map(instance.rooms.map((r) => [key(r.id), r.capacity]));
  const perAttendeeSlot = new Map<string, number>();
  let overflow = 0;
  let moved = 0;
  let unscheduled = 0;
  for (const s of instance.sessions) {
    const people = new Set(s.interested.map(key));
    const a = placed.get(key(s.id));
    const isMoved = s.current !== null && (!a || key(a.room) !== key(s.current.room) || key(a.slot) !== key(s.current.slot));
    if (isMoved) moved++;
    if (!a) {
      unscheduled += people.size + 1;
      continue;
    }
    overflow += Math.max(0, (s.expected ?? people.size) - (capacity.get(key(a.room)) ?? 0));
    for (const p of people) {
      const k = `${p}|${key(a.slot)}`;
      perAttendeeSlot.set(k, (perAttendeeSlot.get(k) ?? 0) + 1);
    }
  }
  let clashes = 0;
  for (const n of perAttendeeSlot.values()) clashes += Math.max(0, n - 1);
  return { total: clashes + overflow + MOVE_WEIGHT * moved + unscheduled, clashes, overflow, moved, unscheduled };
}

/** Every hard rule the grid breaks, in words; empty for a valid grid. */
export function gridViolations(instance: Instance, assignments: Assignment[]): string[] {
  const violations: string[] = [];
  const rooms = new Map(instance.rooms.map((r) => [key(r.id), r]));
  const slots = new Set(instance.slots.map((t) => key(t.id)));
  const sessions = new Map(instance.sessions.map((s) => [key(s.id), s]));
  const closed = new Set(instance.closed.map((c) => `${key(c.room)}|${key(c.slot)}`));
  const cells = new Map<string, Id>();
  const seen = new Set<string>();
  const hostSlots = new Map<string, Id>();
  for (const a of assignments) {
    const s = sessions.get(key(a.session));
    const room = rooms.get(key(a.room));
    if (!s) {
      violations.push(`Session ${a.session} is not in the instance.`);
      continue;
    }
    if (seen.has(key(a.session))) violations.push(`Session ${a.session} is placed twice.`);
    seen.add(key(a.session));
    if (!room || !slots.has(key(a.slot))) {
      violations.push(`Session ${a.session} is placed in an unknown cell (room ${a.room}, slot ${a.slot}).`);
      continue;
    }
    const cell = `${key(a.room)}|${key(a.slot)}`;
    const other = cells.get(cell);
    if (other !== undefined) violations.push(`Sessions ${other} and ${a.session} share room ${a.room} in slot ${a.slot}.`);
    cells.set(cell, a.session);
    if (closed.has(cell)) violations.push(`Session ${a.session} is in closed cell room ${a.room}, slot ${a.slot}.`);
    const missing = s.needs.filter((need) => !room.features.includes(need));
    if (missing.length) violations.push(`Session ${a.session} needs ${missing.join(", ")}, which room ${a.room} lacks.`);
    if (s.avoidSlots.some((t) => key(t) === key(a.slot))) violations.push(`Session ${a.session} is in slot ${a.slot}, which its hosts avoid.`);
    for (const h of new Set(s.hosts.map(key))) {
      const hs = `${h}|${key(a.slot)}`;
      const first = hostSlots.get(hs);
      if (first !== undefined) violations.push(`A host of ${a.session} also hosts ${first} in slot ${a.slot}.`);
      else hostSlots.set(hs, a.session);
    }
  }
  for (const s of instance.sessions) {
    if (!s.pinned) continue;
    const a = assignments.find((x) => key(x.session) === key(s.id));
    if (!a || key(a.room) !== key(s.pinned.room) || key(a.slot) !== key(s.pinned.slot)) violations.push(`Pinned session ${s.id} is not in its pinned cell.`);
  }
  return violations;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same grid. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mutable search state with the counts that make a move's score change cheap to compute. */
class Grid {
  cellOf: Int32Array;
  occupant: Int32Array;
  /** attendees marked-in-slot: count[a x T + t]. */
  count: Int32Array;
  /** sessions each host has in each slot: hostBusy[h x T + t]. */
  hostBusy: Int32Array;
  clashes = 0;
  /** overflow + moved x 10 + unscheduled penalty. */
  placementCost = 0;

  constructor(readonly m: Model) {
    this.cellOf = new Int32Array(m.S).fill(-1);
    this.occupant = new Int32Array(m.C).fill(-1);
    this.count = new Int32Array(m.A * m.T);
    this.hostBusy = new Int32Array(m.H * m.T);
    for (let s = 0; s < m.S; s++) this.placementCost += this.costAt(s, -1);
  }

  get total() {
    return this.clashes + this.placementCost;
  }

  /** Everything but clashes for session s in cell c (-1: off the grid). */
  costAt(s: number, c: number): number {
    const m = this.m;
    const moved = m.current[s] >= 0 && m.current[s] !== c ? MOVE_WEIGHT : 0;
    return c < 0 ? m.interest[s] + 1 + moved : m.overflow[s * m.R + (c % m.R)] + moved;
  }

  /** Can s's hosts be in slot t, given that session `leaving` (or -1) leaves that slot? */
  hostsFree(s: number, t: number, leaving: number): boolean {
    const { hosts, T } = this.m;
    const hs = hosts[s];
    for (let i = 0; i < hs.length; i++) {
      let busy = this.hostBusy[hs[i] * T + t];
      if (busy > 0 && leaving >= 0 && hosts[leaving].includes(hs[i])) busy--;
      if (busy > 0) return false;
    }
    return true;
  }

  /** Clash change of s joining slot t (to, -1 for none) and leaving slot from (-1 for none), alone. */
  moveClashDelta(s: number, from: number, to: number): number {
    if (from === to) return 0;
    const { att, T } = this.m;
    const list = att[s];
    const count = this.count;
    let d = 0;
    for (let i = 0; i < list.length; i++) {
      const base = list[i] * T;
      if (from >= 0 && count[base + from] >= 2) d--;
      if (to >= 0 && count[base + to] >= 1) d++;
    }
    return d;
  }

  /**
   * Clash change when s goes from slot ts to slot to, and o goes from slot to to slot ts (ts -1: s was off the grid, o leaves it).
   * Each session's own change is counted as if it moved alone, then the attendees who marked both are taken back out: their
   * counts in ts and to do not change, so they add nothing. The shared attendees come from a list built once (Model.shared; S x S offsets, 160 KB for 200 sessions).
   */
  exchangeClashDelta(s: number, ts: number, o: number, to: number): number {
    if (ts === to) return 0;
    const { att, T } = this.m;
    const count = this.count;
    const sa = att[s];
    const oa = att[o];
    let d = 0;
    for (let i = 0; i < sa.length; i++) {
      const base = sa[i] * T;
      if (ts >= 0 && count[base + ts] >= 2) d--;
      if (count[base + to] >= 1) d++;
    }
    for (let i = 0; i < oa.length; i++) {
      const base = oa[i] * T;
      if (count[base + to] >= 2) d--;
      if (ts >= 0 && count[base + ts] >= 1) d++;
    }
    const { sharedStart, shared, S } = this.m;
    const pair = s < o ? s * S + o : o * S + s;
    for (let i = sharedStart[pair], end = sharedStart[pair + 1]; i < end; i++) {
      const base = shared[i] * T;
      const inTo = count[base + to];
      // What the two loops above counted for this attendee, taken back.
      d -= (inTo >= 1 ? 1 : 0) - (inTo >= 2 ? 1 : 0);
      if (ts >= 0) {
        const inTs = count[base + ts];
        d -= (inTs >= 1 ? 1 : 0) - (inTs >= 2 ? 1 : 0);
      }
    }
    return d;
  }

  remove(s: number) {
    const c = this.cellOf[s];
    if (c < 0) return;
    const { att, hosts, T, R } = this.m;
    const t = (c / R) | 0;
    const list = att[s];
    for (let i = 0; i < list.length; i++) {
      const k = list[i] * T + t;
      if (this.count[k] >= 2) this.clashes--;
      this.count[k]--;
    }
    const hs = hosts[s];
    for (let i = 0; i < hs.length; i++) this.hostBusy[hs[i] * T + t]--;
    this.placementCost += this.costAt(s, -1) - this.costAt(s, c);
    this.occupant[c] = -1;
    this.cellOf[s] = -1;
  }

  place(s: number, c: number) {
    const { att, hosts, T, R } = this.m;
    const t = (c / R) | 0;
    const list = att[s];
    for (let i = 0; i < list.length; i++) {
      const k = list[i] * T + t;
      if (this.count[k] >= 1) this.clashes++;
      this.count[k]++;
    }
    const hs = hosts[s];
    for (let i = 0; i < hs.length; i++) this.hostBusy[hs[i] * T + t]++;
    this.placementCost += this.costAt(s, c) - this.costAt(s, -1);
    this.occupant[c] = s;
    this.cellOf[s] = c;
  }
}

/**
 * For tests of the incremental clash counts: places sessions at random (ignoring every hard rule
 * but one session per cell), then makes `trials` random exchanges of a session (on or off the
 * grid) with one on the grid, as the search does. For each: the clash change exchangeClashDelta
 * predicted, the change in the grid's running count, and the grid's clashes recomputed from
 * scratch by scoreGrid afterwards against the running count.
 */
export function exchangeDeltaTrials(instance: Instance, seed: number, trials: number): { predicted: number; actual: number; clashes: number; recomputed: number }[] {
  const m = compile(instance);
  const grid = new Grid(m);
  const random = seededRandom(seed);
  for (let s = 0; s < m.S; s++) {
    const c = Math.floor(random() * (m.C + 1));
    if (c < m.C && grid.occupant[c] < 0) grid.place(s, c);
  }
  const results: { predicted: number; actual: number; clashes: number; recomputed: number }[] = [];
  const onGrid = () => Array.from({ length: m.S }, (_, s) => s).filter((s) => grid.cellOf[s] >= 0);
  for (let i = 0; i < trials && m.S > 1; i++) {
    const placed = onGrid();
    if (placed.length === 0) break;
    const o = placed[Math.floor(random() * placed.length)];
    const s = Math.floor(random() * m.S);
    if (s === o) continue;
    const cs = grid.cellOf[s];
    const co = grid.cellOf[o];
    const predicted = grid.exchangeClashDelta(s, cs < 0 ? -1 : (cs / m.R) | 0, o, (co / m.R) | 0);
    const before = grid.clashes;
    grid.remove(s);
    grid.remove(o);
    grid.place(s, co);
    if (cs >= 0) grid.place(o, cs);
    const assignments: Assignment[] = onGrid().map((x) => ({
      session: instance.sessions[x].id,
      room: instance.rooms[grid.cellOf[x] % m.R].id,
      slot: instance.slots[(grid.cellOf[x] / m.R) | 0].id,
    }));
    results.push({ predicted, actual: grid.clashes - before, clashes: grid.clashes, recomputed: scoreGrid(instance, assignments).clashes });
  }
  return results;
}

/** A valid start: pins first, then sessions already on the grid where they are if still allowed, then the rest most-wanted first into their cheapest cell. */
function greedyStart(m: Model, grid: Grid) {
  for (let s = 0; s < m.S; s++) if (m.pinned[s] >= 0) grid.place(s, m.pinned[s]);
  const order = Array.from({ length: m.S }, (_, s) => s).filter((s) => m.pinned[s] < 0);
  for (const s of order) {
    const c = m.current[s];
    if (c < 0 || !m.allowed[s * m.C + c] || grid.occupant[c] >= 0 || !grid.hostsFree(s, (c / m.R) | 0, -1)) continue;
    if (grid.moveClashDelta(s, -1, (c / m.R) | 0) + grid.costAt(s, c) < grid.costAt(s, -1)) grid.place(s, c);
  }
  order.sort((a, b) => m.interest[b] - m.interest[a] || a - b);
  for (const s of order) {
    if (grid.cellOf[s] >= 0) continue;
    let best = -1;
    let bestCost = Infinity;
    for (const c of m.allowedCells[s]) {
      if (grid.occupant[c] >= 0) continue;
      const t = (c / m.R) | 0;
      if (!grid.hostsFree(s, t, -1)) continue;
      const cost = grid.moveClashDelta(s, -1, t) + grid.costAt(s, c);
      if (cost < bestCost) {
        bestCost = cost;
        best = c;
      }
    }
    // Only where it costs less than leaving it off, so the start is never worse than an empty grid.
    if (best >= 0 && bestCost < grid.costAt(s, -1)) grid.place(s, best);
  }
}

/**
 * Search steps per millisecond this machine manages, roughly, for sessions with `meanInterest`
 * marks: sets the step budget so that the search is deterministic for a seed (it does not
 * depend on the clock) and normally ends well inside the time limit.
 */
function stepsPerMs(meanInterest: number) {
  return Math.max(200, Math.round(60_000 / (12 + meanInterest)));
}

/**
 * Simulated annealing over moves (to an empty cell, swap with another session, take a
 * session off the grid, put one on in place of another), from a valid greedy start, keeping
 * the best grid seen. Every move keeps every hard rule, so any grid it stops on is valid.
 */
export function optimise(instance: Instance, options: OptimiseOptions = {}): OptimiseResult {
  const timeLimitMs = Math.max(1, options.timeLimitMs ?? 2000);
  const now = options.now ?? (() => performance.now());
  const started = now();
  const problems = instanceProblems(instance);
  if (problems.length) return { infeasible: `The instance is not consistent: ${problems.join("; ")}.`, sessions: [] };
  const m = compile(instance);
  const conflict = pinnedConflict(m);
  if (conflict) return conflict;

  const grid = new Grid(m);
  greedyStart(m, grid);
  const movable = Array.from({ length: m.S }, (_, s) => s).filter((s) => m.pinned[s] < 0 && m.allowedCells[s].length > 0);
  let bestTotal = grid.total;
  let best = Int32Array.from(grid.cellOf);

  if (movable.length > 0) {
    const random = seededRandom(options.seed ?? 1);
    const meanInterest = m.S ? m.interest.reduce((a, b) => a + b, 0) / m.S : 0;
    // Small grids settle long before the limit: no point spinning on them.
    const budget = options.maxSteps ?? Math.min(25_000 * movable.length, Math.floor(timeLimitMs * 0.3 * stepsPerMs(meanInterest)));
    // A guard only: normally the budget runs out first (about a third of the limit on a quiet machine).
    const deadline = started + timeLimitMs * 0.85;
    const hot = 3;
    const cold = 0.05;
    let temperature = hot;
    const { R, C } = m;
    for (let step = 0; step < budget; step++) {
      if ((step & 1023) === 0) {
        if (now() > deadline) break;
        temperature = hot * Math.pow(cold / hot, step / budget);
      }
      const s = movable[Math.floor(random() * movable.length)];
      const from = grid.cellOf[s];
      const ts = from < 0 ? -1 : (from / R) | 0;
      const roll = random();
      if (from >= 0 && roll < 0.04) {
        // off the grid
        const delta = grid.moveClashDelta(s, ts, -1) + grid.costAt(s, -1) - grid.costAt(s, from);
        if (delta <= 0 || random() < Math.exp(-delta / temperature)) grid.remove(s);
      } else {
        const cells = m.allowedCells[s];
        const c = cells[Math.floor(random() * cells.length)];
        if (c === from) continue;
        const t = (c / R) | 0;
        const o = grid.occupant[c];
        if (o < 0) {
          if (ts !== t && !grid.hostsFree(s, t, -1)) continue;
          const delta = grid.moveClashDelta(s, ts, t) + grid.costAt(s, c) - grid.costAt(s, from);
          if (delta <= 0 || random() < Math.exp(-delta / temperature)) {
            grid.remove(s);
            grid.place(s, c);
          }
        } else {
          if (m.pinned[o] >= 0) continue;
          if (from >= 0 && !m.allowed[o * C + from]) continue;
          if (ts !== t) {
            if (!grid.hostsFree(s, t, o)) continue;
            if (from >= 0 && !grid.hostsFree(o, ts, s)) continue;
          }
          const delta =
            grid.exchangeClashDelta(s, ts, o, t) + grid.costAt(s, c) - grid.costAt(s, from) + grid.costAt(o, from) - grid.costAt(o, c);
          if (delta <= 0 || random() < Math.exp(-delta / temperature)) {
            grid.remove(s);
            grid.remove(o);
            grid.place(s, c);
            if (from >= 0) grid.place(o, from);
          }
        }
      }
      if (grid.total < bestTotal) {
        bestTotal = grid.total;
        best = Int32Array.from(grid.cellOf);
      }
    }
  }

  const assignments: Assignment[] = [];
  const unscheduled: Id[] = [];
  const byCell = new Int32Array(m.C).fill(-1);
  for (let s = 0; s < m.S; s++) {
    if (best[s] >= 0) byCell[best[s]] = s;
    else unscheduled.push(instance.sessions[s].id);
  }
  for (let c = 0; c < m.C; c++) {
    const s = byCell[c];
    if (s >= 0) assignments.push({ session: instance.sessions[s].id, room: instance.rooms[c % m.R].id, slot: instance.slots[(c / m.R) | 0].id });
  }
  return { assignments, unscheduled, score: scoreGrid(instance, assignments) };
}
