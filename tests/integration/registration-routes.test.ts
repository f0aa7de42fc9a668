import { beforeEach, describe, expect, it } from "vitest";
import { query, RATE_LIMITS, resetRateLimitsForTests, rowsOf } from "../../app/.server/platform";
import { addQuestion, answersOf, listQuestions, updateTicketType } from "../../app/.server/events";
import { confirmPlace, findRegistration, registerForEvent } from "../../app/.server/registration";
import * as checkIn from "../../app/routes/organise.$slug.check-in";
import * as person from "../../app/routes/organise.$slug.registrations.$id";
import * as decline from "../../app/routes/organise.$slug.registrations.$id_.decline";
import * as questionsPage from "../../app/routes/organise.$slug.questions";
import * as registrations from "../../app/routes/organise.$slug.registrations._index";
import * as csv from "../../app/routes/organise.$slug.registrations[.csv]";
import * as ticketEdit from "../../app/routes/organise.$slug.tickets.$ticketId";
import * as register from "../../app/routes/events.$slug.register._index";
import * as confirm from "../../app/routes/events.$slug.register.confirm";
import * as eventPage from "../../app/routes/events.$slug._index";
import * as manage from "../../app/routes/r.$token._index";
import * as cancel from "../../app/routes/r.$token.cancel";
import * as personalData from "../../app/routes/r.$token.data[.json]";
import * as edit from "../../app/routes/r.$token.edit";
import * as erase from "../../app/routes/r.$token.erase";
import { makeEvent } from "../support/factories";
import { call, type Result } from "../support/route-call";
import { organiserCookie } from "../support/sessions";

/** The registration pages as a browser without JavaScript uses them: loaders and actions called in-process. */
const BASE = "http://pitchgrid.test";

/** Registers and follows the emailed link, as a real person does. */
async function registerAndVerify(slug: string, input: Parameters<typeof registerForEvent>[1]) {
  const outcome = await registerForEvent(slug, input);
  const result = await confirmPlace(outcome.verifyToken);
  if (!result.ok) throw new Error(`Verification failed: ${result.reason}`);
  return { ...outcome, status: result.status };
}


function post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, ...headers } });
}

const errorsOf = (result: Result) => (result.data?.errors ?? {}) as Record<string, string[]>;

beforeEach(() => resetRateLimitsForTests());

describe("/events/:slug/register", () => {
  it("lists the open ticket types with places left", async () => {
    const { event, ticket } = await makeEvent({ quota: 3 });
    const result = await call(() => register.loader({ request: new Request(`${BASE}/events/${event.slug}/register`), params: { slug: event.slug }, context: {} }));
    expect(result.data!.tickets).toEqual([expect.objectContaining({ id: ticket.id, window: "open", placesLeft: 3, waiting: 0 })]);
    const page = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${event.slug}`), params: { slug: event.slug }, context: {} }));
    expect(page.data!.tickets).toEqual([expect.objectContaining({ placesLeft: 3, waiting: 0 })]);
  });

  it("answers every mistake with a 400 and GOV.UK messages, keeping what was typed", async () => {
    const { event, ticket } = await makeEvent();
    const send = (fields: Record<string, string>) =>
      call(() => register.action({ request: post(`/events/${event.slug}/register`, fields), params: { slug: event.slug }, context: {} }));
    const good = { name: "Pat", email: "pat@guildford.gov.uk", organisation: "GBC", ticketTypeId: String(ticket.id), intent: "register" };

    const empty = await send({});
    expect(empty.status).toBe(400);
    expect(errorsOf(empty)).toMatchObject({ name: ["Enter your name"], email: ["Enter your work email address"], ticketTypeId: ["Choose a ticket type"] });

    const malformed = await send({ ...good, email: "pat@" });
    expect(errorsOf(malformed).email).toEqual(["Enter an email address in the correct format, like name@council.gov.uk"]);
    expect((malformed.data!.values as Record<string, string>).name).toBe("Pat");

    expect(errorsOf(await send({ ...good, organisation: "x".repeat(121) })).organisation).toEqual(["Organisation must be 120 characters or fewer"]);
    expect(errorsOf(await send({ ...good, ticketTypeId: "99999" })).ticketTypeId).toEqual(["Choose one of the ticket types listed"]);
    expect(errorsOf(await send({ ...good, ticketTypeId: "abc" })).ticketTypeId).toEqual(["Choose one of the ticket types listed"]);

    await updateTicketType(event.id, ticket.id, { ...ticket, opensAt: null, closesAt: new Date(Date.now() - 60_000) });
    expect(errorsOf(await send(good)).ticketTypeId).toEqual(["Registration for Standard has closed"]);
    await updateTicketType(event.id, ticket.id, { ...ticket, opensAt: new Date(Date.now() + 86400_000), closesAt: null });
    expect(errorsOf(await send(good)).ticketTypeId![0]).toMatch(/^Registration for Standard opens on /);
  });

  it("registers, refuses the same address twice, and offers approval to those a rule refuses", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only" });
    const send = (fields: Record<string, string>) =>
      call(() => register.action({ request: post(`/events/${event.slug}/register`, fields), params: { slug: event.slug }, context: {} }));
    const good = { name: "Pat", email: "pat@guildford.gov.uk", organisation: "GBC", ticketTypeId: String(ticket.id), intent: "register" };
    const ok = await send(good);
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/events/${event.slug}/register/check-email?status=held`);
    const again = await send({ ...good, email: "PAT@guildford.gov.uk" });
    expect(again.status).toBe(400);
    expect(errorsOf(again).email![0]).toContain("already registered");
    expect(again.data!.canResendLinks).toBe(true);

    const nhs = await send({ ...good, email: "jo@nhs.net" });
    expect(errorsOf(nhs).email![0]).toContain("This event is for people who work for a UK council");
    expect(nhs.data!.canRequestApproval).toBe(true);
    const noReason = await send({ ...good, email: "jo@nhs.net", intent: "request-approval" });
    expect(errorsOf(noReason).approvalRequest).toEqual(["Enter why the organisers should approve you"]);
    const asked = await send({ ...good, email: "jo@nhs.net", intent: "request-approval", approvalRequest: "I work in the council's public health team" });
    expect(asked.location).toBe(`/events/${event.slug}/register/check-email?status=approval`);
    // Nothing reaches the organisers until the address is verified.
    const cookie = await organiserCookie("organiser@council.test");
    const queueUrl = `${BASE}/organise/${event.slug}/registrations?status=pending-approval`;
    const before = await call(() => registrations.loader({ request: new Request(queueUrl, { headers: { cookie } }), params: { slug: event.slug }, context: {} }));
    expect(before.data!.registrations).toEqual([]);
    const [jo] = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = 'jo@nhs.net' ORDER BY id DESC", args: [] }));
    const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(jo.text_body)![1];
    const verified = await call(() => confirm.action({ request: post(`/events/${event.slug}/register/confirm`, { token }), params: { slug: event.slug }, context: {} }));
    expect(verified.status).toBe(303);

    // It lands in the organiser's approval queue with the reason given.
    const queue = await call(() =>
      registrations.loader({ request: new Request(`${BASE}/organise/${event.slug}/registrations?status=pending-approval`, { headers: { cookie } }), params: { slug: event.slug }, context: {} }),
    );
    expect(queue.data!.registrations).toEqual([
      expect.objectContaining({ email: "jo@nhs.net", status: "pending-approval", approvalReason: "I work in the council's public health team", council: null }),
    ]);
  });

  it("pretends to accept a bot (honeypot) without registering it, and rate-limits one address", async () => {
    const { event, ticket } = await makeEvent();
    const fields = { name: "Bot", email: "bot@guildford.gov.uk", organisation: "x", ticketTypeId: String(ticket.id), website: "http://spam.example" };
    const bot = await call(() => register.action({ request: post(`/events/${event.slug}/register`, fields), params: { slug: event.slug }, context: {} }));
    expect(bot.status).toBe(303);
    expect(rowsOf(await query({ sql: "SELECT id FROM registrations WHERE email = 'bot@guildford.gov.uk'", args: [] }))).toHaveLength(0);

    const statuses: number[] = [];
    const limit = RATE_LIMITS.registration.limit;
    for (let i = 0; i < limit + 2; i++) {
      const result = await call(() => register.action({ request: post(`/events/${event.slug}/register`, { name: "" }, { "x-forwarded-for": "203.0.113.9" }), params: { slug: event.slug }, context: {} }));
      statuses.push(result.status);
    }
    expect(statuses.slice(0, limit).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(limit)).toEqual([429, 429]);
  });

  it("refuses a registration posted from another site", async () => {
    const { event, ticket } = await makeEvent();
    const result = await call(() =>
      register.action({ request: post(`/events/${event.slug}/register`, { name: "X", ticketTypeId: String(ticket.id) }, { origin: "https://evil.example" }), params: { slug: event.slug }, context: {} }),
    );
    expect(result.status).toBe(403);
  });
});

describe("confirming by the emailed link", () => {
  it("shows a button on GET and confirms only on POST; bad and reused tokens get a message, not a 500", async () => {
    const { event, ticket } = await makeEvent();
    const outcome = await registerForEvent(event.slug, { ticketTypeId: ticket.id, name: "Pat", email: "confirm@guildford.gov.uk", organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });
    const url = `/events/${event.slug}/register/confirm?token=${outcome.verifyToken}`;
    await call(() => confirm.loader({ request: new Request(`${BASE}${url}`), params: { slug: event.slug }, context: {} }));
    expect((await findRegistration(outcome.registrationId))!.status).toBe("held");

    const done = await call(() => confirm.action({ request: post(url, { token: outcome.verifyToken! }), params: { slug: event.slug }, context: {} }));
    expect(done.status).toBe(303);
    expect(done.location).toBe(`/events/${event.slug}/register/confirmed`);
    expect(done.headers.get("set-cookie")).toContain("__pitchgrid_attendee=");
    expect((await findRegistration(outcome.registrationId))!.status).toBe("confirmed");

    const reused = await call(() => confirm.action({ request: post(url, { token: outcome.verifyToken! }), params: { slug: event.slug }, context: {} }));
    expect(reused.status).toBe(400);
    expect(errorsOf(reused).form![0]).toContain("already used this link");
    for (const token of ["", "short", outcome.verifyToken!.replace(/.$/, "A") === outcome.verifyToken ? "B".repeat(43) : outcome.verifyToken!.replace(/.$/, "A"), "<script>"]) {
      const bad = await call(() => confirm.action({ request: post(url, { token }), params: { slug: event.slug }, context: {} }));
      expect(bad.status).toBe(400);
      expect(errorsOf(bad).form![0]).toContain("not valid");
    }
  });
});

describe("/r/:token", () => {
  async function registered() {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const outcome = await registerForEvent(event.slug, { ticketTypeId: ticket.id, name: "Pat", email: `me${Math.random().toString(36).slice(2)}@guildford.gov.uk`, organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });
    return { event, ticket, outcome, token: outcome.manageToken };
  }
  const args = (token: string, request?: Request) => ({ request: request ?? new Request(`${BASE}/r/${token}`), params: { token }, context: {} });

  it("shows the registration and remembers the attendee on this device", async () => {
    const { token, event } = await registered();
    const result = await call(() => manage.loader(args(token)));
    expect(result.status).toBe(200);
    expect((result.data!.registration as { status: string }).status).toBe("held");
    expect((result.data!.event as { slug: string }).slug).toBe(event.slug);
    expect(result.headers.get("set-cookie")).toContain("__pitchgrid_attendee=");
    expect(result.headers.get("cache-control")).toContain("no-store");
  });

  it("answers unknown and tampered links with a 404 on every page", async () => {
    const { token } = await registered();
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    for (const bad of [tampered, "nope", "../../etc/passwd"]) {
      for (const route of [manage, edit, cancel, erase, personalData]) {
        expect((await call(() => route.loader(args(bad)))).status).toBe(404);
      }
      for (const route of [manage, edit, cancel, erase]) {
        expect((await call(() => route.action(args(bad, post(`/r/${bad}`, {}))))).status).toBe(404);
      }
    }
  });

  it("changes details with validation", async () => {
    const { token, outcome } = await registered();
    const bad = await call(() => edit.action(args(token, post(`/r/${token}/edit`, { name: "", organisation: "GBC", dietaryNeeds: "x".repeat(501) }))));
    expect(bad.status).toBe(400);
    expect(errorsOf(bad)).toMatchObject({ name: ["Enter your name"], dietaryNeeds: ["Dietary needs must be 500 characters or fewer"] });
    const ok = await call(() => edit.action(args(token, post(`/r/${token}/edit`, { name: "Pat Q", organisation: "Guildford BC", accessNeeds: "Hearing loop" }))));
    expect(ok.status).toBe(303);
    expect(await findRegistration(outcome.registrationId)).toMatchObject({ name: "Pat Q", organisation: "Guildford BC", accessNeeds: "Hearing loop" });
  });

  it("cancels only on POST, and a second cancel is a message, not a crash", async () => {
    const { token, outcome } = await registered();
    await call(() => cancel.loader(args(token)));
    expect((await findRegistration(outcome.registrationId))!.status).toBe("held");
    expect((await call(() => cancel.action(args(token, post(`/r/${token}/cancel`, {}))))).status).toBe(303);
    expect((await findRegistration(outcome.registrationId))!.status).toBe("cancelled");
    const again = await call(() => cancel.action(args(token, post(`/r/${token}/cancel`, {}))));
    expect(again.status).toBe(409);
  });

  it("downloads the personal data as JSON and erases it", async () => {
    const { token, outcome } = await registered();
    const download = (await personalData.loader(args(token))) as Response;
    expect(download.headers.get("content-type")).toContain("application/json");
    expect(download.headers.get("content-disposition")).toContain("attachment");
    const body = JSON.parse(await download.text());
    expect(body.registration.email).toBe(outcome.email);

    const erased = await call(() => erase.action(args(token, post(`/r/${token}/erase`, {}))));
    expect(erased.status).toBe(303);
    expect((await findRegistration(outcome.registrationId))!.status).toBe("erased");
    expect((await call(() => manage.loader(args(token)))).status).toBe(404);
  });
});

describe("organiser registration pages", () => {
  it("filters, approves, releases places, exports Excel-safe CSV, checks in and erases", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, organiser: "boss@guildford.gov.uk" });
    const cookie = await organiserCookie("boss@guildford.gov.uk");
    // A verified person (c) has the one place; a has not followed their link yet; b verified after c and waits.
    const a = await registerForEvent(event.slug, { ticketTypeId: ticket.id, name: "=HYPERLINK(\"http://x\")", email: "a@guildford.gov.uk", organisation: "+Evil", jobRole: "@role", accessNeeds: "", dietaryNeeds: "-1" });
    await registerAndVerify(event.slug, { ticketTypeId: ticket.id, name: "Cy", email: "c@guildford.gov.uk", organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });
    const b = await registerAndVerify(event.slug, { ticketTypeId: ticket.id, name: "Bo", email: "b@guildford.gov.uk", organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });
    const base = `/organise/${event.slug}/registrations`;
    const get = (path: string) => new Request(`${BASE}${path}`, { headers: { cookie } });
    const params = { slug: event.slug };

    const waiting = await call(() => registrations.loader({ request: get(`${base}?status=waiting&ticket=${ticket.id}`), params, context: {} }));
    expect((waiting.data!.registrations as { id: number; position: number }[]).map((r) => [r.id, r.position])).toEqual([[b.registrationId, 1]]);
    const nonsense = await call(() => registrations.loader({ request: get(`${base}?status=DROP TABLE&ticket=-1&q=${"%".repeat(300)}`), params, context: {} }));
    expect(nonsense.status).toBe(200);

    const badRelease = await call(() => registrations.action({ request: post(base, { intent: "release", ticketTypeId: String(ticket.id), count: "lots" }, { cookie }), params, context: {} }));
    expect(errorsOf(badRelease).count).toEqual(["Places to release must be a whole number, like 5"]);
    const release = await call(() => registrations.action({ request: post(base, { intent: "release", ticketTypeId: String(ticket.id), count: "1" }, { cookie }), params, context: {} }));
    expect(release.status).toBe(303);
    expect((await findRegistration(b.registrationId))!.status).toBe("offered");
    const notPending = await call(() => registrations.action({ request: post(base, { intent: "approve", registrationId: String(b.registrationId) }, { cookie }), params, context: {} }));
    expect(notPending.status).toBe(409);

    const file = (await csv.loader({ request: get(`${base}.csv`), params, context: {} })) as Response;
    expect(file.headers.get("content-type")).toContain("text/csv");
    const text = await file.text();
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(",'+Evil,");
    expect(text).toContain(",'@role,");
    expect(text).not.toMatch(/(^|,)[=+@-]/m);

    const stranger = await organiserCookie("stranger@woking.gov.uk");
    expect((await call(() => csv.loader({ request: new Request(`${BASE}${base}.csv`, { headers: { cookie: stranger } }), params, context: {} }))).status).toBe(403);

    // Check-in works only for confirmed people.
    const checkInPath = `/organise/${event.slug}/check-in`;
    const refused = await call(() => checkIn.action({ request: post(checkInPath, { intent: "check-in", registrationId: String(a.registrationId) }, { cookie }), params, context: {} }));
    expect(refused.status).toBe(409);
    await query({ sql: "UPDATE ticket_types SET quota = 5 WHERE id = ?", args: [ticket.id] });
    await call(() => confirm.action({ request: post("/", { token: a.verifyToken! }), params, context: {} }));
    expect((await findRegistration(a.registrationId))!.status).toBe("confirmed");
    const checked = await call(() => checkIn.action({ request: post(checkInPath, { intent: "check-in", registrationId: String(a.registrationId), q: "hyper" }, { cookie }), params, context: {} }));
    expect(checked.location).toBe(`${checkInPath}?q=hyper#person-${a.registrationId}`);
    const list = await call(() => checkIn.loader({ request: get(`${checkInPath}?q=hyper`), params, context: {} }));
    expect(list.data).toMatchObject({ total: 2, checkedIn: 1 });

    const erased = await call(() => person.action({ request: post(`${base}/${a.registrationId}`, {}, { cookie }), params: { ...params, id: String(a.registrationId) }, context: {} }));
    expect(erased.status).toBe(303);
    expect((await findRegistration(a.registrationId))!.status).toBe("erased");
    expect((await call(() => person.loader({ request: get(`${base}/${a.registrationId}`), params: { ...params, id: String(a.registrationId) }, context: {} }))).status).toBe(404);
  });
});

describe("an event's own questions", () => {
  it("are set up by organisers, asked on the form, checked with every other mistake, and kept with the registration", async () => {
    const { event, ticket } = await makeEvent({ organiser: "asker@guildford.gov.uk" });
    const cookie = await organiserCookie("asker@guildford.gov.uk");
    const params = { slug: event.slug };
    const setUp = (fields: Record<string, string>, who = cookie) => call(() => questionsPage.action({ request: post(`/organise/${event.slug}/questions`, fields, { cookie: who }), params, context: {} }));

    expect(errorsOf(await setUp({ intent: "add", label: "x" })).label).toEqual(["Enter a question of at least 3 characters"]);
    expect((await setUp({ intent: "add", label: "Which team are you in?", required: "yes" })).status).toBe(303);
    expect((await setUp({ intent: "add", label: "Will you pitch?", hint: "You can decide on the day" })).status).toBe(303);
    const stranger = await organiserCookie("stranger@woking.gov.uk");
    expect((await setUp({ intent: "add", label: "Sneaky question" }, stranger)).status).toBe(403);
    const [team, pitch] = await listQuestions(event.id);
    expect([team.required, pitch.required]).toEqual([true, false]);

    const form = await call(() => register.loader({ request: new Request(`${BASE}/events/${event.slug}/register`), params, context: {} }));
    expect(form.data!.questions).toEqual([
      { field: `question-${team.id}`, label: "Which team are you in?", hint: "" },
      { field: `question-${pitch.id}`, label: "Will you pitch? (optional)", hint: "You can decide on the day" },
    ]);

    const send = (fields: Record<string, string>) => call(() => register.action({ request: post(`/events/${event.slug}/register`, fields), params, context: {} }));
    const good = { name: "Pat", email: "asked@guildford.gov.uk", organisation: "GBC", ticketTypeId: String(ticket.id), intent: "register" };
    const missing = await send({ ...good, email: "pat@" });
    expect(missing.status).toBe(400);
    expect(errorsOf(missing)).toMatchObject({ email: ["Enter an email address in the correct format, like name@council.gov.uk"], [`question-${team.id}`]: ["Answer “Which team are you in?”"] });
    expect((missing.data!.values as Record<string, string>).name).toBe("Pat");

    const ok = await send({ ...good, [`question-${team.id}`]: "Digital services", [`question-${pitch.id}`]: "" });
    expect(ok.status).toBe(303);
    const [registration] = rowsOf<{ id: number }>(await query({ sql: "SELECT id FROM registrations WHERE email = 'asked@guildford.gov.uk'", args: [] }));
    expect(await answersOf(Number(registration.id))).toEqual([{ question: "Which team are you in?", answer: "Digital services" }]);

    expect((await setUp({ intent: "remove", questionId: String(team.id) })).status).toBe(303);
    expect((await setUp({ intent: "remove", questionId: String(team.id) })).status).toBe(409);
    expect(errorsOf(await setUp({ intent: "remove", questionId: "nonsense" })).questionId).toEqual(["Choose a question"]);
    expect(await answersOf(Number(registration.id))).toEqual([]);
  });
});

describe("changing answers from the private link", () => {
  it("shows the answers given, checks changes like the form does, and saves them", async () => {
    const { event, ticket } = await makeEvent();
    const team = await addQuestion(event.id, { label: "Which team are you in?", hint: "", required: true });
    const outcome = await registerForEvent(event.slug, {
      ticketTypeId: ticket.id, name: "Pat", email: "changer@guildford.gov.uk", organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "",
      answers: [{ questionId: team.id, answer: "Digital" }],
    });
    const token = outcome.manageToken;
    const args = (request: Request) => ({ request, params: { token }, context: {} });
    const page = await call(() => edit.loader(args(new Request(`${BASE}/r/${token}/edit`))));
    expect(page.data).toMatchObject({ questions: [{ field: `question-${team.id}`, label: "Which team are you in?" }], values: { [`question-${team.id}`]: "Digital", name: "Pat" } });

    const details = { name: "Pat", organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" };
    const blank = await call(() => edit.action(args(post(`/r/${token}/edit`, { ...details, [`question-${team.id}`]: " " }))));
    expect(blank.status).toBe(400);
    expect(errorsOf(blank)[`question-${team.id}`]).toEqual(["Answer “Which team are you in?”"]);
    expect(await answersOf(outcome.registrationId)).toEqual([{ question: "Which team are you in?", answer: "Digital" }]);

    const changed = await call(() => edit.action(args(post(`/r/${token}/edit`, { ...details, name: "Pat Changed", [`question-${team.id}`]: "Data" }))));
    expect(changed.status).toBe(303);
    expect(await answersOf(outcome.registrationId)).toEqual([{ question: "Which team are you in?", answer: "Data" }]);
    expect((await findRegistration(outcome.registrationId))!.name).toBe("Pat Changed");
  });
});

describe("email me my links again", () => {
  it("resends a registered address's links, answers an unknown one the same way, and limits how often", async () => {
    const { event, ticket } = await makeEvent();
    const send = (fields: Record<string, string>) =>
      call(() => register.action({ request: post(`/events/${event.slug}/register`, fields), params: { slug: event.slug }, context: {} }));
    const registered = { name: "Pat", email: "resend@guildford.gov.uk", organisation: "GBC", ticketTypeId: String(ticket.id) };
    expect((await send({ ...registered, intent: "register" })).status).toBe(303);
    const count = async (address: string) => rowsOf(await query({ sql: "SELECT id FROM email_outbox WHERE to_address = ?", args: [address] })).length;
    const before = await count("resend@guildford.gov.uk");

    const resent = await send({ ...registered, email: "Resend@guildford.gov.uk", intent: "resend-links" });
    expect(resent).toMatchObject({ status: 303, location: `/events/${event.slug}/register/check-email?status=resent` });
    expect(await count("resend@guildford.gov.uk")).toBe(before + 1);

    const unknown = await send({ email: "stranger@guildford.gov.uk", intent: "resend-links" });
    expect(unknown).toMatchObject({ status: 303, location: `/events/${event.slug}/register/check-email?status=resent` });
    expect(await count("stranger@guildford.gov.uk")).toBe(0);

    const malformed = await send({ email: "not an address", intent: "resend-links" });
    expect(malformed.status).toBe(400);
    expect(errorsOf(malformed).email).toEqual(["Enter an email address in the correct format, like name@council.gov.uk"]);

    // One address can be sent its links a few times an hour, then a 429 page.
    for (let i = 1; i < RATE_LIMITS.resendLinks.limit; i++) expect((await send({ email: "resend@guildford.gov.uk", intent: "resend-links" })).status).toBe(303);
    expect((await send({ email: "resend@guildford.gov.uk", intent: "resend-links" })).status).toBe(429);
    expect(await count("resend@guildford.gov.uk")).toBe(before + RATE_LIMITS.resendLinks.limit);
  });
});

describe("declining an application", () => {
  it("asks first on its own page, then declines and emails them once; the list cannot decline in one click", async () => {
    const { event, ticket } = await makeEvent({ rule: "approval", organiser: "judge@guildford.gov.uk" });
    const cookie = await organiserCookie("judge@guildford.gov.uk");
    const applicant = await registerAndVerify(event.slug, {
      ticketTypeId: ticket.id, name: "Sam Supplier", email: "sam@supplier.example", organisation: "Supplier Ltd", jobRole: "", accessNeeds: "", dietaryNeeds: "", approvalRequest: "We run the council's booking system",
    });
    expect(applicant.status).toBe("pending-approval");
    const path = `/organise/${event.slug}/registrations/${applicant.registrationId}/decline`;
    const params = { slug: event.slug, id: String(applicant.registrationId) };
    const emailsToSam = async () => rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = 'sam@supplier.example' ORDER BY id", args: [] })).map((e) => e.subject);
    const before = await emailsToSam();

    const oneClick = await call(() => registrations.action({ request: post(`/organise/${event.slug}/registrations`, { intent: "decline", registrationId: String(applicant.registrationId) }, { cookie }), params, context: {} }));
    expect(oneClick.status).toBe(400);
    expect((await findRegistration(applicant.registrationId))!.status).toBe("pending-approval");

    const page = await call(() => decline.loader({ request: new Request(`${BASE}${path}`, { headers: { cookie } }), params, context: {} }));
    expect(page.data).toMatchObject({ person: { name: "Sam Supplier", reason: "We run the council's booking system" } });
    const stranger = await organiserCookie("stranger@woking.gov.uk");
    expect((await call(() => decline.action({ request: post(path, {}, { cookie: stranger }), params, context: {} }))).status).toBe(403);
    expect((await findRegistration(applicant.registrationId))!.status).toBe("pending-approval");

    const declined = await call(() => decline.action({ request: post(path, {}, { cookie }), params, context: {} }));
    expect(declined.status).toBe(303);
    expect(declined.location).toBe(`/organise/${event.slug}/registrations`);
    expect((await findRegistration(applicant.registrationId))!.status).toBe("declined");
    expect((await emailsToSam()).slice(before.length)).toEqual([`Your request for ${event.name} was not approved`]);

    // Decided already: the page and a second POST say so, and nobody is emailed twice.
    expect((await call(() => decline.loader({ request: new Request(`${BASE}${path}`, { headers: { cookie } }), params, context: {} }))).status).toBe(409);
    expect((await call(() => decline.action({ request: post(path, {}, { cookie }), params, context: {} }))).status).toBe(409);
    expect((await emailsToSam()).length).toBe(before.length + 1);
  });
});

describe("/organise/:slug/tickets/:ticketId", () => {
  it("offers the places a raised quota frees to the waiting list when the ticket type is saved", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, organiser: "tickets@guildford.gov.uk" });
    const cookie = await organiserCookie("tickets@guildford.gov.uk");
    const details = { organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "", ticketTypeId: ticket.id };
    await registerAndVerify(event.slug, { ...details, name: "First", email: "first@guildford.gov.uk" });
    const waiter = await registerAndVerify(event.slug, { ...details, name: "Waiter", email: "waiter@guildford.gov.uk" });
    expect(waiter.status).toBe("waiting");
    const path = `/organise/${event.slug}/tickets/${ticket.id}`;
    const params = { slug: event.slug, ticketId: String(ticket.id) };
    const fields = { name: "Standard", quota: "2", rule: "open", allowedDomains: "", opensAt: "", closesAt: "" };

    const bad = await call(() => ticketEdit.action({ request: post(path, { ...fields, quota: "lots" }, { cookie }), params, context: {} }));
    expect(bad.status).toBe(400);
    expect((await findRegistration(waiter.registrationId))!.status).toBe("waiting");

    const saved = await call(() => ticketEdit.action({ request: post(path, fields, { cookie }), params, context: {} }));
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/organise/${event.slug}/tickets`);
    expect((await findRegistration(waiter.registrationId))!.status).toBe("offered");
    const offers = rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = 'waiter@guildford.gov.uk' ORDER BY id", args: [] }));
    expect(offers.map((o) => o.subject)).toContain("A place at Test Camp is available for you");
  });
});

describe("the lottery on the ticket type's own page", () => {
  it("shows the ticket's lottery setting and lets organisers set the closing time there (GOV.UK date input, same rule as the Registrations page)", async () => {
    const { event, ticket } = await makeEvent({ organiser: "lottery-page@guildford.gov.uk" });
    const cookie = await organiserCookie("lottery-page@guildford.gov.uk");
    const path = `/organise/${event.slug}/tickets/${ticket.id}`;
    const params = { slug: event.slug, ticketId: String(ticket.id) };
    const page = async () => (await call(() => ticketEdit.loader({ request: new Request(`${BASE}${path}`, { headers: { cookie } }), params, context: {} }))).data as { lottery: { isLottery: boolean; closesAt: string | null } };
    expect((await page()).lottery).toMatchObject({ isLottery: false, closesAt: null });

    const missingMonth = await call(() => ticketEdit.action({ request: post(path, { intent: "lottery", "lotteryDate-day": "15", "lotteryDate-month": "", "lotteryDate-year": "2030", lotteryTime: "10:30" }, { cookie }), params, context: {} }));
    expect(missingMonth.status).toBe(400);
    expect((missingMonth.data as { lotteryErrors: Record<string, string[]> }).lotteryErrors.lotteryDate[0]).toMatch(/must include a month/);
    expect((await page()).lottery.isLottery).toBe(false);

    const saved = await call(() => ticketEdit.action({ request: post(path, { intent: "lottery", "lotteryDate-day": "15", "lotteryDate-month": "1", "lotteryDate-year": "2030", lotteryTime: "10:30" }, { cookie }), params, context: {} }));
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(path);
    const [row] = rowsOf<{ lottery_closes_at: string }>(await query({ sql: "SELECT lottery_closes_at FROM ticket_types WHERE id = ?", args: [ticket.id] }));
    expect(row.lottery_closes_at).toBe("2030-01-15T10:30:00.000Z");
    expect((await page()).lottery).toMatchObject({ isLottery: true, closesAt: expect.stringMatching(/15 January 2030/) });

    // Another event's organiser cannot set it.
    const stranger = await organiserCookie("stranger-lottery@woking.gov.uk");
    const refused = await call(() => ticketEdit.action({ request: post(path, { intent: "lottery", "lotteryDate-day": "16", "lotteryDate-month": "1", "lotteryDate-year": "2030", lotteryTime: "10:30" }, { cookie: stranger }), params, context: {} }));
    expect(refused.status).toBe(403);
  });
});
