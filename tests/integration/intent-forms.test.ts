import { describe, expect, it } from "vitest";
import * as organiseHome from "../../app/routes/organise.$slug._index";
import * as checkIn from "../../app/routes/organise.$slug.check-in";
import * as grid from "../../app/routes/organise.$slug.grid._index";
import * as suggest from "../../app/routes/organise.$slug.grid.suggest";
import * as messages from "../../app/routes/organise.$slug.messages";
import * as notes from "../../app/routes/organise.$slug.notes";
import * as organisers from "../../app/routes/organise.$slug.organisers";
import * as pitches from "../../app/routes/organise.$slug.pitches._index";
import * as questions from "../../app/routes/organise.$slug.questions";
import * as reconfirmation from "../../app/routes/organise.$slug.reconfirmation";
import * as registrations from "../../app/routes/organise.$slug.registrations._index";
import * as person from "../../app/routes/organise.$slug.registrations.$id";
import * as rooms from "../../app/routes/organise.$slug.rooms._index";
import * as standby from "../../app/routes/organise.$slug.standby";
import * as station from "../../app/routes/organise.$slug.station";
import * as ticketPage from "../../app/routes/organise.$slug.tickets.$ticketId";
import * as manageLink from "../../app/routes/r.$token._index";
import { readIntentForm } from "../../app/.server/platform";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { run, formPost as post } from "../support/route-call";

/** The one way routes handle a form's intent (readIntentForm): an intent a page does not have is a 400, never a 500. */
const ORGANISER = "intents@guildford.gov.uk";
const UNKNOWN = /asked for an action this page does not have/;

describe("a form's intent", () => {
  it("is read one way: typed per intent, with the intent's own schema", async () => {
    const { z } = await import("zod");
    const schemas = { add: z.object({ n: z.coerce.number().int() }), remove: z.object({}) };
    const added = await readIntentForm(post("/", { intent: "add", n: "3" }), schemas);
    expect(added).toMatchObject({ intent: "add", ok: true, data: { n: 3 } });
    const bad = await readIntentForm(post("/", { intent: "add", n: "x" }), schemas);
    expect(bad).toMatchObject({ intent: "add", ok: false, failure: { values: { intent: "add", n: "x" } } });
    expect(await readIntentForm(post("/", {}), schemas, { missing: "remove" })).toMatchObject({ intent: "remove", ok: true });
    // An inherited property is not an intent.
    for (const intent of ["toString", "constructor", "__proto__", "nope"]) {
      const refused = await run(() => readIntentForm(post("/", { intent }), schemas, { missing: "remove" }));
      expect(refused.status, intent).toBe(400);
    }
    expect((await run(() => readIntentForm(post("/", {}), schemas))).status).toBe(400);
  });

  it("that an organiser page does not have gets the 400 error page from every action that has intents", async () => {
    const { event, ticket } = await makeEvent({ organiser: ORGANISER });
    const cookie = await organiserCookie(ORGANISER);
    const registration = await makeRegistration(event.id, ticket.id);
    const base = `/organise/${event.slug}`;
    const params = { slug: event.slug };
    const cases = [
      { name: "home", action: organiseHome.action, path: base, params },
      { name: "check-in", action: checkIn.action, path: `${base}/check-in`, params },
      { name: "grid", action: grid.action, path: `${base}/grid`, params },
      { name: "suggest", action: suggest.action, path: `${base}/grid/suggest`, params },
      { name: "messages", action: messages.action, path: `${base}/messages`, params },
      { name: "notes", action: notes.action, path: `${base}/notes`, params },
      { name: "organisers", action: organisers.action, path: `${base}/organisers`, params },
      { name: "pitches", action: pitches.action, path: `${base}/pitches`, params },
      { name: "questions", action: questions.action, path: `${base}/questions`, params },
      { name: "reconfirmation", action: reconfirmation.action, path: `${base}/reconfirmation`, params },
      { name: "registrations", action: registrations.action, path: `${base}/registrations`, params },
      { name: "person", action: person.action, path: `${base}/registrations/${registration.id}`, params: { ...params, id: String(registration.id) } },
      { name: "rooms", action: rooms.action, path: `${base}/rooms`, params },
      { name: "standby", action: standby.action, path: `${base}/standby`, params },
      { name: "station", action: station.action, path: `${base}/station`, params },
      { name: "ticket", action: ticketPage.action, path: `${base}/tickets/${ticket.id}`, params: { ...params, ticketId: String(ticket.id) } },
    ];
    for (const { name, action, path, params: routeParams } of cases) {
      const outcome = await run(() => action({ request: post(path, { intent: "delete-everything" }, cookie), params: routeParams, context: {} }));
      expect(outcome.status, name).toBe(400);
      expect(String(outcome.body), name).toMatch(UNKNOWN);
    }
  });

  it("sent to a private link gets the 400 error page; a private link that does not work is still a 404 first", async () => {
    const { event, ticket } = await makeEvent();
    const registration = await makeRegistration(event.id, ticket.id);
    const token = registration.manageToken;
    const wrong = await run(() => manageLink.action({ request: post(`/r/${token}`, { intent: "delete-everything" }), params: { token }, context: {} }));
    expect(wrong.status).toBe(400);
    expect(String(wrong.body)).toMatch(UNKNOWN);
    const lost = await run(() => manageLink.action({ request: post("/r/not-a-link", { intent: "delete-everything" }), params: { token: "not-a-link" }, context: {} }));
    expect(lost.status).toBe(404);
  });
});
