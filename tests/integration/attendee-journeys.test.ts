import { beforeEach, describe, expect, it } from "vitest";
import { query, resetRateLimitsForTests, rowsOf } from "../../app/.server/platform";
import { drawLottery, findRegistration, registerForEvent, releasePlaces, setLotteryClosing, confirmPlace } from "../../app/.server/registration";
import * as confirm from "../../app/routes/events.$slug.register.confirm";
import * as checkEmail from "../../app/routes/events.$slug.register.check-email";
import * as eventPage from "../../app/routes/events.$slug._index";
import * as sendLink from "../../app/routes/events.$slug.send-link";
import * as manage from "../../app/routes/r.$token._index";
import { makeEvent, makeRegistration, registrationInput } from "../support/factories";
import { call, flashOf } from "../support/route-call";

/** Attendees without dead ends, as a browser without JavaScript uses the pages (route loaders and actions in-process). */
const BASE = "http://pitchgrid.test";

const post = (path: string, fields: Record<string, string>) => new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE } });
async function emailsTo(address: string) {
  return rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}
const manageArgs = (token: string, request = new Request(`${BASE}/r/${token}`)) => ({ request, params: { token }, context: {} });
type ManageData = { registration: { status: string; position: string | null; cancelling: string; holdExpiresAt: string | null; offerExpiresAt: string | null } };

beforeEach(() => resetRateLimitsForTests());

describe("the private page", () => {
  it("lets someone with a held registration confirm there, and says when the link expires", async () => {
    const { event, ticket } = await makeEvent();
    const held = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "held@guildford.gov.uk" }));
    const page = await call(() => manage.loader(manageArgs(held.manageToken)));
    expect((page.data as ManageData).registration).toMatchObject({ status: "held", holdExpiresAt: expect.stringMatching(/\d/) });
    const confirmed = await call(() => manage.action(manageArgs(held.manageToken, post(`/r/${held.manageToken}`, { intent: "confirm" }))));
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/r/${held.manageToken}`);
    expect(await flashOf(confirmed)).toBe("Your place is confirmed. We have emailed you the details with a calendar invitation.");
    expect((await findRegistration(held.registrationId))!.status).toBe("confirmed");
    // The emailed link, opened afterwards, says so before any click.
    const link = await call(() => confirm.loader({ request: new Request(`${BASE}/events/${event.slug}/register/confirm?token=${held.verifyToken}`), params: { slug: event.slug }, context: {} }));
    expect(link.data!.before).toEqual({ state: "used", status: "Confirmed" });
  });

  it("lets someone offered a place accept it there; tells the truth once it has expired", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const holder = await makeRegistration(event.id, ticket.id);
    const waiting = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "w1@guildford.gov.uk" }));
    await confirmPlace(waiting.verifyToken);
    const later = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "w2@guildford.gov.uk" }));
    await confirmPlace(later.verifyToken);
    expect(((await call(() => manage.loader(manageArgs(waiting.manageToken)))).data as ManageData).registration).toMatchObject({
      position: "1st of 2",
      cancelling: "You do not have a place yet. Cancelling takes you off the waiting list.",
    });
    expect(((await call(() => manage.loader(manageArgs(later.manageToken)))).data as ManageData).registration.position).toBe("2nd of 2");

    await releasePlaces(event.id, ticket.id, 1);
    expect((await findRegistration(waiting.registrationId))!.status).toBe("offered");
    const offerPage = (await call(() => manage.loader(manageArgs(waiting.manageToken)))).data as ManageData;
    expect(offerPage.registration.offerExpiresAt).toMatch(/\d/);
    const accepted = await call(() => manage.action(manageArgs(waiting.manageToken, post(`/r/${waiting.manageToken}`, { intent: "confirm" }))));
    expect(await flashOf(accepted)).toBe("Your place is confirmed. We have emailed you the details with a calendar invitation.");
    expect((await findRegistration(waiting.registrationId))!.status).toBe("confirmed");
    expect(holder.id).toBeGreaterThan(0);

    // An offer left to expire: the emailed link says so before the click.
    await releasePlaces(event.id, ticket.id, 1);
    const offer = (await emailsTo("w2@guildford.gov.uk")).at(-1)!;
    const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(offer.text_body)![1];
    const open = await call(() => confirm.loader({ request: new Request(`${BASE}/events/${event.slug}/register/confirm?token=${token}`), params: { slug: event.slug }, context: {} }));
    expect(open.data!.before).toMatchObject({ state: "open", kind: "offered" });
    await query({ sql: "UPDATE registrations SET offer_expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?", args: [later.registrationId] });
    const expired = await call(() => confirm.loader({ request: new Request(`${BASE}/events/${event.slug}/register/confirm?token=${token}`), params: { slug: event.slug }, context: {} }));
    expect(expired.data!.before).toEqual({ state: "expired" });
    const tooLate = await call(() => manage.action(manageArgs(later.manageToken, post(`/r/${later.manageToken}`, { intent: "confirm" }))));
    expect(await flashOf(tooLate)).toBe("The time to confirm has run out, so nothing was confirmed. You can register again while registration is open.");
    expect((await findRegistration(later.registrationId))!.status).toBe("expired");
  });

  it("shows the draw position after a lottery", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    await setLotteryClosing(event.id, ticket.id, new Date(Date.now() + 3600_000));
    const entrants = [];
    for (let i = 0; i < 3; i++) {
      const entry = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }));
      await confirmPlace(entry.verifyToken);
      entrants.push(entry);
    }
    await setLotteryClosing(event.id, ticket.id, new Date(Date.now() - 1000)).catch(() => undefined);
    await query({ sql: "UPDATE ticket_types SET lottery_closes_at = ? WHERE id = ?", args: [new Date(Date.now() - 1000).toISOString(), ticket.id] });
    await drawLottery(ticket.id, "test");
    const positions = [];
    for (const entry of entrants) positions.push(((await call(() => manage.loader(manageArgs(entry.manageToken)))).data as ManageData).registration.position);
    expect(positions.filter((p) => p !== null).sort()).toEqual(["1st of 2", "2nd of 2"]);
  });

  it("'Email me a new link' lands on a page that says what happened", async () => {
    const { event, ticket } = await makeEvent();
    const person = await makeRegistration(event.id, ticket.id, { email: "newlink@guildford.gov.uk" });
    const result = await call(() => manage.action(manageArgs(person.manageToken, post(`/r/${person.manageToken}`, { intent: "new-link" }))));
    expect(result.location).toBe(`/events/${event.slug}/register/check-email?status=new-link`);
    const page = await call(() => checkEmail.loader({ request: new Request(`${BASE}${result.location}`), params: { slug: event.slug }, context: {} }));
    expect(page.data!.outcome).toBe("new-link");
    expect((await emailsTo("newlink@guildford.gov.uk")).at(-1)!.subject).toBe("Your new link for Test Camp");
  });
});

describe("Send me my link, on its own", () => {
  it("asks only for the address, with GOV.UK errors, and answers the same whether or not it is registered", async () => {
    const { event, ticket } = await makeEvent();
    await makeRegistration(event.id, ticket.id, { email: "known@guildford.gov.uk" });
    const params = { slug: event.slug };
    const send = (fields: Record<string, string>) => call(() => sendLink.action({ request: post(`/events/${event.slug}/send-link`, fields), params, context: {} }));
    const empty = await send({});
    expect(empty.status).toBe(400);
    expect(empty.data!.errors).toEqual({ email: ["Enter your work email address"] });
    const known = await send({ email: "known+tag@guildford.gov.uk" });
    const unknown = await send({ email: "stranger@guildford.gov.uk" });
    expect(known.location).toBe(`/events/${event.slug}/register/check-email?status=resent`);
    expect(unknown.location).toBe(known.location);
    expect((await emailsTo("known@guildford.gov.uk")).at(-1)!.subject).toBe("Your links for Test Camp");
    expect(await emailsTo("stranger@guildford.gov.uk")).toEqual([]);
  });
});

describe("the public event page and lotteries", () => {
  it("says a ticket is a lottery and when the draw is", async () => {
    const { event, ticket } = await makeEvent();
    const params = { slug: event.slug };
    const before = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${event.slug}`), params, context: {} }));
    expect(before.data!.tickets).toEqual([expect.objectContaining({ lottery: null })]);
    await setLotteryClosing(event.id, ticket.id, new Date("2030-03-01T17:00:00Z"));
    const after = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${event.slug}`), params, context: {} }));
    expect(after.data!.tickets).toEqual([
      expect.objectContaining({ lottery: "Places are given by a random draw. Apply before Friday 1 March 2030 at 5pm; the draw happens then, and everyone who applied is emailed the result." }),
    ]);
  });
});

describe("a private link that does not work (issue 15)", () => {
  beforeEach(() => resetRateLimitsForTests());

  it("says so and offers Send me my link, by email only, with GOV.UK errors and the same answer for any address", async () => {
    const { event, ticket } = await makeEvent();
    const person = await makeRegistration(event.id, ticket.id, { email: "lost.link@guildford.gov.uk", name: "Lou Lost" });
    const dead = "a-replaced-link-that-no-longer-works-000";
    const page = await call(() => manage.loader(manageArgs(dead)));
    expect(page.status).toBe(404);
    expect(page.data).toMatchObject({ lost: true, events: expect.arrayContaining([{ slug: event.slug, name: "Test Camp" }]) });

    const empty = await call(() => manage.action({ request: post(`/r/${dead}`, { intent: "send-link" }), params: { token: dead }, context: {} }));
    expect(empty.status).toBe(400);
    expect(empty.data!.errors).toEqual({ event: ["Choose the event you registered for"], email: ["Enter the email address you registered with"] });
    const sent = await call(() => manage.action({ request: post(`/r/${dead}`, { intent: "send-link", event: event.slug, email: "Lost.Link@guildford.gov.uk" }), params: { token: dead }, context: {} }));
    expect(sent).toMatchObject({ status: 303, location: `/events/${event.slug}/register/check-email?status=resent` });
    const emails = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ?", args: [person.email] }));
    expect(emails).toHaveLength(1);
    expect(emails[0].text_body).toMatch(/\/r\/[A-Za-z0-9_-]+/);
    const stranger = await call(() => manage.action({ request: post(`/r/${dead}`, { intent: "send-link", event: event.slug, email: "nobody@guildford.gov.uk" }), params: { token: dead }, context: {} }));
    expect(stranger).toMatchObject({ status: 303, location: `/events/${event.slug}/register/check-email?status=resent` });
  });
});

describe("a confirmation link opened after the event has ended", () => {
  it("says the event has ended before the click, and a POST confirms nothing (emailed link and private page)", async () => {
    const { event, ticket } = await makeEvent();
    const held = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "late@guildford.gov.uk" }));
    // The event moves into the past (ended two days ago) while the hold is still in time.
    const start = new Date(Date.now() - 3 * 86400_000);
    await query({ sql: "UPDATE events SET starts_at = ?, ends_at = ? WHERE id = ?", args: [start.toISOString(), new Date(start.getTime() + 8 * 3600_000).toISOString(), event.id] });
    const url = `${BASE}/events/${event.slug}/register/confirm?token=${held.verifyToken}`;
    const page = await call(() => confirm.loader({ request: new Request(url), params: { slug: event.slug }, context: {} }));
    expect(page.data!.before).toEqual({ state: "ended" });
    const posted = await call(() => confirm.action({ request: post(`/events/${event.slug}/register/confirm`, { token: held.verifyToken }), params: { slug: event.slug }, context: {} }));
    expect(posted.status).toBe(400);
    expect(JSON.stringify(posted.data)).toContain("This event has ended, so there is nothing to confirm.");
    expect(((await call(() => manage.loader(manageArgs(held.manageToken)))).data as { registration: { ended: boolean } }).registration.ended).toBe(true);
    const fromPrivate = await call(() => manage.action(manageArgs(held.manageToken, post(`/r/${held.manageToken}`, { intent: "confirm" }))));
    expect(await flashOf(fromPrivate)).toBe("This event has ended, so there is nothing to confirm.");
    expect((await findRegistration(held.registrationId))!.status).toBe("held");
    expect((await emailsTo("late@guildford.gov.uk")).map((e) => e.subject)).not.toContain(`Your place at ${event.name} is confirmed`);
  });
});
