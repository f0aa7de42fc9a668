import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateInstance } from "../../../scripts/lib/instances";
import {
  exchangeDeltaTrials,
  gridViolations,
  instanceProblems,
  isInfeasible,
  optimise,
  scoreGrid,
  type Assignment,
  type Instance,
  type InstanceSession,
  type Solution,
} from "./solver";

const session = (id: string, extra: Partial<InstanceSession> = {}): InstanceSession => ({
  id,
  hosts: [`host-${id}`],
  interested: [],
  needs: [],
  avoidSlots: [],
  pinned: null,
  current: null,
  ...extra,
});

const twoByTwo = (sessions: InstanceSession[], extra: Partial<Instance> = {}): Instance => ({
  rooms: [
    { id: "big", capacity: 100, features: ["step-free", "screen"] },
    { id: "small", capacity: 2, features: [] },
  ],
  slots: [{ id: "am" }, { id: "pm" }],
  closed: [],
  sessions,
  ...extra,
});

const at = (sessionId: string, room: string, slot: string): Assignment => ({ session: sessionId, room, slot });

function solved(result: ReturnType<typeof optimise>): Solution {
  if (isInfeasible(result)) throw new Error(`unexpectedly infeasible: ${result.infeasible}`);
  return result;
}

describe("scoreGrid", () => {
  it("counts, for each attendee and slot, the marked sessions beyond the first", () => {
    const instance = twoByTwo(
      [session("a", { interested: ["p1", "p2"] }), session("b", { interested: ["p1", "p2", "p3"] }), session("c", { interested: ["p1"] })],
      { rooms: [{ id: "r1", capacity: 10, features: [] }, { id: "r2", capacity: 10, features: [] }, { id: "r3", capacity: 10, features: [] }] },
    );
    // p1 has all three in "am" (2 clashes), p2 has a and b (1 clash), p3 none.
    expect(scoreGrid(instance, [at("a", "r1", "am"), at("b", "r2", "am"), at("c", "r3", "am")])).toEqual({ total: 3, clashes: 3, overflow: 0, moved: 0, unscheduled: 0 });
    // Moving c to the afternoon removes one of p1's clashes.
    expect(scoreGrid(instance, [at("a", "r1", "am"), at("b", "r2", "am"), at("c", "r3", "pm")]).clashes).toBe(2);
    expect(scoreGrid(instance, [at("a", "r1", "am"), at("b", "r2", "pm"), at("c", "r3", "pm")]).clashes).toBe(1);
  });

  it("counts interest above the room's capacity as overflow, and a person marked twice once", () => {
    const instance = twoByTwo([session("a", { interested: ["p1", "p2", "p3", "p4", "p5", "p5"] })]);
    expect(scoreGrid(instance, [at("a", "small", "am")])).toEqual({ total: 3, clashes: 0, overflow: 3, moved: 0, unscheduled: 0 });
    expect(scoreGrid(instance, [at("a", "big", "am")]).total).toBe(0);
  });

  it("counts overflow from a session's expected attendance when the instance gives one (clashes still from marks)", () => {
    // 6 marks in a room of 2: overflow 4 from marks; expected 3 (say 6 x 0.5): overflow 1.
    const marked = ["p1", "p2", "p3", "p4", "p5", "p6"];
    expect(scoreGrid(twoByTwo([session("a", { interested: marked })]), [at("a", "small", "am")]).overflow).toBe(4);
    expect(scoreGrid(twoByTwo([session("a", { interested: marked, expected: 3 })]), [at("a", "small", "am")]).overflow).toBe(1);
    // A show of hands can make expected larger than the marks.
    expect(scoreGrid(twoByTwo([session("a", { interested: ["p1"], expected: 5 })]), [at("a", "small", "am")]).overflow).toBe(3);
  });

  it("costs 10 for each session with a current cell that is placed elsewhere or taken off the grid", () => {
    const instance = twoByTwo([session("a", { current: { room: "big", slot: "am" } }), session("b", { current: { room: "big", slot: "pm" } })]);
    expect(scoreGrid(instance, [at("a", "big", "am"), at("b", "big", "pm")]).total).toBe(0);
    expect(scoreGrid(instance, [at("a", "small", "am"), at("b", "big", "pm")])).toEqual({ total: 10, clashes: 0, overflow: 0, moved: 1, unscheduled: 0 });
    expect(scoreGrid(instance, [at("a", "big", "pm"), at("b", "big", "am")]).moved).toBe(2);
    // Off the grid: moved, and the unscheduled penalty of interest (0) + 1.
    expect(scoreGrid(instance, [at("a", "big", "am")])).toEqual({ total: 11, clashes: 0, overflow: 0, moved: 1, unscheduled: 1 });
  });

  it("costs each unscheduled session its interest + 1", () => {
    const instance = twoByTwo([session("a", { interested: ["p1", "p2", "p3"] }), session("b")]);
    expect(scoreGrid(instance, [])).toEqual({ total: 5, clashes: 0, overflow: 0, moved: 0, unscheduled: 5 });
    expect(scoreGrid(instance, [at("b", "big", "am")]).unscheduled).toBe(4);
  });
});

describe("gridViolations", () => {
  const instance = twoByTwo(
    [
      session("a", { hosts: ["h1"], needs: ["screen"] }),
      session("b", { hosts: ["h1"], avoidSlots: ["pm"] }),
      session("c", { pinned: { room: "small", slot: "pm" } }),
    ],
    { closed: [{ room: "small", slot: "am" }] },
  );

  it("accepts a valid grid", () => {
    expect(gridViolations(instance, [at("a", "big", "am"), at("c", "small", "pm")])).toEqual([]);
  });

  it.each([
    ["two sessions in one cell", [at("a", "big", "am"), at("b", "big", "am"), at("c", "small", "pm")], /share room big/],
    ["a host in two sessions in one slot", [at("a", "big", "pm"), at("b", "small", "pm"), at("c", "small", "pm")], /also hosts/],
    ["a pinned session elsewhere", [at("c", "big", "am")], /Pinned session c/],
    ["a need not met", [at("a", "small", "pm"), at("c", "small", "pm")], /needs screen/],
    ["a closed cell", [at("b", "small", "am"), at("c", "small", "pm")], /closed cell/],
    ["an avoid slot", [at("b", "big", "pm"), at("c", "small", "pm")], /its hosts avoid/],
    ["a session placed twice", [at("b", "big", "am"), at("b", "big", "am"), at("c", "small", "pm")], /placed twice/],
    ["an unknown cell", [at("b", "nowhere", "am"), at("c", "small", "pm")], /unknown cell/],
  ])("reports %s", (_, assignments, message) => {
    expect(gridViolations(instance, assignments).join(" ")).toMatch(message);
  });
});

describe("optimise on small cases", () => {
  it("puts sessions that share people in different slots and the popular one in the big room", () => {
    const people = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const instance = twoByTwo([session("popular", { interested: people }), session("niche", { interested: ["p1", "p2"] })]);
    const result = solved(optimise(instance, { seed: 3 }));
    expect(result.score).toEqual({ total: 0, clashes: 0, overflow: 0, moved: 0, unscheduled: 0 });
    expect(result.assignments.find((a) => a.session === "popular")?.room).toBe("big");
    const slots = result.assignments.map((a) => a.slot);
    expect(new Set(slots).size).toBe(2);
  });

  it("leaves the least wanted session off when there are more sessions than cells", () => {
    const instance = twoByTwo([
      session("a", { interested: ["p1"] }),
      session("b", { interested: ["p2", "p3"] }),
      session("c", { interested: ["p4"] }),
      session("d", { interested: ["p5", "p6"] }),
      session("e", { interested: [] }),
    ]);
    const result = solved(optimise(instance, { seed: 1 }));
    expect(result.unscheduled).toEqual(["e"]);
    expect(result.score.total).toBe(1);
  });

  it("keeps a published grid where it is when nothing is gained by moving", () => {
    const instance = twoByTwo([
      session("a", { interested: ["p1", "p2"], current: { room: "small", slot: "pm" } }),
      session("b", { interested: ["p3"], current: { room: "big", slot: "am" } }),
      session("late", { interested: ["p1"] }),
    ]);
    const result = solved(optimise(instance, { seed: 1 }));
    expect(result.score.moved).toBe(0);
    // p1 marked both "a" (afternoon) and "late", so "late" takes the free morning cell.
    expect(result.assignments).toContainEqual(at("late", "small", "am"));
  });

  it("gives up no hard rule to fit a session in: with no room that has what it needs, it stays off the grid", () => {
    const instance = twoByTwo([session("a", { interested: ["p1"], needs: ["hearing-loop"] })]);
    const result = solved(optimise(instance));
    expect(result.unscheduled).toEqual(["a"]);
    expect(result.score.unscheduled).toBe(2);
  });
});

describe("infeasible instances are reported with a reason, not a crash", () => {
  it.each([
    [
      "a host pinned into two sessions in one slot",
      [session("a", { hosts: ["h"], pinned: { room: "big", slot: "am" } }), session("b", { hosts: ["h"], pinned: { room: "small", slot: "am" } })],
      {},
      /Host h is in two sessions pinned to slot am/,
    ],
    ["two sessions pinned to one cell", [session("a", { pinned: { room: "big", slot: "am" } }), session("b", { pinned: { room: "big", slot: "am" } })], {}, /both pinned/],
    ["a pinned session in a closed cell", [session("a", { pinned: { room: "small", slot: "am" } })], { closed: [{ room: "small", slot: "am" }] }, /which is closed/],
    ["a pinned session whose needs the room lacks", [session("a", { needs: ["step-free"], pinned: { room: "small", slot: "am" } })], {}, /lacks what it needs: step-free/],
    ["a pinned session in an avoid slot", [session("a", { avoidSlots: ["am"], pinned: { room: "big", slot: "am" } })], {}, /asked to avoid/],
    ["a reference to a room that does not exist", [session("a", { current: { room: "attic", slot: "am" } })], {}, /room attic is not in rooms/],
  ])("%s", (_, sessions, extra, reason) => {
    const result = optimise(twoByTwo(sessions, extra));
    expect(isInfeasible(result)).toBe(true);
    if (isInfeasible(result)) expect(result.infeasible).toMatch(reason);
  });

  it("lists duplicate ids as problems of the instance", () => {
    expect(instanceProblems(twoByTwo([session("a"), session("a")]))).toEqual(["sessions: session a is listed twice"]);
  });
});

/** Small random instances, pins included (some of them impossible on purpose). */
const arbitraryInstance = fc
  .record({
    rooms: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 6 }), features: fc.subarray(["step-free", "screen"]) }), { minLength: 1, maxLength: 4 }),
    slotCount: fc.integer({ min: 1, max: 4 }),
    closedSeeds: fc.array(fc.nat(), { maxLength: 3 }),
    sessions: fc.array(
      fc.record({
        hosts: fc.subarray(["h1", "h2", "h3", "h4", "h5"], { minLength: 1, maxLength: 2 }),
        interested: fc.array(fc.integer({ min: 0, max: 14 }), { maxLength: 8 }),
        needs: fc.subarray(["step-free", "screen"]),
        avoid: fc.array(fc.nat(), { maxLength: 2 }),
        pin: fc.option(fc.nat(), { freq: 6 }),
        current: fc.option(fc.nat(), { freq: 2 }),
      }),
      { maxLength: 14 },
    ),
  })
  .map(({ rooms, slotCount, closedSeeds, sessions }): Instance => {
    const cell = (n: number) => ({ room: `r${n % rooms.length}`, slot: `t${Math.floor(n / rooms.length) % slotCount}` });
    const closed = [...new Set(closedSeeds.map((n) => n % (rooms.length * slotCount)))].map(cell);
    return {
      rooms: rooms.map((r, i) => ({ id: `r${i}`, ...r })),
      slots: Array.from({ length: slotCount }, (_, i) => ({ id: `t${i}` })),
      closed,
      sessions: sessions.map((s, i) => ({
        id: `s${i}`,
        hosts: s.hosts,
        interested: s.interested.map((p) => `p${p}`),
        needs: s.needs,
        avoidSlots: [...new Set(s.avoid.map((n) => `t${n % slotCount}`))],
        pinned: s.pin === null ? null : cell(s.pin),
        current: s.current === null ? null : cell(s.current),
      })),
    };
  });

const pinnedOnly = (instance: Instance): Assignment[] =>
  instance.sessions.flatMap((s) => (s.pinned ? [{ session: s.id, room: s.pinned.room, slot: s.pinned.slot }] : []));

describe("optimise on random instances (property-based)", () => {
  it("returns a grid that keeps every hard rule and every pin, scored exactly as scoreGrid scores it, or a true infeasibility", () => {
    fc.assert(
      fc.property(arbitraryInstance, fc.integer({ min: 1, max: 1000 }), (instance, seed) => {
        const result = optimise(instance, { seed, maxSteps: 3000, timeLimitMs: 5000 });
        if (isInfeasible(result)) {
          // Infeasible only when the pins by themselves already break a rule.
          expect(gridViolations(instance, pinnedOnly(instance)).length).toBeGreaterThan(0);
          return;
        }
        expect(gridViolations(instance, result.assignments)).toEqual([]);
        for (const pin of pinnedOnly(instance)) expect(result.assignments).toContainEqual(pin);
        expect(result.score).toEqual(scoreGrid(instance, result.assignments));
        const placed = new Set(result.assignments.map((a) => a.session));
        expect(instance.sessions.filter((s) => !placed.has(s.id)).map((s) => s.id)).toEqual(result.unscheduled);
        // Never worse than leaving everything but the pins off the grid.
        expect(result.score.total).toBeLessThanOrEqual(scoreGrid(instance, pinnedOnly(instance)).total);
      }),
      { numRuns: 200 },
    );
  });

  it("predicts a swap's clash change exactly, for sessions on and off the grid and sharing attendees, and keeps its counts equal to a full recount", () => {
    let sharedSwaps = 0;
    fc.assert(
      fc.property(arbitraryInstance, fc.integer({ min: 1, max: 1000 }), (instance, seed) => {
        for (const trial of exchangeDeltaTrials(instance, seed, 30)) {
          expect(trial.predicted).toBe(trial.actual);
          expect(trial.clashes).toBe(trial.recomputed);
          if (trial.predicted !== 0) sharedSwaps++;
        }
      }),
      { numRuns: 300 },
    );
    // The trials did swap sessions whose clashes change (not only empty ones).
    expect(sharedSwaps).toBeGreaterThan(100);
  });

  it("gives identical output for the same seed", () => {
    fc.assert(
      fc.property(arbitraryInstance, fc.integer({ min: 1, max: 1000 }), (instance, seed) => {
        const first = optimise(instance, { seed, maxSteps: 5000, timeLimitMs: 10_000 });
        const second = optimise(structuredClone(instance), { seed, maxSteps: 5000, timeLimitMs: 10_000 });
        expect(second).toEqual(first);
      }),
      { numRuns: 60 },
    );
  });

  it("gives identical output for the same seed on a LocalGovCamp-size instance with the default budget", () => {
    const instance = generateInstance("lgc", 4);
    // A stopped clock, so a busy machine cannot cut one run short at its deadline and not the other.
    const first = solved(optimise(instance, { seed: 9, timeLimitMs: 4000, maxSteps: 200_000, now: () => 0 }));
    const second = solved(optimise(instance, { seed: 9, timeLimitMs: 4000, maxSteps: 200_000, now: () => 0 }));
    expect(second).toEqual(first);
    expect(gridViolations(instance, first.assignments)).toEqual([]);
  });
});

describe("time limit", () => {
  it("stops at the first look at its clock past 85% of the time limit, even with a step budget far beyond it, and the grid is still valid", () => {
    const instance = generateInstance("large", 1);
    // A clock that moves 10 ms each time it is read: the search must stop by the clock, however
    // fast or slow this machine is. The budget (5 million steps) would last seconds without it.
    const readings: number[] = [];
    const now = () => {
      readings.push((readings.length + 1) * 10);
      return readings.at(-1)!;
    };
    const result = solved(optimise(instance, { timeLimitMs: 400, maxSteps: 5_000_000, now }));
    // Started at 10 ms, so the deadline is 10 + 0.85 x 400 = 350 ms: the reading at 360 ms is the
    // first past it and the last one taken.
    expect(readings.at(-1)).toBe(360);
    expect(gridViolations(instance, result.assignments)).toEqual([]);
  });

  it("does much better than the greedy start on a LocalGovCamp-size instance in its default budget", () => {
    const instance = generateInstance("lgc", 2);
    const quick = solved(optimise(instance, { seed: 1, maxSteps: 0 }));
    // A stopped clock: only the default step budget for a 2-second limit ends the search, so
    // the outcome does not depend on how busy the machine is.
    const full = solved(optimise(instance, { seed: 1, timeLimitMs: 2000, now: () => 0 }));
    expect(full.score.total).toBeLessThan(quick.score.total * 0.95);
  });
});

describe("the command line (npm run optimise)", () => {
  const dir = mkdtempSync(join(tmpdir(), "optimise-cli-"));
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ["--import", "tsx", "scripts/optimise.ts", ...args], { cwd: process.cwd(), timeout: 30_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  const write = (name: string, content: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  };

  it("prints the assignments, the unscheduled sessions and the score as JSON", async () => {
    const instance = generateInstance("lgc", 5);
    const { code, stdout } = await run(["--input", write("lgc.json", instance), "--time-limit-ms", "500", "--seed", "2"]);
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output).sort()).toEqual(["assignments", "score", "unscheduled"]);
    expect(Object.keys(output.score).sort()).toEqual(["clashes", "moved", "overflow", "total", "unscheduled"]);
    for (const a of output.assignments) expect(Object.keys(a).sort()).toEqual(["room", "session", "slot"]);
    expect(gridViolations(instance, output.assignments)).toEqual([]);
    expect(output.score).toEqual(scoreGrid(instance, output.assignments));
    expect(output.assignments.length + output.unscheduled.length).toBe(instance.sessions.length);
  });

  it("exits 1 for a file it cannot read or that is not JSON, and for bad options", async () => {
    const missing = await run(["--input", join(dir, "missing.json")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read .*missing\.json/);
    const notJson = await run(["--input", write("broken.json", "{ rooms: ")]);
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/is not JSON/);
    const badLimit = await run(["--input", write("ok.json", twoByTwo([])), "--time-limit-ms", "soon"]);
    expect(badLimit.code).toBe(1);
    expect(badLimit.stderr).toMatch(/--time-limit-ms must be/);
  });

  it("exits 2 for an invalid instance and names the field", async () => {
    const bad = twoByTwo([session("a")]) as unknown as { sessions: Record<string, unknown>[] };
    bad.sessions[0].interested = "everyone";
    const result = await run(["--input", write("invalid.json", bad)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/sessions\.0\.interested/);
    expect(result.stdout).toBe("");
  });

  it("works as the issue states it: gen-instance --help, then `npm run --silent optimise` on its output, the same grid for the same seed", async () => {
    const tsx = (script: string, args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, ["--import", "tsx", script, ...args], { cwd: process.cwd(), timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
        });
      });
    const help = await tsx("scripts/gen-instance.ts", ["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--size lgc\|large/);
    expect(help.stdout).toMatch(/--published/);
    const unknown = await tsx("scripts/gen-instance.ts", ["--sise", "lgc"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown option --sise/);
    expect(unknown.stdout).toBe("");

    const generated = await tsx("scripts/gen-instance.ts", ["--size", "lgc", "--seed", "7", "--published"]);
    expect(generated.code).toBe(0);
    const instance = JSON.parse(generated.stdout) as Instance;
    expect(instance).toEqual(generateInstance("lgc", 7, { published: true }));
    const file = write("published.json", generated.stdout);
    // A limit long enough that the step budget, not the clock, ends the search even on a busy machine.
    const npm = () =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile("npm", ["run", "--silent", "optimise", "--", "--input", file, "--time-limit-ms", "20000", "--seed", "3"], { cwd: process.cwd(), timeout: 60_000 }, (error, stdout) =>
          resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout }),
        );
      });
    const [first, second] = [await npm(), await npm()];
    expect(first.code).toBe(0);
    // stdout is the JSON and nothing else (no npm banner).
    const output = JSON.parse(first.stdout);
    expect(Object.keys(output)).toEqual(["assignments", "unscheduled", "score"]);
    expect(gridViolations(instance, output.assignments)).toEqual([]);
    expect(output.score).toEqual(scoreGrid(instance, output.assignments));
    expect(second.stdout).toBe(first.stdout);
  }, 120_000);

  it("--show-up-ratio scales marks into expected attendance; without it the output is as before", async () => {
    // Six people want "a", three want "b"; one slot, a room of 3 and a room of 100.
    const instance: Instance = {
      rooms: [{ id: "small", capacity: 3, features: [] }, { id: "big", capacity: 100, features: [] }],
      slots: [{ id: "am" }],
      closed: [],
      sessions: [
        session("a", { interested: ["p1", "p2", "p3", "p4", "p5", "p6"], pinned: { room: "small", slot: "am" } }),
        session("b", { interested: ["q1", "q2", "q3"], pinned: { room: "big", slot: "am" } }),
      ],
    };
    const file = write("ratio.json", instance);
    const plain = await run(["--input", file, "--time-limit-ms", "200"]);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).score.overflow).toBe(3);
    const scaled = await run(["--input", file, "--time-limit-ms", "200", "--show-up-ratio", "0.5"]);
    expect(scaled.code).toBe(0);
    expect(JSON.parse(scaled.stdout).score.overflow).toBe(0); // round(6 x 0.5) = 3 fits
    const bad = await run(["--input", file, "--show-up-ratio", "lots"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--show-up-ratio must be/);
  });

  it("exits 3 with the reason as JSON when no valid grid exists", async () => {
    const impossible = twoByTwo([session("a", { hosts: ["h"], pinned: { room: "big", slot: "am" } }), session("b", { hosts: ["h"], pinned: { room: "small", slot: "am" } })]);
    const result = await run(["--input", write("impossible.json", impossible)]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({ infeasible: expect.stringMatching(/Host h/), sessions: ["a", "b"] });
  });
});
