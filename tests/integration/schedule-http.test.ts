import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { resetPersonalFeed } from "../../app/.server/feeds";
import { getDb, rowsOf } from "../../app/.server/platform";
import { startApp } from "../support/app-server";
import { sharedApp, useSharedAppDatabase, type SharedApp } from "../support/shared-app";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";

/**
 * The public schedule's pages, calendar feeds and frab exports as our server (the built app)
 * sends them over HTTP: compressed with brotli or gzip when the client accepts it (the bytes on
 * the wire, not what fetch would hand back decoded), with an ETag that answers 304 to a
 * compressed request too, and `Vary: Accept-Encoding` so caches keep the encodings apart.
 * On the app the project shares, with its own event ("wire-camp").
 */

let app: SharedApp;
let demo: DemoSchedule;
let personalFeed: string;

beforeAll(async () => {
  app = await sharedApp();
  useSharedAppDatabase(app);
  demo = await seedDemoSchedule(await getDb(), { slug: "wire-camp", sessions: 40, rooms: 6 });
  // Someone who marked sessions, so their personal feed has more than a VTIMEZONE in it.
  const [marker] = rowsOf<{ registration_id: number }>(
    await (await getDb()).execute({
      sql: "SELECT i.registration_id FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE p.event_id = ? GROUP BY i.registration_id ORDER BY COUNT(*) DESC LIMIT 1",
      args: [demo.eventId],
    }),
  );
  personalFeed = `/feeds/${await resetPersonalFeed(Number(marker.registration_id))}.ics`;
});

type Raw = { status: number; headers: Record<string, string | string[] | undefined>; body: Buffer };

/** A GET that hands back the bytes exactly as sent (node:http does not decode them). */
function rawGet(path: string, headers: Record<string, string> = {}, base = app.url): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const header = (raw: Raw, name: string) => String(raw.headers[name] ?? "");
/** Pages carry a fresh CSP nonce on every response; everything else must match byte for byte. */
const sameContent = (a: string, b: string) => a.replace(/nonce="[^"]*"/g, 'nonce=""') === b.replace(/nonce="[^"]*"/g, 'nonce=""');

const paths = () => [
  { name: "grid page", path: `/events/${demo.slug}/schedule`, type: /^text\/html/ },
  { name: "session page", path: `/events/${demo.slug}/sessions/${demo.pitchIds[0]}`, type: /^text\/html/ },
  { name: "now and next", path: `/events/${demo.slug}/now`, type: /^text\/html/ },
  { name: "print view", path: `/events/${demo.slug}/schedule/print`, type: /^text\/html/ },
  { name: "event feed", path: `/events/${demo.slug}/schedule.ics`, type: /^text\/calendar; charset=utf-8$/ },
  { name: "room feed", path: `/events/${demo.slug}/rooms/${demo.roomIds[0]}/schedule.ics`, type: /^text\/calendar; charset=utf-8$/ },
  { name: "personal feed", path: personalFeed, type: /^text\/calendar; charset=utf-8$/ },
  { name: "frab XML", path: `/events/${demo.slug}/schedule.xml`, type: /^application\/xml/ },
  { name: "frab JSON", path: `/events/${demo.slug}/schedule.json`, type: /^application\/json/ },
];

describe("compression and caching over HTTP", () => {
  it("sends every page, feed and export brotli- or gzip-compressed as asked, the same content as uncompressed, with an ETag that answers 304", async () => {
    for (const { name, path, type } of paths()) {
      const plain = await rawGet(path, { "accept-encoding": "identity" });
      expect(plain.status, name).toBe(200);
      expect(header(plain, "content-type"), name).toMatch(type);
      expect(header(plain, "content-encoding"), name).toBe("");
      const etag = header(plain, "etag");
      expect(etag, `${name} has an ETag`).toMatch(/^(W\/)?"[^"]+"$/);

      const br = await rawGet(path, { "accept-encoding": "br, gzip" });
      expect(br.status, name).toBe(200);
      // Pages the page cache keeps are gzipped once per version and sent as gzip even to
      // browsers that also accept br (both were offered); everything else is brotli.
      const encoding = header(br, "content-encoding");
      expect(encoding, name).toBe(/^text\/html/.test(header(plain, "content-type")) && encoding === "gzip" ? "gzip" : "br");
      expect(header(br, "vary").toLowerCase(), name).toContain("accept-encoding");
      expect(header(br, "etag"), name).toBeTruthy();
      const decoded = encoding === "br" ? brotliDecompressSync(br.body) : gunzipSync(br.body);
      expect(sameContent(decoded.toString("utf8"), plain.body.toString("utf8")), `${name}: ${encoding} decodes to the page`).toBe(true);
      expect(br.body.length, `${name}: compressed is smaller`).toBeLessThan(plain.body.length / 2);

      const gzip = await rawGet(path, { "accept-encoding": "gzip" });
      expect(header(gzip, "content-encoding"), name).toBe("gzip");
      expect(sameContent(gunzipSync(gzip.body).toString("utf8"), plain.body.toString("utf8")), `${name}: gzip decodes to the page`).toBe(true);

      const again = await rawGet(path, { "accept-encoding": "br, gzip", "if-none-match": header(br, "etag") });
      expect(again.status, `${name} 304`).toBe(304);
      expect(again.body.length, name).toBe(0);
    }
  });

  it("gives the same ETag from every process serving the build, so a browser's 304 survives reaching another one", async () => {
    // Another process of the same deployment: same build, same database, same public address.
    const other = await startApp({ databaseUrl: process.env.DATABASE_URL, env: { PUBLIC_URL: app.url } });
    try {
      for (const { name, path } of paths()) {
        const here = await rawGet(path, { "accept-encoding": "gzip" });
        const there = await rawGet(path, { "accept-encoding": "gzip" }, other.url);
        expect(header(there, "etag"), name).toBe(header(here, "etag"));
        const revalidated = await rawGet(path, { "accept-encoding": "gzip", "if-none-match": header(here, "etag") }, other.url);
        expect(revalidated.status, `${name} 304 from the other process`).toBe(304);
      }
    } finally {
      await other.stop();
    }
  });

  it("links the public grid to the page of calendar subscriptions (webcal, Google, Outlook)", async () => {
    const grid = (await rawGet(`/events/${demo.slug}/schedule`)).body.toString("utf8");
    expect(grid).toContain(`href="/events/${demo.slug}/calendar"`);
    const calendar = await rawGet(`/events/${demo.slug}/calendar`);
    expect(calendar.status).toBe(200);
    const html = calendar.body.toString("utf8");
    expect(html).toContain(`webcal://127.0.0.1:${app.port}/events/${demo.slug}/schedule.ics`);
    expect(html).toContain("https://calendar.google.com/calendar/r?cid=webcal");
    expect(html).toContain("https://outlook.live.com/calendar/0/addfromweb?url=");
  });
});

describe("a session page", () => {
  it("shows the interest count once, to everyone: beside “I’d go” for an attendee who can mark, in the summary for others", async () => {
    const { rememberAttendee } = await import("../../app/.server/auth");
    const [row] = rowsOf<{ id: number }>(await (await getDb()).execute({ sql: "SELECT id FROM registrations WHERE event_id = ? AND status = 'confirmed' LIMIT 1", args: [demo.eventId] }));
    const headers = (await rememberAttendee(new Request(app.url), Number(row.id))) as Record<string, string>;
    const cookie = headers["Set-Cookie"].split(";")[0];
    const path = `/events/${demo.slug}/sessions/${demo.pitchIds[0]}`;
    const counts = (html: string) => (html.match(/\d+ (?:people|person) interested|\d+ (?:people|person) would go/g) ?? []).length;
    const attendee = await (await fetch(new URL(path, app.url), { headers: { cookie } })).text();
    expect(attendee).toContain("I’d go");
    expect(counts(attendee)).toBe(1);
    const visitor = await (await fetch(new URL(path, app.url))).text();
    expect(visitor).not.toContain("I’d go");
    expect(counts(visitor)).toBe(1);
  });
});

describe("the event page", () => {
  it("links to the calendar page and both schedule exports, each of which answers", async () => {
    const page = (await rawGet(`/events/${demo.slug}`)).body.toString("utf8");
    const links = [`/events/${demo.slug}/calendar`, `/events/${demo.slug}/schedule.xml`, `/events/${demo.slug}/schedule.json`];
    for (const link of links) {
      expect(page).toContain(`href="${link}"`);
      expect((await rawGet(link)).status).toBe(200);
    }
  });
});

describe("what browsers and search engines ask of every page", () => {
  it("serves /favicon.ico, and pages carry a meta description", async () => {
    const icon = await rawGet("/favicon.ico");
    expect(icon.status).toBe(200);
    expect(header(icon, "content-type")).toMatch(/^image\//);
    const page = (await rawGet(`/events/${demo.slug}/schedule`)).body.toString("utf8");
    expect(page).toMatch(/<meta name="description" content="[^"]{40,}"\/?>/);
  });
});
