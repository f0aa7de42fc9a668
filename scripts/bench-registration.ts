/**
 * Registration rush benchmark: `npm run build` first, then `npm run bench:registration`.
 * Starts the built app as `npm start` serves it (scripts/serve.ts) on a fresh database, then fires
 * ATTEMPTS registration POSTs for PLACES places from CONCURRENCY connections, and the same
 * number of GET /healthz the same way, and of GET /healthz of a bare Remix app (the floor:
 * scripts/lib/bare-app.ts, built and started here with as many processes), in ROUNDS interleaved
 * rounds (floor, /healthz, registrations, floor, ...), and reports throughput and latency, each
 * rate as a share of /healthz and of the floor, and the places taken against the quota (which
 * must never be exceeded).
 *
 * Environment: BENCH_ATTEMPTS (2000), BENCH_PLACES (400), BENCH_CONCURRENCY (50),
 * BENCH_ROUNDS (4), WEB_CONCURRENCY (app processes; one per CPU by default, as under
 * `npm start`), PITCHGRID_BUILD_DIR (build).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { appProcessCount, migrate, openClient, parseEnv, prepareFileDatabase } from "../app/.server/platform";
import { startApp } from "../tests/support/app-server";
import { startBareApp } from "./lib/bare-app";
import { fireLoad, type LoadRequest } from "./lib/load-client";

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 2000);
const PLACES = Number(process.env.BENCH_PLACES ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
// Rate limits are off by default (the benchmark measures registration). A positive scale, e.g.
// 1000 (limits far above what the rush reaches), measures what the database-backed per-address
// counter costs: each request then comes from its own address and pays one counter upsert.
const RATE_LIMIT_SCALE = process.env.BENCH_RATE_LIMIT_SCALE ?? "0";
const PROCESSES = appProcessCount(parseEnv({ WEB_CONCURRENCY: process.env.WEB_CONCURRENCY }));
const BUILD = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js");

if (!existsSync(BUILD)) {
  console.error(`No built app at ${BUILD}. Run \`npm run build\` first (or set PITCHGRID_BUILD_DIR).`);
  process.exit(1);
}

type Run = { label: string; seconds: number; count: number; latencies: number[]; statuses: Map<number, number> };

const newRun = (label: string): Run => ({ label, seconds: 0, count: 0, latencies: [], statuses: new Map() });

/** Fires requests `from` to `from + count - 1` at `base`, adding them to `run`. */
async function load(run: Run, from: number, count: number, base: URL, request: (i: number) => LoadRequest): Promise<Run> {
  const part = await fireLoad(base, count, CONCURRENCY, (i) => request(from + i));
  run.seconds += part.seconds;
  run.count += count;
  run.latencies.push(...part.latencies);
  for (const [status, n] of part.statuses) run.statuses.set(status, (run.statuses.get(status) ?? 0) + n);
  return run;
}

const perSecond = (run: Run) => run.count / run.seconds;
const percent = (share: number) => `${(share * 100).toFixed(0).padStart(4)}%`;

function report(run: Run, health: Run, floor: Run) {
  const latencies = [...run.latencies].sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const codes = [...run.statuses].map(([code, n]) => `${code}×${n}`).join(", ");
  const ofHealth = run === health || run === floor ? "      " : percent(perSecond(run) / perSecond(health)) + " ";
  const ofFloor = run === floor ? "      " : percent(perSecond(run) / perSecond(floor)) + " ";
  console.log(
    `${run.label.padEnd(14)} ${perSecond(run).toFixed(0).padStart(6)} req/s  ${ofHealth}${ofFloor}  p50 ${at(0.5).toFixed(1).padStart(6)} ms   p99 ${at(0.99).toFixed(1).padStart(6)} ms   (${run.seconds.toFixed(2)} s; ${codes})`,
  );
}

const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-bench-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
const db = openClient(databaseUrl);
await prepareFileDatabase(db);
await migrate(db);
const now = new Date().toISOString();
const startsAt = new Date(Date.now() + 30 * 86400_000).toISOString();
const eventId = Number(
  (
    await db.execute({
      sql: "INSERT INTO events (slug, name, starts_at, ends_at, capacity, created_at, updated_at) VALUES ('bench-camp', 'Bench Camp', ?, ?, ?, ?, ?)",
      args: [startsAt, startsAt, PLACES, now, now],
    })
  ).lastInsertRowid,
);
const ticketTypeId = Number(
  (await db.execute({ sql: "INSERT INTO ticket_types (event_id, name, quota, rule, created_at) VALUES (?, 'Standard', ?, 'open', ?)", args: [eventId, PLACES, now] })).lastInsertRowid,
);

const bare = await startBareApp(dir, PROCESSES);
const app = await startApp({ databaseUrl, env: { RATE_LIMIT_SCALE }, processes: PROCESSES, startTimeoutMs: 120_000 }).catch(async (error: unknown) => {
  await bare.stop();
  throw error;
});
try {
  console.log(
    `Pitchgrid registration rush: ${ATTEMPTS} attempts for ${PLACES} places, ${CONCURRENCY} concurrent connections, ${PROCESSES} app process${PROCESSES === 1 ? "" : "es"}, ${ROUNDS} interleaved rounds, RATE_LIMIT_SCALE=${RATE_LIMIT_SCALE}\n`,
  );
  const base = new URL(app.url);
  const bareBase = new URL(bare.url);
  const health = (): LoadRequest => ({ method: "GET", path: "/healthz" });
  const register = (i: number): LoadRequest => ({
    method: "POST",
    path: "/events/bench-camp/register",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: app.url,
      ...(RATE_LIMIT_SCALE === "0" ? {} : { "X-Forwarded-For": `198.51.${Math.floor(i / 250) % 256}.${i % 250}` }),
    },
    body: new URLSearchParams({
      name: `Bench Person ${i}`,
      email: `bench${i}@guildford.gov.uk`,
      organisation: "Guildford Borough Council",
      ticketTypeId: String(ticketTypeId),
      intent: "register",
    }).toString(),
  });
  // Warm up the /healthz paths (module loading, JIT) outside the measured runs; registering is
  // not warmed up (each attempt must be one of the ATTEMPTS counted).
  await load(newRun("warm-up"), 0, 200, bareBase, health);
  await load(newRun("warm-up"), 0, 200, base, health);
  const floorRun = newRun("floor /healthz");
  const healthRun = newRun("GET /healthz");
  const registration = newRun("POST register");
  // The three take turns, so a busy machine slows them all alike and the ratios stay fair.
  for (let round = 0; round < ROUNDS; round++) {
    const from = Math.floor((round * ATTEMPTS) / ROUNDS);
    const count = Math.floor(((round + 1) * ATTEMPTS) / ROUNDS) - from;
    await load(floorRun, from, count, bareBase, health);
    await load(healthRun, from, count, base, health);
    await load(registration, from, count, base, register);
  }
  console.log("Each rate, then its share of the app's /healthz and of the floor (the bare Remix app's /healthz):");
  for (const run of [floorRun, healthRun, registration]) report(run, healthRun, floorRun);
  const counts = Object.fromEntries(
    (await db.execute({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] })).rows.map((r) => [String(r.status), Number(r.n)]),
  );
  // Registering takes no place (only following the emailed link does): this measures the
  // registration write; the no-oversell rule under verification is tested in registration-rush.test.ts.
  const taken = (counts.confirmed ?? 0) + (counts.offered ?? 0);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`\nPlaces taken (confirmed + offered): ${taken} of ${PLACES} ${taken <= PLACES ? "(not oversold)" : "OVERSOLD"}`);
  console.log(`Awaiting email confirmation: ${counts.held ?? 0}; registrations recorded: ${total} of ${ATTEMPTS} attempts`);
  console.log(
    `Registration throughput is ${(perSecond(registration) / perSecond(healthRun) * 100).toFixed(0)}% of /healthz and ${(perSecond(registration) / perSecond(floorRun) * 100).toFixed(0)}% of the floor measured the same way (target: 1,000 registrations/s)`,
  );
  if (taken > PLACES || total !== ATTEMPTS) process.exitCode = 1;
} finally {
  await app.stop();
  await bare.stop();
  db.close();
  await rm(dir, { recursive: true, force: true });
}
