import { get, type IncomingHttpHeaders } from "node:http";
import { gunzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "../../app/.server/platform";
import { markScheduleChanged } from "../../app/.server/schedule";
import { sharedApp, useSharedAppDatabase, type SharedApp } from "../support/shared-app";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";

/**
 * Public schedule pages are rendered once per URL and ETag for visitors without cookies (the
 * built app, over HTTP): the kept copy carries each response's own CSP nonce, a change to the
 * schedule is seen at once, and someone with cookies always gets their own render. On the app
 * the project shares: its own event ("cached-camp"), and the cache is per URL.
 */
let app: SharedApp;
let demo: DemoSchedule;

beforeAll(async () => {
  app = await sharedApp();
  useSharedAppDatabase(app);
  demo = await seedDemoSchedule(await getDb(), { slug: "cached-camp", sessions: 12, rooms: 4, attendees: 30 });
});

const page = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(new URL(path, app.url), { headers });
  return { status: response.status, etag: response.headers.get("etag"), csp: response.headers.get("content-security-policy") ?? "", html: await response.text() };
};
const nonces = (html: string) => new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

describe("rendered public pages", () => {
  it("serve a second visitor the same page with that response's own nonce, matching its CSP", async () => {
    const path = `/events/${demo.slug}/schedule`;
    const first = await page(path);
    const second = await page(path);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.etag).toBe(first.etag);
    expect(withoutNonces(second.html)).toBe(withoutNonces(first.html));
    for (const response of [first, second]) {
      const used = nonces(response.html);
      expect(used.size, "one nonce per response").toBe(1);
      expect(response.csp).toContain(`'nonce-${[...used][0]}'`);
    }
    expect([...nonces(second.html)][0]).not.toBe([...nonces(first.html)][0]);
  });

  it("send a kept page gzipped from its kept pieces: whole (with its length), with that response's nonce, and as the plain page says", async () => {
    const path = `/events/${demo.slug}/schedule`;
    const raw = (acceptEncoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        get(new URL(path, app.url), { headers: { "accept-encoding": acceptEncoding } }, (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
          response.on("error", reject);
        }).on("error", reject);
      });
    await raw("gzip"); // kept
    const [first, second, plain] = [await raw("gzip, deflate, br"), await raw("gzip"), await raw("identity")];
    for (const response of [first, second]) {
      expect(response.headers["content-encoding"]).toBe("gzip");
      // Sent in one piece: the server's streaming compression (chunked, no length) was not used.
      expect(Number(response.headers["content-length"])).toBe(response.body.length);
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      const html = gunzipSync(response.body).toString("utf8");
      const used = nonces(html);
      expect(used.size).toBe(1);
      expect(response.headers["content-security-policy"]).toContain(`'nonce-${[...used][0]}'`);
      expect(withoutNonces(html)).toBe(withoutNonces(plain.body.toString("utf8")));
    }
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(first.body.length).toBeLessThan(plain.body.length / 3);
  });

  it("show a change to the schedule at once", async () => {
    const path = `/events/${demo.slug}/sessions/${demo.pitchIds[0]}`;
    const before = await page(path);
    await page(path); // now kept
    const db = await getDb();
    await db.execute({ sql: "UPDATE pitches SET title = 'Renamed after caching' WHERE id = ?", args: [demo.pitchIds[0]] });
    await markScheduleChanged(db, demo.eventId, new Date(Date.now() + 1000));
    const after = await page(path);
    expect(after.etag).not.toBe(before.etag);
    expect(after.html).toContain("Renamed after caching");
    expect(before.html).not.toContain("Renamed after caching");
  });

  it("render afresh for a visitor with cookies, and never hand their page to others", async () => {
    const path = `/events/${demo.slug}/schedule`;
    const anonymous = await page(path);
    const withCookie = await page(path, { Cookie: "unrelated=1" });
    expect(withCookie.status).toBe(200);
    expect(withCookie.etag).not.toBe(anonymous.etag);
    const again = await page(path);
    expect(again.etag).toBe(anonymous.etag);
    expect(withoutNonces(again.html)).toBe(withoutNonces(anonymous.html));
  });
});
