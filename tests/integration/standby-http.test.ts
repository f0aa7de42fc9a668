import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, query, resetEnvForTests, rowsOf } from "../../app/.server/platform";
import { setCheckedIn, standbyView } from "../../app/.server/registration";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeRegistration } from "../support/factories";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";

/**
 * Issue 16: standby at the door over HTTP against the built app, without JavaScript. The app
 * runs with BACKGROUND_WORK=off, so the cut-off job does not run: places are released by hand.
 */
const SECRET = "standby-test-secret-0123456789abcdef-xyz";
let app: RunningApp;
const state = {} as { slug: string; eventId: number; organiser: HttpClient; people: { id: number }[] };

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();
  const { event, ticket } = await makeEvent({ quota: 4, capacity: 4, organiser: "organiser@guildford.gov.uk" });
  state.slug = event.slug;
  state.eventId = event.id;
  state.people = [];
  for (let i = 0; i < 4; i++) state.people.push(await makeRegistration(event.id, ticket.id, { name: `Holder ${i}` }));
  for (const p of state.people.slice(0, 2)) await setCheckedIn(event.id, p.id, true);
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, BACKGROUND_WORK: "off" } });
  state.organiser = new HttpClient(app.url);
  const [name, value] = (await organiserCookie("organiser@guildford.gov.uk")).split("=");
  state.organiser.cookies.set(name, value);
});

afterAll(async () => {
  await app?.stop();
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
});

const page = (path: string) => state.organiser.get(path).then((r) => r.text());
const statuses = async () => (await standbyView(state.eventId)).entries.map((e) => `${e.number}:${e.status}`);

describe("standby over HTTP", () => {
  it("is closed to the door until the organiser opens it; then people join and get a private number page", async () => {
    const door = new HttpClient(app.url);
    expect(await (await door.get(`/events/${state.slug}/standby`)).text()).toContain("not open to join from here");
    expect((await door.post(`/events/${state.slug}/standby`, { name: "Early Bird", email: "" })).status).toBe(409);

    const saved = await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "settings", cutoff: "10:15", joiningOpen: "yes" });
    expect(saved.status).toBe(303);
    const bad = await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "settings", cutoff: "25:99" });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("Enter the cut-off as a 24-hour time");

    // The desk adds Ann (no email); Bo joins on his phone with an email; Cy joins too.
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "add", name: "Ann Desk", email: "" })).status).toBe(303);
    const joined = await door.post(`/events/${state.slug}/standby`, { name: "Bo Phone", email: "bo@example.org" });
    expect(joined.status).toBe(303);
    const numberPath = joined.headers.get("location")!;
    expect(numberPath).toMatch(new RegExp(`^/events/${state.slug}/standby/[\\w-]{20,}$`));
    const numberPage = await door.get(numberPath);
    expect(numberPage.headers.get("cache-control")).toBe("private, no-store");
    const numberHtml = await numberPage.text();
    expect(numberHtml).toContain("Standby number 2");
    expect(numberHtml).toContain("1 person is ahead of you");
    expect((await new HttpClient(app.url).post(`/events/${state.slug}/standby`, { name: "Cy Phone", email: "" })).status).toBe(303);
    expect((await new HttpClient(app.url).get(`/events/${state.slug}/standby/not-a-real-token-at-all-000`)).status).toBe(404);
    expect(await statuses()).toEqual(["1:waiting", "2:waiting", "3:waiting"]);
  });

  it("asks before releasing early, then calls in order, shows who is called and next on the check-in page, and emails the called", async () => {
    const asked = await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "release-ask" });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("Yes, release places now");
    expect(await statuses()).toEqual(["1:waiting", "2:waiting", "3:waiting"]);

    // Hold Holder 2's place (running late): 4 seats, 2 checked in, 1 held: one seat for standby.
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "hold", registrationId: String(state.people[2].id) })).status).toBe(303);
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "release" })).status).toBe(303);
    expect(await statuses()).toEqual(["1:called", "2:waiting", "3:waiting"]);
    const checkIn = await page(`/organise/${state.slug}/check-in`);
    expect(checkIn).toContain("Called: number 1, Ann Desk");
    expect(checkIn).toContain("Next: number 2, Bo Phone");

    // Ann is not here: Bo is called, by email too, and his number page says so.
    const ann = (await standbyView(state.eventId)).entries[0];
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "gone", entryId: String(ann.id) })).status).toBe(303);
    expect(await statuses()).toEqual(["1:gone", "2:called", "3:waiting"]);
    const email = rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = 'bo@example.org'" }));
    expect(email.map((e) => e.subject)).toEqual([expect.stringContaining("number 2, come to the desk")]);
    const standbyPage = await page(`/organise/${state.slug}/standby`);
    expect(standbyPage).toMatch(/data-testid="standby-called">Number 2, Bo Phone</);
    expect(standbyPage).toMatch(/Next to call: number 3, Cy Phone/);

    // Letting the held place go calls Cy.
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "unhold", registrationId: String(state.people[2].id) })).status).toBe(303);
    expect(await statuses()).toEqual(["1:gone", "2:called", "3:called"]);
  });

  it("refuses other people's organisers and bad input without a crash", async () => {
    const stranger = new HttpClient(app.url);
    const [name, value] = (await organiserCookie("stranger@kent.gov.uk")).split("=");
    stranger.cookies.set(name, value);
    expect((await stranger.get(`/organise/${state.slug}/standby`)).status).toBe(403);
    expect((await stranger.post(`/organise/${state.slug}/standby`, { intent: "release" })).status).toBe(403);
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "nonsense" })).status).toBe(400);
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "add", name: "" })).status).toBe(400);
    expect((await state.organiser.post(`/organise/${state.slug}/standby`, { intent: "hold", registrationId: "999999" })).status).toBe(409);
  });
});
