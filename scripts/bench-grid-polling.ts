/**
 * Polling load of open grids (issue 14): `npm run build` first, then `npm run bench:polling`.
 * Every open organiser grid polls `/organise/<slug>/grid/version` every 2.5 s (a signed-in
 * organiser: session lookup, event lookup, one fingerprint SELECT; 304 while unchanged), and
 * every open public grid polls `/events/<slug>/schedule/version` as often. This starts the built
 * app as `npm start` serves it on a fresh database with a generated, published 40-session,
 * 6-room event, then:
 *
 * 1. Capacity: each poll URL flat out (CONCURRENCY connections, REQUESTS requests, in
 *    interleaved rounds with /healthz): requests/s, p50, p99 and the ratio to /healthz.
 * 2. Open pages: ORGANISER_PAGES organiser grids and PUBLIC_PAGES public grids polling at their
 *    real interval (random phase, 2.5 s after the last answer, If-None-Match as a browser sends
 *    it) while an organiser changes the grid every 5 s (so pages see 200s as well as 304s): for
 *    SECONDS alone (poll latency), then SECONDS more while /healthz is measured flat out, which
 *    is compared with /healthz on the idle app (the capacity the polls leave to everyone else).
 *
 * Environment: BENCH_ORGANISER_PAGES (30), BENCH_PUBLIC_PAGES (300), BENCH_SECONDS (20),
 * BENCH_REQUESTS (2000), BENCH_CONCURRENCY (50), BENCH_ROUNDS (5), WEB_CONCURRENCY (app
 * processes; one per CPU by default), PITCHGRID_BUILD_DIR (build).
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { appProcessCount, migrate, openClient, parseEnv, prepareFileDatabase } from "../app/.server/platform";
import { startApp } from "../tests/support/app-server";
import { seedDemoSchedule } from "../tests/support/demo-schedule";
import { TEST_SESSION_SECRET } from "../tests/support/launch-app";
import { organiserCookie } from "../tests/support/sessions";
import { fireLoad, type LoadRun } from "./lib/load-client";

const ORGANISER_PAGES = Number(process.env.BENCH_ORGANISER_PAGES ?? 30);
const PUBLIC_PAGES = Number(process.env.BENCH_PUBLIC_PAGES ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const POLL_MS = 2500; // as app/components/useLiveOrganiserGrid.ts and PublicGrid.tsx
const PROCESSES = appProcessCount(parseEnv({ WEB_CONCURRENCY: process.env.WEB_CONCURRENCY }));
const BUILD = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js");

if (!existsSync(BUILD)) {
  console.error(`No built app at ${BUILD}. Run \`npm run build\` first (or set PITCHGRID_BUILD_DIR).`);
  process.exit(1);
}

type Target = { name: string; path: string; headers: Record<string, string> };
type Tally = { latencies: number[]; statuses: Map<number, number>; seconds: number; count: number };

const add = (tally: Tally, run: LoadRun, count: number) => {
  tally.latencies.push(...run.latencies);
  for (const [status, n] of run.statuses) tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + n);
  tally.seconds += run.seconds;
  tally.count += count;
};
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN;
};
const codes = (statuses: Map<number, number>) => [...statuses].map(([code, n]) => `${code}×${n}`).join(", ");

const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-bench-polling-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
const db = openClient(databaseUrl);
await prepareFileDatabase(db);
await migrate(db);
const demo = await seedDemoSchedule(db, { slug: "bench-grid", sessions: 40, rooms: 6 });
process.env.SESSION_SECRET = TEST_SESSION_SECRET;
const cookie = await organiserCookie("organiser@council.test", db);

const app = await startApp({ databaseUrl, env: { RATE_LIMIT_SCALE: "0" }, processes: PROCESSES });
const base = new URL(app.url);
const organiserPath = `/organise/${demo.slug}/grid/version`;
const publicPath = `/events/${demo.slug}/schedule/version`;
/** A grid change an organiser makes: the threshold moves the organiser fingerprint; the schedule's version moves the public one. */
let change = 0;
const changeGrid = async () => {
  change++;
  await db.execute({ sql: "UPDATE events SET grid_clash_threshold = ?, schedule_changed_at = ? WHERE id = ?", args: [2 + (change % 5), new Date().toISOString(), demo.eventId] });
};

try {
  const first = await fetch(new URL(organiserPath, base), { headers: { cookie } });
  if (first.status !== 200) throw new Error(`${organiserPath} answered ${first.status}: is the organiser signed in?`);
  const organiserEtag = first.headers.get("etag") ?? "";
  const publicEtag = (await fetch(new URL(publicPath, base))).headers.get("etag") ?? "";

  // 1. Capacity of each poll URL, interleaved with /healthz so a busy machine slows all alike.
  const targets: Target[] = [
    { name: "GET /healthz", path: "/healthz", headers: {} },
    { name: "organiser poll 304", path: organiserPath, headers: { cookie, "if-none-match": organiserEtag } },
    { name: "organiser poll 200", path: organiserPath, headers: { cookie } },
    { name: "public poll" + (publicEtag ? " 304" : ""), path: publicPath, headers: publicEtag ? { "if-none-match": publicEtag } : {} },
  ];
  console.log(`Pitchgrid grid polling: ${PROCESSES} app process${PROCESSES === 1 ? "" : "es"}; capacity with ${CONCURRENCY} connections, ${REQUESTS} requests per URL in ${ROUNDS} rounds\n`);
  for (const t of targets) await fireLoad(base, 200, CONCURRENCY, () => ({ method: "GET", path: t.path, headers: t.headers }));
  const tallies = targets.map((): Tally => ({ latencies: [], statuses: new Map(), seconds: 0, count: 0 }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, t] of targets.entries()) {
      const count = Math.ceil(REQUESTS / ROUNDS);
      add(tallies[i], await fireLoad(base, count, CONCURRENCY, () => ({ method: "GET", path: t.path, headers: t.headers })), count);
    }
  }
  const rate = (t: Tally) => t.count / t.seconds;
  const health = rate(tallies[0]);
  for (const [i, t] of targets.entries()) {
    const tally = tallies[i];
    console.log(
      `${t.name.padEnd(20)} ${rate(tally).toFixed(0).padStart(6)} req/s   p50 ${quantile(tally.latencies, 0.5).toFixed(1).padStart(6)} ms   p99 ${quantile(tally.latencies, 0.99).toFixed(1).padStart(6)} ms   ${((rate(tally) / health) * 100).toFixed(0).padStart(4)}% of /healthz   (${codes(tally.statuses)})`,
    );
  }

  // 2. Open pages polling at their real interval, with a grid change every 5 s.
  const demand = ((ORGANISER_PAGES + PUBLIC_PAGES) * 1000) / POLL_MS;
  console.log(`\n${ORGANISER_PAGES} organiser grids and ${PUBLIC_PAGES} public grids open for ${SECONDS} s, each polling every ${POLL_MS / 1000} s (${demand.toFixed(0)} polls/s), a grid change every 5 s`);
  const newPolls = () => ({ organiser: { latencies: [] as number[], statuses: new Map<number, number>() }, public: { latencies: [] as number[], statuses: new Map<number, number>() } });
  let polls = newPolls();
  let stop = false;
  const page = async (kind: "organiser" | "public") => {
    const url = new URL(kind === "organiser" ? organiserPath : publicPath, base);
    let etag = kind === "organiser" ? organiserEtag : publicEtag;
    await new Promise((r) => setTimeout(r, Math.random() * POLL_MS));
    while (!stop) {
      const started = performance.now();
      try {
        const response = await fetch(url, { headers: { ...(kind === "organiser" ? { cookie } : {}), ...(etag ? { "if-none-match": etag } : {}) } });
        await response.arrayBuffer();
        etag = response.headers.get("etag") ?? etag;
        polls[kind].latencies.push(performance.now() - started);
        polls[kind].statuses.set(response.status, (polls[kind].statuses.get(response.status) ?? 0) + 1);
      } catch {
        polls[kind].statuses.set(0, (polls[kind].statuses.get(0) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  };
  const changes = setInterval(() => void changeGrid(), 5000);
  const pages = [...Array.from({ length: ORGANISER_PAGES }, () => page("organiser")), ...Array.from({ length: PUBLIC_PAGES }, () => page("public"))];
  const report = (label: string, seconds: number) => {
    for (const kind of ["organiser", "public"] as const) {
      const p = polls[kind];
      const n = [...p.statuses.values()].reduce((a, b) => a + b, 0);
      console.log(`${`${kind} polls${label}`.padEnd(28)} ${(n / seconds).toFixed(1).padStart(6)} req/s   p50 ${quantile(p.latencies, 0.5).toFixed(1).padStart(6)} ms   p99 ${quantile(p.latencies, 0.99).toFixed(1).padStart(6)} ms   (${codes(p.statuses)})`);
    }
  };
  // Let every page start polling, then measure the polls alone.
  await new Promise((r) => setTimeout(r, POLL_MS));
  polls = newPolls();
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  report("", SECONDS);
  // Then /healthz flat out while they poll.
  polls = newPolls();
  const busyStart = performance.now();
  const busy: Tally = { latencies: [], statuses: new Map(), seconds: 0, count: 0 };
  while (performance.now() - busyStart < SECONDS * 1000) add(busy, await fireLoad(base, 500, CONCURRENCY, () => ({ method: "GET", path: "/healthz" })), 500);
  report(" (and /healthz)", (performance.now() - busyStart) / 1000);
  stop = true;
  clearInterval(changes);
  await Promise.all(pages);
  const organiserShare = (ORGANISER_PAGES * 1000) / POLL_MS / rate(tallies[1]);
  const publicShare = (PUBLIC_PAGES * 1000) / POLL_MS / rate(tallies[3]);
  console.log(`/healthz while they poll: ${rate(busy).toFixed(0)} req/s = ${((rate(busy) / health) * 100).toFixed(0)}% of /healthz on the idle app`);
  console.log(
    `\nThe polls need about ${((organiserShare + publicShare) * 100).toFixed(1)}% of the app's capacity for them (organiser ${(organiserShare * 100).toFixed(1)}%, public ${(publicShare * 100).toFixed(1)}%); one open organiser grid costs ${(100 / POLL_MS / rate(tallies[1]) * 1000).toFixed(3)}% .`,
  );
  const bad = [...polls.organiser.statuses.keys(), ...polls.public.statuses.keys()].filter((s) => s !== 200 && s !== 304);
  if (bad.length > 0) {
    console.error(`Unexpected poll answers: ${bad.join(", ")}`);
    process.exitCode = 1;
  }
} finally {
  await app.stop();
  db.close();
  await rm(dir, { recursive: true, force: true });
}
