/**
 * A page the page cache keeps is answered by our server before Remix (answerFromPageCache in
 * entry.server.tsx): Remix's document handler is not called for it, and the answer is the one
 * Remix gives for a kept page, header for header (nonce, date and, for compressed bodies, the
 * bytes aside). Our server with the real build, in this process, so the calls can be counted.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Writable } from "node:stream";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../app/.server/platform";
import { markScheduleChanged } from "../../app/.server/schedule";
import { createApp } from "../../scripts/server/app";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";

const buildDir = path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build");
let documentRenders = 0;
let url: string;
let close: () => Promise<void>;
let demo: DemoSchedule;

beforeAll(async () => {
  const build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  installGlobals({ nativeFetch: build.future.v3_singleFetch });
  const handleDocument = build.entry.module.default;
  // The build as Remix sees it, with its document handler counted.
  const counted = {
    ...build,
    entry: {
      module: {
        ...build.entry.module,
        default: (...args: Parameters<typeof handleDocument>) => {
          documentRenders++;
          return handleDocument(...args);
        },
      },
    },
  } as ServerBuild;
  const app = createApp({ build: counted, mode: "production", clientDir: path.join(buildDir, "client"), trustProxy: 0, maxBodyBytes: 65536, log: new Writable({ write: (_c, _e, done) => done() }) });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  demo = await seedDemoSchedule(await getDb(), { slug: "shortcut-camp", sessions: 12, rooms: 4, attendees: 30 });
}, 120_000);

afterAll(() => close?.());

type Raw = { status: number; statusMessage: string; headers: [string, string][]; body: Buffer; html: string };

async function get(pathname: string, headers: Record<string, string> = {}, method = "GET"): Promise<Raw> {
  const response = await new Promise<{ message: IncomingMessage; body: Buffer }>((resolve, reject) => {
    const req = httpRequest(new URL(pathname, url), { method, headers, agent: false }, (message) => {
      const chunks: Buffer[] = [];
      message.on("data", (chunk: Buffer) => chunks.push(chunk));
      message.on("end", () => resolve({ message, body: Buffer.concat(chunks) }));
      message.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
  const { message, body } = response;
  const encoding = message.headers["content-encoding"];
  const plain = encoding === "gzip" ? gunzipSync(body) : encoding === "br" ? brotliDecompressSync(body) : body;
  const pairs: [string, string][] = [];
  for (let i = 0; i < message.rawHeaders.length; i += 2) pairs.push([message.rawHeaders[i], message.rawHeaders[i + 1]]);
  return { status: message.statusCode!, statusMessage: message.statusMessage!, headers: pairs, body, html: plain.toString("utf8") };
}

const nonceOf = (html: string) => /nonce="([^"]+)"/.exec(html)?.[1] ?? "";

/** Every header as sent, in order, with the response's nonce and the date taken out (and the length when the body was compressed as it streamed). */
function comparable(response: Raw, { length = true } = {}) {
  const nonce = nonceOf(response.html);
  expect(nonce).not.toBe("");
  return {
    status: `${response.status} ${response.statusMessage}`,
    headers: response.headers
      .filter(([name]) => !/^date$/i.test(name) && (length || !/^content-length$/i.test(name)))
      .map(([name, value]) => [name, value.replaceAll(nonce, "NONCE")]),
    html: response.html.replaceAll(nonce, "NONCE"),
  };
}

/** A request Remix must answer (it holds a tag that is not the page's), for the same page. */
const throughRemix = (pathname: string, headers: Record<string, string>) => get(pathname, { ...headers, "If-None-Match": 'W/"not-this-one"' });

describe("a kept page answered before Remix", () => {
  it("is sent without Remix's document handler, with the headers Remix sends for it (gzip, br and none)", async () => {
    const pathname = `/events/${demo.slug}/schedule`;
    const first = await get(pathname, { "Accept-Encoding": "gzip" });
    expect(first.status).toBe(200);
    const before = documentRenders;
    const kept = await get(pathname, { "Accept-Encoding": "gzip" });
    const again = await get(pathname, { "Accept-Encoding": "gzip, deflate, br" });
    expect(documentRenders, "kept page answered without Remix").toBe(before);
    expect(again.headers.find(([name]) => /^content-encoding$/i.test(name))?.[1]).toBe("gzip");
    expect(nonceOf(kept.html)).not.toBe(nonceOf(first.html));
    expect(kept.headers.find(([name]) => /content-security-policy/i.test(name))?.[1]).toContain(`'nonce-${nonceOf(kept.html)}'`);

    for (const acceptEncoding of ["gzip", "gzip, deflate, br", "br", "identity"]) {
      const viaRemix = await throughRemix(pathname, { "Accept-Encoding": acceptEncoding });
      const rendersBefore = documentRenders;
      const shortcut = await get(pathname, { "Accept-Encoding": acceptEncoding });
      expect(documentRenders, acceptEncoding).toBe(rendersBefore);
      const compressedAsItStreams = acceptEncoding === "br";
      expect(comparable(shortcut, { length: !compressedAsItStreams }), acceptEncoding).toEqual(comparable(viaRemix, { length: !compressedAsItStreams }));
      expect(viaRemix.status).toBe(200);
    }
    // The first answer (rendered) had the same headers too.
    expect(comparable(kept)).toEqual(comparable(first));
  });

  it("a session page too; a change to the schedule is rendered at once, and an unpublished event is not served from it", async () => {
    const pathname = `/events/${demo.slug}/sessions/${demo.pitchIds[0]}`;
    await get(pathname, { "Accept-Encoding": "gzip" });
    let renders = documentRenders;
    const kept = await get(pathname, { "Accept-Encoding": "gzip" });
    expect(documentRenders).toBe(renders);

    const db = await getDb();
    await db.execute({ sql: "UPDATE pitches SET title = 'Renamed while kept' WHERE id = ?", args: [demo.pitchIds[0]] });
    await markScheduleChanged(db, demo.eventId, new Date(Date.now() + 1000));
    const changed = await get(pathname, { "Accept-Encoding": "gzip" });
    expect(documentRenders).toBe(renders + 1);
    expect(changed.html).toContain("Renamed while kept");
    expect(kept.html).not.toContain("Renamed while kept");
    expect(changed.headers.find(([n]) => /^etag$/i.test(n))).not.toEqual(kept.headers.find(([n]) => /^etag$/i.test(n)));

    await db.execute({ sql: "UPDATE events SET draft = 1 WHERE id = ?", args: [demo.eventId] });
    try {
      renders = documentRenders;
      expect((await get(pathname, { "Accept-Encoding": "gzip" })).status).toBe(404);
      expect((await get(`/events/${demo.slug}/schedule`, { "Accept-Encoding": "gzip" })).status).toBe(404);
    } finally {
      await db.execute({ sql: "UPDATE events SET draft = 0 WHERE id = ?", args: [demo.eventId] });
    }
  });

  it("leaves to Remix a visitor with cookies, a conditional request, HEAD, and an address with another query", async () => {
    const pathname = `/events/${demo.slug}/schedule`;
    await get(pathname);
    await get(pathname);
    const renders = documentRenders;
    const withCookie = await get(pathname, { Cookie: "unrelated=1" });
    expect(withCookie.status).toBe(200);
    expect(withCookie.headers.find(([n]) => /^cache-control$/i.test(n))?.[1]).toMatch(/private/);
    const etag = (await get(pathname)).headers.find(([n]) => /^etag$/i.test(n))![1];
    expect((await get(pathname, { "If-None-Match": etag })).status).toBe(304);
    expect((await get(pathname, {}, "HEAD")).status).toBe(200);
    expect((await get(`${pathname}?from=poster`)).status).toBe(200);
    expect(documentRenders - renders).toBe(3); // the cookie, HEAD and the other query (the 304 renders nothing)
  });
});
