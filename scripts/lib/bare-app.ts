/**
 * The floor the HTTP benchmarks measure against: a bare Remix v2 app (scripts/bench/bare-app/:
 * root, index and a /healthz resource route doing `SELECT 1` through @libsql/client), built by
 * the benchmark itself into node_modules/.cache/pitchgrid-bare-app (so that its server build
 * finds the project's node_modules) and served by our server (scripts/server/), with as many
 * processes as the app, on a database file of its own.
 *
 * The app's /healthz does the same work as the bare app's: whatever the app answers slower is
 * what the app costs on top of Remix itself (its 80 routes, its root loader, its server's
 * middleware is the same for both).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { launchApp, type RunningApp } from "../../tests/support/launch-app";

const ROOT = path.resolve("scripts/bench/bare-app");
const BUILD_DIR = path.resolve("node_modules/.cache/pitchgrid-bare-app");
const REMIX_CLI = path.resolve("node_modules/@remix-run/dev/dist/cli.js");

/** Builds the bare app (a few seconds); resolves to its build folder. */
async function buildBareApp(): Promise<string> {
  const output: string[] = [];
  const child = spawn(process.execPath, [REMIX_CLI, "vite:build", ROOT], {
    env: { ...process.env, NODE_ENV: "production", BARE_APP_BUILD_DIR: BUILD_DIR },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => output.push(String(chunk)));
  child.stderr.on("data", (chunk) => output.push(String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`Building the bare app failed (${code}):\n${output.join("")}`);
  return BUILD_DIR;
}

/** Builds and starts the bare app; `dir` holds its database file. */
export async function startBareApp(dir: string, processes: number): Promise<RunningApp> {
  const buildDir = await buildBareApp();
  return launchApp({ databaseUrl: `file:${path.join(dir, "bare.db")}`, dir, processes, buildDir, startTimeoutMs: 120_000 });
}
