import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query, resetEnvForTests, rowsOf } from "../../app/.server/platform";
import { createPitch } from "../../app/.server/pitching";
import { PitchFormSchema } from "../../app/domain/pitch-rules";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";

/**
 * Who may see and change what, over real HTTP against the built app: a table of cases, each a
 * request by someone who must be refused, followed by a check that nothing in the database
 * changed. organiser-access.test.ts already calls every organiser route module in-process
 * (signed out, other event's organiser, with placeholder ids); these cases add what only shows
 * over HTTP (document and .data requests, cookies, real ids of another event used under one's
 * own event, tokens that were reset or erased, personal feeds). Every POST is same-origin, so a
 * refusal comes from the access rules, not from the cross-site check.
 */
const SECRET = "access-rules-secret-access-rules-secret-0123";

type Who = "visitor" | "bob" | "carol" | "forger" | "organiserA" | "organiserB" | "stranger";
type Case = {
  rule: string;
  who: Who;
  method: "GET" | "POST";
  path: string;
  form?: Record<string, string | string[]>;
  /** Acceptable refusals; anything else (a 2xx, or a redirect into the page) fails. */
  expect: number[];
  /** For redirects: where a refusal may send the person. */
  location?: RegExp;
};

const state = {} as {
  app: RunningApp;
  clients: Record<Who, HttpClient>;
  A: { slug: string; id: number; ticket: number; room: number; slot: number; alicePitch: number; bobPitch: number };
  B: { slug: string; id: number; ticket: number; room: number; slot: number; carolPitch: number; carol: number; pending: number };
  alice: { token: string; id: number };
  dave: { oldToken: string };
  erin: { token: string; feed: string };
  feeds: { aliceOld: string; aliceNow: string };
  emails: string[];
  bobEmail: string;
};

let cases: Case[] = [];
const results: { case: Case; status: number; location: string; body: string }[] = [];

function snapshotSql() {
  // Everything but the outbox (the worker marks emails sent) and sign-in tokens.
  return ["events", "event_organisers", "ticket_types", "rooms", "slots", "registrations", "lottery_draws", "pitches", "pitch_hosts", "pitch_interest", "placements", "closed_cells", "grid_changes", "calendar_feeds", "published_placements"];
}

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of snapshotSql()) parts.push(`${table}: ${JSON.stringify(rowsOf(await query(`SELECT * FROM ${table} ORDER BY rowid`)))}`);
  parts.push(`outbox: ${JSON.stringify(rowsOf(await query("SELECT id, to_address, subject FROM email_outbox ORDER BY id")))}`);
  return parts.join("\n");
}

function tamper(token: string) {
  return token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
}

/** A signed cookie whose value is edited to name someone else, keeping the old signature. */
function forgeAttendeeCookie(cookieValue: string, registrationId: number, eventId: number) {
  const [payload, signature] = decodeURIComponent(cookieValue).split(".");
  const value = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as Record<string, [number, string]>;
  value[String(eventId)] = [registrationId, value[String(eventId)]?.[1] ?? "0000000000000000"];
  return encodeURIComponent(`${Buffer.from(JSON.stringify(value)).toString("base64")}.${signature}`);
}

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();

  // Event A: Alice hosts a pitch, Bob is another confirmed attendee, Dave reset his link, Erin erased herself.
  const a = await makeEvent({ organiser: "organiser-a@guildford.gov.uk" });
  const b = await makeEvent({ organiser: "organiser-b@woking.gov.uk" });
  const alice = await makeRegistration(a.event.id, a.ticket.id, { name: "Alice Host", email: "alice@guildford.gov.uk" });
  const bob = await makeRegistration(a.event.id, a.ticket.id, { name: "Bob Other", email: "bob@guildford.gov.uk" });
  const dave = await makeRegistration(a.event.id, a.ticket.id, { name: "Dave Reset", email: "dave@guildford.gov.uk" });
  const erin = await makeRegistration(a.event.id, a.ticket.id, { name: "Erin Erased", email: "erin@guildford.gov.uk" });
  const carol = await makeRegistration(b.event.id, b.ticket.id, { name: "Carol Elsewhere", email: "carol@woking.gov.uk" });
  const pending = await makeRegistration(b.event.id, b.ticket.id, { name: "Penny Pending", email: "penny@nhs.net", status: "pending-approval" });
  const alicePitch = (await createPitch(a.event.id, alice.id, PitchFormSchema.parse({ title: "Alice's open data session", format: "discussion", coHosts: "" }))).id;
  const bobPitch = (await createPitch(a.event.id, bob.id, PitchFormSchema.parse({ title: "Bob's bins session", format: "discussion", coHosts: "" }))).id;
  const carolPitch = (await createPitch(b.event.id, carol.id, PitchFormSchema.parse({ title: "Carol's session", format: "workshop", coHosts: "" }))).id;
  const roomA = await makeRoom(a.event.id, { name: "Room A" });
  const roomB = await makeRoom(b.event.id, { name: "Room B" });
  const slotA = await makeSlot(a.event.id, new Date(a.event.startsAt));
  const slotB = await makeSlot(b.event.id, new Date(b.event.startsAt));
  // A placed session in B, so B has a grid to disturb.
  const placedB = await makeGridPitch(b.event.id, { title: "Placed in B", hostIds: [carol.id] });
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, pinned, placed_at) VALUES (?, ?, ?, ?, 0, ?)", args: [placedB, b.event.id, roomB, slotB, new Date().toISOString()] });

  const app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET } });
  state.app = app;
  const client = () => new HttpClient(app.url);
  const clients: Record<Who, HttpClient> = { visitor: client(), bob: client(), carol: client(), forger: client(), organiserA: client(), organiserB: client(), stranger: client() };
  for (const [who, email] of [["organiserA", "organiser-a@guildford.gov.uk"], ["organiserB", "organiser-b@woking.gov.uk"], ["stranger", "stranger@kent.gov.uk"]] as const) {
    const [name, value] = (await organiserCookie(email)).split("=");
    clients[who].cookies.set(name, value);
  }
  // Attendees are remembered on their device by opening their own private link.
  expect((await clients.bob.get(`/r/${bob.manageToken}`)).status).toBe(200);
  expect((await clients.carol.get(`/r/${carol.manageToken}`)).status).toBe(200);
  const aliceClient = client();
  expect((await aliceClient.get(`/r/${alice.manageToken}`)).status).toBe(200);
  // The forger holds Bob's genuine cookie, edited to say they are Alice.
  clients.forger.cookies.set("__pitchgrid_attendee", forgeAttendeeCookie(clients.bob.cookies.get("__pitchgrid_attendee")!, alice.id, a.event.id));

  // Personal feeds: Alice makes one, then resets it; Erin makes one, then erases her data.
  // The link is shown once, in the answer to the POST that makes it (only its hash is kept).
  const feedFrom = async (response: Response) => {
    expect(response.status).toBe(200);
    return /\/feeds\/([A-Za-z0-9_-]+)\.ics/.exec(await response.text())?.[1] ?? "";
  };
  const aliceOld = await feedFrom(await aliceClient.post(`/events/${a.event.slug}/calendar`, { intent: "create" }));
  const aliceNow = await feedFrom(await aliceClient.post(`/events/${a.event.slug}/calendar`, { intent: "reset" }));
  expect(aliceOld).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  expect(aliceNow).not.toBe(aliceOld);
  expect(await (await aliceClient.get(`/events/${a.event.slug}/calendar`)).text()).not.toContain(aliceNow);
  const erinClient = client();
  await erinClient.get(`/r/${erin.manageToken}`);
  const erinFeed = await feedFrom(await erinClient.post(`/events/${a.event.slug}/calendar`, { intent: "create" }));
  expect(erinFeed).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  expect((await erinClient.post(`/r/${erin.manageToken}/erase`, {})).status).toBe(303);
  // Dave asks for a new private link: the old one must stop working.
  expect((await client().post(`/r/${dave.manageToken}`, { intent: "new-link" })).status).toBe(303);

  state.clients = clients;
  state.A = { slug: a.event.slug, id: a.event.id, ticket: a.ticket.id, room: roomA, slot: slotA, alicePitch, bobPitch };
  state.B = { slug: b.event.slug, id: b.event.id, ticket: b.ticket.id, room: roomB, slot: slotB, carolPitch, carol: carol.id, pending: pending.id };
  state.alice = { token: alice.manageToken, id: alice.id };
  state.dave = { oldToken: dave.manageToken };
  state.erin = { token: erin.manageToken, feed: erinFeed };
  state.feeds = { aliceOld, aliceNow };
  state.emails = [alice.email, bob.email, carol.email, "penny@nhs.net", "dave@guildford.gov.uk", "erin@guildford.gov.uk"];
  state.bobEmail = bob.email;
  cases = buildCases();
});

afterAll(async () => {
  await state.app?.stop();
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
});

const SIGN_IN = /^\/sign-in(\?|$)/;

function buildCases(): Case[] {
  const { A, B, alice, dave, erin, feeds } = state;
  const list: Case[] = [];
  const add = (c: Case) => list.push(c);

  // 1. Registrations: a private link that is wrong, reset or erased opens nothing, whoever asks.
  const badTokens = [
    ["a tampered copy of Alice's link", tamper(alice.token)],
    ["Dave's link after he asked for a new one", dave.oldToken],
    ["Erin's link after she erased her data", erin.token],
  ] as const;
  for (const [label, token] of badTokens) {
    for (const page of ["", "/edit", "/cancel", "/erase", "/data.json"]) {
      add({ rule: `registration: GET /r/<${label}>${page}`, who: "bob", method: "GET", path: `/r/${token}${page}`, expect: [404] });
    }
    add({ rule: `registration: GET /r/<${label}>.data`, who: "bob", method: "GET", path: `/r/${token}.data`, expect: [404] });
    add({ rule: `registration: POST new link for /r/<${label}>`, who: "bob", method: "POST", path: `/r/${token}`, form: { intent: "new-link" }, expect: [404] });
    add({ rule: `registration: POST change details at /r/<${label}>/edit`, who: "bob", method: "POST", path: `/r/${token}/edit`, form: { name: "Hijacked", organisation: "Evil Ltd" }, expect: [404] });
    add({ rule: `registration: POST cancel at /r/<${label}>/cancel`, who: "bob", method: "POST", path: `/r/${token}/cancel`, form: {}, expect: [404] });
    add({ rule: `registration: POST erase at /r/<${label}>/erase`, who: "bob", method: "POST", path: `/r/${token}/erase`, form: {}, expect: [404] });
  }

  // 2. Pitches: only their hosts may edit or withdraw them.
  for (const who of ["bob", "carol", "forger", "visitor"] as const) {
    add({ rule: `pitch: ${who} opens the edit page of Alice's pitch`, who, method: "GET", path: `/events/${A.slug}/pitches/${A.alicePitch}/edit`, expect: [403] });
    add({ rule: `pitch: ${who} edits Alice's pitch`, who, method: "POST", path: `/events/${A.slug}/pitches/${A.alicePitch}/edit`, form: { title: "Taken over", format: "other" }, expect: [403] });
    add({ rule: `pitch: ${who} opens the withdraw page of Alice's pitch`, who, method: "GET", path: `/events/${A.slug}/pitches/${A.alicePitch}/withdraw`, expect: [403] });
    add({ rule: `pitch: ${who} withdraws Alice's pitch`, who, method: "POST", path: `/events/${A.slug}/pitches/${A.alicePitch}/withdraw`, form: {}, expect: [403] });
  }
  add({ rule: "pitch: Bob withdraws Alice's pitch with a .data (fetcher) request", who: "bob", method: "POST", path: `/events/${A.slug}/pitches/${A.alicePitch}/withdraw.data`, form: {}, expect: [403] });
  add({ rule: "pitch: Carol edits Alice's pitch through her own event's address", who: "carol", method: "POST", path: `/events/${B.slug}/pitches/${A.alicePitch}/edit`, form: { title: "Taken over", format: "other" }, expect: [403, 404] });
  add({ rule: "pitch: Bob (an attendee) uses the organiser's withdraw form", who: "bob", method: "POST", path: `/organise/${A.slug}/pitches/${A.alicePitch}`, form: { intent: "withdraw" }, expect: [302], location: SIGN_IN });
  add({ rule: "pitch: the forger pitches as Alice", who: "forger", method: "POST", path: `/events/${A.slug}/pitches/new`, form: { title: "In Alice's name", format: "other" }, expect: [403] });
  add({ rule: "pitch: the forger marks I'd go as Alice", who: "forger", method: "POST", path: `/events/${A.slug}/pitches?index`, form: { intent: "mark", pitchId: String(A.bobPitch) }, expect: [403] });

  // 3. Personal feeds: only the current token of a person who still exists.
  for (const [label, token] of [
    ["Alice's feed after she reset it", feeds.aliceOld],
    ["a tampered copy of Alice's feed", tamper(feeds.aliceNow)],
    ["Erin's feed after she erased her data", erin.feed],
    ["a made-up feed", "x".repeat(43)],
  ] as const) {
    add({ rule: `feed: GET <${label}>`, who: "visitor", method: "GET", path: `/feeds/${token}.ics`, expect: [404] });
  }
  add({ rule: "feed: GET Alice's feed without .ics", who: "visitor", method: "GET", path: `/feeds/${feeds.aliceNow}`, expect: [404] });
  add({ rule: "feed: a signed-out visitor creates a personal feed", who: "visitor", method: "POST", path: `/events/${A.slug}/calendar`, form: { intent: "reset" }, expect: [403] });

  // 4. An organiser of event A and event B's pages, export and grid (over HTTP, with B's real ids).
  for (const page of ["", "/registrations", `/registrations/${B.carol}`, "/registrations.csv", "/check-in", "/grid", "/grid/history", "/grid/version", "/grid/suggest", `/pitches/${B.carolPitch}`, `/rooms/${B.room}`, `/tickets/${B.ticket}`, "/organisers"]) {
    add({ rule: `organiser of A: GET /organise/B${page}`, who: "organiserA", method: "GET", path: `/organise/${B.slug}${page}`, expect: [403] });
  }
  add({ rule: "organiser of A: GET /organise/B/registrations.data", who: "organiserA", method: "GET", path: `/organise/${B.slug}/registrations.data`, expect: [403] });
  const gridPosts: Record<string, string>[] = [
    { intent: "place", pitchId: String(B.carolPitch), roomId: String(B.room), slotId: String(B.slot), version: "0" },
    { intent: "publish", version: "0" },
    { intent: "close", roomId: String(B.room), slotId: String(B.slot), version: "0" },
    { intent: "undo", version: "0" },
  ];
  for (const form of gridPosts) {
    add({ rule: `organiser of A: POST B's grid (${form.intent})`, who: "organiserA", method: "POST", path: `/organise/${B.slug}/grid`, form, expect: [403] });
  }
  add({ rule: "organiser of A: POST B's grid (place) as .data", who: "organiserA", method: "POST", path: `/organise/${B.slug}/grid.data`, form: gridPosts[0], expect: [403] });
  add({ rule: "organiser of A: apply a suggestion to B's grid", who: "organiserA", method: "POST", path: `/organise/${B.slug}/grid/suggest`, form: { version: "0", assignment: [`${B.carolPitch}:${B.room}:${B.slot}`] }, expect: [403] });
  add({ rule: "organiser of A: add themselves as B's organiser", who: "organiserA", method: "POST", path: `/organise/${B.slug}/organisers`, form: { intent: "add", email: "organiser-a@guildford.gov.uk" }, expect: [403] });
  add({ rule: "organiser of A: check in B's attendee", who: "organiserA", method: "POST", path: `/organise/${B.slug}/check-in`, form: { intent: "check-in", registrationId: String(B.carol) }, expect: [403] });
  add({ rule: "organiser of A: erase B's attendee", who: "organiserA", method: "POST", path: `/organise/${B.slug}/registrations/${B.carol}`, form: {}, expect: [403] });

  // 5. ...and B's rows through A's own pages (a guessed id under a slug they do organise).
  const own = `/organise/${A.slug}`;
  for (const [label, p] of [
    ["B's attendee", `/registrations/${B.carol}`],
    ["B's ticket type", `/tickets/${B.ticket}`],
    ["B's room", `/rooms/${B.room}`],
    ["B's slot", `/rooms/slots/${B.slot}`],
    ["B's pitch", `/pitches/${B.carolPitch}`],
  ] as const) {
    add({ rule: `organiser of A: GET ${label} under A`, who: "organiserA", method: "GET", path: `${own}${p}`, expect: [404] });
  }
  add({ rule: "organiser of A: erase B's attendee under A", who: "organiserA", method: "POST", path: `${own}/registrations/${B.carol}`, form: {}, expect: [404] });
  add({ rule: "organiser of A: change B's ticket type under A", who: "organiserA", method: "POST", path: `${own}/tickets/${B.ticket}`, form: { name: "Mine", quota: "1", rule: "open" }, expect: [404] });
  add({ rule: "organiser of A: delete B's room under A", who: "organiserA", method: "POST", path: `${own}/rooms/${B.room}`, form: { intent: "delete" }, expect: [404] });
  add({ rule: "organiser of A: delete B's slot under A", who: "organiserA", method: "POST", path: `${own}/rooms/slots/${B.slot}`, form: { intent: "delete" }, expect: [404] });
  add({ rule: "organiser of A: withdraw B's pitch under A", who: "organiserA", method: "POST", path: `${own}/pitches/${B.carolPitch}`, form: { intent: "withdraw" }, expect: [404] });
  add({ rule: "organiser of A: ask to delete B's room under A", who: "organiserA", method: "GET", path: `${own}/rooms/${B.room}/delete`, expect: [404] });
  add({ rule: "organiser of A: delete B's room under A (the page that asks)", who: "organiserA", method: "POST", path: `${own}/rooms/${B.room}/delete`, form: {}, expect: [404] });
  add({ rule: "organiser of A: delete B's slot under A (the page that asks)", who: "organiserA", method: "POST", path: `${own}/rooms/slots/${B.slot}/delete`, form: {}, expect: [404] });
  add({ rule: "organiser of A: withdraw B's pitch under A (the page that asks)", who: "organiserA", method: "POST", path: `${own}/pitches/${B.carolPitch}/withdraw`, form: {}, expect: [404] });
  add({ rule: "organiser of A: restore B's pitch under A", who: "organiserA", method: "POST", path: `${own}/pitches/${B.carolPitch}`, form: { intent: "restore" }, expect: [404] });
  add({ rule: "organiser of A: unpublish B's grid", who: "organiserA", method: "POST", path: `/organise/${B.slug}/grid/unpublish`, form: { version: "0" }, expect: [403] });
  add({ rule: "organiser of A: withdraw B's pitch from A's list", who: "organiserA", method: "POST", path: `${own}/pitches?index`, form: { intent: "withdraw", pitchId: String(B.carolPitch) }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: merge B's pitch into A's", who: "organiserA", method: "POST", path: `${own}/pitches?index`, form: { intent: "merge", duplicateId: String(B.carolPitch), keptId: String(A.alicePitch) }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: pitch on behalf of B's attendee", who: "organiserA", method: "POST", path: `${own}/pitches/new`, form: { hostRegistrationId: String(B.carol), title: "In Carol's name", format: "other" }, expect: [400, 404] });
  add({ rule: "organiser of A: check in B's attendee under A", who: "organiserA", method: "POST", path: `${own}/check-in`, form: { intent: "check-in", registrationId: String(B.carol) }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: approve B's pending request under A", who: "organiserA", method: "POST", path: `${own}/registrations?index`, form: { intent: "approve", registrationId: String(B.pending) }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: release places of B's ticket type under A", who: "organiserA", method: "POST", path: `${own}/registrations?index`, form: { intent: "release", ticketTypeId: String(B.ticket), count: "1" }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: place B's pitch on A's grid", who: "organiserA", method: "POST", path: `${own}/grid`, form: { intent: "place", pitchId: String(B.carolPitch), roomId: String(A.room), slotId: String(A.slot), version: "0" }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: place A's pitch in B's room and slot", who: "organiserA", method: "POST", path: `${own}/grid`, form: { intent: "place", pitchId: String(A.alicePitch), roomId: String(B.room), slotId: String(B.slot), version: "0" }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: close B's room and slot on A's grid", who: "organiserA", method: "POST", path: `${own}/grid`, form: { intent: "close", roomId: String(B.room), slotId: String(B.slot), version: "0" }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: pin B's pitch on A's grid", who: "organiserA", method: "POST", path: `${own}/grid`, form: { intent: "pin", pitchId: String(B.carolPitch), version: "0" }, expect: [400, 404, 409] });
  add({ rule: "organiser of A: apply a suggestion with B's pitch, room and slot to A", who: "organiserA", method: "POST", path: `${own}/grid/suggest`, form: { version: "0", assignment: [`${B.carolPitch}:${B.room}:${B.slot}`] }, expect: [400, 404, 409] });

  // 6. Signed out, an attendee, or signed in but organising nothing: no organiser page or export.
  for (const who of ["visitor", "bob"] as const) {
    for (const p of ["/organise", "/organise/new", `/organise/${A.slug}`, `/organise/${A.slug}/registrations.csv`, `/organise/${A.slug}/registrations/${state.alice.id}`, `/organise/${A.slug}/check-in`, `/organise/${A.slug}/grid`]) {
      add({ rule: `${who === "visitor" ? "signed out" : "an attendee"}: GET ${p.replace(A.slug, "A")}`, who, method: "GET", path: p, expect: [302], location: SIGN_IN });
    }
    add({ rule: `${who === "visitor" ? "signed out" : "an attendee"}: POST a new event`, who, method: "POST", path: "/organise/new", form: { name: "Sneaky camp", slug: "sneaky" }, expect: [302], location: SIGN_IN });
    add({ rule: `${who === "visitor" ? "signed out" : "an attendee"}: POST A's grid (publish)`, who, method: "POST", path: `/organise/${A.slug}/grid`, form: { intent: "publish", version: "0" }, expect: [302], location: SIGN_IN });
  }
  add({ rule: "signed out: GET A's registrations as .data", who: "visitor", method: "GET", path: `/organise/${A.slug}/registrations.data`, expect: [202, 302], location: SIGN_IN });
  add({ rule: "signed out: GET A's CSV export as .data", who: "visitor", method: "GET", path: `/organise/${A.slug}/registrations.csv.data`, expect: [202, 302, 404], location: SIGN_IN });
  add({ rule: "signed out: POST A's grid (publish) as .data", who: "visitor", method: "POST", path: `/organise/${A.slug}/grid.data`, form: { intent: "publish", version: "0" }, expect: [202, 302], location: SIGN_IN });
  for (const p of [`/organise/${A.slug}`, `/organise/${A.slug}/registrations.csv`, `/organise/${A.slug}/grid`]) {
    add({ rule: `signed in, organising nothing: GET ${p.replace(A.slug, "A")}`, who: "stranger", method: "GET", path: p, expect: [403] });
  }
  add({ rule: "signed in, organising nothing: POST a new event", who: "stranger", method: "POST", path: "/organise/new", form: { name: "Sneaky camp", slug: "sneaky" }, expect: [403] });
  return list;
}

/** The in-process cases of organiser-access.test.ts, counted from the route files it walks. */
function organiserAccessCases(): number {
  const dir = path.resolve("app/routes");
  return readdirSync(dir)
    .filter((file) => /^organise\.\$slug[.\w$[\]-]*\.tsx?$/.test(file) && !file.endsWith(".test.ts"))
    .map((file) => readFileSync(path.join(dir, file), "utf8"))
    .reduce((sum, source) => sum + 2 * (Number(/export async function loader\b/.test(source)) + Number(/export async function action\b/.test(source))), 0);
}

describe("access rules over HTTP", () => {
  it("refuses every case in the table, changes nothing, and leaks no one's details", { timeout: 120_000 }, async () => {
    expect(cases.length).toBeGreaterThan(80);
    const before = await snapshot();
    for (const c of cases) {
      const client = state.clients[c.who];
      const response = c.method === "GET" ? await client.get(c.path) : await client.post(c.path, c.form ?? {});
      const body = await response.text();
      // A .data request is told to redirect in its (turbo-stream) body, with status 202.
      const location = response.headers.get("location") ?? response.headers.get("x-remix-redirect") ?? (response.status === 202 ? /"\/sign-in[^"]*"/.exec(body)?.[0]?.slice(1, -1) : undefined) ?? "";
      results.push({ case: c, status: response.status, location, body });
    }
    const failures = results
      .filter(({ case: c, status, location }) => !c.expect.includes(status) || ((status === 302 || status === 202) && c.location && !c.location.test(location)))
      .map(({ case: c, status, location }) => `${c.rule} [${c.who} ${c.method} ${c.path}]: ${status}${location ? ` -> ${location}` : ""}, expected ${c.expect.join("/")}`);
    expect(failures).toEqual([]);
    // Refusals say nothing about the people behind them.
    // (Organiser A's own pages, re-shown with an error, may list A's attendees; B's never.)
    const hiddenFrom = (who: Who) => (who === "organiserA" ? ["carol@woking.gov.uk", "penny@nhs.net"] : state.emails.filter((email) => !(who === "bob" || who === "forger" ? [state.bobEmail] : who === "carol" ? ["carol@woking.gov.uk"] : []).includes(email)));
    const leaks = results.filter(({ case: c, body }) => hiddenFrom(c.who).some((email) => body.includes(email))).map(({ case: c }) => c.rule);
    expect(leaks).toEqual([]);
    // And nothing changed: no registration, pitch, grid, feed or organiser row, no email queued.
    expect(await snapshot()).toBe(before);
    console.log(`access-rule cases tested: ${cases.length} over HTTP (plus ${organiserAccessCases()} in-process in organiser-access.test.ts)`);
  });

  it("lets the right people in with the same cookies and links (so the refusals above are not a broken setup)", async () => {
    const { clients, A, B, feeds } = state;
    expect((await clients.organiserA.get(`/organise/${A.slug}/registrations.csv`)).status).toBe(200);
    const csv = await (await clients.organiserB.get(`/organise/${B.slug}/registrations.csv`)).text();
    expect(csv).toContain("carol@woking.gov.uk");
    expect((await clients.organiserB.get(`/organise/${B.slug}/registrations/${B.carol}`)).status).toBe(200);
    expect((await clients.organiserA.get(`/organise/${A.slug}/grid`)).status).toBe(200);
    expect((await clients.bob.get(`/events/${A.slug}/pitches/${A.bobPitch}/edit`)).status).toBe(200);
    expect((await clients.bob.post(`/events/${A.slug}/pitches?index`, { intent: "mark", pitchId: String(A.alicePitch) })).status).toBe(303);
    const feed = await clients.visitor.get(`/feeds/${feeds.aliceNow}.ics`);
    expect(feed.status).toBe(200);
    expect(await feed.text()).toContain("BEGIN:VCALENDAR");
    expect((await clients.visitor.get(`/r/${state.alice.token}`)).status).toBe(200);
  });
});
