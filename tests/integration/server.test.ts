import { readdirSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newToken, openClient } from "../../app/.server/platform";
import { markScheduleChanged } from "../../app/.server/schedule";
import { startApp, type RunningApp } from "../support/app-server";
import { HttpClient } from "../support/http";

/**
 * Our server (scripts/server/app.ts, scripts/server/main.ts) over real HTTP, serving the built app: what it
 * logs, who it says the client is, what it refuses before the app sees it, and how it stops.
 */

/** A raw request, so that tests control Content-Length and chunking exactly. */
function rawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string | number>; chunks?: Buffer[]; chunkDelayMs?: number },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; sentBytes: number }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    let sentBytes = 0;
    const request = http.request({ hostname, port, method: options.method ?? "POST", path: options.path, headers: options.headers, agent: false }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body, sentBytes }));
    });
    // The server may close the connection while we still send: the answer is what counts.
    request.on("error", (error) => (sentBytes === -1 ? undefined : reject(error)));
    void (async () => {
      for (const chunk of options.chunks ?? []) {
        if (request.destroyed) return;
        const ok = request.write(chunk);
        sentBytes += chunk.length;
        if (!ok) await new Promise((r) => request.once("drain", r).once("close", r));
        if (options.chunkDelayMs) await new Promise((r) => setTimeout(r, options.chunkDelayMs));
      }
      if (!request.destroyed) request.end();
    })().catch(() => undefined);
  });
}

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

describe("our server, with TRUST_PROXY=0 (no proxy: the socket is the client)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    // RATE_LIMIT_SCALE 0.01: one sign-in per address per window.
    app = await startApp({ seed: true, env: { TRUST_PROXY: "0", RATE_LIMIT_SCALE: "0.01" } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("counts two requests from loopback as one client, whatever X-Forwarded-For they type", async () => {
    const client = new HttpClient(app.url);
    const first = await client.post("/sign-in", { email: "first@woking.gov.uk" }, { "x-forwarded-for": "203.0.113.1" });
    const second = await client.post("/sign-in", { email: "second@woking.gov.uk" }, { "x-forwarded-for": "203.0.113.2" });
    expect(first.status).toBe(303);
    expect(second.status).toBe(429);
  });

  it("shows the local outbox to this machine even when the request claims another address", async () => {
    const response = await new HttpClient(app.url).get("/dev/outbox", { "x-forwarded-for": "203.0.113.7", "x-pitchgrid-peer": "203.0.113.7", "x-pitchgrid-client": "203.0.113.7" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Outbox");
  });
});

describe("our server, as the tests usually run it (TRUST_PROXY=1)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ seed: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("writes no secret link into the access log", async () => {
    const token = newToken();
    const client = new HttpClient(app.url);
    for (const path of [`/r/${token}`, `/r/${token}/edit`, `/feeds/${token}`, `/sign-in/verify?token=${token}`, `/events/localgovcamp/register/confirm?token=${token}`]) {
      await client.get(path);
    }
    await expect.poll(() => app.logs.join("")).toContain("/events/localgovcamp/register/confirm?token=[redacted]");
    const log = app.logs.join("");
    expect(log).toContain("GET /r/[redacted] 404");
    expect(log).toContain("GET /feeds/[redacted]");
    expect(log).toContain("GET /sign-in/verify?token=[redacted]");
    expect(log).not.toContain(token);
  });

  it("refuses the local outbox to a client that is not on this machine (here: behind our proxy)", async () => {
    expect((await new HttpClient(app.url).get("/dev/outbox")).status).toBe(200);
    const remote = await new HttpClient(app.url).get("/dev/outbox", { "x-forwarded-for": "203.0.113.7" });
    expect(remote.status).toBe(404);
    expect(await remote.text()).not.toContain("sign-in/verify");
    // The internal headers cannot be typed in from outside.
    const forged = await new HttpClient(app.url).get("/dev/outbox", { "x-forwarded-for": "203.0.113.7", "x-pitchgrid-client": "127.0.0.1", "x-pitchgrid-peer": "127.0.0.1" });
    expect(forged.status).toBe(404);
  });

  it("refuses a body over 64 KiB by Content-Length with a 413 page, without reading it", async () => {
    const response = await rawRequest(app.url, {
      path: "/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded", "content-length": 10 * 1024 * 1024, origin: app.url },
      chunks: [Buffer.alloc(64 * 1024, "a")],
    });
    expect(response.status).toBe(413);
    expect(response.body).toContain("What you sent is too large");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("refuses a chunked body once it passes 64 KiB, and stops reading it", async () => {
    const chunk = Buffer.alloc(16 * 1024, "b");
    const response = await rawRequest(app.url, {
      path: "/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", origin: app.url },
      chunks: [Buffer.from("email="), ...Array.from({ length: 640 }, () => chunk)],
      chunkDelayMs: 1,
    });
    expect(response.status).toBe(413);
    expect(response.body).toContain("too large");
    // 10 MB offered; the connection closed long before.
    expect(response.sentBytes).toBeLessThan(5 * 1024 * 1024);
  });

  it("still takes an ordinary form, chunked or not, and one just under the limit reaches the app", async () => {
    const fields = { email: "admin@pitchgrid.test" };
    expect((await new HttpClient(app.url).post("/sign-in", fields)).status).toBe(303);
    const chunked = await rawRequest(app.url, {
      path: "/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", origin: app.url },
      chunks: [Buffer.from("email=admin%40pitch"), Buffer.from("grid.test")],
    });
    expect(chunked.status).toBe(303);
    // 60 KB of text in a field: the app answers (a form error), not the server's 413.
    const big = await new HttpClient(app.url).post("/sign-in", { email: "admin@pitchgrid.test", padding: "x".repeat(60 * 1024) });
    expect(big.status).not.toBe(413);
    expect(big.status).toBeLessThan(500);
  });

  it("answers a form posted from another website with 403 and our page, and logs no stack trace", async () => {
    const before = app.logs.length;
    for (const path of ["/sign-in", "/sign-in.data", "/events/localgovcamp/register"]) {
      const response = await new HttpClient(app.url).post(path, { email: "admin@pitchgrid.test" }, { origin: "https://evil.example" });
      expect(response.status, path).toBe(403);
      expect(await response.text()).toContain("This form was sent from another website");
    }
    const garbled = await new HttpClient(app.url).post("/sign-in", { email: "admin@pitchgrid.test" }, { origin: "not a url" });
    expect(garbled.status).toBe(403);
    await expect.poll(() => app.logs.slice(before).join("")).toContain("POST /sign-in 403");
    const logged = app.logs.slice(before).join("");
    expect(logged).not.toMatch(/Error|\n\s+at /);
  });

  it("serves static files with the security headers and remix-serve's caching: a year for /assets, an hour for the rest", async () => {
    const css = readdirSync(path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "client/assets")).find((f) => f.endsWith(".css"))!;
    const asset = await fetch(`${app.url}/assets/${css}`, { headers: { "accept-encoding": "gzip" } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(asset.headers.get("content-encoding")).toBe("gzip");
    const robots = await fetch(`${app.url}/robots.txt`);
    expect(robots.headers.get("cache-control")).toBe("public, max-age=3600");
    for (const response of [asset, robots, await fetch(`${app.url}/`)]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
      expect(response.headers.get("permissions-policy")).toContain("camera=()");
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("renders a public page once for a burst of visitors right after a change: all 200, none timed out", async () => {
    const path = "/events/localgovcamp/schedule";
    const before = await fetch(`${app.url}${path}`);
    expect(before.status).toBe(200);
    const db = openClient(app.databaseUrl);
    const eventId = Number((await db.execute("SELECT id FROM events WHERE slug = 'localgovcamp'")).rows[0].id);
    await markScheduleChanged(db, eventId, new Date(Date.now() + 1000));
    db.close();
    const responses = await Promise.all(Array.from({ length: 40 }, () => fetch(`${app.url}${path}`)));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.text()));
    const withoutNonces = new Set(bodies.map((b) => b.replace(/nonce="[^"]*"/g, "")));
    expect(withoutNonces.size).toBe(1);
    expect(responses[0].headers.get("etag")).not.toBe(before.headers.get("etag"));
  });
});

describe("starting and stopping", () => {
  it("in the local mode (no SMTP_URL, PUBLIC_URL on this machine) listens on 127.0.0.1 only unless HOST is set", async () => {
    const local = await startApp({ env: { HOST: "" } });
    const configured = await startApp({ env: { HOST: "", SMTP_URL: "smtp://127.0.0.1:9", BACKGROUND_WORK: "off" } });
    try {
      expect(local.logs.join("")).toContain(`[pitchgrid] listening on http://127.0.0.1:${local.port}\n`);
      expect(configured.logs.join("")).toContain(`[pitchgrid] listening on http://localhost:${configured.port} (every interface)`);
    } finally {
      await Promise.all([local.stop(), configured.stop()]);
    }
  });

  it("refuses to start on a real address without SMTP_URL, naming SMTP_URL", async () => {
    await expect(startApp({ env: { PUBLIC_URL: "https://camp.example.org" } })).rejects.toThrow(/SMTP_URL: is required when PUBLIC_URL is not on this machine/);
  });

  it("finishes a request in flight on SIGTERM, then exits 0", async () => {
    const app = await startApp({ seed: true });
    const inFlight = rawRequest(app.url, {
      path: "/sign-in",
      headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked", origin: app.url },
      chunks: [form({ email: "admin@pitchgrid.test" }).subarray(0, 8), Buffer.alloc(0), form({ email: "admin@pitchgrid.test" }).subarray(8)],
      chunkDelayMs: 700,
    });
    await new Promise((r) => setTimeout(r, 300));
    app.process.kill("SIGTERM");
    expect((await inFlight).status).toBe(303);
    expect(await app.exited).toBe(0);
  });
});
