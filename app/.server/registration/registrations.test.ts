import ICAL from "ical.js";
import { beforeEach, describe, expect, it } from "vitest";
import { makeEvent, makeRegistration, registrationInput } from "../../../tests/support/factories";
import { firstRow, nowIso, query, rowsOf } from "../platform";
import { createTicketType, findEventById, updateTicketType } from "../events";
import { verifyDraw } from "./weighted-lottery";
import {
  approveRegistration,
  cancelRegistration,
  confirmPlace,
  countsByCouncil,
  declineRegistration,
  drawLottery,
  eraseRegistration,
  expireAndOfferPlaces,
  findLotteryDraw,
  findRegistration,
  findRegistrationByToken,
  listRegistrations,
  personalData,
  registerForEvent,
  RegistrationRefused,
  registrationsCsvRows,
  releasePlaces,
  resendRegistrationLinks,
  saveEventDetails,
  saveTicketType,
  sendNewManageLink,
  setCheckedIn,
  setLotteryClosing,
  ticketAvailability,
  updateRegistrationDetails,
} from ".";

type Email = { to_address: string; subject: string; text_body: string; attachments: string };

async function emailsTo(address: string): Promise<Email[]> {
  return rowsOf<Email>(await query({ sql: "SELECT to_address, subject, text_body, attachments FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}

async function lastEmailTo(address: string): Promise<Email> {
  const emails = await emailsTo(address);
  expect(emails.length, `an email to ${address}`).toBeGreaterThan(0);
  return emails[emails.length - 1];
}

function tokenFrom(email: Email, path: string): string {
  const match = email.text_body.match(new RegExp(`${path.replace(/[/?]/g, "\\$&")}([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`No ${path} link in "${email.subject}":\n${email.text_body}`);
  return match[1];
}

const confirmToken = (email: Email) => tokenFrom(email, "/register/confirm?token=");
const manageToken = (email: Email) => tokenFrom(email, "/r/");


/** Registers and follows the emailed link at once, as a real person does (unverified registrations take nothing). */
async function join(slug: string, input: Parameters<typeof registerForEvent>[1], now = new Date()) {
  const outcome = await registerForEvent(slug, input, now);
  const result = await confirmPlace(outcome.verifyToken, now);
  if (!result.ok) throw new Error(`Verification failed: ${result.reason}`);
  return { ...outcome, status: result.status };
}

async function status(id: number) {
  return (await findRegistration(id))!.status;
}

async function refusal(promise: Promise<unknown>): Promise<RegistrationRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistrationRefused);
  return error as RegistrationRefused;
}

describe("registering for a free place", () => {
  it("takes no place until the emailed link is followed; following it takes the place, once", async () => {
    const { event, ticket } = await makeEvent({ quota: 5 });
    const outcome = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "  Pat.Example@Guildford.GOV.UK " }));
    expect(outcome.status).toBe("held");
    expect(outcome.email).toBe("pat.example@guildford.gov.uk");
    const row = (await findRegistration(outcome.registrationId))!;
    expect(row.councilName).toBe("Guildford Borough Council");
    expect(row.holdExpiresAt! > nowIso()).toBe(true);

    const verification = await lastEmailTo("pat.example@guildford.gov.uk");
    expect(verification.subject).toBe("Confirm your email address to get a place at Test Camp");
    expect(verification.text_body).toContain("Your place is not held until you do.");
    expect(verification.text_body).toContain("http://pitchgrid.test/r/");
    expect((await ticketAvailability(event.id)).get(ticket.id)).toMatchObject({ taken: 0, placesLeft: 5, waiting: 0 });

    expect(await confirmPlace("not a token")).toEqual({ ok: false, reason: "invalid" });
    expect(await confirmPlace(confirmToken(verification).slice(0, -2) + "xx")).toEqual({ ok: false, reason: "invalid" });
    const confirmed = await confirmPlace(confirmToken(verification));
    expect(confirmed).toMatchObject({ ok: true, registrationId: outcome.registrationId, eventSlug: event.slug, status: "confirmed" });
    expect(await status(outcome.registrationId)).toBe("confirmed");
    expect((await ticketAvailability(event.id)).get(ticket.id)).toMatchObject({ taken: 1, placesLeft: 4, waiting: 0 });
    expect(await confirmPlace(confirmToken(verification))).toEqual({ ok: false, reason: "used" });

    const confirmation = await lastEmailTo("pat.example@guildford.gov.uk");
    expect(confirmation.subject).toBe("Your place at Test Camp is confirmed");
    // Each email carries its own private link (none can be rebuilt from the database), and
    // every one of them opens the same registration.
    expect(manageToken(verification)).toBe(outcome.manageToken);
    expect(manageToken(confirmation)).not.toBe(manageToken(verification));
    for (const email of [verification, confirmation]) expect((await findRegistrationByToken(manageToken(email)))?.id).toBe(outcome.registrationId);
    const calendar = JSON.parse(confirmation.attachments).calendar as { method: string; content: string };
    expect(calendar.method).toBe("REQUEST");
    const vevent = new ICAL.Component(ICAL.parse(calendar.content)).getFirstSubcomponent("vevent")!;
    expect(vevent.getFirstPropertyValue("uid")).toBe(`registration-${outcome.registrationId}@pitchgrid.test`);
  });

  it("refuses a second live registration for the same email, whatever its case", async () => {
    const { event, ticket } = await makeEvent();
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "sam@guildford.gov.uk" }));
    const error = await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "SAM@Guildford.gov.uk" })));
    expect(error.message).toContain("already registered");
    expect(error.field).toBe("email");
  });

  it("lets a person who cancelled register again", async () => {
    const { event, ticket } = await makeEvent();
    const first = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "again@guildford.gov.uk" }));
    await cancelRegistration(first.registrationId);
    const second = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "again@guildford.gov.uk" }));
    expect(second.status).toBe("held");
  });

  it("refuses unknown ticket types, and ticket types not yet open or closed", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    expect((await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: 999_999 })))).field).toBe("ticketTypeId");
    expect((await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: other.ticket.id })))).message).toBe("Choose one of the ticket types listed");
    const soon = new Date(Date.now() + 86400_000);
    await updateTicketType(event.id, ticket.id, { ...ticket, opensAt: soon, closesAt: null });
    expect((await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id })))).message).toMatch(/^Registration for Standard opens on /);
    await updateTicketType(event.id, ticket.id, { ...ticket, opensAt: null, closesAt: new Date(Date.now() - 1000) });
    expect((await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id })))).message).toBe("Registration for Standard has closed");
  });

  it("answers an unknown event with a 404", async () => {
    const error = await registerForEvent("no-such-event", registrationInput({ ticketTypeId: 1 })).catch((e: unknown) => e);
    expect((error as Response).status).toBe(404);
  });
});

describe("eligibility", () => {
  it("refuses a non-council address for a council-only ticket, and can take it as an approval request", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only" });
    const error = await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "jo@guildford.gov.uk.evil.com" })));
    expect(error.field).toBe("email");
    expect(error.canRequestApproval).toBe(true);

    const request = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "jo@guildford.gov.uk.evil.com", approvalRequest: "Council-owned company" }));
    expect([request.status, request.next]).toEqual(["held", "approval"]);
    // Nothing reaches the organisers until the address is verified.
    expect(await emailsTo("organiser@council.test")).toHaveLength(0);
    expect((await confirmPlace(request.verifyToken)) as { status?: string }).toMatchObject({ ok: true, status: "pending-approval" });
    const row = (await findRegistration(request.registrationId))!;
    expect(row.status).toBe("pending-approval");
    expect(row.approvalReason).toBe("Council-owned company");
    expect(row.councilName).toBeNull();
    expect((await lastEmailTo("organiser@council.test")).subject).toBe("Approval requests waiting for Test Camp");

    // Erasing the person also clears the organisers' copy of their request.
    await eraseRegistration(request.registrationId);
    const mentions = firstRow<{ n: number }>(await query("SELECT COUNT(*) AS n FROM email_outbox WHERE text_body LIKE '%jo@guildford.gov.uk.evil.com%'"));
    expect(Number(mentions!.n)).toBe(0);
  });

  it("accepts the organiser's extra council domains for a council-only ticket, named by the domain", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only", domains: ["surreycouncilservices.co.uk"] });
    const ok = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "kim@hr.surreycouncilservices.co.uk" }));
    expect(ok.status).toBe("held");
    expect((await findRegistration(ok.registrationId))!.councilName).toBe("surreycouncilservices.co.uk");
    // The register still works alongside the extras, and lookalikes of an extra are refused.
    expect((await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "lee@guildford.gov.uk" }))).status).toBe("held");
    const error = await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "kim@notsurreycouncilservices.co.uk" })));
    expect(error.message).toContain("for people who work for a UK council");
    // Another event without the extra domain refuses it.
    const other = await makeEvent({ rule: "council-only" });
    await refusal(registerForEvent(other.event.slug, registrationInput({ ticketTypeId: other.ticket.id, email: "kim@surreycouncilservices.co.uk" })));
  });

  it("puts everyone on an approval ticket in the approval queue; approve offers a place, decline emails", async () => {
    const { event, ticket } = await makeEvent({ rule: "approval", quota: 1 });
    const a = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "a@supplier.example" }));
    const b = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "b@supplier.example" }));
    const c = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "c@supplier.example" }));
    expect([a.status, b.status, c.status]).toEqual(["pending-approval", "pending-approval", "pending-approval"]);
    expect((await ticketAvailability(event.id)).get(ticket.id)!.placesLeft).toBe(1);

    expect(await approveRegistration(event.id, a.registrationId)).toBe("offered");
    const offer = await lastEmailTo("a@supplier.example");
    expect(offer.subject).toMatch(/approved: accept your place/);
    expect(await approveRegistration(event.id, b.registrationId)).toBe("waiting");
    expect((await lastEmailTo("b@supplier.example")).subject).toMatch(/you are on the waiting list/);
    await declineRegistration(event.id, c.registrationId);
    expect(await status(c.registrationId)).toBe("declined");
    expect((await lastEmailTo("c@supplier.example")).text_body).toContain("not able to offer you a place");

    await expect(approveRegistration(event.id, c.registrationId)).rejects.toThrow("not waiting for approval");
    const otherEvent = await makeEvent();
    await expect(approveRegistration(otherEvent.event.id, a.registrationId)).rejects.toMatchObject({ kind: "not-found", status: 404 });

    expect((await confirmPlace(confirmToken(offer))).ok).toBe(true);
    expect(await status(a.registrationId)).toBe("confirmed");
  });
});

describe("the waiting list", () => {
  it("waits when full, offers the place a cancellation frees, and passes an unclaimed offer on", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const first = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "first@guildford.gov.uk" }));
    const second = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "second@guildford.gov.uk" }));
    const third = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "third@guildford.gov.uk" }));
    expect([second.status, third.status]).toEqual(["waiting", "waiting"]);
    expect((await lastEmailTo("second@guildford.gov.uk")).subject).toBe("You are on the waiting list for Test Camp");
    expect((await ticketAvailability(event.id)).get(ticket.id)).toMatchObject({ placesLeft: 0, waiting: 2 });

    await cancelRegistration(first.registrationId);
    const cancellation = await lastEmailTo("first@guildford.gov.uk");
    expect(cancellation.subject).toBe("Your registration for Test Camp is cancelled");
    expect(JSON.parse(cancellation.attachments).calendar.method).toBe("CANCEL");
    expect(await status(second.registrationId)).toBe("offered");
    expect(await status(third.registrationId)).toBe("waiting");
    const offer = await lastEmailTo("second@guildford.gov.uk");
    expect(offer.subject).toBe("A place at Test Camp is available for you");

    // Nobody claims it within 48 hours: it expires and passes to the third person.
    const later = new Date(Date.now() + 49 * 3600_000);
    // (The job covers every event in this test file's database, so only its effect here is checked.)
    expect((await expireAndOfferPlaces(later)).offered).toBeGreaterThanOrEqual(1);
    expect(await status(second.registrationId)).toBe("expired");
    expect((await lastEmailTo("second@guildford.gov.uk")).subject).toBe("Your offer of a place at Test Camp has expired");
    expect(await confirmPlace(confirmToken(offer), later)).toEqual({ ok: false, reason: "expired" });
    expect(await status(third.registrationId)).toBe("offered");
    expect((await confirmPlace(confirmToken(await lastEmailTo("third@guildford.gov.uk")), later)).ok).toBe(true);
  });

  it("an unverified registration holds nothing: the first to verify gets the place, and the link runs out after the hold minutes", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const slow = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const quick = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    expect(quick.status).toBe("confirmed");
    expect((await ticketAvailability(event.id)).get(ticket.id)).toMatchObject({ placesLeft: 0, waiting: 0 });
    // The slower person verifies later: the place has gone, so they wait.
    expect(await confirmPlace(slow.verifyToken, new Date(Date.now() + 10 * 60_000))).toMatchObject({ ok: true, status: "waiting" });
    expect(await confirmPlace(slow.verifyToken)).toEqual({ ok: false, reason: "used" });

    const unverified = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    await expireAndOfferPlaces(new Date(Date.now() + 29 * 60_000));
    expect(await status(unverified.registrationId)).toBe("held");
    const later = new Date(Date.now() + 31 * 60_000);
    expect(await confirmPlace(unverified.verifyToken, later)).toEqual({ ok: false, reason: "expired" });
    expect(await status(unverified.registrationId)).toBe("expired");
    // An expired unverified registration was never offered anything.
    expect((await emailsTo(unverified.email)).map((e) => e.subject)).toEqual(["Confirm your email address to get a place at Test Camp"]);
  });

  it("a newcomer does not take a place freed while others wait", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const waiter = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    // A place is freed (a quota raised by hand) but the job has not yet run.
    await query({ sql: "UPDATE ticket_types SET quota = 2 WHERE id = ?", args: [ticket.id] });
    const newcomer = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    expect(newcomer.status).toBe("waiting");
    await expireAndOfferPlaces();
    expect(await status(waiter.registrationId)).toBe("offered");
    expect(await status(newcomer.registrationId)).toBe("waiting");
  });

  it("respects the event capacity across ticket types", async () => {
    const { event, ticket } = await makeEvent({ quota: 5, capacity: 2 });
    const second = await createTicketType(event.id, { name: "Suppliers", quota: 5, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
    const a = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const b = await join(event.slug, registrationInput({ ticketTypeId: second.id }));
    const c = await join(event.slug, registrationInput({ ticketTypeId: second.id }));
    expect([a.status, b.status, c.status]).toEqual(["confirmed", "confirmed", "waiting"]);
    await cancelRegistration(a.registrationId);
    expect(await status(c.registrationId)).toBe("offered");
  });

  it("offers places when the organiser releases them, and when a quota was raised", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, capacity: 1 });
    await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w1 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w2 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w3 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    expect(await releasePlaces(event.id, ticket.id, 1)).toBe(1);
    expect(await status(w1.registrationId)).toBe("offered");
    expect(await status(w2.registrationId)).toBe("waiting");
    await expect(releasePlaces(event.id, ticket.id, 0)).rejects.toThrow("1 or more");

    // A quota raised on the ticket type page is picked up by the periodic job.
    await updateTicketType(event.id, ticket.id, { ...ticket, quota: 3, opensAt: null, closesAt: null });
    await query({ sql: "UPDATE events SET capacity = 10 WHERE id = ?", args: [event.id] });
    await expireAndOfferPlaces();
    expect(await status(w2.registrationId)).toBe("offered");
    expect(await status(w3.registrationId)).toBe("waiting");
  });
});

describe("raising a quota on the ticket type page", () => {
  it("offers the new places to the waiting list at once, in order, within the event capacity", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, capacity: 3 });
    await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w1 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w2 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w3 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    // Renaming alone frees nothing.
    expect(await saveTicketType(event.id, ticket.id, { ...ticket, name: "Council staff", opensAt: null, closesAt: null })).toBe(0);
    expect(await status(w1.registrationId)).toBe("waiting");
    // Quota 1 -> 5, but the event holds 3: two offers go out, no periodic job needed.
    expect(await saveTicketType(event.id, ticket.id, { ...ticket, quota: 5, opensAt: null, closesAt: null })).toBe(2);
    expect([await status(w1.registrationId), await status(w2.registrationId), await status(w3.registrationId)]).toEqual(["offered", "offered", "waiting"]);
    expect((await lastEmailTo(w1.email)).subject).toBe("A place at Test Camp is available for you");
  });
});

describe("an event's own windows", () => {
  it("keep a confirmation link working and an offer open for the event's times, or the site's when blank", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, startsAt: new Date("2030-02-01T09:00:00.000Z") });
    const current = (await findEventById(event.id))!;
    const input = { slug: current.slug, name: current.name, summary: current.summary, venue: current.venue, startsAt: new Date(current.startsAt), endsAt: new Date(current.endsAt), timeZone: current.timeZone, capacity: current.capacity };
    await saveEventDetails(event.id, { ...input, holdMinutes: 10, offerHours: 2 });
    expect(await findEventById(event.id)).toMatchObject({ holdMinutes: 10, offerHours: 2 });

    const now = new Date("2030-01-01T12:00:00.000Z");
    const first = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }), now);
    expect((await findRegistration(first.registrationId))!.holdExpiresAt).toBe("2030-01-01T12:10:00.000Z");
    expect(await confirmPlace(first.verifyToken, new Date("2030-01-01T12:10:00.000Z"))).toEqual({ ok: false, reason: "expired" });
    const firstAgain = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: first.email }), now);
    expect(await confirmPlace(firstAgain.verifyToken, new Date("2030-01-01T12:09:59.000Z"))).toMatchObject({ ok: true, status: "confirmed" });
    const second = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }), now);
    expect(second.status).toBe("waiting");
    await cancelRegistration(firstAgain.registrationId, new Date("2030-01-01T12:05:00.000Z"));
    expect((await findRegistration(second.registrationId))!).toMatchObject({ status: "offered", offerExpiresAt: "2030-01-01T14:05:00.000Z" });

    // Blank again: the site's defaults (HOLD_MINUTES 30).
    await saveEventDetails(event.id, { ...input, holdMinutes: null, offerHours: null });
    const third = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }), now);
    expect(third.status).toBe("waiting");
    expect(await findEventById(event.id)).toMatchObject({ holdMinutes: null, offerHours: null });
  });
});

describe("raising the event capacity on the event details page", () => {
  it("offers the places it frees to the waiting list at once", async () => {
    const { event, ticket } = await makeEvent({ quota: 5, capacity: 1 });
    await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w1 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const w2 = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    expect([await status(w1.registrationId), await status(w2.registrationId)]).toEqual(["waiting", "waiting"]);
    const current = (await findEventById(event.id))!;
    const input = { slug: current.slug, name: current.name, summary: current.summary, venue: current.venue, startsAt: new Date(current.startsAt), endsAt: new Date(current.endsAt), timeZone: current.timeZone };
    expect((await saveEventDetails(event.id, { ...input, capacity: 1 })).offered).toBe(0);
    const saved = await saveEventDetails(event.id, { ...input, capacity: 2 });
    expect(saved.offered).toBe(1);
    expect([await status(w1.registrationId), await status(w2.registrationId)]).toEqual(["offered", "waiting"]);
  });
});

describe("emailing someone's links again", () => {
  it("sends a held place a fresh confirmation link (the old one stops working) and a private link (the old one still works)", async () => {
    const { event, ticket } = await makeEvent({ quota: 5 });
    const outcome = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "lost@guildford.gov.uk" }));
    const first = await lastEmailTo("lost@guildford.gov.uk");
    const duplicate = await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "LOST@guildford.gov.uk" })));
    expect(duplicate.canResendLinks).toBe(true);

    expect(await resendRegistrationLinks(event.slug, " Lost@Guildford.gov.uk ")).toBe(true);
    const again = await lastEmailTo("lost@guildford.gov.uk");
    expect(again.subject).toBe("Your links for Test Camp");
    expect((await findRegistrationByToken(manageToken(again)))?.id).toBe(outcome.registrationId);
    expect((await findRegistrationByToken(outcome.manageToken))?.id).toBe(outcome.registrationId);
    expect(confirmToken(again)).not.toBe(confirmToken(first));
    expect(await confirmPlace(confirmToken(first))).toEqual({ ok: false, reason: "invalid" });
    expect(await confirmPlace(confirmToken(again))).toMatchObject({ ok: true, registrationId: outcome.registrationId });
    expect(await status(outcome.registrationId)).toBe("confirmed");

    // Confirmed: the private link and where they stand, nothing to confirm.
    expect(await resendRegistrationLinks(event.slug, "lost@guildford.gov.uk")).toBe(true);
    const confirmedLinks = await lastEmailTo("lost@guildford.gov.uk");
    expect(confirmedLinks.text_body).toContain("Your registration: Confirmed.");
    expect(confirmedLinks.text_body).not.toContain("/register/confirm?token=");
    expect((await findRegistrationByToken(manageToken(confirmedLinks)))?.id).toBe(outcome.registrationId);
  });

  it("sends nothing for an address with no live registration at the event", async () => {
    const { event, ticket } = await makeEvent({ quota: 5 });
    const other = await makeEvent({ quota: 5 });
    const elsewhere = await registerForEvent(other.event.slug, registrationInput({ ticketTypeId: other.ticket.id, email: "elsewhere@guildford.gov.uk" }));
    const cancelled = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "gone@guildford.gov.uk" }));
    await cancelRegistration(cancelled.registrationId);
    const before = (await emailsTo("elsewhere@guildford.gov.uk")).length + (await emailsTo("gone@guildford.gov.uk")).length;
    expect(await resendRegistrationLinks(event.slug, "nobody@guildford.gov.uk")).toBe(false);
    expect(await resendRegistrationLinks(event.slug, "elsewhere@guildford.gov.uk")).toBe(false);
    expect(await resendRegistrationLinks(event.slug, "gone@guildford.gov.uk")).toBe(false);
    expect((await emailsTo("nobody@guildford.gov.uk")).length).toBe(0);
    expect((await emailsTo("elsewhere@guildford.gov.uk")).length + (await emailsTo("gone@guildford.gov.uk")).length).toBe(before);
    expect(elsewhere.status).toBe("held");
  });
});

describe("every email to a registrant carries their private link", () => {
  async function expectManageLink(email: Email, registrationId: number) {
    const found = await findRegistrationByToken(manageToken(email));
    expect(found?.id, `"${email.subject}" links to its registration`).toBe(registrationId);
  }
  const subjects = async (address: string) => (await emailsTo(address)).map((e) => e.subject);

  it("verification, confirmation (with .ics), waiting list, offer, offer expired and cancellation", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const a = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const b = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    await cancelRegistration(a.registrationId);
    await expireAndOfferPlaces(new Date(Date.now() + 49 * 3600_000));

    expect(await subjects(a.email)).toEqual([
      "Confirm your email address to get a place at Test Camp",
      "Your place at Test Camp is confirmed",
      "Your registration for Test Camp is cancelled",
    ]);
    expect(await subjects(b.email)).toEqual([
      "Confirm your email address to get a place at Test Camp",
      "You are on the waiting list for Test Camp",
      "A place at Test Camp is available for you",
      "Your offer of a place at Test Camp has expired",
    ]);
    for (const email of await emailsTo(a.email)) await expectManageLink(email, a.registrationId);
    for (const email of await emailsTo(b.email)) await expectManageLink(email, b.registrationId);
    const [, confirmation, cancellation] = await emailsTo(a.email);
    expect(JSON.parse(confirmation.attachments).calendar.content).toContain("BEGIN:VEVENT");
    expect(JSON.parse(cancellation.attachments).calendar.method).toBe("CANCEL");
  });

  it("approval requested, approved (offer or waiting list) and declined", async () => {
    const { event, ticket } = await makeEvent({ rule: "approval", quota: 1 });
    const people = [];
    for (let i = 0; i < 3; i++) people.push(await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: `applicant${i}-${event.id}@supplier.example` })));
    await approveRegistration(event.id, people[0].registrationId);
    await approveRegistration(event.id, people[1].registrationId);
    await declineRegistration(event.id, people[2].registrationId);
    expect(await subjects(people[0].email)).toEqual(["Confirm your email address to send your request for Test Camp", "Your request for a place at Test Camp", "Your request for Test Camp is approved: accept your place"]);
    expect(await subjects(people[1].email)).toEqual(["Confirm your email address to send your request for Test Camp", "Your request for a place at Test Camp", "Your request for Test Camp is approved: you are on the waiting list"]);
    expect(await subjects(people[2].email)).toEqual(["Confirm your email address to send your request for Test Camp", "Your request for a place at Test Camp", "Your request for Test Camp was not approved"]);
    expect((await lastEmailTo(people[2].email)).text_body).toContain("not able to offer you a place");
    for (const p of people) for (const email of await emailsTo(p.email)) await expectManageLink(email, p.registrationId);
  });
});

describe("attendee self-service", () => {
  it("finds the registration by its private link, changes details, and issues a new link on request", async () => {
    const { event, ticket } = await makeEvent();
    const outcome = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "self@guildford.gov.uk" }));
    expect((await findRegistrationByToken(outcome.manageToken))!.id).toBe(outcome.registrationId);
    expect(await findRegistrationByToken("x".repeat(43))).toBeNull();
    await updateRegistrationDetails(outcome.registrationId, { name: "New Name", organisation: "GBC", jobRole: "Lead", accessNeeds: "Step-free", dietaryNeeds: "Vegan" });
    expect(await findRegistration(outcome.registrationId)).toMatchObject({ name: "New Name", accessNeeds: "Step-free", dietaryNeeds: "Vegan" });

    await sendNewManageLink(outcome.registrationId);
    expect(await findRegistrationByToken(outcome.manageToken)).toBeNull();
    const fresh = manageToken(await lastEmailTo("self@guildford.gov.uk"));
    expect((await findRegistrationByToken(fresh))!.id).toBe(outcome.registrationId);
  });

  it("exports the person's data and erases it, passing the place on", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const outcome = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "erase.me@guildford.gov.uk", accessNeeds: "Hearing loop" }));
    const waiter = await join(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    const data = await personalData(outcome.registrationId);
    expect(data.registration).toMatchObject({ email: "erase.me@guildford.gov.uk", accessNeeds: "Hearing loop", status: "confirmed" });
    expect(data.emailsSent.map((e) => e.subject)).toContain("Confirm your email address to get a place at Test Camp");

    await eraseRegistration(outcome.registrationId);
    const erased = (await findRegistration(outcome.registrationId))!;
    expect(erased).toMatchObject({ status: "erased", name: "", organisation: "", accessNeeds: "", councilName: null });
    expect(erased.email).not.toContain("erase.me");
    expect(await findRegistrationByToken(outcome.manageToken)).toBeNull();
    expect(await emailsTo("erase.me@guildford.gov.uk")).toHaveLength(0);
    const leftovers = firstRow<{ n: number }>(await query("SELECT COUNT(*) AS n FROM email_outbox WHERE text_body LIKE '%Hearing loop%' OR to_address LIKE '%erase.me%'"));
    expect(Number(leftovers!.n)).toBe(0);
    expect(await status(waiter.registrationId)).toBe("offered");
    await expect(personalData(outcome.registrationId)).rejects.toMatchObject({ kind: "not-found", status: 404 });
  });

  it("removes the hosting and marks of an erased person", async () => {
    const { event, ticket } = await makeEvent();
    const attendee = await makeRegistration(event.id, ticket.id);
    const now = nowIso();
    const pitch = await query({
      sql: "INSERT INTO pitches (event_id, title, created_by_registration_id, created_at, updated_at) VALUES (?, 'Open data', ?, ?, ?)",
      args: [event.id, attendee.id, now, now],
    });
    const pitchId = Number(pitch.lastInsertRowid);
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, added_at) VALUES (?, ?, ?)", args: [pitchId, attendee.id, now] });
    await query({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [pitchId, attendee.id, now] });
    expect((await personalData(attendee.id)).sessionsHosted).toEqual([{ title: "Open data", role: "host" }]);
    await eraseRegistration(attendee.id);
    const left = firstRow<{ hosts: number; marks: number; creator: number | null }>(
      await query({
        sql: "SELECT (SELECT COUNT(*) FROM pitch_hosts WHERE registration_id = :r) AS hosts, (SELECT COUNT(*) FROM pitch_interest WHERE registration_id = :r) AS marks, (SELECT created_by_registration_id FROM pitches WHERE id = :p) AS creator",
        args: { r: attendee.id, p: pitchId },
      }),
    )!;
    expect([Number(left.hosts), Number(left.marks), left.creator]).toEqual([0, 0, null]);
  });

  it("cannot cancel twice", async () => {
    const { event, ticket } = await makeEvent();
    const outcome = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    await cancelRegistration(outcome.registrationId);
    await expect(cancelRegistration(outcome.registrationId)).rejects.toThrow("nothing to cancel");
    expect(await confirmPlace(outcome.verifyToken)).toEqual({ ok: false, reason: "cancelled" });
  });
});

describe("organisers", () => {
  it("filter, count by council, check people in and export", async () => {
    const { event, ticket } = await makeEvent({ quota: 2 });
    const a = await join(event.slug, registrationInput({ ticketTypeId: ticket.id, name: "=cmd|' /C calc'!A0", email: "a@guildford.gov.uk" }));
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "b@surreycc.gov.uk" }));
    await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "c@guildford.gov.uk" }));
    await query({ sql: "UPDATE ticket_types SET quota = 1 WHERE id = ?", args: [ticket.id] });
    await join(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "d@guildford.gov.uk" }));
    expect((await listRegistrations(event.id)).map((r) => r.status)).toEqual(["confirmed", "held", "confirmed", "waiting"]);
    expect((await listRegistrations(event.id, { status: "waiting" })).map((r) => r.email)).toEqual(["d@guildford.gov.uk"]);
    expect((await listRegistrations(event.id, { search: "surrey" })).map((r) => r.email)).toEqual(["b@surreycc.gov.uk"]);
    expect((await listRegistrations(event.id, { search: "%" })).length).toBe(0);
    // Counted once verified: b has not followed their link yet.
    expect(await countsByCouncil(event.id)).toEqual([{ council: "Guildford Borough Council", count: 3 }]);
    await setCheckedIn(event.id, a.registrationId, true);
    expect((await findRegistration(a.registrationId))!.checkedInAt).not.toBeNull();
    await setCheckedIn(event.id, a.registrationId, false);
    expect((await findRegistration(a.registrationId))!.checkedInAt).toBeNull();
    const rows = await registrationsCsvRows(event);
    expect(rows[0][0]).toBe("Name");
    expect(rows[1][0]).toBe("=cmd|' /C calc'!A0");
  });
});

describe("lottery", () => {
  let eventSlug: string;
  let eventId: number;
  let ticketId: number;
  const closes = new Date(Date.now() + 3600_000);

  beforeEach(async () => {
    const { event, ticket } = await makeEvent({ quota: 3 });
    eventSlug = event.slug;
    eventId = event.id;
    ticketId = ticket.id;
    await setLotteryClosing(eventId, ticketId, closes);
  });

  it("takes applications, then draws reproducibly: places offered in draw order, the rest waiting in draw order", async () => {
    const entrants: Awaited<ReturnType<typeof join>>[] = [];
    // Someone who never verifies is not in the draw.
    const unverified = await registerForEvent(eventSlug, registrationInput({ ticketTypeId: ticketId }));
    expect(unverified.next).toBe("lottery");
    for (let i = 0; i < 8; i++) entrants.push(await join(eventSlug, registrationInput({ ticketTypeId: ticketId })));
    expect(new Set(entrants.map((e) => e.status))).toEqual(new Set(["lottery-entered"]));
    expect((await lastEmailTo(entrants[0].email)).subject).toMatch(/You are in the draw/);
    await expect(drawLottery(ticketId, "organiser@council.test")).rejects.toThrow("still open");

    const after = new Date(closes.getTime() + 1000);
    const draw = await drawLottery(ticketId, "organiser@council.test", after, "fixed-seed");
    // The published record (entry numbers in registration order) re-runs to the same order.
    expect(verifyDraw(draw.record).matches).toBe(true);
    expect(draw.drawnOrder).toEqual(draw.record.order.map((entry) => entrants[entry - 1].registrationId));
    expect(draw.entrantIds).not.toContain(unverified.registrationId);
    expect(draw.places).toBe(3);
    for (const [index, id] of draw.drawnOrder.entries()) {
      const row = (await findRegistration(id))!;
      expect(row.lotteryRank).toBe(index + 1);
      expect(row.status).toBe(index < 3 ? "offered" : "waiting");
    }
    expect(await findLotteryDraw(ticketId)).toMatchObject({ seed: "fixed-seed", places: 3, drawnBy: "organiser@council.test" });
    await expect(drawLottery(ticketId, "x", after)).rejects.toThrow("already happened");

    // A winner who cancels passes the place to the next in draw order, not the earliest to apply.
    await cancelRegistration(draw.drawnOrder[0]);
    expect(await status(draw.drawnOrder[3])).toBe("offered");
    // After the draw, newcomers join the end of the waiting list.
    const late = await join(eventSlug, registrationInput({ ticketTypeId: ticketId }), after);
    expect(late.status).toBe("waiting");
  });
});
