/**
 * How good and how fast is "Suggest a grid"? `npm run bench:optimiser [-- --mip-time-limit-s 60 --seeds 10]`
 *
 * 1. LocalGovCamp size, 10 seeds: our score against the optimum (or HiGHS's proven lower bound
 *    when it cannot close the gap in its time limit), and two baselines: a random valid grid and
 *    greedy most-wanted-first into the biggest rooms.
 * 2. Large size: ours against greedy.
 * 3. A published LocalGovCamp grid after 3 late pitches: how many sessions move.
 */
import os from "node:os";
import loadHighs from "highs";
import {
  gridViolations,
  isInfeasible,
  optimise,
  optimiseInWorker,
  scoreGrid,
  seededRandom,
  MOVE_WEIGHT,
  type Assignment,
  type Instance,
  type Solution,
} from "../app/.server/optimiser";
import { generateInstance } from "./lib/instances";

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const MIP_TIME_LIMIT_S = arg("mip-time-limit-s", 60);
const SEEDS = arg("seeds", 10);
const LGC_LIMIT_MS = arg("time-limit-ms", 2000);
const LARGE_LIMIT_MS = arg("large-time-limit-ms", 2000);
const LARGE_STEPS = arg("large-steps", 1_000_000);

// `npm run bench:optimiser -- --seeds 10 --mip-time-limit-s 60 --time-limit-ms 2000 --large-time-limit-ms 2000 --large-steps 1000000`

type Cellish = { room: string | number; slot: string | number };
const k = (id: string | number) => `${typeof id}:${id}`;

/** Places sessions one by one in the given order into the first valid free cell of the given cell order. */
function placeInOrder(instance: Instance, order: number[], cellOrder: (s: number) => Cellish[]): Assignment[] {
  const taken = new Set<string>();
  const hostBusy = new Set<string>();
  const closed = new Set(instance.closed.map((c) => `${k(c.room)}|${k(c.slot)}`));
  const features = new Map(instance.rooms.map((r) => [k(r.id), new Set(r.features)]));
  const assignments: Assignment[] = [];
  const put = (s: number, cell: Cellish) => {
    const session = instance.sessions[s];
    taken.add(`${k(cell.room)}|${k(cell.slot)}`);
    for (const h of session.hosts) hostBusy.add(`${k(h)}|${k(cell.slot)}`);
    assignments.push({ session: session.id, room: cell.room, slot: cell.slot });
  };
  instance.sessions.forEach((s, i) => s.pinned && put(i, s.pinned));
  for (const s of order) {
    const session = instance.sessions[s];
    if (session.pinned) continue;
    const cell = cellOrder(s).find(
      (c) =>
        !taken.has(`${k(c.room)}|${k(c.slot)}`) &&
        !closed.has(`${k(c.room)}|${k(c.slot)}`) &&
        session.needs.every((n) => features.get(k(c.room))!.has(n)) &&
        !session.avoidSlots.some((t) => k(t) === k(c.slot)) &&
        !session.hosts.some((h) => hostBusy.has(`${k(h)}|${k(c.slot)}`)),
    );
    if (cell) put(s, cell);
  }
  return assignments;
}

function allCells(instance: Instance): Cellish[] {
  return instance.slots.flatMap((t) => instance.rooms.map((r) => ({ room: r.id, slot: t.id })));
}

export function randomBaseline(instance: Instance, seed: number): Assignment[] {
  const random = seededRandom(seed);
  const shuffle = <T>(items: T[]) => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const cells = allCells(instance);
  return placeInOrder(instance, shuffle(instance.sessions.map((_, i) => i)), () => shuffle(cells));
}

export function greedyBaseline(instance: Instance): Assignment[] {
  const capacity = new Map(instance.rooms.map((r) => [k(r.id), r.capacity]));
  const cells = allCells(instance).sort((a, b) => capacity.get(k(b.room))! - capacity.get(k(a.room))!);
  const order = instance.sessions.map((_, i) => i).sort((a, b) => instance.sessions[b].interested.length - instance.sessions[a].interested.length);
  return placeInOrder(instance, order, () => cells);
}

type MipResult = { status: string; objective: number | null; bound: number; seconds: number };

/**
 * The exact model: x[s,c] binary for each allowed cell, z[s,t] = sum over rooms of x (session
 * s is in slot t), y[a,t] >= sum over a's sessions of z[s,t] - 1 (clashes), each session at
 * most once, each cell at most once, each host at most once per slot, pins fixed.
 */
async function solveMip(instance: Instance, timeLimitS: number, start: Assignment[]): Promise<MipResult> {
  const highs = await loadHighs();
  const R = instance.rooms.length;
  const closed = new Set(instance.closed.map((c) => `${k(c.room)}|${k(c.slot)}`));
  const rows: string[] = [];
  const objective: string[] = [];
  const binaries: string[] = [];
  const continuous: string[] = [];
  let constant = 0;
  const inSlot: string[][][] = instance.sessions.map(() => instance.slots.map(() => []));
  instance.sessions.forEach((s, si) => {
    const interest = new Set(s.interested.map(k)).size;
    const off = interest + 1 + (s.current ? MOVE_WEIGHT : 0);
    constant += off;
    const mine: string[] = [];
    instance.slots.forEach((t, ti) => {
      instance.rooms.forEach((r, ri) => {
        const pinnedHere = s.pinned && k(s.pinned.room) === k(r.id) && k(s.pinned.slot) === k(t.id);
        const allowed = s.pinned
          ? pinnedHere
          : !closed.has(`${k(r.id)}|${k(t.id)}`) && s.needs.every((n) => r.features.includes(n)) && !s.avoidSlots.some((a) => k(a) === k(t.id));
        if (!allowed) return;
        const name = `x_${si}_${ti * R + ri}`;
        const moved = s.current && !(k(s.current.room) === k(r.id) && k(s.current.slot) === k(t.id)) ? MOVE_WEIGHT : 0;
        const cost = Math.max(0, interest - r.capacity) + moved - off;
        objective.push(`${cost >= 0 ? "+" : "-"} ${Math.abs(cost)} ${name}`);
        binaries.push(name);
        mine.push(name);
        inSlot[si][ti].push(name);
      });
    });
    if (mine.length) rows.push(`once_${si}: ${mine.join(" + ")} ${s.pinned ? "=" : "<="} 1`);
  });
  for (let c = 0; c < R * instance.slots.length; c++) {
    const names = instance.sessions.map((_, si) => `x_${si}_${c}`).filter((n) => binaries.includes(n));
    if (names.length > 1) rows.push(`cell_${c}: ${names.join(" + ")} <= 1`);
  }
  const hostSessions = new Map<string, number[]>();
  instance.sessions.forEach((s, si) => new Set(s.hosts.map(k)).forEach((h) => hostSessions.set(h, [...(hostSessions.get(h) ?? []), si])));
  let hi = 0;
  for (const sessions of hostSessions.values()) {
    if (sessions.length > 1)
      instance.slots.forEach((_, ti) => {
        const names = sessions.flatMap((si) => inSlot[si][ti]);
        if (names.length > 1) rows.push(`host_${hi}_${ti}: ${names.join(" + ")} <= 1`);
      });
    hi++;
  }
  instance.sessions.forEach((_, si) =>
    instance.slots.forEach((__, ti) => {
      if (!inSlot[si][ti].length) return;
      // Binary too (it is a sum of binaries at most 1): HiGHS branches on "which slot" first.
      binaries.push(`z_${si}_${ti}`);
      rows.push(`zdef_${si}_${ti}: z_${si}_${ti} - ${inSlot[si][ti].join(" - ")} = 0`);
    }),
  );
  const marks = new Map<string, number[]>();
  instance.sessions.forEach((s, si) => new Set(s.interested.map(k)).forEach((a) => marks.set(a, [...(marks.get(a) ?? []), si])));
  let ai = 0;
  for (const sessions of marks.values()) {
    if (sessions.length > 1)
      instance.slots.forEach((_, ti) => {
        const zs = sessions.filter((si) => inSlot[si][ti].length).map((si) => `z_${si}_${ti}`);
        if (zs.length < 2) return;
        const y = `y_${ai}_${ti}`;
        continuous.push(y);
        objective.push(`+ ${y}`);
        rows.push(`clash_${ai}_${ti}: ${y} - ${zs.join(" - ")} >= -1`);
      });
    ai++;
  }
  const lp = `Minimize\n obj: ${objective.join(" ")}\nSubject To\n ${rows.join("\n ")}\nBounds\n ${continuous.map((v) => `${v} >= 0`).join("\n ")}\nBinary\n ${binaries.join(" ")}\nEnd\n`;
  const started = performance.now();
  const model = highs.createModel({ format: "lp", data: lp });
  try {
    model.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: 0, mip_abs_gap: 0.999 });
    // Our grid as the starting incumbent: HiGHS then has to beat it, which tests it too.
    const values = new Map<string, number>();
    const slotIndex = new Map(instance.slots.map((t, i) => [k(t.id), i]));
    const roomIndex = new Map(instance.rooms.map((r, i) => [k(r.id), i]));
    const sessionIndex = new Map(instance.sessions.map((x, i) => [k(x.id), i]));
    const perAttendeeSlot = new Map<string, number>();
    for (const a of start) {
      const si = sessionIndex.get(k(a.session))!;
      const ti = slotIndex.get(k(a.slot))!;
      values.set(`x_${si}_${ti * R + roomIndex.get(k(a.room))!}`, 1);
      values.set(`z_${si}_${ti}`, 1);
    }
    let attendee = 0;
    for (const sessions of marks.values()) {
      if (sessions.length > 1)
        instance.slots.forEach((_, ti) => {
          const n = sessions.filter((si) => values.get(`z_${si}_${ti}`)).length;
          perAttendeeSlot.set(`y_${attendee}_${ti}`, Math.max(0, n - 1));
        });
      attendee++;
    }
    for (const [name, v] of perAttendeeSlot) values.set(name, v);
    const names = [...binaries, ...continuous];
    model.setSolution({ indices: names.map((n) => model.getColByName(n)), values: names.map((n) => values.get(n) ?? 0) });
    model.run();
    const seconds = (performance.now() - started) / 1000;
    const code = Number(model.getModelStatus());
    const status = code === 7 ? "Optimal" : code === 13 ? "Time limit" : `HiGHS status ${code}`;
    const primal = Number(model.info.get("objective_function_value"));
    const bound = Number(model.info.get("mip_dual_bound"));
    return {
      status,
      objective: Number.isFinite(primal) && Math.abs(primal) < 1e20 ? Math.round(primal + constant) : null,
      bound: Math.ceil(bound + constant - 1e-6),
      seconds,
    };
  } finally {
    model.dispose();
  }
}

/**
 * A lower bound that HiGHS solves exactly in a moment: the cheapest way to give sessions cells
 * (or leave them off) counting only overflow, moves and the unscheduled penalty, ignoring
 * clashes and hosts. An assignment problem, so its LP relaxation is integral.
 */
async function assignmentBound(instance: Instance): Promise<number> {
  const highs = await loadHighs();
  const closed = new Set(instance.closed.map((c) => `${k(c.room)}|${k(c.slot)}`));
  const objective: string[] = [];
  const rows: string[] = [];
  const byCell = new Map<string, string[]>();
  let constant = 0;
  instance.sessions.forEach((s, si) => {
    const interest = new Set(s.interested.map(k)).size;
    const off = interest + 1 + (s.current ? MOVE_WEIGHT : 0);
    constant += off;
    const mine: string[] = [];
    instance.slots.forEach((t, ti) =>
      instance.rooms.forEach((r, ri) => {
        const here = (c: Cellish | null) => !!c && k(c.room) === k(r.id) && k(c.slot) === k(t.id);
        const allowed = s.pinned
          ? here(s.pinned)
          : !closed.has(`${k(r.id)}|${k(t.id)}`) && s.needs.every((n) => r.features.includes(n)) && !s.avoidSlots.some((a) => k(a) === k(t.id));
        if (!allowed) return;
        const name = `x_${si}_${ti}_${ri}`;
        const cost = Math.max(0, interest - r.capacity) + (s.current && !here(s.current) ? MOVE_WEIGHT : 0) - off;
        objective.push(`${cost >= 0 ? "+" : "-"} ${Math.abs(cost)} ${name}`);
        mine.push(name);
        byCell.set(`${ti}_${ri}`, [...(byCell.get(`${ti}_${ri}`) ?? []), name]);
      }),
    );
    if (mine.length) rows.push(`once_${si}: ${mine.join(" + ")} ${s.pinned ? "=" : "<="} 1`);
  });
  for (const [cell, names] of byCell) rows.push(`cell_${cell}: ${names.join(" + ")} <= 1`);
  const result = highs.solve(`Minimize\n obj: ${objective.join(" ") || "0"}\nSubject To\n ${rows.join("\n ")}\nEnd\n`, { output_flag: false });
  if (result.Status !== "Optimal") throw new Error(`Assignment bound: ${result.Status}`);
  return Math.ceil(result.ObjectiveValue + constant - 1e-6);
}

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

async function timedAsync<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function check(instance: Instance, assignments: Assignment[], what: string) {
  const violations = gridViolations(instance, assignments);
  if (violations.length) throw new Error(`${what} broke a hard rule: ${violations[0]}`);
}

function ours(instance: Instance, timeLimitMs: number, seed: number, maxSteps?: number) {
  const run = timed(() => optimise(instance, { timeLimitMs, seed, maxSteps }));
  if (isInfeasible(run.value)) throw new Error(run.value.infeasible);
  check(instance, run.value.assignments, "The optimiser");
  return { solution: run.value as Solution, ms: run.ms };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const ratio = (a: number, b: number) => (b > 0 ? a / b : a === 0 ? 1 : Infinity);

async function main() {
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`Optimiser benchmark (node ${process.version}, ${os.cpus().length} cores; our limit ${LGC_LIMIT_MS} ms; HiGHS ${MIP_TIME_LIMIT_S} s per instance)\n`);
  console.log("1. LocalGovCamp size: 40 sessions, 6 rooms, 6 slots, 400 attendees (score: lower is better)");
  console.log(
    "   best = lowest score known (HiGHS's incumbent after starting from our grid, ours, or ours run 3 times with 3M steps); bound = proven lower bound (max of HiGHS's MIP bound and the assignment bound)",
  );
  console.log(
    `${pad("seed", 4)} ${pad("HiGHS", 6)} ${pad("status", 10)} ${pad("bound", 6)} ${pad("best", 6)} ${pad("ours", 6)} ${pad("ms", 5)} ${pad("ours/best", 9)} ${pad("ours/bound", 10)} ${pad("greedy", 6)} ${pad("/best", 6)} ${pad("ms", 4)} ${pad("random", 6)} ${pad("/best", 6)} ${pad("ms", 4)}`,
  );
  const rows: { ours: number; best: number; bound: number; ms: number; greedy: number; random: number; optimal: boolean; greedyMs: number; randomMs: number }[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const instance = generateInstance("lgc", seed);
    const mine = ours(instance, LGC_LIMIT_MS, seed);
    const greedyRun = timed(() => greedyBaseline(instance));
    check(instance, greedyRun.value, "Greedy");
    const randomRun = timed(() => randomBaseline(instance, seed));
    check(instance, randomRun.value, "Random");
    const greedy = scoreGrid(instance, greedyRun.value).total;
    const random = scoreGrid(instance, randomRun.value).total;
    const long = Math.min(...[101, 102, 103].map((s) => ours(instance, 60_000, s, 3_000_000).solution.score.total));
    const mip = await solveMip(instance, MIP_TIME_LIMIT_S, mine.solution.assignments);
    const assignment = await assignmentBound(instance);
    const optimal = mip.status === "Optimal";
    const best = Math.min(mip.objective ?? Infinity, mine.solution.score.total, long);
    const bound = Math.max(mip.bound, assignment);
    rows.push({ ours: mine.solution.score.total, best, bound, ms: mine.ms, greedy, random, optimal, greedyMs: greedyRun.ms, randomMs: randomRun.ms });
    console.log(
      `${pad(seed, 4)} ${pad(mip.objective ?? "-", 6)} ${pad(mip.status, 10)} ${pad(bound, 6)} ${pad(best, 6)} ${pad(mine.solution.score.total, 6)} ${pad(Math.round(mine.ms), 5)} ${pad(ratio(mine.solution.score.total, best).toFixed(4), 9)} ${pad(ratio(mine.solution.score.total, bound).toFixed(4), 10)} ${pad(greedy, 6)} ${pad(ratio(greedy, best).toFixed(3), 6)} ${pad(Math.round(greedyRun.ms), 4)} ${pad(random, 6)} ${pad(ratio(random, best).toFixed(3), 6)} ${pad(Math.round(randomRun.ms), 4)}`,
    );
  }
  const lgcOursBest = mean(rows.map((r) => ratio(r.ours, r.best)));
  const lgcOursBound = mean(rows.map((r) => ratio(r.ours, r.bound)));
  const lgcMs = mean(rows.map((r) => r.ms));
  const lgcMaxMs = Math.max(...rows.map((r) => r.ms));
  console.log(
    `mean: ours/best ${lgcOursBest.toFixed(4)}, ours/bound ${lgcOursBound.toFixed(4)}, greedy/best ${mean(rows.map((r) => ratio(r.greedy, r.best))).toFixed(3)}, random/best ${mean(rows.map((r) => ratio(r.random, r.best))).toFixed(3)}; our time ${Math.round(lgcMs)} ms mean, ${Math.round(lgcMaxMs)} ms max; HiGHS proved optimality ${rows.filter((r) => r.optimal).length}/${rows.length}\n`,
  );

  console.log("2. Large size: 200 sessions, 12 rooms, 10 slots, 3,000 attendees (116 open cells, so at least 84 sessions stay off the grid)");
  console.log("   bound = assignment bound (overflow + unscheduled penalty, clashes ignored); 'above bound' = share of greedy's excess above the bound that ours removes (target 75%)");
  console.log(`   ours runs as the app runs it: in its worker thread, time limit ${LARGE_LIMIT_MS} ms, seeds s and s + 100; then in this thread with a fixed budget of ${LARGE_STEPS.toLocaleString("en-GB")} steps (deterministic, so comparable across machines; steps/s from its time)`);
  const large: { ours: number; greedy: number; bound: number; ms: number }[] = [];
  const fixed: { ours: number; greedy: number; bound: number; stepsPerS: number }[] = [];
  const above = (r: { ours: number; greedy: number; bound: number }) => 1 - (r.ours - r.bound) / (r.greedy - r.bound);
  for (let seed = 1; seed <= 3; seed++) {
    const instance = generateInstance("large", seed);
    const greedyGrid = greedyBaseline(instance);
    check(instance, greedyGrid, "Greedy");
    const greedy = scoreGrid(instance, greedyGrid).total;
    const bound = await assignmentBound(instance);
    for (const runSeed of [seed, seed + 100]) {
      const run = await timedAsync(() => optimiseInWorker(instance, { timeLimitMs: LARGE_LIMIT_MS, seed: runSeed }, LARGE_LIMIT_MS + 30_000));
      if (isInfeasible(run.value)) throw new Error(run.value.infeasible);
      check(instance, run.value.assignments, "The optimiser (worker)");
      const score = run.value.score;
      large.push({ ours: score.total, greedy, bound, ms: run.ms });
      console.log(
        `instance ${seed}, seed ${runSeed}, worker: ours ${score.total} (clashes ${score.clashes}, overflow ${score.overflow}, unscheduled ${score.unscheduled}) in ${Math.round(run.ms)} ms wall (worker start included); greedy ${greedy}; bound ${bound}; ours ${pct(1 - score.total / greedy)} lower in total, ${pct(above(large.at(-1)!))} lower above the bound`,
      );
    }
    const budget = ours(instance, 600_000, seed, LARGE_STEPS);
    const score = budget.solution.score;
    fixed.push({ ours: score.total, greedy, bound, stepsPerS: LARGE_STEPS / (budget.ms / 1000) });
    console.log(
      `instance ${seed}, seed ${seed}, ${LARGE_STEPS.toLocaleString("en-GB")} steps: ours ${score.total} (clashes ${score.clashes}, overflow ${score.overflow}, unscheduled ${score.unscheduled}) in ${Math.round(budget.ms)} ms (${Math.round(fixed.at(-1)!.stepsPerS).toLocaleString("en-GB")} steps/s); ${pct(above(fixed.at(-1)!))} lower above the bound`,
    );
  }
  const largeTotal = mean(large.map((r) => 1 - r.ours / r.greedy));
  const largeAbove = mean(large.map(above));
  const largeMs = mean(large.map((r) => r.ms));
  const fixedAbove = mean(fixed.map(above));
  const stepsPerS = mean(fixed.map((r) => r.stepsPerS));
  console.log(
    `mean: worker ${LARGE_LIMIT_MS} ms ${pct(largeAbove)} above the bound (${pct(largeTotal)} in total), ${Math.round(largeMs)} ms wall; ${LARGE_STEPS.toLocaleString("en-GB")} steps ${pct(fixedAbove)}, ${Math.round(stepsPerS).toLocaleString("en-GB")} steps/s\n`,
  );

  console.log("3. Published LocalGovCamp grid (as the optimiser left it) after 3 late pitches");
  const moves: number[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const instance = generateInstance("lgc", seed, { published: true });
    const mine = ours(instance, LGC_LIMIT_MS, seed);
    const before = scoreGrid(
      instance,
      instance.sessions.flatMap((s) => (s.current ? [{ session: s.id, room: s.current.room, slot: s.current.slot }] : [])),
    );
    moves.push(mine.solution.score.moved);
    const late = instance.sessions.filter((s) => !s.current).map((s) => s.id);
    console.log(
      `seed ${seed}: moved ${mine.solution.score.moved} of ${instance.sessions.length - late.length}; late pitches placed ${late.filter((id) => !mine.solution.unscheduled.includes(id)).length} of ${late.length}; score ${before.total} -> ${mine.solution.score.total} in ${Math.round(mine.ms)} ms`,
    );
  }

  console.log(
    `\nSUMMARY: LocalGovCamp ours/best-known ${lgcOursBest.toFixed(4)} (${pct(lgcOursBest - 1)} above), ours/proven-bound ${lgcOursBound.toFixed(4)}, ${Math.round(lgcMs)} ms mean (${Math.round(lgcMaxMs)} max, limit ${LGC_LIMIT_MS}); large (worker, ${LARGE_LIMIT_MS} ms) ${pct(largeTotal)} lower than greedy in total and ${pct(largeAbove)} lower above the bound (target 75%), ${Math.round(largeMs)} ms mean, ${LARGE_STEPS.toLocaleString("en-GB")} steps ${pct(fixedAbove)}; published + 3 late pitches moved ${moves.join(", ")}`,
  );
}

await main();
