import { describe, expect, it } from "vitest";
import { query, resetRateLimitsForTests, rowsOf } from "../../app/.server/platform";
import { createTicketType, findEventById, findTicketType } from "../../app/.server/events";
import { findRegistration } from "../../app/.server/registration";
import * as checkIn from "../../app/routes/organise.$slug.check-in";
import * as add from "../../app/routes/organise.$slug.registrations.add";
import * as person from "../../app/routes/organise.$slug.registrations.$id";
import * as cancelPage from "../../app/routes/organise.$slug.registrations.$id_.cancel";
import * as transferPage from "../../app/routes/organise.$slug.registrations.$id_.transfer";
import * as registrations from "../../app/routes/organise.$slug.registrations._index";
import * as register from "../../app/routes/events.$slug.register._index";
import * as eventPage from "../../app/routes/events.$slug._index";
import * as ticketEdit from "../../app/routes/organise.$slug.tickets.$ticketId";
import * as eventEdit from "../../app/routes/organise.$slug.edit";
import * as ticketList from "../../app/routes/organise.$slug.tickets._index";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf, type Result } from "../support/route-call";

/**
 * The organiser acting for people, as a browser without JavaScript uses the pages: plain form
 * posts to the route actions, answered with a redirect and a flash, or the form again with a
 * GOV.UK error summary or a warning.
 */
const BASE = "http://pitchgrid.test";

const post = (path: string, fields: Record<string, string>, cookie: string) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
const get = (path: string, cookie: string) => new Request(`${BASE}${path}`, { headers: { cookie } });
const errorsOf = (result: Result) => (result.data?.errors ?? {}) as Record<string, string[]>;
async function emailsTo(address: string) {
  return rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}

describe("adding a person from the check-in and registrations pages", () => {
  it("both pages link to the form, which adds a walk-in checked in, back on the check-in list", async () => {
    const { event, ticket } = await makeEvent();
    const cookie = await organiserCookie("organiser@council.test");
    const params = { slug: event.slug };
    const list = await call(() => checkIn.loader({ request: get(`/organise/${event.slug}/check-in`, cookie), params, context: {} }));
    expect(list.status).toBe(200);
    const form = await call(() => add.loader({ request: get(`/organise/${event.slug}/registrations/add?from=check-in`, cookie), params, context: {} }));
    expect(form.data).toMatchObject({ from: "check-in", tickets: [{ id: ticket.id, name: "Standard", rule: "open" }] });

    const added = await call(() =>
      add.action({ request: post(`/organise/${event.slug}/registrations/add`, { name: "Wendy Walkin", ticketTypeId: String(ticket.id), checkIn: "yes", from: "check-in" }, cookie), params, context: {} }),
    );
    expect(added.status).toBe(303);
    expect(added.location).toMatch(new RegExp(`^/organise/${event.slug}/check-in#person-\\d+$`));
    expect(await flashOf(added)).toBe("Wendy Walkin added with a confirmed place and checked in.");
    const after = await call(() => checkIn.loader({ request: get(`/organise/${event.slug}/check-in`, cookie), params, context: {} }));
    expect(after.data).toMatchObject({ total: 1, checkedIn: 1, people: [expect.objectContaining({ name: "Wendy Walkin" })] });
    // On the registrations list they show with no email address.
    const table = await call(() => registrations.loader({ request: get(`/organise/${event.slug}/registrations`, cookie), params, context: {} }));
    expect(table.data!.registrations).toEqual([expect.objectContaining({ name: "Wendy Walkin", email: "No email address", status: "confirmed" })]);
  });

  it("shows GOV.UK errors, asks for a reason to set aside the rule, and warns before going over capacity", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only", quota: 1 });
    await makeRegistration(event.id, ticket.id);
    const cookie = await organiserCookie("organiser@council.test");
    const params = { slug: event.slug };
    const send = (fields: Record<string, string>) => call(() => add.action({ request: post(`/organise/${event.slug}/registrations/add`, fields, cookie), params, context: {} }));

    const empty = await send({ ticketTypeId: String(ticket.id) });
    expect(empty.status).toBe(400);
    expect(errorsOf(empty)).toEqual({ name: ["Enter their name"] });
    expect(errorsOf(await send({ name: "X", email: "not-an-address", ticketTypeId: String(ticket.id) })).email).toEqual([
      "Enter an email address in the correct format, like name@council.gov.uk, or leave it empty",
    ]);

    const speaker = { name: "Sam Speaker", email: "sam@supplier.example.com", ticketTypeId: String(ticket.id) };
    const noReason = await send(speaker);
    expect(noReason.status).toBe(400);
    expect(errorsOf(noReason).reason![0]).toMatch(/To add them anyway, give the reason/);
    expect((noReason.data!.values as Record<string, string>).name).toBe("Sam Speaker");

    const warned = await send({ ...speaker, reason: "Keynote speaker" });
    expect(warned.status).toBe(200);
    expect(warned.data!.warning).toMatchObject({ ticketName: "Standard", quota: 1, ticketTaken: 1 });
    expect(await emailsTo("sam@supplier.example.com")).toEqual([]);
    // Confirming for another ticket type than the one warned about does not go over.
    const other = await createTicketType(event.id, { name: "Crew", quota: 0, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
    expect((await send({ ...speaker, reason: "Keynote speaker", ticketTypeId: String(other.id), overCapacityFor: String(ticket.id) })).data!.warning).toMatchObject({ ticketName: "Crew" });

    const over = await send({ ...speaker, reason: "Keynote speaker", overCapacityFor: String(ticket.id) });
    expect(over.status).toBe(303);
    expect(await flashOf(over)).toBe("Sam Speaker added with a confirmed place, over capacity; we emailed sam@supplier.example.com their confirmation and private link.");
    expect((await emailsTo("sam@supplier.example.com"))[0].subject).toBe("Your place at Test Camp is confirmed");
    const id = Number(over.location!.split("/").pop());
    const page = await call(() => person.loader({ request: get(over.location!, cookie), params: { ...params, id: String(id) }, context: {} }));
    expect(page.data!.person).toMatchObject({ addedBy: "organiser@council.test", addedReason: "Rule set aside: Keynote speaker. Added over capacity" });
  });
});

describe("acting from someone's page", () => {
  it("cancels (asking first), changes the ticket type, resends links and marks a no-show", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const crew = await createTicketType(event.id, { name: "Crew", quota: 5, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
    const cookie = await organiserCookie("organiser@council.test");
    const pat = await makeRegistration(event.id, ticket.id, { email: "pat@guildford.gov.uk", name: "Pat" });
    const waiting = await makeRegistration(event.id, ticket.id, { email: "wait@guildford.gov.uk", status: "waiting" });
    const path = `/organise/${event.slug}/registrations/${pat.id}`;
    const params = { slug: event.slug, id: String(pat.id) };
    const act = (fields: Record<string, string>) => call(() => person.action({ request: post(path, fields, cookie), params, context: {} }));

    const page = await call(() => person.loader({ request: get(path, cookie), params, context: {} }));
    expect(page.data!.tickets).toEqual([{ id: crew.id, name: "Crew" }]);

    const moved = await act({ intent: "change-ticket", ticketTypeId: String(crew.id) });
    expect(moved.status).toBe(303);
    expect(await flashOf(moved)).toBe("Pat moved from Standard to Crew, and emailed. The place they left went to the waiting list (1 offer emailed).");
    expect((await findRegistration(pat.id))!.ticketTypeId).toBe(crew.id);
    expect((await findRegistration(waiting.id))!.status).toBe("offered");
    expect(errorsOf(await act({ intent: "change-ticket", ticketTypeId: "" })).ticketTypeId).toEqual(["Choose a ticket type"]);

    const resent = await act({ intent: "resend" });
    expect(await flashOf(resent)).toBe("Pat’s links have been emailed to pat@guildford.gov.uk again.");
    expect((await emailsTo("pat@guildford.gov.uk")).at(-1)!.subject).toBe("Your links for Test Camp");

    expect(await flashOf(await act({ intent: "no-show" }))).toBe("Pat is marked as a no-show.");
    expect(((await call(() => person.loader({ request: get(path, cookie), params, context: {} }))).data!.person as { noShowAt: string | null }).noShowAt).not.toBeNull();
    expect(await flashOf(await act({ intent: "not-no-show" }))).toBe("Pat is no longer marked as a no-show.");

    // Cancelling asks first on its own page; its POST cancels and emails.
    const ask = await call(() => cancelPage.loader({ request: get(`${path}/cancel`, cookie), params, context: {} }));
    expect(ask.data!.person).toMatchObject({ name: "Pat", hasPlace: true });
    const cancelled = await call(() => cancelPage.action({ request: post(`${path}/cancel`, {}, cookie), params, context: {} }));
    expect(cancelled.status).toBe(303);
    expect((await findRegistration(pat.id))!.status).toBe("cancelled");
    expect((await call(() => cancelPage.loader({ request: get(`${path}/cancel`, cookie), params, context: {} }))).status).toBe(409);
    // The old "Erase" form (no intent) still erases.
    const erased = await act({});
    expect(erased.location).toBe(`/organise/${event.slug}/registrations`);
  });

  it("passes a place to a colleague, with errors on the form", async () => {
    const { event, ticket } = await makeEvent();
    const cookie = await organiserCookie("organiser@council.test");
    const pat = await makeRegistration(event.id, ticket.id, { email: "pat@guildford.gov.uk", name: "Pat" });
    await makeRegistration(event.id, ticket.id, { email: "taken@guildford.gov.uk", name: "Taken" });
    const path = `/organise/${event.slug}/registrations/${pat.id}/transfer`;
    const params = { slug: event.slug, id: String(pat.id) };
    const send = (fields: Record<string, string>) => call(() => transferPage.action({ request: post(path, fields, cookie), params, context: {} }));
    expect(errorsOf(await send({}))).toMatchObject({ name: ["Enter the colleague’s name"], email: ["Enter the colleague’s email address"] });
    const clash = await send({ name: "T", email: "taken+x@guildford.gov.uk" });
    expect(clash.status).toBe(409);
    expect(errorsOf(clash).email![0]).toMatch(/already registered/);
    const done = await send({ name: "Chris Colleague", email: "chris@guildford.gov.uk" });
    expect(done.status).toBe(303);
    expect(await flashOf(done)).toBe("Pat’s place has passed to Chris Colleague. Both have been emailed.");
    expect((await findRegistration(pat.id))!.status).toBe("cancelled");
    expect((await emailsTo("chris@guildford.gov.uk"))[0].subject).toBe("Your place at Test Camp is confirmed");
  });
});

describe("approving when full and releasing places", () => {
  it("says a full ticket type waitlists an approval, offers to add a place, and says what it raised", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, rule: "approval" });
    await makeRegistration(event.id, ticket.id);
    const applicant = await makeRegistration(event.id, ticket.id, { status: "pending-approval", name: "Ava Applicant", email: "ava@guildford.gov.uk" });
    const cookie = await organiserCookie("organiser@council.test");
    const params = { slug: event.slug };
    const base = `/organise/${event.slug}/registrations`;
    const list = await call(() => registrations.loader({ request: get(base, cookie), params, context: {} }));
    expect(list.data!.registrations).toContainEqual(expect.objectContaining({ name: "Ava Applicant", approvalWaitlists: true }));

    const approved = await call(() => registrations.action({ request: post(`${base}?index`, { intent: "approve-add-place", registrationId: String(applicant.id) }, cookie), params, context: {} }));
    expect(await flashOf(approved)).toBe("Approved and a place added: Standard’s quota went from 1 to 2. They have been emailed an offer of the place.");
    expect((await findRegistration(applicant.id))!.status).toBe("offered");

    const released = await call(() => registrations.action({ request: post(`${base}?index`, { intent: "release", ticketTypeId: String(ticket.id), count: "3" }, cookie), params, context: {} }));
    expect(await flashOf(released)).toBe("3 places released: Standard’s quota went from 2 to 5. 0 offers emailed.");
    expect((await findTicketType(event.id, ticket.id))!.quota).toBe(5);
  });
});

describe("approval-only tickets ask applicants why", () => {
  it("the form asks for a reason for those tickets, refuses an application without one, and keeps it for the queue", async () => {
    resetRateLimitsForTests();
    const { event, ticket } = await makeEvent({ rule: "approval" });
    const open = await createTicketType(event.id, { name: "Open", quota: 5, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
    const params = { slug: event.slug };
    const form = await call(() => register.loader({ request: new Request(`${BASE}/events/${event.slug}/register`), params, context: {} }));
    expect(form.data!.tickets).toEqual([expect.objectContaining({ id: ticket.id, needsApproval: true }), expect.objectContaining({ id: open.id, needsApproval: false })]);
    const send = (fields: Record<string, string>) =>
      call(() => register.action({ request: new Request(`${BASE}/events/${event.slug}/register`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE } }), params, context: {} }));
    const applicant = { name: "Sam Supplier", email: "sam@supplier.example.com", organisation: "Supplier Ltd", ticketTypeId: String(ticket.id), intent: "register" };
    const blank = await send(applicant);
    expect(blank.status).toBe(400);
    expect(errorsOf(blank)).toEqual({ approvalRequest: ["Tell the organisers why you would like a place: this ticket type needs their approval"] });
    // An open ticket needs no reason.
    expect((await send({ ...applicant, email: "olly@guildford.gov.uk", ticketTypeId: String(open.id) })).status).toBe(303);
    const sent = await send({ ...applicant, approvalRequest: "We run the council's booking system" });
    expect(sent.status).toBe(303);
    const [row] = rowsOf<{ approval_reason: string }>(await query({ sql: "SELECT approval_reason FROM registrations WHERE email = 'sam@supplier.example.com' AND event_id = ?", args: [event.id] }));
    expect(row.approval_reason).toBe("We run the council's booking system");
  });
});

describe("cutting places below those taken", () => {
  it("warns before saving a quota or capacity below the places taken, saves when confirmed, and the public page stays right", async () => {
    const { event, ticket } = await makeEvent({ quota: 5, capacity: 10 });
    for (let i = 0; i < 3; i++) await makeRegistration(event.id, ticket.id);
    const cookie = await organiserCookie("organiser@council.test");
    const params = { slug: event.slug, ticketId: String(ticket.id) };
    const ticketPath = `/organise/${event.slug}/tickets/${ticket.id}`;
    const form = (await call(() => ticketEdit.loader({ request: get(ticketPath, cookie), params, context: {} }))).data!.values as Record<string, string>;
    const save = (fields: Record<string, string>) => call(() => ticketEdit.action({ request: post(ticketPath, { ...form, ...fields }, cookie), params, context: {} }));

    const warned = await save({ quota: "1" });
    expect(warned.status).toBe(200);
    expect(warned.data!.warning).toMatch(/^3 people have a place with Standard, more than the 1 you entered/);
    expect((await findTicketType(event.id, ticket.id))!.quota).toBe(5);
    // Confirming a different number than the one warned about warns again.
    expect((await save({ quota: "2", confirmCut: "1" })).data!.warning).toMatch(/more than the 2 you entered/);
    expect((await save({ quota: "1", confirmCut: "1" })).status).toBe(303);
    expect((await findTicketType(event.id, ticket.id))!.quota).toBe(1);
    // A quota at or above the places taken saves at once.
    expect((await save({ quota: "3" })).status).toBe(303);

    const page = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${event.slug}`), params: { slug: event.slug }, context: {} }));
    expect(page.data!.tickets).toEqual([expect.objectContaining({ placesLeft: 0, waiting: 0 })]);

    const eventPath = `/organise/${event.slug}/edit`;
    const eventForm = (await call(() => eventEdit.loader({ request: get(eventPath, cookie), params: { slug: event.slug }, context: {} }))).data!.values as Record<string, string>;
    const saveEvent = (fields: Record<string, string>) => call(() => eventEdit.action({ request: post(eventPath, { ...eventForm, ...fields }, cookie), params: { slug: event.slug }, context: {} }));
    const cut = await saveEvent({ capacity: "2" });
    expect(cut.status).toBe(200);
    expect(cut.data!.warning).toMatch(/^3 people have a place at Test Camp, more than the 2 you entered/);
    expect((await findEventById(event.id))!.capacity).toBe(10);
    const saved = await saveEvent({ capacity: "2", confirmCut: "2" });
    expect(saved.status).toBe(303);
    expect(await flashOf(saved)).toMatch(/^Event details saved\. The ticket types’ places add up to 3, more than the event’s 2\./);
    const list = await call(() => ticketList.loader({ request: get(`/organise/${event.slug}/tickets`, cookie), params: { slug: event.slug }, context: {} }));
    expect(list.data!.note).toMatch(/add up to 3, more than the event’s 2/);
  });
});

describe("only the event's organisers act for its people", () => {
  it("refuses an organiser of another event on every new page and action, changing nothing", async () => {
    const { event, ticket } = await makeEvent({ organiser: "owner@council.test" });
    await makeEvent({ organiser: "stranger@council.test" });
    const stranger = await organiserCookie("stranger@council.test");
    const pat = await makeRegistration(event.id, ticket.id, { email: "pat.secure@guildford.gov.uk" });
    const params = { slug: event.slug, id: String(pat.id) };
    const base = `/organise/${event.slug}/registrations`;
    const attempts: Result[] = [
      await call(() => add.loader({ request: get(`${base}/add`, stranger), params, context: {} })),
      await call(() => add.action({ request: post(`${base}/add`, { name: "Sneaky", ticketTypeId: String(ticket.id), overCapacityFor: String(ticket.id) }, stranger), params, context: {} })),
      await call(() => person.action({ request: post(`${base}/${pat.id}`, { intent: "no-show" }, stranger), params, context: {} })),
      await call(() => person.action({ request: post(`${base}/${pat.id}`, { intent: "resend" }, stranger), params, context: {} })),
      await call(() => cancelPage.action({ request: post(`${base}/${pat.id}/cancel`, {}, stranger), params, context: {} })),
      await call(() => transferPage.action({ request: post(`${base}/${pat.id}/transfer`, { name: "X", email: "x@guildford.gov.uk" }, stranger), params, context: {} })),
      await call(() => registrations.action({ request: post(`${base}?index`, { intent: "approve-add-place", registrationId: String(pat.id) }, stranger), params, context: {} })),
    ];
    expect(attempts.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 403, 403]);
    expect((await findRegistration(pat.id))!.status).toBe("confirmed");
    expect(rowsOf(await query({ sql: "SELECT id FROM registrations WHERE event_id = ?", args: [event.id] })).length).toBe(1);
    expect(await emailsTo("pat.secure@guildford.gov.uk")).toEqual([]);
  });
});

describe("a walk-in without an email address gets a private link at the desk (issue 15)", () => {
  it("shows a working private link with a QR code, once, for no-email people only", async () => {
    const { event, ticket } = await makeEvent();
    const cookie = await organiserCookie("organiser@council.test");
    const params = { slug: event.slug };
    const added = await call(() =>
      add.action({ request: post(`/organise/${event.slug}/registrations/add`, { name: "Wanda Walkin", ticketTypeId: String(ticket.id) }, cookie), params, context: {} }),
    );
    expect(added.status).toBe(303);
    const [wanda] = rowsOf<{ id: number }>(await query({ sql: "SELECT id FROM registrations WHERE event_id = ? AND name = 'Wanda Walkin'", args: [event.id] }));
    const page = `/organise/${event.slug}/registrations/${wanda.id}`;
    const shown = await call(() => person.action({ request: post(page, { intent: "private-link" }, cookie), params: { ...params, id: String(wanda.id) }, context: {} }));
    expect(shown.status).toBe(200);
    const link = shown.data!.privateLink as { url: string; qr: string };
    expect(link.qr).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const token = /\/r\/([A-Za-z0-9_-]+)$/.exec(link.url)![1];
    const { findRegistrationByToken } = await import("../../app/.server/registration");
    expect((await findRegistrationByToken(token))!.id).toBe(Number(wanda.id));

    const withEmail = await makeRegistration(event.id, ticket.id, { name: "Ed Email" });
    const refused = await call(() =>
      person.action({ request: post(`/organise/${event.slug}/registrations/${withEmail.id}`, { intent: "private-link" }, cookie), params: { ...params, id: String(withEmail.id) }, context: {} }),
    );
    expect(errorsOf(refused).form).toEqual(["Ed Email has an email address: email them their links instead."]);
  });
});
