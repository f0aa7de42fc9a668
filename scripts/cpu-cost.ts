/**
 * CPU cost per request, for comparing builds on a shared or busy machine where requests per
 * second mean little: `npm run build` first, then
 *   npx tsx scripts/cpu-cost.ts <target> [requests] [--prof]
 * with target one of healthz, register, grid, event. Starts ONE app process (our server, the
 * built app) on a fresh database holding the page benchmark's 40-session grid and an open
 * ticket, warms the path up, fires `requests` (2,000) from 50 connections and prints the app
 * process's CPU time (user + system, from /proc) per request. Other processes on the machine
 * slow the run down but do not add to this figure. With --prof the process runs under
 * `node --cpu-prof` and the script prints the profile's self time by package and the top
 * functions (the profile is left in a temporary folder, printed).
 * Environment: BENCH_CONCURRENCY (50), PITCHGRID_BUILD_DIR (build).
 */
import { readFileSync, readdirSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { migrate, openClient, prepareFileDatabase } from "../app/.server/platform";
import { launchApp } from "../tests/support/launch-app";
import { seedDemoSchedule } from "../tests/support/demo-schedule";
import { fireLoad, type LoadRequest } from "./lib/load-client";

const [target = "register", countArg = "2000", ...flags] = process.argv.slice(2);
const COUNT = Number(countArg);
const PROFILE = flags.includes("--prof");
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
const WARM_UP = 300;
/** The measured run on the monotonic clock (µs), which V8's profile timestamps also use. */
const window = { from: 0n, to: 0n };

const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-cpu-"));
const databaseUrl = `file:${path.join(dir, "bench.db")}`;
const db = openClient(databaseUrl);
await prepareFileDatabase(db);
await migrate(db);
const demo = await seedDemoSchedule(db, { slug: "bench-grid", sessions: 40, rooms: 6 });
await db.execute({ sql: "UPDATE events SET capacity = 100000 WHERE id = ?", args: [demo.eventId] });
await db.execute({ sql: "UPDATE ticket_types SET quota = 100000, rule = 'open' WHERE id = ?", args: [demo.ticketTypeId] });
db.close();

const profileDir = path.join(dir, "profile");
const app = await launchApp({
  databaseUrl,
  dir,
  env: { RATE_LIMIT_SCALE: "0" },
  startTimeoutMs: 120_000,
  nodeArgs: PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
});

function request(i: number): LoadRequest {
  switch (target) {
    case "healthz":
      return { method: "GET", path: "/healthz" };
    case "grid":
      return { method: "GET", path: `/events/${demo.slug}/schedule`, headers: { "accept-encoding": "gzip" } };
    case "event":
      return { method: "GET", path: `/events/${demo.slug}`, headers: { "accept-encoding": "gzip" } };
    case "register":
      return {
        method: "POST",
        path: `/events/${demo.slug}/register`,
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
        body: new URLSearchParams({
          name: `Bench Person ${i}`,
          email: `cpu${i}@guildford.gov.uk`,
          organisation: "Guildford Borough Council",
          ticketTypeId: String(demo.ticketTypeId),
          intent: "register",
        }).toString(),
      };
    default:
      throw new Error(`Unknown target ${target}: healthz, register, grid or event`);
  }
}

/** The process's user + system CPU time in milliseconds (Linux: /proc/<pid>/stat, clock ticks of 10 ms). */
function cpuMs(pid: number) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

try {
  const base = new URL(app.url);
  await fireLoad(base, WARM_UP, CONCURRENCY, (i) => request(1_000_000 + i));
  const before = cpuMs(app.process.pid!);
  window.from = process.hrtime.bigint() / 1000n;
  const run = await fireLoad(base, COUNT, CONCURRENCY, request);
  const spent = cpuMs(app.process.pid!) - before;
  window.to = process.hrtime.bigint() / 1000n;
  const codes = [...run.statuses].map(([code, n]) => `${code}×${n}`).join(", ");
  console.log(
    `${target}: ${(spent / COUNT).toFixed(3)} ms CPU per request (${spent} ms for ${COUNT}; ${codes}); ${run.perSecond.toFixed(0)} req/s on this machine now, p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms`,
  );
} finally {
  await app.stop();
}

if (PROFILE) {
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
  type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number };
  const file = readdirSync(profileDir).find((name) => name.endsWith(".cpuprofile"))!;
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  // Only the samples taken during the measured run: not start-up, module loading or warm-up.
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= Number(window.from) && at <= Number(window.to)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const packageOf = (url: string) => {
    const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (match) return match[1];
    if (/\/build[^/]*\/server\//.test(url)) return "app (build)";
    if (url.includes("/scripts/server/")) return "our server";
    return url.startsWith("node:") ? "node" : url === "" ? "(native/vm)" : url.replace(/^.*\/(app|scripts)\//, "$1/");
  };
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const [id, time] of self) {
    const node = byId.get(id)!;
    const name = node.callFrame.functionName || "(anonymous)";
    if (name === "(idle)" || name === "(program)") continue;
    busy += time;
    const pkg = name === "(garbage collector)" ? "(gc)" : packageOf(node.callFrame.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + time);
    const key = `${name} ${pkg}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + time);
  }
  // Inclusive time: each function once per sample, whatever called it (what a call costs in all).
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const inclusive = new Map<string, number>();
  for (const [id, time] of self) {
    const name = byId.get(id)!.callFrame.functionName;
    if (name === "(idle)" || name === "(program)") continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const node = byId.get(at)!;
      if (node.callFrame.functionName === "(root)") continue;
      const key = `${node.callFrame.functionName || "(anonymous)"} ${packageOf(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + time);
    }
  }
  const top = (map: Map<string, number>, n: number) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, time]) => `  ${((time / busy) * 100).toFixed(1).padStart(5)}%  ${key}`).join("\n");
  const ours = new Map([...inclusive].filter(([key]) => / (app \(build\)|our server):/.test(key)));
  console.log(
    `\nProfile ${path.join(profileDir, file)} (busy ${(busy / 1000).toFixed(0)} ms of the measured run)\nBy package:\n${top(byPackage, 15)}\nTop functions (self time):\n${top(byFunction, 30)}` +
      `\nInclusive time (self and callees), every function:\n${top(inclusive, 40)}\nInclusive time, the app's and our server's functions:\n${top(ours, 30)}`,
  );
}
