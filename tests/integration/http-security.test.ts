import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient, RATE_LIMITS } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { HttpClient } from "../support/http";

/** Security properties of the running app, over real HTTP (the built app, as in production). */
describe("HTTP security", () => {
  let app: RunningApp;
  let https: RunningApp;
  beforeAll(async () => {
    [app, https] = await Promise.all([
      startApp({ seed: true, env: { RATE_LIMIT_SCALE: "1" } }),
      startApp({ env: { PUBLIC_URL: "https://pitchgrid.example.org", SMTP_URL: "smtp://127.0.0.1:9", BACKGROUND_WORK: "off" } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), https?.stop()]);
  });

  it("sends security headers on pages, data requests, health checks and errors", async () => {
    const client = new HttpClient(app.url);
    for (const path of ["/", "/events/localgovcamp", "/sign-in", "/no-such-page", "/healthz", "/events/localgovcamp.data"]) {
      const response = await client.get(path);
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("referrer-policy"), path).toBe("same-origin");
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("permissions-policy"), path).toMatch(/(^|, )camera=\(\)/);
      for (const feature of ["microphone", "geolocation", "payment", "usb", "interest-cohort"]) expect(response.headers.get("permissions-policy"), path).toContain(`${feature}=()`);
    }
    // HSTS only when the site is served over HTTPS.
    expect((await client.get("/")).headers.get("strict-transport-security")).toBeNull();
    expect((await new HttpClient(https.url).get("/")).headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  });

  it("allows no script without this response's nonce", async () => {
    const response = await new HttpClient(app.url).get("/events/localgovcamp");
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A fresh nonce every response.
    const again = (await new HttpClient(app.url).get("/events/localgovcamp")).headers.get("content-security-policy")!;
    expect(again).not.toBe(csp);
  });

  it("allows no inline style: no 'unsafe-inline', no style attribute on our pages, the print poster's <style> by its hash", async () => {
    for (const path of ["/", "/events/localgovcamp", "/events/localgovcamp/schedule", "/events/localgovcamp/calendar", "/sign-in"]) {
      const response = await new HttpClient(app.url).get(path);
      expect(response.headers.get("content-security-policy"), path).toMatch(/style-src 'self'(;|$)/);
      const html = await response.text();
      expect(html, path).not.toMatch(/<[^>]+\sstyle=/);
      expect(html, path).not.toMatch(/<style\b/);
    }
    const poster = await new HttpClient(app.url).get("/events/localgovcamp/schedule/print");
    expect(poster.status).toBe(200);
    const csp = poster.headers.get("content-security-policy")!;
    const css = /<style>([\s\S]*?)<\/style>/.exec(await poster.text())![1];
    const hash = createHash("sha256").update(css, "utf8").digest("base64");
    expect(csp).toContain(`style-src 'self' 'sha256-${hash}'`);
    expect(csp).not.toContain("unsafe-inline");
    expect(css).toMatch(/--pg-print-scale: \d\.\d\d;/);
  });

  it("refuses a form posted from another website, changing nothing", async () => {
    const outbox = async () => {
      const db = openClient(app.databaseUrl);
      const n = Number((await db.execute("SELECT COUNT(*) AS n FROM email_outbox")).rows[0].n);
      db.close();
      return n;
    };
    const before = await outbox();
    // Our server refuses a POST whose Origin is not this host before the app sees it (Remix
    // itself would throw: a 500 and a stack trace); app/.server/platform/forms.ts checks again.
    for (const path of ["/sign-in", "/sign-in.data"]) {
      const response = await new HttpClient(app.url).post(path, { email: "admin@pitchgrid.test" }, { origin: "https://evil.example" });
      expect(response.status, path).toBe(403);
    }
    expect(await outbox()).toBe(before);
    // The same form from this site does send a link.
    expect((await new HttpClient(app.url).post("/sign-in", { email: "admin@pitchgrid.test" })).status).toBe(303);
    await expect.poll(outbox).toBe(before + 1);
  });

  it("never signs out (or changes anything) on GET", async () => {
    const response = await new HttpClient(app.url).get("/sign-out");
    expect(response.status).toBe(302);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("answers too many sign-in attempts with a readable 429 page, per address and per email", async () => {
    const client = new HttpClient(app.url);
    const perAddress = RATE_LIMITS.signIn.limit;
    const statuses: number[] = [];
    for (let i = 0; i < perAddress + 2; i++) statuses.push((await client.post("/sign-in", { email: `someone${i}@woking.gov.uk` }, { "x-forwarded-for": "203.0.113.9" })).status);
    expect(statuses.slice(0, perAddress)).toEqual(Array(perAddress).fill(303));
    expect(statuses.slice(perAddress)).toEqual([429, 429]);
    // The client cannot pick its own address: only the entry our proxy appended counts.
    const spoofed = await client.post("/sign-in", { email: "again@woking.gov.uk" }, { "x-forwarded-for": "192.0.2.1, 203.0.113.9" });
    expect(spoofed.status).toBe(429);
    expect(spoofed.headers.get("retry-after")).toMatch(/^\d+$/);
    const html = await spoofed.text();
    expect(html).toContain("Too many attempts");
    expect(html).toContain("govuk-heading-l");

    // One email from one address: limited…
    const perEmail = RATE_LIMITS.signInPerEmail.limit;
    const fromOne: number[] = [];
    for (let i = 0; i < perEmail + 1; i++) fromOne.push((await client.post("/sign-in", { email: "target@woking.gov.uk" }, { "x-forwarded-for": "198.51.100.200" })).status);
    expect(fromOne).toEqual([...Array(perEmail).fill(303), 429]);
    // …and from many addresses together, at a cap no one address can reach.
    const overall = RATE_LIMITS.signInPerEmailOverall.limit;
    const byEmail: number[] = [];
    for (let i = 0; i < overall - perEmail + 1; i++) byEmail.push((await client.post("/sign-in", { email: "target@woking.gov.uk" }, { "x-forwarded-for": `198.51.100.${i + 1}` })).status);
    expect(byEmail).toEqual([...Array(overall - perEmail).fill(303), 429]);
  });


  it("keeps the session cookie httpOnly and SameSite=Lax, and Secure over HTTPS", async () => {
    const cookie = (await new HttpClient(https.url).get("/")).headers.get("set-cookie");
    // No cookie at all for a visitor who has done nothing.
    expect(cookie).toBeNull();
  });
});
