import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

/**
 * Spawning the built app and waiting for it to answer. Kept free of vitest's test API so that
 * tests/support/global-setup.ts (vitest's main process) can start the shared app with it too.
 */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const TSX_CLI = path.resolve("node_modules/tsx/dist/cli.mjs");
const CLUSTER_SERVE = path.resolve("scripts/serve.ts");
const BUILD = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js");
/** Our server (scripts/server/main.ts) as `npm run build` emits it, beside the app's build. */
const SERVER = path.join(path.dirname(BUILD), "http-server.js");

/** The session secret every app the tests start signs cookies with, unless a test gives its own. */
export const TEST_SESSION_SECRET = "test-secret-test-secret-test-secret-0123456789";

export type LaunchOptions = {
  /** The database file URL; `dir` holds the outbox folder. */
  databaseUrl: string;
  dir: string;
  env?: Record<string, string>;
  smtpUrl?: string;
  /**
   * Serve through scripts/serve.ts (node:cluster) with this many processes, as `npm start` does,
   * instead of one process of our server (scripts/server/main.ts).
   */
  processes?: number;
  /** Another build folder than PITCHGRID_BUILD_DIR's (the benchmarks' bare app). */
  buildDir?: string;
  /**
   * How long to wait for /healthz (60 s: a start takes 2 to 5 s on a quiet machine but nearly
   * 30 s on a 2-core machine shared by several test runs; benchmarks wait longer).
   */
  startTimeoutMs?: number;
  /** Options for node itself, e.g. `--cpu-prof` (one process only: not with `processes`). */
  nodeArgs?: string[];
};

/**
 * Starts the built app (`npm run build` first) with our server, as `npm start` does, on a free
 * port; resolves once /healthz answers.
 */
export async function launchApp(options: LaunchOptions) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const build = options.buildDir ? path.resolve(options.buildDir, "server/index.js") : BUILD;
  const command = options.processes ? [TSX_CLI, CLUSTER_SERVE, build] : [...(options.nodeArgs ?? []), SERVER, build];
  const child: ChildProcess = spawn(process.execPath, command, {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: "UTC",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_URL: url,
      DATABASE_URL: options.databaseUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      OUTBOX_DIR: path.join(options.dir, "outbox"),
      ADMIN_EMAILS: "admin@pitchgrid.test",
      RATE_LIMIT_SCALE: "0",
      TRUST_PROXY: "1",
      ...(options.processes ? { WEB_CONCURRENCY: String(options.processes), PITCHGRID_BUILD_DIR: path.dirname(path.dirname(BUILD)) } : {}),
      ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => logs.push(String(chunk)));
  child.stderr!.on("data", (chunk) => logs.push(String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode}:\n${logs.join("")}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      // Not left running: nothing would stop it later.
      child.kill("SIGKILL");
      await exited;
      throw new Error(`The app did not start within ${(options.startTimeoutMs ?? 60_000) / 1000} s:\n${logs.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }

  return {
    url,
    port,
    databaseUrl: options.databaseUrl,
    dir: options.dir,
    logs,
    process: child,
    /** Stops the app as an operator would (SIGTERM) and waits for it to exit. */
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
    },
    /** Kills the app with no chance to clean up (SIGKILL). */
    async kill() {
      if (child.exitCode === null) {
        child.kill("SIGKILL");
        await exited;
      }
    },
    exited,
  };
}

export type RunningApp = Awaited<ReturnType<typeof launchApp>>;
