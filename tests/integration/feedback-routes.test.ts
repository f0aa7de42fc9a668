import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../../app/.server/platform";
import * as formRoute from "../../app/routes/events.$slug.feedback.$token";
import * as resultsRoute from "../../app/routes/organise.$slug.feedback._index";
import * as sendRoute from "../../app/routes/organise.$slug.feedback.send";
import * as csvRoute from "../../app/routes/organise.$slug.feedback[.csv]";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf, run } from "../support/route-call";

/**
 * Feedback, called in-process as Remix would with plain form posts (what a browser without
 * JavaScript sends): the organiser's ask-first page sends the invitation once; the person's form
 * refuses bad input with the fields named and what was typed kept, then takes one answer.
 */
const ORGANISER = "feedback-routes@council.test";
let slug: string;
let cookie: string;
let people: { id: number; email: string }[];
let talk: number;

const form = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return new Request(`http://pitchgrid.test${path}`, { method: "POST", body, headers: { "content-type": "application/x-www-form-urlencoded", ...headers } });
};
const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://pitchgrid.test${path}`, { headers });
const invitations = async () => rowsOf(await query({ sql: "SELECT to_address FROM email_outbox WHERE subject = 'How was Test Camp?' AND to_address IN (?, ?)", args: people.map((p) => p.email) }));

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date(Date.now() - 2 * 86400_000), endsAt: new Date(Date.now() - 86400_000) });
  slug = event.slug;
  cookie = await organiserCookie(ORGANISER);
  people = [await makeRegistration(event.id, ticket.id, { name: "Ann" }), await makeRegistration(event.id, ticket.id, { name: "Bob" })];
  const room = await makeRoom(event.id);
  const slot = await makeSlot(event.id, new Date(Date.now() - 2 * 86400_000 + 3600_000));
  talk = await makeGridPitch(event.id, { title: "Open data", interestIds: [people[0].id] });
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [talk, event.id, room, slot, new Date().toISOString()] });
});

async function sendInvitation() {
  const sent = await call(() => sendRoute.action({ request: form(`/organise/${slug}/feedback/send`, {}, { cookie }), params: { slug }, context: {} }));
  expect(sent).toMatchObject({ status: 303, location: `/organise/${slug}/feedback` });
  const [mail] = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ? AND subject LIKE 'How was%'", args: [people[0].email] }));
  return mail.text_body.match(/\/feedback\/([\w-]{43})/)![1];
}

describe("inviting feedback", () => {
  it("asks first (the page sends nothing), sends once on the POST, and refuses a second press", async () => {
    const page = await run(() => sendRoute.loader({ request: get(`/organise/${slug}/feedback/send`, { cookie }), params: { slug }, context: {} }));
    expect(page.body).toMatchObject({ state: { ended: true, invitedAt: null, audience: "confirmed", count: 2 } });
    expect(await invitations()).toEqual([]);

    const sent = await call(() => sendRoute.action({ request: form(`/organise/${slug}/feedback/send`, {}, { cookie }), params: { slug }, context: {} }));
    expect(await flashOf(sent)).toBe("Feedback invitation sent to 2 people.");
    expect(await invitations()).toHaveLength(2);
    const again = await call(() => sendRoute.action({ request: form(`/organise/${slug}/feedback/send`, {}, { cookie }), params: { slug }, context: {} }));
    expect(again.status).toBe(409);
    expect(again.data).toMatchObject({ errors: { form: ["The feedback invitation has already been sent."] } });
    expect(await invitations()).toHaveLength(2);
  });

  it("is for the event's organisers only", async () => {
    const stranger = await organiserCookie("someone-else@council.test");
    for (const request of [get(`/organise/${slug}/feedback`, { cookie: stranger }), get(`/organise/${slug}/feedback.csv`, { cookie: stranger })]) {
      const loader = request.url.endsWith(".csv") ? csvRoute.loader : resultsRoute.loader;
      expect((await run(() => loader({ request, params: { slug }, context: {} }))).status).toBe(403);
    }
    expect((await run(() => sendRoute.action({ request: form(`/organise/${slug}/feedback/send`, {}, { cookie: stranger }), params: { slug }, context: {} }))).status).toBe(403);
    expect(await invitations()).toEqual([]);
  });
});

describe("the feedback form", () => {
  it("refuses bad input naming each field and keeping what was typed, then takes one answer", async () => {
    const token = await sendInvitation();
    const path = `/events/${slug}/feedback/${token}`;
    const params = { slug, token };
    const page = await run(() => formRoute.loader({ request: get(path), params, context: {} }));
    expect(page.body).toEqual({ event: { name: "Test Camp" }, used: false, sessions: [{ pitchId: talk, title: "Open data" }] });

    const bad = await call(() =>
      formRoute.action({ request: form(path, { useful: "perhaps", comment: "Kept text", [`session-${talk}-useful`]: "maybe", [`session-${talk}-comment`]: "x".repeat(2001) }), params, context: {} }),
    );
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.data as { errors: object }).errors).sort()).toEqual(["session-" + talk + "-comment", "session-" + talk + "-useful", "useful"].sort());
    expect(bad.data).toMatchObject({ values: { comment: "Kept text" } });
    const missing = await call(() => formRoute.action({ request: form(path, {}), params, context: {} }));
    expect(missing.data).toMatchObject({ errors: { useful: ["Say whether the event was useful to you"] } });
    expect(firstRow(await query({ sql: "SELECT 1 FROM feedback_responses WHERE event_id = (SELECT id FROM events WHERE slug = ?)", args: [slug] }))).toBeUndefined();

    // Not anonymous (the box unticked): the organisers see the name.
    const good = await call(() => formRoute.action({ request: form(path, { useful: "yes", comment: "Great", [`session-${talk}-useful`]: "yes" }), params, context: {} }));
    expect(good).toMatchObject({ status: 303, location: path });
    expect((await run(() => formRoute.loader({ request: get(path), params, context: {} }))).body).toMatchObject({ used: true, sessions: [] });
    const twice = await call(() => formRoute.action({ request: form(path, { useful: "no" }), params, context: {} }));
    expect(twice.status).toBe(409);
    expect(twice.data).toMatchObject({ errors: { form: ["You have already given your feedback. Thank you."] } });

    const results = await run(() => resultsRoute.loader({ request: get(`/organise/${slug}/feedback`, { cookie }), params: { slug }, context: {} }));
    expect(results.body).toMatchObject({ results: { invited: 2, answered: 1, event: { useful: 1, notUseful: 0, comments: [{ text: "Great", by: "Ann" }] }, sessions: [{ title: "Open data", useful: 1 }] } });
    const csv = await csvRoute.loader({ request: get(`/organise/${slug}/feedback.csv`, { cookie }), params: { slug }, context: {} });
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("cache-control")).toBe("private, no-store");
    const text = await csv.text();
    expect(text).toContain("event,,yes,Great,Ann,");
    expect(text).toContain("session,Open data,yes,,Ann,");
  });

  it("answers 404 for a made-up, malformed or other event's token", async () => {
    const token = await sendInvitation();
    for (const params of [
      { slug, token: "y".repeat(43) },
      { slug, token: "<script>" },
      { slug: "another-event", token },
    ]) {
      const path = `/events/${params.slug}/feedback/${encodeURIComponent(params.token)}`;
      expect((await run(() => formRoute.loader({ request: get(path), params, context: {} }))).status).toBe(404);
      expect((await run(() => formRoute.action({ request: form(path, { useful: "yes" }), params, context: {} }))).status).toBe(404);
    }
  });
});
