/**
 * Seeded optimiser instances, shared by scripts/gen-instance.ts, the benchmark and the tests:
 * "lgc" is LocalGovCamp-like (40 sessions, 6 rooms, 6 slots, 400 attendees), "large" is a big
 * camp (200 sessions, 12 rooms, 10 slots, 3,000 attendees). Interest is skewed: a few sessions
 * are wanted by many, most by a few. "Published" instances have every session on the grid
 * already (as the optimiser left it) and then 3 late pitches.
 */
import { isInfeasible, optimise, seededRandom, type Instance, type InstanceSession } from "../../app/.server/optimiser";

export type InstanceSize = "lgc" | "large";

type Shape = {
  sessions: number;
  capacities: number[];
  slots: number;
  attendees: number;
  marks: [number, number];
  closedCells: number;
  multiHosts: number;
};

const SHAPES: Record<InstanceSize, Shape> = {
  lgc: { sessions: 40, capacities: [100, 60, 45, 30, 25, 20], slots: 6, attendees: 400, marks: [3, 7], closedCells: 2, multiHosts: 3 },
  large: {
    sessions: 200,
    capacities: [150, 120, 100, 80, 70, 60, 50, 45, 40, 30, 30, 25],
    slots: 10,
    attendees: 3000,
    marks: [3, 7],
    closedCells: 4,
    multiHosts: 12,
  },
};

/** Late pitches added to a published grid. */
const LATE_PITCHES = 3;

export function generateInstance(size: InstanceSize, seed: number, options: { published?: boolean } = {}): Instance {
  const shape = SHAPES[size];
  const random = seededRandom(seed * 7919 + (size === "lgc" ? 1 : 2));
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

  const largeFrom = [...shape.capacities].sort((a, b) => b - a)[Math.max(0, Math.ceil(shape.capacities.length / 3) - 1)];
  const rooms = shape.capacities.map((capacity, i) => {
    const features: string[] = [];
    if (i === 0 || random() < 0.7) features.push("step-free");
    if (i === 0 || random() < 0.5) features.push("screen");
    if (capacity >= largeFrom) features.push("large-room");
    return { id: `room-${i + 1}`, capacity, features };
  });
  const slots = Array.from({ length: shape.slots }, (_, i) => ({ id: `slot-${i + 1}` }));
  const closed: Instance["closed"] = [];
  while (closed.length < shape.closedCells) {
    // never the biggest room: it is where the opening and the popular sessions go
    const cell = { room: pick(rooms.slice(1)).id, slot: pick(slots).id };
    if (!closed.some((c) => c.room === cell.room && c.slot === cell.slot)) closed.push(cell);
  }

  const attendees = Array.from({ length: shape.attendees }, (_, i) => `a${i + 1}`);
  const sessionCount = options.published ? rooms.length * slots.length - closed.length - 4 : shape.sessions;
  const total = sessionCount + (options.published ? LATE_PITCHES : 0);
  // Zipf-like popularity, in random order so that ids do not give it away.
  const popularity = Array.from({ length: total }, (_, i) => 1 / Math.pow(i + 2, 0.9)).sort(() => random() - 0.5);
  const cumulative: number[] = [];
  popularity.reduce((sum, p, i) => (cumulative[i] = sum + p), 0);
  const drawSession = (within: number) => {
    const x = random() * cumulative[within - 1];
    let lo = 0;
    while (cumulative[lo] < x) lo++;
    return lo;
  };

  const interested: string[][] = Array.from({ length: total }, () => []);
  for (const a of attendees) {
    const marks = int(shape.marks[0], shape.marks[1]);
    const chosen = new Set<number>();
    for (let tries = 0; chosen.size < marks && tries < 50; tries++) chosen.add(drawSession(sessionCount));
    for (const s of chosen) interested[s].push(a);
  }
  // Late pitches are marked by fewer people: they were pitched after most marks were made.
  for (let s = sessionCount; s < total; s++) {
    const wanted = int(5, 40);
    const people = new Set<string>();
    while (people.size < wanted) people.add(pick(attendees));
    interested[s] = [...people];
  }

  const hostPool = attendees.slice(0, total);
  const sessions: InstanceSession[] = Array.from({ length: total }, (_, s) => {
    const hosts = [hostPool[s]];
    if (random() < 0.15) hosts.push(pick(attendees));
    const needs: string[] = [];
    if (random() < 0.15) needs.push("step-free");
    if (random() < 0.15) needs.push("screen");
    if (random() < 0.05) needs.push("large-room");
    const avoidSlots = random() < 0.1 ? [pick(slots).id] : [];
    return { id: `s${s + 1}`, hosts: [...new Set(hosts)], interested: interested[s], needs, avoidSlots, pinned: null, current: null };
  });
  // A few people pitch more than one session.
  for (let i = 0; i < shape.multiHosts; i++) sessions[int(0, total - 1)].hosts.push(hostPool[i]);
  for (const s of sessions) s.hosts = [...new Set(s.hosts)];
  // The opening session is pinned to the biggest room in the first slot.
  sessions[0].pinned = { room: rooms[0].id, slot: slots[0].id };
  sessions[0].needs = [];
  sessions[0].avoidSlots = [];

  const instance: Instance = { rooms, slots, closed, sessions };
  if (!options.published) return instance;

  // Published: the grid as the organiser published it (optimised before the late pitches).
  const early: Instance = { ...instance, sessions: sessions.slice(0, sessionCount) };
  // A clock that never moves: the search ends on its step budget (sized from the 1 s limit), never
  // on the clock, so a seed gives the same instance however busy the machine is.
  const published = optimise(early, { seed, timeLimitMs: 1000, now: () => 0 });
  if (isInfeasible(published)) throw new Error(published.infeasible);
  const placed = new Map(published.assignments.map((a) => [a.session, { room: a.room, slot: a.slot }]));
  return {
    ...instance,
    sessions: sessions
      .filter((s, i) => i >= sessionCount || placed.has(s.id))
      .map((s) => ({ ...s, current: placed.get(s.id) ?? null })),
  };
}
