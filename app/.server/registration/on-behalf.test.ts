import { describe, expect, it } from "vitest";
import { makeEvent, makeRegistration, registrationInput } from "../../../tests/support/factories";
import { DomainError, query, rowsOf } from "../platform";
import { addQuestion, answersOf, createTicketType, findEventById, findTicketType, saveAnswers } from "../events";
import { writeTransaction } from "../platform";
import { PitchFormSchema } from "~/domain/pitch-rules";
import { createPitch } from "../pitching";
import { confirmPlace, findRegistration, registerForEvent, setCheckedIn, ticketAvailability } from ".";
import { addPerson } from "./add-person";
import { approveWithExtraPlace } from "./approval-requests";
import { cancelOnBehalf, changeTicketType, organiserNotes, resendLinksFor, setNoShow, transferPlace } from "./on-behalf";

type Email = { to_address: string; subject: string; text_body: string };
async function emailsTo(address: string): Promise<Email[]> {
  return rowsOf<Email>(await query({ sql: "SELECT to_address, subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}
async function refusedWith(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}
const walkIn = (ticketTypeId: number, overrides: Partial<Parameters<typeof addPerson>[2]> = {}) => ({
  name: "Wally Walkin",
  email: "",
  organisation: "",
  ticketTypeId,
  reason: "",
  overCapacity: false,
  checkIn: false,
  ...overrides,
});

describe("adding a person at the desk", () => {
  it("gives a walk-in without email a confirmed place they can be checked in with and host a pitch with, emailing nobody", async () => {
    const { event, ticket } = await makeEvent();
    const before = Number(rowsOf<{ n: number }>(await query("SELECT COUNT(*) AS n FROM email_outbox"))[0].n);
    const outcome = await addPerson(event, "organiser@council.test", walkIn(ticket.id, { checkIn: true }));
    if (!outcome.added) throw new Error("not added");
    expect(outcome.emailed).toBe(false);
    const person = (await findRegistration(outcome.registrationId))!;
    expect(person.status).toBe("confirmed");
    expect(person.checkedInAt).not.toBeNull();
    expect(Number(rowsOf<{ n: number }>(await query("SELECT COUNT(*) AS n FROM email_outbox"))[0].n)).toBe(before);
    expect((await organiserNotes(person.id)).addedBy).toBe("organiser@council.test");
    // An organiser can add a pitch with them as host straight away.
    const pitch = await createPitch(event.id, person.id, PitchFormSchema.parse({ title: "Walk-in session", format: "discussion", coHosts: "" }), { kind: "organiser", email: "organiser@council.test" });
    expect(pitch.hosts.map((h) => h.registrationId)).toEqual([person.id]);
  });

  it("emails a person added with an address their confirmation and private link", async () => {
    const { event, ticket } = await makeEvent();
    const outcome = await addPerson(event, "organiser@council.test", walkIn(ticket.id, { email: "Speaker@Woking.gov.uk", name: "Sue Speaker" }));
    expect(outcome.added).toBe(true);
    const [email] = await emailsTo("speaker@woking.gov.uk");
    expect(email.subject).toBe("Your place at Test Camp is confirmed");
    expect(email.text_body).toMatch(/\/r\/[A-Za-z0-9_-]+/);
  });

  it("asks for a reason to set aside the ticket's rule, and keeps it", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only" });
    const refused = await refusedWith(addPerson(event, "o@council.test", walkIn(ticket.id, { email: "someone@supplier.example.com" })));
    expect(refused.field).toBe("reason");
    expect(refused.message).toMatch(/give the reason/);
    const outcome = await addPerson(event, "o@council.test", walkIn(ticket.id, { email: "someone@supplier.example.com", reason: "Speaker" }));
    if (!outcome.added) throw new Error("not added");
    expect((await organiserNotes(outcome.registrationId)).addedReason).toMatch(/Speaker/);
    // Approval-only tickets need the reason too; an open ticket does not.
    const approval = await createTicketType(event.id, { name: "Suppliers", quota: 5, rule: "approval", allowedDomains: [], opensAt: null, closesAt: null });
    expect((await refusedWith(addPerson(event, "o@council.test", walkIn(approval.id)))).field).toBe("reason");
  });

  it("warns before going over capacity and adds only when told to", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    await makeRegistration(event.id, ticket.id);
    const warned = await addPerson(event, "o@council.test", walkIn(ticket.id));
    expect(warned).toEqual({ added: false, warning: expect.objectContaining({ ticketName: "Standard", quota: 1, ticketTaken: 1 }) });
    expect(rowsOf(await query({ sql: "SELECT id FROM registrations WHERE event_id = ?", args: [event.id] })).length).toBe(1);
    const added = await addPerson(event, "o@council.test", walkIn(ticket.id, { overCapacity: true }));
    expect(added).toMatchObject({ added: true, overCapacity: true });
    expect((await ticketAvailability(event.id)).get(ticket.id)).toMatchObject({ taken: 2, placesLeft: 0 });
  });

  it("refuses an address already registered, plus-tag or not", async () => {
    const { event, ticket } = await makeEvent();
    await makeRegistration(event.id, ticket.id, { email: "dup@guildford.gov.uk" });
    expect((await refusedWith(addPerson(event, "o@council.test", walkIn(ticket.id, { email: "dup+desk@guildford.gov.uk" })))).field).toBe("email");
  });
});

describe("acting on someone's page", () => {
  it("cancels a place for them; it passes to the waiting list and they are told the organiser did it", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const holder = await makeRegistration(event.id, ticket.id, { email: "holder@guildford.gov.uk" });
    const next = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "next@guildford.gov.uk" }));
    expect(await confirmPlace(next.verifyToken)).toMatchObject({ ok: true, status: "waiting" });
    await cancelOnBehalf(event.id, holder.id);
    expect((await findRegistration(holder.id))!.status).toBe("cancelled");
    expect((await findRegistration(next.registrationId))!.status).toBe("offered");
    expect((await emailsTo("holder@guildford.gov.uk")).at(-1)!.text_body).toMatch(/an organiser has cancelled your place/);
    await refusedWith(cancelOnBehalf(event.id, holder.id));
  });

  it("changes the ticket type, warning when the new one is full, and offers the place left behind", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const speakers = await createTicketType(event.id, { name: "Speakers", quota: 1, rule: "approval", allowedDomains: [], opensAt: null, closesAt: null });
    const person = await makeRegistration(event.id, ticket.id, { email: "mover@guildford.gov.uk" });
    const waiting = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    await confirmPlace(waiting.verifyToken);
    const moved = await changeTicketType(event.id, person.id, speakers.id, false);
    expect(moved).toEqual({ changed: true, from: "Standard", to: "Speakers", offered: 1 });
    expect((await findRegistration(waiting.registrationId))!.status).toBe("offered");
    expect((await emailsTo("mover@guildford.gov.uk")).at(-1)!.subject).toBe("Your ticket for Test Camp has changed");
    // Speakers is now full: moving someone else there warns first.
    const other = await makeRegistration(event.id, ticket.id);
    expect(await changeTicketType(event.id, other.id, speakers.id, false)).toMatchObject({ changed: false, warning: { ticketName: "Speakers", quota: 1, ticketTaken: 1 } });
    expect(await changeTicketType(event.id, other.id, speakers.id, true)).toMatchObject({ changed: true });
  });

  it("passes a confirmed place to a colleague in one step: the colleague is confirmed, the waiting list untouched", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const person = await makeRegistration(event.id, ticket.id, { email: "leaving@guildford.gov.uk", name: "Lee Leaving" });
    const waiting = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id }));
    await confirmPlace(waiting.verifyToken);
    const { newRegistrationId } = await transferPlace(event, person.id, { name: "Cara Colleague", email: "cara@guildford.gov.uk", organisation: "" }, "o@council.test");
    const colleague = (await findRegistration(newRegistrationId))!;
    expect(colleague).toMatchObject({ status: "confirmed", ticketTypeId: ticket.id, organisation: "Guildford Borough Council" });
    expect((await findRegistration(person.id))!.status).toBe("cancelled");
    expect((await findRegistration(waiting.registrationId))!.status).toBe("waiting");
    expect((await emailsTo("cara@guildford.gov.uk"))[0].subject).toBe("Your place at Test Camp is confirmed");
    expect((await emailsTo("leaving@guildford.gov.uk")).at(-1)!.text_body).toMatch(/passed your place at Test Camp to Cara Colleague/);
    expect((await organiserNotes(newRegistrationId)).addedReason).toBe("Place passed on by Lee Leaving");
    // Not to someone registered already.
    const other = await makeRegistration(event.id, ticket.id, { email: "other@guildford.gov.uk" });
    expect((await refusedWith(transferPlace(event, other.id, { name: "Cara", email: "cara@guildford.gov.uk", organisation: "" }, "o@council.test"))).field).toBe("email");
  });

  it("passes on the person's answers and the sessions they host with the place (issue 15)", async () => {
    const { event, ticket } = await makeEvent();
    const question = await addQuestion(event.id, { label: "Which council team?", hint: "", required: false });
    const person = await makeRegistration(event.id, ticket.id, { email: "host.leaving@guildford.gov.uk", name: "Hal Host" });
    await writeTransaction((tx) => saveAnswers(tx, event.id, person.id, [{ questionId: question.id, answer: "Digital" }]));
    const pitch = await createPitch(event.id, person.id, PitchFormSchema.parse({ title: "Content design for forms", format: "discussion", coHosts: "" }));
    const { newRegistrationId } = await transferPlace(event, person.id, { name: "Cora Colleague", email: "cora@guildford.gov.uk", organisation: "" }, "o@council.test");
    expect(await answersOf(newRegistrationId)).toEqual([expect.objectContaining({ question: "Which council team?", answer: "Digital" })]);
    const hosts = rowsOf<{ registration_id: number; role: string }>(await query({ sql: "SELECT registration_id, role FROM pitch_hosts WHERE pitch_id = ?", args: [pitch.id] }));
    expect(hosts).toEqual([{ registration_id: newRegistrationId, role: "host" }]);
  });

  it("resends links, and refuses for someone with no address", async () => {
    const { event, ticket } = await makeEvent();
    const person = await makeRegistration(event.id, ticket.id, { email: "lost@guildford.gov.uk" });
    await resendLinksFor(event, person.id);
    expect((await emailsTo("lost@guildford.gov.uk")).at(-1)!.subject).toBe("Your links for Test Camp");
    const outcome = await addPerson(event, "o@council.test", walkIn(ticket.id));
    if (!outcome.added) throw new Error("not added");
    expect((await refusedWith(resendLinksFor(event, outcome.registrationId))).message).toMatch(/no email address/);
  });

  it("marks a no-show, not for someone checked in, and checking in clears the mark", async () => {
    const { event, ticket } = await makeEvent();
    const person = await makeRegistration(event.id, ticket.id);
    await setNoShow(event.id, person.id, true);
    expect((await organiserNotes(person.id)).noShowAt).not.toBeNull();
    await setCheckedIn(event.id, person.id, true);
    expect((await organiserNotes(person.id)).noShowAt).toBeNull();
    await refusedWith(setNoShow(event.id, person.id, true));
    const waiting = await makeRegistration(event.id, ticket.id, { status: "waiting" });
    await refusedWith(setNoShow(event.id, waiting.id, true));
  });
});

describe("approving when full", () => {
  it("approve and add a place raises the quota (and the capacity when full) and offers the place to this person", async () => {
    const { event, ticket } = await makeEvent({ quota: 1, capacity: 1, rule: "approval" });
    await makeRegistration(event.id, ticket.id);
    const applicant = await makeRegistration(event.id, ticket.id, { status: "pending-approval", email: "applicant@guildford.gov.uk" });
    const raised = await approveWithExtraPlace(event.id, applicant.id);
    expect(raised).toEqual({ ticketName: "Standard", quota: 2, quotaWas: 1, capacity: 2, capacityWas: 1 });
    expect((await findTicketType(event.id, ticket.id))!.quota).toBe(2);
    expect((await findEventById(event.id))!.capacity).toBe(2);
    expect((await findRegistration(applicant.id))!.status).toBe("offered");
    expect((await emailsTo("applicant@guildford.gov.uk")).at(-1)!.subject).toMatch(/approved: accept your place/);
  });
});
