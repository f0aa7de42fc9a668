import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium, type BrowserServer } from "playwright-core";
import { launchApp, TEST_SESSION_SECRET, type RunningApp } from "./launch-app";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

/**
 * The app (for the journeys, also the SMTP sink), and a Chromium per worker, that the test files of one vitest project
 * share, run by vitest's main process (tests/support/global-setup.ts): started on the first
 * test file's request, stopped once the whole project has run. Test files ask for them over a
 * small HTTP control server on loopback (tests/support/shared-app.ts), since they run in other
 * processes.
 *
 * The shared app has one database, so a test file that uses it writes its own events (its own
 * slugs and addresses) into that database and must not depend on anything else being absent.
 */

const CHROMIUM = "/usr/bin/chromium";

/**
 * Debian's Chromium, headless. The background-networking flags stop Chromium reaching for
 * Google's services, which this machine's closed network refuses.
 */
const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
  ],
};

export type SharedAppInfo = { url: string; port: number; databaseUrl: string; dir: string; sessionSecret: string };
export type ReceivedEmail = { to: string[]; subject: string; text: string; html: string; raw: string };

export async function startSharedServices(options: { templateDb: string; withSmtpSink: boolean }) {
  let app: Promise<RunningApp> | undefined;
  let sink: Promise<SmtpSink> | undefined;
  let dir: string | undefined;
  // One Chromium per vitest worker (VITEST_POOL_ID), so two files running at once never share one.
  const browsers = new Map<string, Promise<BrowserServer>>();

  const getBrowser = (worker: string) => {
    if (!browsers.has(worker)) browsers.set(worker, chromium.launchServer({ ...CHROMIUM_LAUNCH_OPTIONS, host: "127.0.0.1" }));
    return browsers.get(worker)!;
  };
  const getSink = () => (sink ??= startSmtpSink());
  const getApp = () =>
    (app ??= (async () => {
      dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-shared-"));
      const file = path.join(dir, "shared.db");
      await copyFile(options.templateDb, file);
      return launchApp({ databaseUrl: `file:${file}`, dir, smtpUrl: options.withSmtpSink ? (await getSink()).url : undefined });
    })());

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://control");
    // A page on 127.0.0.1 for pooled browser contexts to keep open (tests/support/context-pool.ts).
    if (url.pathname === "/blank") {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end("<!doctype html><title>Kept open</title>");
      return;
    }
    const answer = async (): Promise<unknown> => {
      if (url.pathname === "/app") {
        const running = await getApp();
        return { url: running.url, port: running.port, databaseUrl: running.databaseUrl, dir: running.dir, sessionSecret: TEST_SESSION_SECRET } satisfies SharedAppInfo;
      }
      if (url.pathname === "/browser") return { wsEndpoint: (await getBrowser(url.searchParams.get("worker") ?? "")).wsEndpoint() };
      if (url.pathname === "/sink/messages" && options.withSmtpSink) {
        const to = url.searchParams.get("to")?.toLowerCase();
        return (await getSink()).messages.filter((m) => !to || m.to.includes(to)).map(({ to, subject, text, html, raw }) => ({ to, subject, text, html, raw }) satisfies ReceivedEmail);
      }
      throw new Error(`No such thing here: ${url.pathname}`);
    };
    answer().then(
      (body) => {
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "text/plain" });
        response.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };

  return {
    controlUrl: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await (await app?.catch(() => undefined))?.stop();
      await (await sink?.catch(() => undefined))?.close();
      for (const browser of browsers.values()) await (await browser.catch(() => undefined))?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}
