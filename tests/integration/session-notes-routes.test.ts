import { beforeEach, describe, expect, it } from "vitest";
import { query } from "../../app/.server/platform";
import { addTeamMember, findEventById } from "../../app/.server/events";
import { sessionCounts } from "../../app/.server/pitching";
import { notesSettings, saveSessionNotes } from "../../app/.server/notes";
import * as notesRoute from "../../app/routes/events.$slug.sessions.$id_.notes";
import * as headCountRoute from "../../app/routes/events.$slug.sessions.$id_.head-count";
import * as archiveRoute from "../../app/routes/events.$slug.notes";
import * as organiserNotesRoute from "../../app/routes/organise.$slug.notes";
import * as attendanceRoute from "../../app/routes/organise.$slug.attendance";
import * as organiserPitchRoute from "../../app/routes/organise.$slug.pitches.$id";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie, attendeeCookie } from "../support/sessions";
import { call, flashOf, formPost as post, getRequest as get } from "../support/route-call";

/** Notes, head counts and show of hands: the pages' loaders and actions in-process, as a browser without JavaScript uses them (plain form posts). */
const ORGANISER = "notes-organiser@leeds.gov.uk";

let slug: string;
let eventId: number;
let pitchId: number;
let hostCookie: string;
let attendeeCookieValue: string;
let waitingCookie: string;
let organiser: string;

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date(Date.now() - 3 * 3600_000), endsAt: new Date(Date.now() + 3 * 3600_000) });
  slug = event.slug;
  eventId = event.id;
  const host = await makeRegistration(eventId, ticket.id, { name: "Hana Host" });
  const attendee = await makeRegistration(eventId, ticket.id, { name: "Nia Notetaker" });
  const waiting = await makeRegistration(eventId, ticket.id, { status: "waiting" });
  pitchId = await makeGridPitch(eventId, { title: "Open data", hostIds: [host.id], interestIds: [attendee.id] });
  hostCookie = await attendeeCookie(host.id);
  attendeeCookieValue = await attendeeCookie(attendee.id);
  waitingCookie = await attendeeCookie(waiting.id);
  organiser = await organiserCookie(ORGANISER);
});

const notesPath = () => `/events/${slug}/sessions/${pitchId}/notes`;
const params = () => ({ slug, id: String(pitchId) });
const loadNotes = async (cookie = "", search = "") => call(() => notesRoute.loader({ request: get(`${notesPath()}${search}`, cookie), params: params(), context: {} }));
const saveNotes = async (fields: Record<string, string>, cookie: string) => call(() => notesRoute.action({ request: post(notesPath(), { intent: "save", ...fields }, cookie), params: params(), context: {} }));

describe("the notes page", () => {
  it("lets an attendee with a place write notes without JavaScript, and keeps each save in the history", async () => {
    const empty = await loadNotes(attendeeCookieValue);
    expect(empty.data).toMatchObject({ canEdit: true, current: null, history: [], editorName: "Nia Notetaker" });
    const saved = await saveNotes({ baseVersion: "0", body: "Who came: planners.\nActions: share the data." }, attendeeCookieValue);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(notesPath());
    expect(await flashOf(saved)).toBe("Notes saved (version 1).");
    const again = await saveNotes({ baseVersion: "1", body: "Who came: planners.\nActions: share the data.\nNext: meet in March." }, hostCookie);
    expect(again.status).toBe(303);
    const page = await loadNotes();
    expect(page.data).toMatchObject({ canEdit: false, current: { version: 2, body: "Who came: planners.\nActions: share the data.\nNext: meet in March.", savedBy: "Hana Host (host)" } });
    expect((page.data!.history as { version: number; savedBy: string }[]).map((h) => [h.version, h.savedBy])).toEqual([
      [2, "Hana Host (host)"],
      [1, "An attendee"],
    ]);
    const old = await loadNotes("", "?version=1");
    expect(old.data).toMatchObject({ old: { version: 1, body: "Who came: planners.\nActions: share the data." } });
    expect((await loadNotes("", "?version=9")).status).toBe(404);
    expect((await loadNotes("", "?version=x")).status).toBe(404);
  });

  it("labels a volunteer's save as a volunteer's, and an organiser's as an organiser's", async () => {
    await addTeamMember((await findEventById(eventId))!, "vol@leeds.gov.uk", ORGANISER, "volunteer");
    const volunteer = await organiserCookie("vol@leeds.gov.uk");
    expect((await loadNotes(volunteer)).data).toMatchObject({ canEdit: true, editorName: "vol@leeds.gov.uk (volunteer)" });
    expect((await saveNotes({ baseVersion: "0", body: "Counted 14 people." }, volunteer)).status).toBe(303);
    expect((await loadNotes(organiser)).data).toMatchObject({ editorName: `${ORGANISER} (organiser)` });
    expect((await saveNotes({ baseVersion: "1", body: "Counted 14 people.\nActions: none." }, organiser)).status).toBe(303);
    const history = async (cookie: string) => ((await loadNotes(cookie)).data!.history as { version: number; savedBy: string }[]).map((h) => [h.version, h.savedBy]);
    expect(await history("")).toEqual([
      [2, "An organiser"],
      [1, "A volunteer"],
    ]);
    expect(await history(organiser)).toEqual([
      [2, `${ORGANISER} (organiser)`],
      [1, "vol@leeds.gov.uk (volunteer)"],
    ]);
  });

  it("refuses a save made on an old version (409), showing both the notes now and the text typed", async () => {
    await saveSessionNotes(eventId, pitchId, { kind: "organiser", email: ORGANISER, role: "organiser" }, 0, "Organiser's summary");
    // The attendee opened the page before the organiser saved: their form says version 0.
    const refused = await saveNotes({ baseVersion: "0", body: "My own notes" }, attendeeCookieValue);
    expect(refused.status).toBe(409);
    expect(refused.data).toMatchObject({
      values: { body: "My own notes" },
      theirs: { version: 1, body: "Organiser's summary", savedBy: "An organiser" },
      errors: { body: [expect.stringMatching(/Someone saved these notes while you were editing/)] },
    });
    // Nothing was lost: the organiser's text is still the notes.
    expect((await loadNotes()).data).toMatchObject({ current: { version: 1, body: "Organiser's summary" } });
  });

  it("is read-only for visitors, refuses posts from anyone without a place (403), and checks the form (400)", async () => {
    for (const cookie of ["", waitingCookie, "__pitchgrid_attendee=forged"]) {
      expect((await saveNotes({ baseVersion: "0", body: "x" }, cookie)).status).toBe(403);
    }
    expect((await loadNotes(waitingCookie)).data).toMatchObject({ canEdit: false });
    const bad = await saveNotes({ baseVersion: "latest", body: "x" }, attendeeCookieValue);
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { baseVersion: ["Reload the page and try again"] } });
    expect((await saveNotes({ baseVersion: "0", body: "x".repeat(20_001) }, organiser)).status).toBe(400);
    const other = await makeGridPitch(eventId, { status: "withdrawn" });
    expect((await call(() => notesRoute.loader({ request: get("/"), params: { slug, id: String(other) }, context: {} }))).status).toBe(404);
  });

  it("points to the organisers' document when the event has a notes link template", async () => {
    const set = await call(() =>
      organiserNotesRoute.action({ request: post(`/organise/${slug}/notes`, { intent: "template", notesTemplate: "https://docs.example/notes/{slug}-{id}" }, organiser), params: { slug }, context: {} }),
    );
    expect(set.status).toBe(303);
    expect(await flashOf(set)).toMatch(/comes from your template/);
    expect((await loadNotes(attendeeCookieValue)).data).toMatchObject({ canEdit: false, externalLink: `https://docs.example/notes/${slug}-${pitchId}` });
    const back = await call(() => organiserNotesRoute.action({ request: post(`/organise/${slug}/notes`, { intent: "pitchgrid", notesTemplate: "https://docs.example/{id}" }, organiser), params: { slug }, context: {} }));
    expect(back.status).toBe(303);
    expect((await notesSettings(eventId)).template).toBeNull();
  });
});

describe("organiser settings", () => {
  it("show an error on the template field for an address that is not https or lacks {id}", async () => {
    for (const notesTemplate of ["http://docs.example/{id}", "https://docs.example/notes", "javascript:alert(1)//{id}"]) {
      const result = await call(() => organiserNotesRoute.action({ request: post(`/organise/${slug}/notes`, { intent: "template", notesTemplate }, organiser), params: { slug }, context: {} }));
      expect(result.status, notesTemplate).toBe(400);
      expect(result.data, notesTemplate).toMatchObject({ errors: { notesTemplate: [expect.any(String)] }, values: { notesTemplate } });
    }
    expect((await notesSettings(eventId)).template).toBeNull();
    // Attendees are not organisers.
    expect((await call(() => organiserNotesRoute.loader({ request: get(`/organise/${slug}/notes`, attendeeCookieValue), params: { slug }, context: {} }))).status).not.toBe(200);
  });
});

describe("show of hands, head counts and the show-up ratio", () => {
  const pitchPage = () => `/organise/${slug}/pitches/${pitchId}`;
  const hands = (showOfHands: string, intent = "show-of-hands") =>
    call(() => organiserPitchRoute.action({ request: post(pitchPage(), { intent, showOfHands }, organiser), params: params(), context: {} }));
  const headCount = (fields: Record<string, string>, cookie: string) =>
    call(() => headCountRoute.action({ request: post(`/events/${slug}/sessions/${pitchId}/head-count`, fields, cookie), params: params(), context: {} }));
  const attendance = async () => (await call(() => attendanceRoute.loader({ request: get(`/organise/${slug}/attendance`, organiser), params: { slug }, context: {} }))).data!;

  it("records a show of hands from the organiser pitch page, apart from the marks, with an error for a bad count", async () => {
    const saved = await hands("25");
    expect(saved.status).toBe(303);
    expect(await flashOf(saved)).toBe("Show of hands for “Open data”: 25.");
    expect(await sessionCounts(pitchId)).toEqual({ showOfHands: 25, headCount: null });
    const bad = await hands("lots");
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { showOfHands: [expect.stringMatching(/whole number/)] }, values: { showOfHands: "lots" } });
    expect((await hands("", "clear-show-of-hands")).status).toBe(303);
    expect(await sessionCounts(pitchId)).toEqual({ showOfHands: null, headCount: null });
    const page = await call(() => organiserPitchRoute.loader({ request: get(pitchPage(), organiser), params: params(), context: {} }));
    expect(page.data).toMatchObject({ counts: { showOfHands: null }, pitch: { interest: 1 } });
  });

  it("lets a host or an organiser enter how many came, and nobody else", async () => {
    const form = await call(() => headCountRoute.loader({ request: get("/", hostCookie), params: params(), context: {} }));
    expect(form.data).toMatchObject({ session: { title: "Open data", marks: 1, headCount: null }, organiser: false });
    for (const cookie of ["", attendeeCookieValue, waitingCookie]) {
      expect((await call(() => headCountRoute.loader({ request: get("/", cookie), params: params(), context: {} }))).status).toBe(403);
      expect((await headCount({ intent: "save", headCount: "3" }, cookie)).status).toBe(403);
    }
    const saved = await headCount({ intent: "save", headCount: " 14 " }, hostCookie);
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/events/${slug}/sessions/${pitchId}`);
    expect(await flashOf(saved)).toBe("14 people came to “Open data”: saved.");
    const bad = await headCount({ intent: "save", headCount: "-2" }, organiser);
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { headCount: [expect.any(String)] } });
    const byOrganiser = await headCount({ intent: "save", headCount: "2" }, organiser);
    expect(byOrganiser.location).toBe(`/organise/${slug}/attendance`);
    expect(await sessionCounts(pitchId)).toEqual({ showOfHands: null, headCount: 2 });
  });

  it("shows the event's show-up ratio on the organiser page, and sets the default ratio with an error for a bad one", async () => {
    const room = await makeRoom(eventId, { name: "Hall", capacity: 40 });
    const slot = await makeSlot(eventId, new Date(Date.now() - 3600_000));
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, 'x')", args: [pitchId, eventId, room, slot] });
    expect(await attendance()).toMatchObject({ ratio: { source: "default", label: "70%" }, defaultRatio: "70%" });
    await headCount({ intent: "save", headCount: "3" }, hostCookie);
    const page = await attendance();
    expect(page).toMatchObject({ ratio: { source: "event", label: "300%", counted: 3, marks: 1, countedSessions: 1 } });
    expect((page.rows as unknown[])[0]).toMatchObject({ title: "Open data", marks: 1, headCount: 3, expected: 3, showedUp: "300%", where: expect.stringMatching(/^Hall, /) });
    const bad = await call(() => attendanceRoute.action({ request: post(`/organise/${slug}/attendance`, { defaultShowUpRatio: "most" }, organiser), params: { slug }, context: {} }));
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errors: { defaultShowUpRatio: [expect.any(String)] } });
    const good = await call(() => attendanceRoute.action({ request: post(`/organise/${slug}/attendance`, { defaultShowUpRatio: "60%" }, organiser), params: { slug }, context: {} }));
    expect(good.status).toBe(303);
    expect((await notesSettings(eventId)).defaultShowUpRatio).toBe(0.6);
  });
});

describe("the notes archive", () => {
  it("opens when the event ends, with every session on the published grid and its notes", async () => {
    const room = await makeRoom(eventId, { name: "Hall" });
    const slot = await makeSlot(eventId, new Date(Date.now() - 3600_000));
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, 'x')", args: [pitchId, eventId, room, slot] });
    await query({ sql: "UPDATE events SET grid_published_at = ? WHERE id = ?", args: [new Date().toISOString(), eventId] });
    await saveSessionNotes(eventId, pitchId, { kind: "organiser", email: ORGANISER, role: "organiser" }, 0, "What we agreed");
    const during = await call(() => archiveRoute.loader({ request: get(`/events/${slug}/notes`), params: { slug }, context: {} }));
    expect(during.data).toMatchObject({ ended: false, archive: null });
    await query({ sql: "UPDATE events SET ends_at = ? WHERE id = ?", args: [new Date(Date.now() - 60_000).toISOString(), eventId] });
    const after = await call(() => archiveRoute.loader({ request: get(`/events/${slug}/notes`), params: { slug }, context: {} }));
    expect(after.data).toMatchObject({ ended: true, archive: { external: false, sessions: [{ title: "Open data", roomName: "Hall", notes: "What we agreed", hosts: ["Hana Host"] }] } });
  });
});
