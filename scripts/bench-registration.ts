/**
 * Registration rush benchmark: `npm run build` first, then `npm run bench:registration`.
 * Starts the built app as `npm start` serves it (scripts/serve.ts) on a fresh database, then fires
 * ATTEMPTS registration POSTs for PLACES places from CONCURRENCY connections, and the same
 * number of GET /healthz the same way, and reports throughput, latency and the places taken
 * against the quota (which must never be exceeded).
 *
 * Environment: BENCH_ATTEMPTS (2000), BENCH_PLACES (400), BENCH_CONCURRENCY (50),
 * WEB_CONCURRENCY (app processes; one per CPU by default, as under `npm start`),
 * PITCHGRID_BUILD_DIR (build).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { appProcessCount, migrate, openClient, parseEnv, prepareFileDatabase } from "../app/.server/platform";
import { startApp } from "../tests/support/app-server";
import { fireLoad, type LoadRequest, type LoadRun } from "./lib/load-client";

const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 2000);
const PLACES = Number(process.env.BENCH_PLACES ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
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

type Run = LoadRun & { label: string };

async function load(label: string, count: number, base: URL, request: (i: number) => LoadRequest): Promise<Run> {
  return { label, ...(await fireLoad(base, count, CONCURRENCY, request)) };
}

function report(run: Run) {
  const codes = [...run.statuses].map(([code, n]) => `${code}×${n}`).join(", ");
  console.log(
    `${run.label.padEnd(14)} ${run.perSecond.toFixed(0).padStart(6)} req/s   p50 ${run.p50.toFixed(1).padStart(6)} ms   p99 ${run.p99.toFixed(1).padStart(6)} ms   (${run.seconds.toFixed(2)} s; ${codes})`,
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

const app = await startApp({ databaseUrl, env: { RATE_LIMIT_SCALE }, processes: PROCESSES });
try {
  console.log(
    `Pitchgrid registration rush: ${ATTEMPTS} attempts for ${PLACES} places, ${CONCURRENCY} concurrent connections, ${PROCESSES} app process${PROCESSES === 1 ? "" : "es"}, RATE_LIMIT_SCALE=${RATE_LIMIT_SCALE}\n`,
  );
  const base = new URL(app.url);
  const health = (): LoadRequest => ({ method: "GET", path: "/healthz" });
  // Warm up both paths (module loading, JIT) outside the measured runs.
  await load("warm-up", 200, base, health);
  const healthRun = await load("GET /healthz", ATTEMPTS, base, health);
  const registration = await load("POST register", ATTEMPTS, base, (i) => ({
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
  }));
  report(healthRun);
  report(registration);
  const counts = Object.fromEntries(
    (await db.execute({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] })).rows.map((r) => [String(r.status), Number(r.n)]),
  );
  // Registering takes no place (only following the emailed link does): this measures the
  // registration write; the no-oversell rule under verification is tested in registration-rush.test.ts.
  const taken = (counts.confirmed ?? 0) + (counts.offered ?? 0);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(`\nPlaces taken (confirmed + offered): ${taken} of ${PLACES} ${taken <= PLACES ? "(not oversold)" : "OVERSOLD"}`);
  console.log(`Awaiting email confirmation: ${counts.held ?? 0}; registrations recorded: ${total} of ${ATTEMPTS} attempts`);
  console.log(`Registration throughput is ${((registration.perSecond / healthRun.perSecond) * 100).toFixed(0)}% of /healthz measured the same way`);
  if (taken > PLACES || total !== ATTEMPTS) process.exitCode = 1;
} finally {
  await app.stop();
  db.close();
  await rm(dir, { recursive: true, force: true });
}
