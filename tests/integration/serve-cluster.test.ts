import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startApp, type RunningApp } from "../support/app-server";
import { launchApp } from "../support/launch-app";

/**
 * scripts/serve.ts, which `npm start` uses: our server (scripts/server/main.ts) in WEB_CONCURRENCY processes sharing one
 * port. A dead process is replaced, only one of them sends email, and SIGTERM stops them all.
 */
function processTree(root: number): { pid: number; cmdline: string; environ: string[] }[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name in field 2 may hold spaces; the parent pid follows its closing bracket.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* exited while we looked */
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = parents.get(pid); p; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  return [...parents.keys()].filter(inTree).flatMap((pid) => {
    try {
      return [{ pid, cmdline: readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " "), environ: readFileSync(`/proc/${pid}/environ`, "utf8").split("\0") }];
    } catch {
      return [];
    }
  });
}

const appProcesses = (app: RunningApp) => processTree(app.process.pid!).filter((p) => p.cmdline.includes("server/http-server.js"));

function statusOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: 5000 }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("timeout", () => request.destroy(new Error(`No answer from ${url} within 5 s`)));
    request.on("error", reject);
  });
}

/** How many processes have said they are listening (each prints its address). */
const listening = (app: RunningApp) => (app.logs.join("").match(/^\[pitchgrid\] listening on http/gm) ?? []).length;

async function waitFor(check: () => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("serving with WEB_CONCURRENCY=2", () => {
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({ processes: 2, env: { BACKGROUND_WORK: "on" } });
  });

  afterAll(async () => {
    await app?.kill();
  });

  it("runs two app processes, and only one of them sends email and runs the timed jobs", async () => {
    // startApp returns once one process answers; the other may still be loading the build.
    await waitFor(() => listening(app) === 2, "both app processes to listen");
    expect(appProcesses(app)).toHaveLength(2);
    const workers = appProcesses(app);
    expect(workers.filter((w) => !w.environ.includes("BACKGROUND_WORK=off"))).toHaveLength(1);
  });

  it("replaces a process that dies, and keeps answering meanwhile", async () => {
    const [victim] = appProcesses(app);
    process.kill(victim.pid, "SIGKILL");
    // New connections each time: a kept-alive one to the dead process is reset, as it would be
    // for a browser, which then retries on a new one.
    for (let i = 0; i < 20; i++) expect(await statusOnNewConnection(`${app.url}/healthz`)).toBe(200);
    await waitFor(() => appProcesses(app).length === 2 && !appProcesses(app).some((w) => w.pid === victim.pid), "a replacement process");
    await waitFor(() => listening(app) === 3, "the replacement to listen");
    expect(appProcesses(app).filter((w) => !w.environ.includes("BACKGROUND_WORK=off"))).toHaveLength(1);
  });

  it("stops every process on SIGTERM", async () => {
    const workers = appProcesses(app).map((w) => w.pid);
    expect(workers).toHaveLength(2);
    const started = Date.now();
    await app.stop();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(app.process.exitCode).toBe(0);
    const alive = workers.filter((pid) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    });
    expect(alive).toEqual([]);
  });
});

describe("a process that cannot start", () => {
  it("is not restarted forever: after three quick deaths in a row the server stops with a reason and exit code 1", async () => {
    const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("scripts/serve.ts")], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        SESSION_SECRET: "test-secret-test-secret-test-secret-0123456789",
        PORT: String(await freePort()),
        WEB_CONCURRENCY: "1",
        // No build there: the server exits at once.
        PITCHGRID_BUILD_DIR: path.join(tmpdir(), "pitchgrid-no-such-build"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/App process 1 stopped \(exit code \d+\); starting another/);
    expect(output).toMatch(/3 times in a row; giving up/);
  });
});


describe("an app build given as the argument", () => {
  it("is served by our server from the project's build, though it has no server of its own (the benchmarks' bare app)", async () => {
    // Inside the project, as the bare app's build is, so that its imports find node_modules.
    mkdirSync(path.resolve("node_modules/.cache"), { recursive: true });
    const dir = mkdtempSync(path.resolve("node_modules/.cache/pitchgrid-other-build-"));
    try {
      cpSync(path.resolve("build"), path.join(dir, "build"), { recursive: true });
      rmSync(path.join(dir, "build/server/http-server.js"));
      const app = await launchApp({ databaseUrl: `file:${path.join(dir, "app.db")}`, dir, processes: 1, buildDir: path.join(dir, "build") });
      try {
        expect(await statusOnNewConnection(`${app.url}/healthz`)).toBe(200);
        const [server] = appProcesses(app);
        expect(server.cmdline).toContain(path.resolve("build/server/http-server.js"));
        expect(server.cmdline).toContain(path.join(dir, "build/server/index.js"));
      } finally {
        await app.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
