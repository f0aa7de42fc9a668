/**
 * Public page benchmark: `PITCHGRID_BUILD_DIR=build npm run build` first, then
 * `npm run bench:pages`. Starts the built app as `npm start` serves it (scripts/serve.ts) on a fresh
 * database holding a generated, published 40-session, 6-room event, then measures each target
 * in TARGETS with CONCURRENCY connections for REQUESTS requests: requests/s, p50 and p99, and
 * each rate against the app's /healthz and against the floor, /healthz of a bare Remix app
 * (scripts/lib/bare-app.ts, built and started here with as many processes), all measured in the
 * same interleaved rounds. Targets (issue 19): /healthz at least 80% of the floor, the grid page
 * at least 60% of /healthz, the event page at least 50%.
 *
 * To measure another page or feed, add an entry to TARGETS (a name, a path, optional request
 * headers such as If-None-Match, the status expected, and whether to compare it with
 * /healthz). `prepare` runs once before the measurements, e.g. to fetch an ETag for a 304 run.
 *
 * Environment: BENCH_REQUESTS (2000 per target), BENCH_CONCURRENCY (50), BENCH_ROUNDS (5: the
 * targets take turns, REQUESTS / ROUNDS at a time), WEB_CONCURRENCY (app processes; one per
 * CPU by default), PITCHGRID_BUILD_DIR (build).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { appProcessCount, migrate, openClient, parseEnv, prepareFileDatabase } from "../app/.server/platform";
import { startApp } from "../tests/support/app-server";
import { seedDemoSchedule, type DemoSchedule } from "../tests/support/demo-schedule";
import { startBareApp } from "./lib/bare-app";
import { fireLoad } from "./lib/load-client";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const PROCESSES = appProcessCount(parseEnv({ WEB_CONCURRENCY: process.env.WEB_CONCURRENCY }));
const BUILD = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js");

if (!existsSync(BUILD)) {
  console.error(`No built app at ${BUILD}. Run \`npm run build\` first (or set PITCHGRID_BUILD_DIR).`);
  process.exit(1);
}

type Context = { baseUrl: string; bareUrl: string; demo: DemoSchedule };

export type BenchTarget = {
  name: string;
  /** Sent to the bare app (the floor) instead of the app. */
  bare?: boolean;
  /** The path to request, given the running app and the generated event. */
  path: (ctx: Context) => string;
  /** Extra request headers, e.g. an If-None-Match found by `prepare`. */
  headers?: (ctx: Context) => Record<string, string>;
  /** Runs once before the measurement (fetch an ETag, warm a cache). */
  prepare?: (ctx: Context) => Promise<void>;
  expectStatus: number;
  /** Report this target's rate as a share of /healthz's. */
  compareWithHealth?: boolean;
  /** The share of /healthz's rate this target should reach (0.5 = half). */
  targetShare?: number;
  /** The share of the floor's rate this target should reach. */
  targetFloorShare?: number;
};

const TARGETS: BenchTarget[] = [
  { name: "floor /healthz", bare: true, path: () => "/healthz", expectStatus: 200 },
  { name: "GET /healthz", path: () => "/healthz", expectStatus: 200, targetFloorShare: 0.8 },
  {
    name: "grid page",
    path: ({ demo }) => `/events/${demo.slug}/schedule`,
    headers: () => ({ "accept-encoding": "gzip" }),
    expectStatus: 200,
    compareWithHealth: true,
    targetShare: 0.6,
  },
  (() => {
    let etag = "";
    return {
      name: "grid page 304",
      path: ({ demo }: Context) => `/events/${demo.slug}/schedule`,
      prepare: async ({ baseUrl, demo }: Context) => {
        etag = (await fetch(`${baseUrl}/events/${demo.slug}/schedule`)).headers.get("etag") ?? "";
      },
      headers: () => ({ "if-none-match": etag }),
      expectStatus: 304,
      compareWithHealth: true,
    };
  })(),
  { name: "version poll", path: ({ demo }) => `/events/${demo.slug}/schedule/version`, expectStatus: 200, compareWithHealth: true },
  // For scale: the app's simplest public page (one small loader), rendered the same way.
  {
    name: "event page",
    path: ({ demo }) => `/events/${demo.slug}`,
    headers: () => ({ "accept-encoding": "gzip" }),
    expectStatus: 200,
    compareWithHealth: true,
    targetShare: 0.5,
  },
  // Calendar feeds and frab exports of the same 40-session event: full responses and 304s.
  { name: "event .ics", path: ({ demo }) => `/events/${demo.slug}/schedule.ics`, expectStatus: 200, compareWithHealth: true },
  (() => {
    let etag = "";
    return {
      name: "event .ics 304",
      path: ({ demo }: Context) => `/events/${demo.slug}/schedule.ics`,
      prepare: async ({ baseUrl, demo }: Context) => {
        etag = (await fetch(`${baseUrl}/events/${demo.slug}/schedule.ics`)).headers.get("etag") ?? "";
      },
      headers: () => ({ "if-none-match": etag }),
      expectStatus: 304,
      compareWithHealth: true,
    };
  })(),
  { name: "room .ics", path: ({ demo }) => `/events/${demo.slug}/rooms/${demo.roomIds[0]}/schedule.ics`, expectStatus: 200, compareWithHealth: true },
  { name: "frab .json", path: ({ demo }) => `/events/${demo.slug}/schedule.json`, expectStatus: 200, compareWithHealth: true },
  { name: "frab .xml", path: ({ demo }) => `/events/${demo.slug}/schedule.xml`, expectStatus: 200, compareWithHealth: true },
];

type Run = { target: BenchTarget; seconds: number; perSecond: number; p50: number; p99: number; statuses: Map<number, number> };
type Tally = { latencies: number[]; statuses: Map<number, number>; seconds: number; count: number };

/** Sends `count` requests to one target from CONCURRENCY connections, adding to its tally. */
async function load(ctx: Context, target: BenchTarget, count: number, tally: Tally = { latencies: [], statuses: new Map(), seconds: 0, count: 0 }): Promise<Tally> {
  const headers = target.headers?.(ctx) ?? {};
  const run = await fireLoad(new URL(target.bare ? ctx.bareUrl : ctx.baseUrl), count, CONCURRENCY, () => ({ method: "GET", path: target.path(ctx), headers }));
  tally.latencies.push(...run.latencies);
  for (const [status, n] of run.statuses) tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + n);
  tally.seconds += run.seconds;
  tally.count += count;
  return tally;
}

function summarise(target: BenchTarget, tally: Tally): Run {
  const latencies = [...tally.latencies].sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { target, seconds: tally.seconds, perSecond: tally.count / tally.seconds, p50: at(0.5), p99: at(0.99), statuses: tally.statuses };
}

const percent = (share: number) => `${(share * 100).toFixed(0).padStart(4)}%`;

function report(run: Run, health: Run, floor: Run) {
  const codes = [...run.statuses].map(([code, n]) => `${code}×${n}`).join(", ");
  const ofHealth = run === health || run === floor ? "      " : percent(run.perSecond / health.perSecond) + " ";
  const ofFloor = run === floor ? "      " : percent(run.perSecond / floor.perSecond) + " ";
  console.log(
    `${run.target.name.padEnd(16)} ${run.perSecond.toFixed(0).padStart(6)} req/s  ${ofHealth}${ofFloor}  p50 ${run.p50.toFixed(1).padStart(6)} ms   p99 ${run.p99.toFixed(1).padStart(6)} ms   (${run.seconds.toFixed(2)} s; ${codes})`,
  );
}

const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-bench-pages-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
const db = openClient(databaseUrl);
await prepareFileDatabase(db);
await migrate(db);
const demo = await seedDemoSchedule(db, { slug: "bench-grid", sessions: 40, rooms: 6 });

const bare = await startBareApp(dir, PROCESSES);
const app = await startApp({ databaseUrl, env: { RATE_LIMIT_SCALE: "0" }, processes: PROCESSES, startTimeoutMs: 120_000 }).catch(async (error: unknown) => {
  await bare.stop();
  throw error;
});
try {
  const ctx: Context = { baseUrl: app.url, bareUrl: bare.url, demo };
  const page = await fetch(`${app.url}/events/${demo.slug}/schedule`);
  const html = await page.text();
  console.log(`Pitchgrid public pages: ${REQUESTS} requests per target in ${ROUNDS} interleaved rounds, ${CONCURRENCY} concurrent connections, ${PROCESSES} app process${PROCESSES === 1 ? "" : "es"}`);
  console.log(`Grid page: ${demo.pitchIds.length} sessions, ${demo.roomIds.length} rooms; HTML ${(html.length / 1024).toFixed(1)} KB, ${(gzipSync(html).length / 1024).toFixed(1)} KB gzipped\n`);
  for (const target of TARGETS) await target.prepare?.(ctx);
  // Warm up every path (module loading, JIT, SQLite page cache) outside the measured runs.
  for (const target of TARGETS) await load(ctx, target, 200);
  // Targets take turns in ROUNDS rounds (the floor first), so a busy machine slows them all
  // alike and the ratios against /healthz and the floor stay fair.
  const tallies = TARGETS.map(() => ({ latencies: [], statuses: new Map(), seconds: 0, count: 0 }) as Tally);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, target] of TARGETS.entries()) await load(ctx, target, Math.ceil(REQUESTS / ROUNDS), tallies[i]);
  }
  const runs = TARGETS.map((target, i) => summarise(target, tallies[i]));
  const health = runs.find((r) => !r.target.bare && r.target.path(ctx) === "/healthz")!;
  const floor = runs.find((r) => r.target.bare)!;
  console.log("Each rate, then its share of the app's /healthz and of the floor (the bare Remix app's /healthz):");
  for (const run of runs) report(run, health, floor);
  console.log();

  let failed = false;
  for (const run of runs) {
    const unexpected = [...run.statuses.keys()].filter((code) => code !== run.target.expectStatus);
    if (unexpected.length) {
      console.error(`${run.target.name}: expected only ${run.target.expectStatus}, got ${unexpected.join(", ")}`);
      failed = true;
    }
    for (const [base, label, target] of [
      [health, "/healthz", run.target.targetShare],
      [floor, "the floor (bare Remix app)", run.target.targetFloorShare],
    ] as const) {
      if (target === undefined) continue;
      const share = run.perSecond / base.perSecond;
      const ok = share >= target;
      console.log(`${run.target.name}: ${(share * 100).toFixed(0)}% of ${label}'s rate (target ${(target * 100).toFixed(0)}%) ${ok ? "MET" : "NOT MET"}`);
      if (!ok) failed = true;
    }
  }
  if (failed) process.exitCode = 1;
} finally {
  await app.stop();
  await bare.stop();
  db.close();
  await rm(dir, { recursive: true, force: true });
}
