import { describe, expect, it } from "vitest";
import { listPitchesForOrganiser } from "../../app/.server/pitching";
import { resetRateLimitsForTests } from "../../app/.server/platform";
import * as station from "../../app/routes/organise.$slug.station";
import * as join from "../../app/routes/events.$slug.pitch-queue._index";
import * as place from "../../app/routes/events.$slug.pitch-queue.$token";
import * as projector from "../../app/routes/events.$slug.pitch-queue.projector";
import * as version from "../../app/routes/events.$slug.pitch-queue.version";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie, attendeeCookie } from "../support/sessions";
import { call, flashOf, type Result, getRequest as get } from "../support/route-call";

/**
 * The pitch station, the queue and the projector as a browser without JavaScript uses them:
 * plain form posts answered with a redirect and a success banner, or the form again with a GOV.UK
 * error summary.
 */
const BASE = "http://pitchgrid.test";

function post(path: string, fields: Record<string, string | string[]>, cookie = "") {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: { origin: BASE, cookie } });
}
const errorsOf = (result: Result) => (result.data?.errors ?? {}) as Record<string, string[]>;
async function setUp() {
  await resetRateLimitsForTests();
  const { event, ticket } = await makeEvent();
  const cookie = await organiserCookie("organiser@council.test");
  const params = { slug: event.slug };
  const path = `/organise/${event.slug}/station`;
  const act = (fields: Record<string, string | string[]>) => call(() => station.action({ request: post(path, fields, cookie), params, context: {} }));
  const page = () => station.loader({ request: get(path, cookie), params, context: {} });
  return { event, ticket, cookie, params, path, act, page };
}

describe("the pitch station without JavaScript", () => {
  it("is for the event's organisers only", async () => {
    const { event, params, path } = await setUp();
    const stranger = await organiserCookie("someone@else.test");
    expect((await call(() => station.loader({ request: get(path, stranger), params, context: {} }))).status).toBe(403);
    expect((await call(() => station.action({ request: post(path, { intent: "start" }, stranger), params, context: {} }))).status).toBe(403);
    const signedOut = await call(() => station.loader({ request: get(path), params, context: {} }));
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toContain(`/sign-in?redirectTo=%2Forganise%2F${event.slug}%2Fstation`);
  });

  it("records a registered host's pitch with a success banner, and it joins the grid's pool", async () => {
    const { event, ticket, act, page } = await setUp();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    const recorded = await act({ intent: "record", title: "Bins and AI", hostRegistrationId: String(pat.id), walkInName: "", format: "workshop", needs: ["screen", "step-free"], pitchedBy: "Vic Volunteer" });
    expect(recorded.status).toBe(303);
    expect(recorded.location).toBe(`/organise/${event.slug}/station`);
    expect(await flashOf(recorded)).toBe("“Bins and AI” recorded for Pat Host. It is in the grid’s “Not yet on the grid” list.");
    expect((await page()).recorded).toEqual([expect.objectContaining({ title: "Bins and AI", hosts: "Pat Host", pitchedBy: "Vic Volunteer" })]);
    const [pitch] = await listPitchesForOrganiser(event.id);
    expect(pitch).toMatchObject({ title: "Bins and AI", format: "workshop" });
  });

  it("adds a typed walk-in as the host", async () => {
    const { event, act } = await setUp();
    const recorded = await act({ intent: "record", title: "Walk-in ideas", hostRegistrationId: "", walkInName: "Wendy Walkin", format: "discussion" });
    expect(await flashOf(recorded)).toBe("“Walk-in ideas” recorded for Wendy Walkin (added as a walk-in). It is in the grid’s “Not yet on the grid” list.");
    expect((await listPitchesForOrganiser(event.id))[0].hosts).toEqual(["Wendy Walkin"]);
  });

  it("shows GOV.UK errors with what was typed, and records nothing", async () => {
    const { event, ticket, act } = await setUp();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    const empty = await act({ intent: "record", title: "", hostRegistrationId: "", walkInName: "", needs: ["screen"] });
    expect(empty.status).toBe(400);
    expect(errorsOf(empty)).toEqual({ title: ["Enter the session’s title"], hostRegistrationId: ["Choose the host, or type a walk-in’s name"], format: ["Choose a format"] });
    expect((empty.data!.values as Record<string, string>).needs).toBe("screen");
    const both = await act({ intent: "record", title: "Both", hostRegistrationId: String(pat.id), walkInName: "Wendy", format: "discussion" });
    expect(errorsOf(both).walkInName).toEqual(["Choose a host from the list or type a walk-in’s name, not both"]);
    const waiting = await makeRegistration(event.id, ticket.id, { status: "waiting" });
    const noPlace = await act({ intent: "record", title: "No place", hostRegistrationId: String(waiting.id), format: "discussion" });
    expect(noPlace.status).toBe(400);
    expect(errorsOf(noPlace).hostRegistrationId).toEqual(["Choose a confirmed attendee as the host"]);
    expect(await listPitchesForOrganiser(event.id)).toEqual([]);
  });

  it("runs the queue: add, call up, record the current pitch (calling the next), skip, remove, settings", async () => {
    const { event, ticket, act, page } = await setUp();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    expect(await flashOf(await act({ intent: "queue-add", queueRegistrationId: String(pat.id), queueName: "", queueTitle: "Bins" }))).toBe("Added to the queue as number 1.");
    expect(await flashOf(await act({ intent: "queue-add", queueRegistrationId: String(pat.id), queueName: "" }))).toBe("They are already in the queue (number 1).");
    await act({ intent: "queue-add", queueRegistrationId: "", queueName: "Bo Walker" });
    await act({ intent: "queue-add", queueRegistrationId: "", queueName: "Cy" });
    expect(errorsOf(await act({ intent: "queue-add", queueRegistrationId: "", queueName: "" }))).toEqual({ queueRegistrationId: ["Choose a registered attendee or type a name"] });

    expect(await flashOf(await act({ intent: "start" }))).toBe("Pat Host is at the microphone. The countdown has started.");
    const before = await page();
    expect(before.current).toMatchObject({ name: "Pat Host", title: "Bins", registrationId: pat.id });
    const recorded = await act({ intent: "record", entryId: String(before.current!.id), title: "Bins and AI", hostRegistrationId: String(pat.id), format: "discussion" });
    expect(await flashOf(recorded)).toBe("“Bins and AI” recorded for Pat Host. It is in the grid’s “Not yet on the grid” list. Bo Walker is at the microphone now.");
    const bo = (await page()).current!;
    // A second tap of "Pitched" for Pat from an old page is refused on the form, naming who is up.
    const stale = await act({ intent: "pitched", entryId: String(before.current!.id) });
    expect(stale.status).toBe(409);
    expect(errorsOf(stale).form[0]).toMatch(/Pat Host is no longer at the microphone \(Bo Walker is\)/);
    expect(await flashOf(await act({ intent: "skipped", entryId: String(bo.id) }))).toBe("Bo Walker marked as skipped. Cy is at the microphone now.");
    const cy = (await page()).current!;
    expect(await flashOf(await act({ intent: "pitched", entryId: String(cy.id) }))).toBe("Cy marked as pitched. Nobody is waiting.");
    await act({ intent: "queue-add", queueRegistrationId: "", queueName: "Di" });
    const di = (await page()).waiting[0];
    expect(await flashOf(await act({ intent: "remove", entryId: String(di.id) }))).toBe("Taken off the queue.");
    expect((await page()).waiting).toEqual([]);

    const badSettings = await act({ intent: "settings", countdownSeconds: "2" });
    expect(errorsOf(badSettings)).toEqual({ countdownSeconds: ["Give each pitch at least 5 seconds"] });
    expect(await flashOf(await act({ intent: "settings", countdownSeconds: "45", joiningOpen: "yes" }))).toBe("Queue settings saved: 45 seconds a pitch, joining from phones open.");
    expect((await page()).settings).toMatchObject({ countdownSeconds: 45, joiningOpen: true });
  });
});

describe("joining the queue from a phone, and the projector, without JavaScript", () => {
  it("lets a recognised attendee join as themselves and see their place; a typed name gets its own page", async () => {
    const { event, ticket, act } = await setUp();
    const params = { slug: event.slug };
    const path = `/events/${event.slug}/pitch-queue`;
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    const patCookie = await attendeeCookie(pat.id);

    const closed = await call(() => join.loader({ request: get(path), params, context: {} }));
    expect(closed.data).toMatchObject({ open: false, place: null });
    const refused = await call(() => join.action({ request: post(path, { name: "Ann" }), params, context: {} }));
    expect(errorsOf(refused).form[0]).toMatch(/not open yet/);

    await act({ intent: "settings", countdownSeconds: "30", joiningOpen: "yes" });
    const ann = await call(() => join.action({ request: post(path, { name: "Ann Walker", title: "Bins" }), params, context: {} }));
    expect(ann.status).toBe(303);
    const annPath = ann.location!;
    expect(annPath).toMatch(new RegExp(`^/events/${event.slug}/pitch-queue/[A-Za-z0-9_-]{20,}$`));
    const annPage = await call(() => place.loader({ request: get(annPath), params: { ...params, token: annPath.split("/").pop()! }, context: {} }));
    expect(annPage.data).toMatchObject({ who: "Ann Walker", sentence: "You are 1st in the queue: you are next.", live: true });
    expect((await call(() => place.loader({ request: get(`${path}/${"x".repeat(43)}`), params: { ...params, token: "x".repeat(43) }, context: {} }))).status).toBe(404);

    const noName = await call(() => join.action({ request: post(path, { name: "" }), params, context: {} }));
    expect(noName.status).toBe(400);
    expect(errorsOf(noName)).toEqual({ name: ["Enter your name"] });

    const joined = await call(() => join.action({ request: post(path, { title: "" }, patCookie), params, context: {} }));
    expect(joined).toMatchObject({ status: 303, location: path });
    const again = await call(() => join.action({ request: post(path, { title: "" }, patCookie), params, context: {} }));
    expect(again).toMatchObject({ status: 303, location: path });
    const patPage = await call(() => join.loader({ request: get(path, patCookie), params, context: {} }));
    expect(patPage.data).toMatchObject({ attendeeName: "Pat Host", place: { sentence: "You are 2nd in the queue.", number: 2, live: true } });

    // The projector: nobody up yet, Ann next; then Ann at the microphone with the countdown.
    const screen = async () => (await call(() => projector.loader({ request: get(`${path}/projector`), params, context: {} }))).data!;
    expect(await screen()).toMatchObject({ current: null, next: { name: "Ann Walker", title: "Bins" }, afterNext: 1, joiningOpen: true, justPitched: null });
    const versionBefore = await call(() => version.loader({ request: get(`${path}/version`), params, context: {} }));
    await act({ intent: "start" });
    expect(await screen()).toMatchObject({ current: { name: "Ann Walker", title: "Bins", secondsLeft: 30 }, next: { name: "Pat Host" }, afterNext: 0 });
    const patNow = await call(() => join.loader({ request: get(path, patCookie), params, context: {} }));
    expect(patNow.data).toMatchObject({ place: { sentence: "You are 1st in the queue: you are next." }, current: "Ann Walker" });
    const versionAfter = await call(() => version.loader({ request: get(`${path}/version`), params, context: {} }));
    expect(versionBefore.status).toBe(200);
    expect(versionAfter.headers.get("etag")).not.toBe(versionBefore.headers.get("etag"));
    const unchanged = await version.loader({ request: new Request(`${BASE}${path}/version`, { headers: { "if-none-match": versionAfter.headers.get("etag")! } }), params, context: {} });
    expect(unchanged.status).toBe(304);
    // Leaving from the phone: Pat (waiting) can; Ann (at the microphone) is told to ask the station.
    const left = await call(() => join.action({ request: post(path, { intent: "leave" }, patCookie), params, context: {} }));
    expect(left).toMatchObject({ status: 303, location: path });
    expect((await call(() => join.loader({ request: get(path, patCookie), params, context: {} }))).data).toMatchObject({ place: null, open: true });
    const annToken = annPath.split("/").pop()!;
    const annLeaves = await call(() => place.action({ request: post(annPath, {}), params: { ...params, token: annToken }, context: {} }));
    expect(annLeaves.status).toBe(409);
    expect(errorsOf(annLeaves).form[0]).toMatch(/You are at the microphone/);
    expect((await call(() => join.action({ request: post(path, { intent: "leave" }), params, context: {} }))).status).toBe(403);
    expect(await screen()).toMatchObject({ next: null, afterNext: 0 });
  });
});
