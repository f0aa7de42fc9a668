import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { query, rowsOf } from "../../app/.server/platform";
import { addTeamMember, findEventBySlug } from "../../app/.server/events";
import { joinPitchQueue, savePitchQueueSettings } from "../../app/.server/pitching";
import { placePitch, setPublished } from "../../app/.server/grid";
import * as home from "../../app/routes/_index";
import * as organise from "../../app/routes/organise.$slug._index";
import * as unpublish from "../../app/routes/organise.$slug.unpublish";
import * as eventPage from "../../app/routes/events.$slug._index";
import * as register from "../../app/routes/events.$slug.register._index";
import * as schedule from "../../app/routes/events.$slug.schedule._index";
import * as scheduleVersion from "../../app/routes/events.$slug.schedule.version";
import * as session from "../../app/routes/events.$slug.sessions.$id";
import * as pitches from "../../app/routes/events.$slug.pitches._index";
import * as pitch from "../../app/routes/events.$slug.pitches.$id._index";
import * as icsFeed from "../../app/routes/events.$slug.schedule[.]ics";
import * as frabJson from "../../app/routes/events.$slug.schedule[.]json";
import * as nowAndNext from "../../app/routes/events.$slug.now";
import * as display from "../../app/routes/events.$slug.display";
import * as printGrid from "../../app/routes/events.$slug.schedule.print";
import * as doorSheet from "../../app/routes/events.$slug.rooms.$roomId.door";
import * as notesArchive from "../../app/routes/events.$slug.notes";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf, run } from "../support/route-call";

/**
 * Issue 15, drafts: an organiser can put a published event back to draft (asking first, without
 * JavaScript), organisers of a draft see its public pages marked as a draft while everyone else
 * gets 404, and after the event no public page offers registration.
 */
const BASE = "http://pitchgrid.test";
const ORGANISER = "drafts@woking.gov.uk";
const post = (path: string, fields: Record<string, string>, cookie = "") =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
const get = (path: string, cookie = "") => new Request(`${BASE}${path}`, { headers: { cookie } });

/** An event with a place taken, a pitch on a published grid: every public page has something to show. */
async function eventWithSchedule(options: { draft?: boolean; startsAt?: Date } = {}) {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, draft: options.draft, startsAt: options.startsAt });
  const person = await makeRegistration(event.id, ticket.id);
  const room = await makeRoom(event.id, { name: "Hall" });
  const slot = await makeSlot(event.id, new Date(Date.parse(event.startsAt) + 3600_000));
  const pitchId = await makeGridPitch(event.id, { title: "Open data", hostIds: [person.id] });
  await placePitch(event.id, ORGANISER, 0, pitchId, room, slot);
  await setPublished(event.id, ORGANISER, 1, true);
  return { event, ticket, person, pitchId, room };
}

/** Every public page and feed of the event, as `cookie` sees it: its status and data. */
async function publicPages(slug: string, pitchId: number, cookie = "") {
  const params = { slug };
  const pages = {
    event: await call(() => eventPage.loader({ request: get(`/events/${slug}`, cookie), params, context: {} })),
    register: await call(() => register.loader({ request: get(`/events/${slug}/register`, cookie), params, context: {} })),
    schedule: await call(() => schedule.loader({ request: get(`/events/${slug}/schedule`, cookie), params, context: {} })),
    version: await call(() => scheduleVersion.loader({ request: get(`/events/${slug}/schedule/version`, cookie), params, context: {} })),
    session: await call(() => session.loader({ request: get(`/events/${slug}/sessions/${pitchId}`, cookie), params: { ...params, id: String(pitchId) }, context: {} })),
    pitches: await call(() => pitches.loader({ request: get(`/events/${slug}/pitches`, cookie), params, context: {} })),
    pitch: await call(() => pitch.loader({ request: get(`/events/${slug}/pitches/${pitchId}`, cookie), params: { ...params, id: String(pitchId) }, context: {} })),
    ics: await call(() => icsFeed.loader({ request: get(`/events/${slug}/schedule.ics`, cookie), params, context: {} })),
    json: await call(() => frabJson.loader({ request: get(`/events/${slug}/schedule.json`, cookie), params, context: {} })),
  };
  return pages;
}
const statuses = (pages: Awaited<ReturnType<typeof publicPages>>) => Object.fromEntries(Object.entries(pages).map(([name, page]) => [name, page.status]));
const allOk = { event: 200, register: 200, schedule: 200, version: 200, session: 200, pitches: 200, pitch: 200, ics: 200, json: 200 };
const allGone = { event: 404, register: 404, schedule: 404, version: 404, session: 404, pitches: 404, pitch: 404, ics: 404, json: 404 };

describe("putting a published event back to draft", () => {
  it("asks first, then hides every public page and feed from the public, keeps places, emails nobody; publishing again brings them back", async () => {
    const { event, ticket, person, pitchId } = await eventWithSchedule();
    const cookie = await organiserCookie(ORGANISER);
    const params = { slug: event.slug };
    expect(statuses(await publicPages(event.slug, pitchId))).toEqual(allOk);
    const page = await call(() => organise.loader({ request: get(`/organise/${event.slug}`, cookie), params, context: {} }));
    expect(page.data).toMatchObject({ event: { state: "open" } });

    // The ask-first page says what happens; a GET changes nothing.
    const ask = await call(() => unpublish.loader({ request: get(`/organise/${event.slug}/unpublish`, cookie), params, context: {} }));
    expect(ask.data).toEqual({ slug: event.slug, name: event.name, draft: false, withPlace: 1 });
    expect((await findEventBySlug(event.slug))!.draft).toBe(false);
    // Only its organisers may.
    const stranger = await organiserCookie("stranger@woking.gov.uk");
    expect((await call(() => unpublish.action({ request: post(`/organise/${event.slug}/unpublish`, { intent: "unpublish" }, stranger), params, context: {} }))).status).toBe(403);
    expect((await findEventBySlug(event.slug))!.draft).toBe(false);

    const emailsBefore = rowsOf(await query({ sql: "SELECT id FROM email_outbox" })).length;
    const done = await call(() => unpublish.action({ request: post(`/organise/${event.slug}/unpublish`, { intent: "unpublish" }, cookie), params, context: {} }));
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/organise/${event.slug}`);
    expect(await flashOf(done)).toBe(
      `${event.name} is a draft again: its public pages, calendar feeds and exports are hidden from everyone but its organisers. People who registered keep their places, and nobody was emailed.`,
    );
    expect((await findEventBySlug(event.slug))!.draft).toBe(true);
    expect(statuses(await publicPages(event.slug, pitchId))).toEqual(allGone);
    expect(((await call(() => home.loader())).data!.events as { slug: string }[]).map((e) => e.slug)).not.toContain(event.slug);
    expect(rowsOf(await query({ sql: "SELECT id FROM email_outbox" })).length).toBe(emailsBefore);
    expect(rowsOf<{ status: string }>(await query({ sql: "SELECT status FROM registrations WHERE id = ?", args: [person.id] }))[0].status).toBe("confirmed");
    // Nobody can register meanwhile.
    const refused = await call(() =>
      register.action({ request: post(`/events/${event.slug}/register`, { name: "Rita", email: "rita@guildford.gov.uk", organisation: "Guildford", jobRole: "Developer", ticketTypeId: String(ticket.id) }), params, context: {} }),
    );
    expect(refused.status).toBe(400);
    expect(refused.data!.errors).toEqual({ ticketTypeId: ["This event is not published yet, so nobody can register"] });

    const again = await call(() => organise.action({ request: post(`/organise/${event.slug}`, { intent: "publish" }, cookie), params, context: {} }));
    expect(await flashOf(again)).toContain("is published");
    expect(statuses(await publicPages(event.slug, pitchId))).toEqual(allOk);
  });
});

describe("a draft's public pages", () => {
  it("are shown to its organisers marked as a draft, and are 404 to everyone else (signed in or not)", async () => {
    const { event, pitchId } = await eventWithSchedule({ draft: true });
    const organiser = await organiserCookie(ORGANISER);
    const stranger = await organiserCookie("stranger@woking.gov.uk");
    expect(statuses(await publicPages(event.slug, pitchId))).toEqual(allGone);
    expect(statuses(await publicPages(event.slug, pitchId, stranger))).toEqual(allGone);
    const preview = await publicPages(event.slug, pitchId, organiser);
    // Feeds and exports stay 404 for everyone: calendars do not sign in.
    expect(statuses(preview)).toEqual({ ...allOk, ics: 404, json: 404 });
    expect(preview.event.data).toMatchObject({ event: { state: "draft" } });
    expect(preview.schedule.data).toMatchObject({ draft: true, grid: { days: [expect.anything()] } });
    expect(preview.session.data).toMatchObject({ event: { draft: true }, session: { title: "Open data" } });
    expect(preview.pitches.data).toMatchObject({ event: { draft: true }, total: 1 });
    expect(preview.pitch.data).toMatchObject({ event: { draft: true }, pitch: { title: "Open data" } });
  });
});

describe("a draft's day-of pages (now and next, display, printed grid, door sheets, notes archive)", () => {
  /** Each page as `cookie` sees it: its status, and its text (HTML for the standalone pages, data for the others). */
  async function dayPages(slug: string, roomId: number, cookie = "") {
    const params = { slug };
    const page = async (load: () => Promise<unknown>) => {
      const result = await call(load);
      let text = JSON.stringify(result.data);
      if (result.status === 200 && result.data === null) text = await ((await load()) as Response).text();
      return { status: result.status, text };
    };
    return {
      now: await page(() => nowAndNext.loader({ request: get(`/events/${slug}/now`, cookie), params, context: {} })),
      display: await page(() => display.loader({ request: get(`/events/${slug}/display`, cookie), params, context: {} })),
      print: await page(() => printGrid.loader({ request: get(`/events/${slug}/schedule/print`, cookie), params, context: {} })),
      door: await page(() => doorSheet.loader({ request: get(`/events/${slug}/rooms/${roomId}/door`, cookie), params: { ...params, roomId: String(roomId) }, context: {} })),
      notes: await page(() => notesArchive.loader({ request: get(`/events/${slug}/notes`, cookie), params, context: {} })),
    };
  }
  const statusesOf = (pages: Record<string, { status: number }>) => Object.fromEntries(Object.entries(pages).map(([name, p]) => [name, p.status]));

  it("are shown to its team marked as a draft, and are 404 to the public and to other organisers", async () => {
    const { event, room } = await eventWithSchedule({ draft: true });
    const organiser = await organiserCookie(ORGANISER);
    const stranger = await organiserCookie("stranger@woking.gov.uk");
    const gone = { now: 404, display: 404, print: 404, door: 404, notes: 404 };
    expect(statusesOf(await dayPages(event.slug, room))).toEqual(gone);
    expect(statusesOf(await dayPages(event.slug, room, stranger))).toEqual(gone);
    const preview = await dayPages(event.slug, room, organiser);
    expect(statusesOf(preview)).toEqual({ now: 200, display: 200, print: 200, door: 200, notes: 200 });
    expect(preview.now.text).toContain('"draft":true');
    expect(preview.notes.text).toContain('"draft":true');
    for (const standalone of [preview.display, preview.print, preview.door]) expect(standalone.text).toContain("Draft: only organisers can see this page.");
    // Published, everyone sees them, with no draft notice.
    await query({ sql: "UPDATE events SET draft = 0 WHERE id = ?", args: [event.id] });
    const published = await dayPages(event.slug, room);
    expect(statusesOf(published)).toEqual({ now: 200, display: 200, print: 200, door: 200, notes: 200 });
    for (const p of Object.values(published)) expect(p.text).not.toMatch(/Draft: only organisers|"draft":true/);
  });
});

describe("after the event", () => {
  it("the pitches page offers no registration (before, it does)", async () => {
    const ended = await eventWithSchedule({ startsAt: new Date(Date.now() - 3 * 86400_000) });
    const past = await call(() => pitches.loader({ request: get(`/events/${ended.event.slug}/pitches`), params: { slug: ended.event.slug }, context: {} }));
    expect(past.data).toMatchObject({ event: { ended: true } });
    const coming = await eventWithSchedule();
    const open = await call(() => pitches.loader({ request: get(`/events/${coming.event.slug}/pitches`), params: { slug: coming.event.slug }, context: {} }));
    expect(open.data).toMatchObject({ event: { ended: false, draft: false } });
  });
});

/**
 * One guard for drafts (requirePublicEvent in auth/guards.ts): every public route that takes an
 * event's slug is found on disk and must have a decision below, so a new page cannot forget drafts.
 * A page 404s for a draft to anyone not signed in (and to other organisers), and answers its
 * organisers and volunteers; feeds and exports stay 404 for everyone; private links sent to one
 * person are not pages of the event and keep working as their own token says.
 */
describe("every public route that takes an event's slug, for a draft", () => {
  const ROUTES_DIR = path.resolve("app/routes");
  const publicRoutes = readdirSync(ROUTES_DIR).filter((file) => file.startsWith("events.$slug") && /\.tsx?$/.test(file) && !file.endsWith(".test.ts"));
  /** What its team gets on GET: 200, or (for a page about a thing the test does not make) another 404 than the event's. */
  const PAGES: Record<string, 200 | "not the event's 404"> = {
    "events.$slug._index.tsx": 200,
    "events.$slug.calendar.tsx": 200,
    "events.$slug.display.tsx": 200,
    "events.$slug.draws.$ticketId.record[.]json.ts": "not the event's 404", // no draw made: "Draw record not found"
    "events.$slug.draws.$ticketId.tsx": "not the event's 404",
    "events.$slug.notes.tsx": 200,
    "events.$slug.now.tsx": 200,
    "events.$slug.pitch-queue.$token.tsx": 200,
    "events.$slug.pitch-queue._index.tsx": 200,
    "events.$slug.pitch-queue.projector.tsx": 200,
    "events.$slug.pitch-queue.version.ts": 200,
    "events.$slug.pitches.$id._index.tsx": 200,
    "events.$slug.pitches.$id.edit.tsx": "not the event's 404", // a host's page: 403 for a team member without a place
    "events.$slug.pitches.$id.place.tsx": "not the event's 404",
    "events.$slug.pitches.$id.withdraw.tsx": "not the event's 404",
    "events.$slug.pitches._index.tsx": 200,
    "events.$slug.pitches.new.tsx": "not the event's 404",
    "events.$slug.privacy.tsx": 200,
    "events.$slug.register._index.tsx": 200,
    "events.$slug.register.check-email.tsx": 200,
    "events.$slug.register.confirm.tsx": 200,
    "events.$slug.register.confirmed.tsx": "not the event's 404",
    "events.$slug.rooms.$roomId.door.tsx": 200,
    "events.$slug.schedule._index.tsx": 200,
    "events.$slug.schedule.print.tsx": 200,
    "events.$slug.schedule.version.ts": 200,
    "events.$slug.send-link.tsx": 200,
    "events.$slug.sessions.$id.tsx": 200,
    "events.$slug.sessions.$id_.head-count.tsx": 200,
    "events.$slug.sessions.$id_.notes.tsx": 200,
    "events.$slug.standby.$token.tsx": "not the event's 404", // no such standby number
    "events.$slug.standby._index.tsx": 200,
  };
  /** Calendar feeds and exports: calendars do not sign in, so a draft has none, whoever asks. */
  const FEEDS = ["events.$slug.rooms.$roomId.schedule[.]ics.ts", "events.$slug.schedule[.]ics.ts", "events.$slug.schedule[.]json.ts", "events.$slug.schedule[.]xml.ts"];
  /** Private links to one person (their feedback form, their unsubscribe page): not the event's pages. */
  const PRIVATE_LINKS = ["events.$slug.feedback.$token.tsx", "events.$slug.unsubscribe.$token.tsx"];
  /** Actions refused otherwise for a draft: registering says the event is not published yet (400). */
  const ACTION_REFUSED_BY_FORM = ["events.$slug.register._index.tsx"];

  type Args = { request: Request; params: Record<string, string>; context: object };
  type RouteModule = { loader?: (args: Args) => Promise<unknown>; action?: (args: Args) => Promise<unknown> };
  const load = async (file: string) => (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
  let slug = "";
  let ids: Record<string, string> = {};
  const cookies: Record<"anonymous" | "stranger" | "organiser" | "volunteer", string> = { anonymous: "", stranger: "", organiser: "", volunteer: "" };
  const paramsFor = (file: string) => {
    const p: Record<string, string> = { slug };
    for (const match of file.matchAll(/\$([a-zA-Z]+)/g)) if (match[1] !== "slug") p[match[1]] = ids[match[1]] ?? "1";
    return p;
  };
  const isEventGone = (o: { status: number; body: unknown }) => o.status === 404 && o.body === "Event not found";
  async function outcome(fn: () => Promise<unknown>) {
    try {
      return await run(fn);
    } catch (thrown) {
      // Remix's data() wrapper, thrown
      if (thrown && typeof thrown === "object" && "init" in thrown) return { status: (thrown as { init: { status: number } }).init.status, body: null };
      throw thrown;
    }
  }
  const getAs = async (file: string, who: keyof typeof cookies) =>
    outcome(async () => (await load(file)).loader!({ request: get(`/events/${slug}/x`, cookies[who]), params: paramsFor(file), context: {} }));

  beforeAll(async () => {
    const { event, pitchId, room, ticket } = await eventWithSchedule({ draft: true });
    slug = event.slug;
    await addTeamMember(event, "draft-volunteer@woking.gov.uk", ORGANISER, "volunteer");
    await savePitchQueueSettings(event.id, { countdownSeconds: 30, joiningOpen: true });
    const queued = await joinPitchQueue(event.id, { name: "Walk In" }, "", "self");
    ids = { id: String(pitchId), roomId: String(room), ticketId: String(ticket.id), token: queued.token! };
    cookies.organiser = await organiserCookie(ORGANISER);
    cookies.volunteer = await organiserCookie("draft-volunteer@woking.gov.uk");
    cookies.stranger = await organiserCookie("stranger@woking.gov.uk");
  });

  it("every such route has a decision (a new route must be added to one list)", () => {
    const decided = [...Object.keys(PAGES), ...FEEDS, ...PRIVATE_LINKS].sort();
    expect(new Set(decided).size).toBe(decided.length);
    expect([...publicRoutes].sort()).toEqual(decided);
  });

  it.each(Object.entries(PAGES))("%s: 404 to the public and other organisers, answers its organisers and volunteers", async (file, team) => {
    const route = await load(file);
    expect(route.loader).toBeDefined();
    for (const who of ["anonymous", "stranger"] as const) expect(await getAs(file, who), who).toEqual({ status: 404, body: "Event not found", location: null });
    for (const who of ["organiser", "volunteer"] as const) {
      const got = await getAs(file, who);
      if (team === 200) {
        expect(got.status, who).toBe(200);
        // Pages that return data say it is a draft (the page shows the draft notice).
        if (got.body && typeof got.body === "object") expect(/"draft(Preview)?":true|"state":"draft"/.test(JSON.stringify(got.body)), who).toBe(true);
      }
      else expect(isEventGone(got), `${who}: ${JSON.stringify(got)}`).toBe(false);
    }
    if (route.action) {
      const request = post(`/events/${slug}/x`, { intent: "anything" });
      const posted = await outcome(() => route.action!({ request, params: paramsFor(file), context: {} }));
      if (ACTION_REFUSED_BY_FORM.includes(file)) expect(posted.status).toBe(400);
      else expect(posted).toMatchObject({ status: 404, body: "Event not found" });
    }
  });

  it.each(FEEDS)("%s: 404 for everyone, its organisers too", async (file) => {
    for (const who of ["anonymous", "organiser", "volunteer"] as const) expect((await getAs(file, who)).status, who).toBe(404);
  });
});
