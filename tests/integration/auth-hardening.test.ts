import { createHash } from "node:crypto";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestSignInLink } from "../../app/.server/auth";
import { query, RATE_LIMITS, resetEnvForTests } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeRegistration } from "../support/factories";
import { HttpClient } from "../support/http";

/**
 * Issue 12, over HTTP against the built app: sessions that sign-out revokes, the __Host- cookie
 * prefix, sign-in limits no stranger can use to lock an organiser out, rate limits shared by
 * every app process, no-store on personal pages, and no silent switch of attendee identity.
 */
const SECRET = "auth-hardening-secret-auth-hardening-secret-01";
const ADMIN = "admin@pitchgrid.test";

let app: RunningApp;
let https: RunningApp;
const ids = {} as { slug: string; eventId: number; ticketId: number; alice: { id: number; manageToken: string }; bob: { id: number; manageToken: string } };

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  const { event, ticket } = await makeEvent({ quota: 100 });
  const alice = await makeRegistration(event.id, ticket.id, { name: "Alice Attendee", email: "alice@guildford.gov.uk" });
  const bob = await makeRegistration(event.id, ticket.id, { name: "Bob Borrower", email: "bob@guildford.gov.uk" });
  Object.assign(ids, { slug: event.slug, eventId: event.id, ticketId: ticket.id, alice, bob });
  [app, https] = await Promise.all([
    startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, RATE_LIMIT_SCALE: "1" } }),
    // Production refuses a non-local PUBLIC_URL without SMTP: a port nothing listens on, never used (no background work).
    startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, PUBLIC_URL: "https://pitchgrid.example.org", SMTP_URL: "smtp://127.0.0.1:9", BACKGROUND_WORK: "off" } }),
  ]);
});

afterAll(async () => {
  await Promise.all([app?.stop(), https?.stop()]);
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
});

/** Signs in through the emailed link's page, as a person would (a fresh device each time). */
async function signIn(target: RunningApp, email = ADMIN): Promise<HttpClient> {
  const { token } = await requestSignInLink(email, "/organise");
  const client = new HttpClient(target.url);
  expect((await client.get(`/sign-in/verify?token=${token}&redirectTo=%2Forganise`)).status).toBe(200);
  const response = await client.post("/sign-in/verify", { token: token!, redirectTo: "/organise" });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/organise");
  // The flash message still works, and once shown leaves only the session id in the cookie.
  expect(await (await client.follow(response)).text()).toContain("You are signed in.");
  return client;
}

/** A second device holding an exact copy of the first one's cookies. */
function copyOf(client: HttpClient): HttpClient {
  const copy = new HttpClient(client.baseUrl);
  for (const [name, value] of client.cookies) copy.cookies.set(name, value);
  return copy;
}

const signedIn = async (client: HttpClient) => {
  const response = await client.get("/organise");
  if (response.status === 200) return true;
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
  return false;
};

describe("organiser sessions", () => {
  it("sign-out revokes the session: a cookie copied before it is refused after it", async () => {
    const device = await signIn(app);
    const stolen = copyOf(device);
    expect(await signedIn(stolen)).toBe(true);
    expect((await device.post("/sign-out", {})).status).toBe(303);
    expect(await signedIn(device)).toBe(false);
    expect(await signedIn(stolen)).toBe(false);
    // Nor does the copy reach an organiser page's data or an organiser action.
    expect((await stolen.get(`/organise/${ids.slug}/registrations`)).status).toBe(302);
  });

  it("keeps only a SHA-256 digest of the session id, never the id the cookie carries", async () => {
    const device = await signIn(app);
    const [name, value] = [...device.cookies].find(([n]) => n.includes("pitchgrid") && !n.includes("attendee"))!;
    expect(name).toBe("__pitchgrid");
    const payload = JSON.parse(Buffer.from(decodeURIComponent(value).split(".")[0], "base64").toString("utf8")) as Record<string, unknown>;
    expect(Object.keys(payload)).toEqual(["sid"]);
    expect(JSON.stringify(payload)).not.toContain("@");
    const sid = String(payload.sid);
    const rows = (await query("SELECT id_hash, email FROM organiser_sessions")).rows;
    expect(rows.some((row) => row.id_hash === createHash("sha256").update(sid).digest("hex") && row.email === ADMIN)).toBe(true);
    expect(rows.some((row) => row.id_hash === sid)).toBe(false);
  });

  it("'Sign out everywhere' ends the person's sessions on every device, and nobody else's", async () => {
    const laptop = await signIn(app);
    const phone = await signIn(app);
    const someoneElse = await signIn(app, "organiser@council.test");
    expect(await signedIn(phone)).toBe(true);
    // The button is on the organiser's home page, a plain form without JavaScript.
    const home = await (await laptop.get("/organise")).text();
    expect(home).toMatch(/<form method="post" action="\/sign-out"[^>]*>[\s\S]*?name="scope" value="everywhere"[^>]*>Sign out everywhere/);
    const out = await laptop.post("/sign-out", { scope: "everywhere" });
    expect(out.status).toBe(303);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(someoneElse)).toBe(true);
    // The flash still works after signing out everywhere.
    expect(await (await laptop.follow(out)).text()).toContain("You are signed out on every device.");
    expect(Number((await query({ sql: "SELECT COUNT(*) AS n FROM organiser_sessions WHERE email = ?", args: [ADMIN] })).rows[0].n)).toBe(0);
  });

  it("refuses an expired session, and deletes it", async () => {
    const device = await signIn(app, "organiser@council.test");
    const [name, value] = [...device.cookies].find(([n]) => n === "__pitchgrid")!;
    const sid = String(JSON.parse(Buffer.from(decodeURIComponent(value).split(".")[0], "base64").toString("utf8")).sid);
    const idHash = createHash("sha256").update(sid).digest("hex");
    expect(await signedIn(device)).toBe(true);
    await query({ sql: "UPDATE organiser_sessions SET expires_at = ? WHERE id_hash = ?", args: [new Date(Date.now() - 1000).toISOString(), idHash] });
    expect(await signedIn(device)).toBe(false);
    expect(name).toBe("__pitchgrid");
    expect((await query({ sql: "SELECT COUNT(*) AS n FROM organiser_sessions WHERE id_hash = ?", args: [idHash] })).rows[0].n).toBe(0);
  });

  it("names the cookie __Host- in production over HTTPS (Secure, Path=/, no Domain), and ignores the plain name there", async () => {
    const { token } = await requestSignInLink(ADMIN, "/organise");
    const client = new HttpClient(https.url);
    const response = await client.post("/sign-in/verify", { token: token!, redirectTo: "/organise" });
    expect(response.status).toBe(303);
    const setCookie = response.headers.getSetCookie().find((c) => c.includes("pitchgrid"))!;
    expect(setCookie).toMatch(/^__Host-pitchgrid=/);
    expect(setCookie).toMatch(/;\s*Secure/i);
    expect(setCookie).toMatch(/;\s*Path=\/(;|$)/i);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect(await signedIn(client)).toBe(true);
    // The same cookie under the old name is not read.
    const renamed = new HttpClient(https.url);
    renamed.cookies.set("__pitchgrid", client.cookies.get("__Host-pitchgrid")!);
    expect(await signedIn(renamed)).toBe(false);
    // The attendee cookie is prefixed too.
    const attendee = new HttpClient(https.url);
    expect((await attendee.get(`/r/${ids.alice.manageToken}`)).status).toBe(200);
    expect([...attendee.cookies.keys()]).toEqual(["__Host-pitchgrid_attendee"]);
  });
});

describe("sign-in limits", () => {
  it("another client's attempts do not lock the organiser out", async () => {
    const attacker = new HttpClient(app.url);
    const victim = "organiser@council.test";
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMITS.signInPerEmail.limit * 2; i++) statuses.push((await attacker.post("/sign-in", { email: victim }, { "x-forwarded-for": "203.0.113.66" })).status);
    // The attacker is stopped…
    expect(statuses.slice(-1)).toEqual([429]);
    const links = async () => Number((await query({ sql: "SELECT COUNT(*) AS n FROM sign_in_tokens WHERE email = ?", args: [victim] })).rows[0].n);
    const before = await links();
    // …and the organiser, from their own address, still gets a link.
    const organiser = new HttpClient(app.url);
    expect((await organiser.post("/sign-in", { email: victim }, { "x-forwarded-for": "198.51.100.23" })).status).toBe(303);
    expect(await links()).toBe(before + 1);
  });
});

describe("Cache-Control: no-store on personal and organiser pages", () => {
  it("is sent on every page that shows personal data or is for organisers, and not on public pages", async () => {
    const organiser = await signIn(app);
    const attendee = new HttpClient(app.url);
    expect((await attendee.get(`/r/${ids.alice.manageToken}`)).status).toBe(200);
    const { slug, alice } = ids;
    const personal: [HttpClient, string][] = [
      [attendee, `/r/${alice.manageToken}`],
      [attendee, `/r/${alice.manageToken}/edit`],
      [attendee, `/r/${alice.manageToken}/cancel`],
      [attendee, `/r/${alice.manageToken}/erase`],
      [attendee, `/r/${alice.manageToken}.data`],
      [attendee, `/events/${slug}/pitches`],
      [attendee, `/events/${slug}/pitches/new`],
      [attendee, `/events/${slug}/calendar`],
      [attendee, `/events/${slug}/pitch-queue`],
      [new HttpClient(app.url), `/events/${slug}/pitch-queue/projector`],
      [new HttpClient(app.url), `/events/${slug}/pitch-queue/not-a-real-token-not-a-real-token`],
      // Issue 17: the notes page and head-count form name whoever is editing.
      [attendee, `/events/${slug}/sessions/1/notes`],
      [organiser, `/events/${slug}/sessions/1/head-count`],
      [organiser, `/organise/${slug}/attendance`],
      [organiser, `/organise/${slug}/notes`],
      [organiser, "/organise"],
      [organiser, "/organise.data"],
      [organiser, `/organise/${slug}`],
      [organiser, `/organise/${slug}/registrations`],
      [organiser, `/organise/${slug}/registrations/${alice.id}`],
      [organiser, `/organise/${slug}/registrations.data`],
      [organiser, `/organise/${slug}/check-in`],
      [organiser, `/organise/${slug}/messages`],
      [organiser, `/organise/${slug}/edit`],
      [organiser, `/organise/${slug}/organisers`],
      [organiser, `/organise/${slug}/pitches`],
      [organiser, `/organise/${slug}/questions`],
      [organiser, `/organise/${slug}/tickets`],
      [organiser, `/organise/${slug}/rooms`],
      [organiser, `/organise/${slug}/grid`],
      [organiser, `/organise/${slug}/grid/history`],
      [organiser, `/organise/${slug}/station`],
      [organiser, "/organise/new"],
      [new HttpClient(app.url), "/sign-in/verify?token=abcdefghijklmnopqrstuvwxyz&redirectTo=%2Forganise"],
      [new HttpClient(app.url), `/r/not-a-real-token-not-a-real-token`],
      [new HttpClient(app.url), "/dev/outbox"],
    ];
    for (const [client, path] of personal) {
      const response = await client.get(path);
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
      await response.arrayBuffer();
    }
    for (const path of ["/", `/events/${slug}`, `/events/${slug}/schedule`, `/events/${slug}/notes`, "/sign-in", "/privacy", `/events/${slug}/pitch-queue/version`]) {
      const response = await new HttpClient(app.url).get(path);
      expect(response.headers.get("cache-control") ?? "", path).not.toContain("no-store");
      await response.arrayBuffer();
    }
  });
});

describe("attendee identity on a shared device", () => {
  const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

  it("asks before switching to someone else's private link, and switches only on a POST", async () => {
    const device = new HttpClient(app.url);
    expect((await device.get(`/r/${ids.alice.manageToken}`)).status).toBe(200);
    const aliceCookie = device.cookies.get("__pitchgrid_attendee");
    expect(aliceCookie).toBeTruthy();

    // Bob's link opened here: a question, no cookie change.
    const bobPage = await device.get(`/r/${ids.bob.manageToken}`);
    expect(bobPage.status).toBe(200);
    expect(bobPage.headers.getSetCookie()).toEqual([]);
    const html = await text(bobPage);
    expect(html).toContain("You are recognised here as Alice Attendee. Switch to Bob Borrower?");
    expect(html).toMatch(/<form method="post"[^>]*>\s*<button type="submit"[^>]*name="intent" value="switch"/);
    expect(device.cookies.get("__pitchgrid_attendee")).toBe(aliceCookie);
    // Alice's own link asks nothing.
    expect(await text(await device.get(`/r/${ids.alice.manageToken}`))).not.toContain("You are recognised here as");

    // The switch, without JavaScript.
    const switched = await device.post(`/r/${ids.bob.manageToken}`, { intent: "switch" });
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe(`/r/${ids.bob.manageToken}`);
    expect(device.cookies.get("__pitchgrid_attendee")).not.toBe(aliceCookie);
    expect(await text(await device.get(`/r/${ids.bob.manageToken}`))).not.toContain("You are recognised here as");
    expect(await text(await device.get(`/r/${ids.alice.manageToken}`))).toContain("You are recognised here as Bob Borrower. Switch to Alice Attendee?");

    // A device that recognises nobody is remembered straight away, as before.
    const fresh = new HttpClient(app.url);
    const first = await fresh.get(`/r/${ids.bob.manageToken}`);
    expect(await text(first)).not.toContain("You are recognised here as");
    expect(fresh.cookies.get("__pitchgrid_attendee")).toBeTruthy();
  });
});

/** A POST on a new TCP connection each time, so the processes sharing the port all answer some. */
function postOnNewConnection(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: "POST", agent: false, headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(Buffer.byteLength(body)), origin: new URL(url).origin, ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

describe("rate limits shared by every app process", () => {
  let cluster: RunningApp;
  beforeAll(async () => {
    cluster = await startApp({ databaseUrl: process.env.DATABASE_URL!, processes: 2, env: { SESSION_SECRET: SECRET, RATE_LIMIT_SCALE: "0.1" } });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("two processes count one client against one limit", async () => {
    const limit = Math.ceil(RATE_LIMITS.registration.limit * 0.1);
    // An incomplete form: 400 while within the limit (nothing is registered), 429 past it.
    const statuses: number[] = [];
    for (let wave = 0; wave < 4; wave++) {
      statuses.push(
        ...(await Promise.all(
          Array.from({ length: limit }, () => postOnNewConnection(`${cluster.url}/events/${ids.slug}/register`, "intent=register", { "x-forwarded-for": "198.51.100.77" })),
        )),
      );
    }
    expect(statuses.filter((s) => s !== 400 && s !== 429)).toEqual([]);
    expect(statuses.filter((s) => s === 400)).toHaveLength(limit);
    // Another client is not held back.
    expect(await postOnNewConnection(`${cluster.url}/events/${ids.slug}/register`, "intent=register", { "x-forwarded-for": "198.51.100.78" })).toBe(400);
  });
});
