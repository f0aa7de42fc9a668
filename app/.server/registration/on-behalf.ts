import { isUndeliverable } from "~/domain/people";
import { DomainError, firstRow, hashToken, newToken, notFound, nowIso, query, queueEmail, writeTransaction } from "../platform";
import { checkEligibility, normaliseEmail } from "./eligibility";
import { findEventById, findTicketType, type EventRecord } from "../events";
import { canCancel, LIVE, PLACE_HOLDING, STATUS_LABELS } from "~/domain/registration-rules";
import { confirmAndEmail } from "./confirming";
import { cancelledForYouEmail, placePassedOnEmail, ticketChangedEmail } from "./emails/on-behalf";
import { manageTokenFor, resendRegistrationLinks } from "./manage-links";
import { placeCounts, setStatus } from "./places";
import { findLiveRegistrationByEmail, loadRegistration, requireEventRegistration } from "./records";
import { register } from "./registering";
import { offerFreePlaces } from "./waiting-list";
import type { CapacityWarning } from "./add-person";

/**
 * What an organiser does for a person from their page, when asked by email or at the desk:
 * cancel their place, move them to another ticket type, pass their place to a colleague, send
 * their links again, mark them as a no-show. Each is one write transaction; a place freed goes to
 * the waiting list in the same transaction, as when the person acts themselves.
 */

/** The columns an organiser sees beyond the registration itself (migration 0014). */
export async function organiserNotes(registrationId: number): Promise<{ noShowAt: string | null; addedBy: string | null; addedReason: string }> {
  const row = firstRow<{ no_show_at: string | null; added_by: string | null; added_reason: string }>(
    await query({ sql: "SELECT no_show_at, added_by, added_reason FROM registrations WHERE id = ?", args: [registrationId] }),
  );
  return { noShowAt: row?.no_show_at ?? null, addedBy: row?.added_by ?? null, addedReason: row?.added_reason ?? "" };
}

/** Cancels someone's registration for them; a place it held is offered to the waiting list. */
export async function cancelOnBehalf(eventId: number, registrationId: number, now = new Date()) {
  const at = nowIso(now);
  await writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (!canCancel(registration.status)) throw new DomainError("conflict", `${registration.name}’s registration has already ended (${STATUS_LABELS[registration.status]}).`);
    await setStatus(tx, registration.id, registration.status, "cancelled", at, { cancelled_at: at });
    const event = (await findEventById(eventId))!;
    const hadPlace = registration.status === "confirmed";
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...cancelledForYouEmail(event, registration, hadPlace, manageToken) }, now);
    if (PLACE_HOLDING.has(registration.status)) await offerFreePlaces(tx, eventId, now);
  });
}

type ChangeTicketOutcome = { changed: true; from: string; to: string; offered: number } | { changed: false; warning: CapacityWarning };

/**
 * Moves a person to another ticket type. Someone with a place keeps it, within the new type's
 * quota (beyond it only after the organiser was warned); the place they leave goes to that
 * type's waiting list. Someone waiting or applying keeps their place in the queue's order.
 */
export async function changeTicketType(eventId: number, registrationId: number, ticketTypeId: number, overCapacity: boolean, now = new Date()): Promise<ChangeTicketOutcome> {
  const ticket = await findTicketType(eventId, ticketTypeId);
  if (!ticket) throw new DomainError("invalid", "Choose one of the ticket types listed", "ticketTypeId");
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (!LIVE.has(registration.status)) throw new DomainError("conflict", `${registration.name}’s registration has ended (${STATUS_LABELS[registration.status]}), so it has no ticket to change.`);
    if (registration.ticketTypeId === ticket.id) throw new DomainError("invalid", `${registration.name} already has a ${ticket.name} ticket. Choose another ticket type`, "ticketTypeId");
    if (PLACE_HOLDING.has(registration.status)) {
      const counts = await placeCounts(tx, ticket.id, eventId, at);
      if (counts.quota - counts.ticketTaken <= 0 && !overCapacity) {
        return {
          changed: false as const,
          warning: { ticketName: ticket.name, quota: counts.quota, ticketTaken: counts.ticketTaken, capacity: counts.capacity, eventTaken: counts.eventTaken, waiting: counts.waiting },
        };
      }
    }
    await tx.execute({ sql: "UPDATE registrations SET ticket_type_id = ?, updated_at = ? WHERE id = ?", args: [ticket.id, at, registration.id] });
    const event = (await findEventById(eventId))!;
    const manageToken = await manageTokenFor(tx, registration.id);
    const email = ticketChangedEmail(event, {
      name: registration.name,
      from: registration.ticketTypeName,
      to: ticket.name,
      status: STATUS_LABELS[registration.status].toLowerCase(),
      manageToken,
    });
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...email }, now);
    const offered = PLACE_HOLDING.has(registration.status) ? await offerFreePlaces(tx, eventId, now) : 0;
    return { changed: true as const, from: registration.ticketTypeName, to: ticket.name, offered };
  });
}

type Colleague = { name: string; email: string; organisation: string };

/**
 * Passes a confirmed place to a named colleague ("I can't come, my colleague will"): the
 * person's registration is cancelled and the colleague gets a confirmed place on the same ticket
 * type at once, in one transaction, so the place never reaches the waiting list. Both are
 * emailed. The colleague must not be registered already. Their answers to the organisers'
 * questions and the sessions they host go with the place.
 */
export async function transferPlace(event: EventRecord, registrationId: number, colleague: Colleague, organiserEmail: string, now = new Date()): Promise<{ newRegistrationId: number }> {
  const email = normaliseEmail(colleague.email);
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, event.id, registrationId);
    if (registration.status !== "confirmed") throw new DomainError("conflict", `Only a confirmed place can be passed on; ${registration.name} is ${STATUS_LABELS[registration.status].toLowerCase()}.`);
    const existing = await findLiveRegistrationByEmail(tx, event.id, email);
    if (existing) throw new DomainError("conflict", `${email} is already registered for this event (${existing.name}).`, "email");
    const ticket = (await findTicketType(event.id, registration.ticketTypeId))!;
    const eligibility = checkEligibility({ rule: "open", allowedDomains: ticket.allowedDomains }, email, register());
    await setStatus(tx, registration.id, "confirmed", "cancelled", at, { cancelled_at: at });
    const inserted = await tx.execute({
      sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, council_name, status, manage_token_hash,
              created_at, updated_at, confirmed_at, added_by, added_reason)
            VALUES (?, ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, ?)`,
      args: [
        event.id,
        registration.ticketTypeId,
        email,
        colleague.name,
        colleague.organisation || registration.organisation,
        eligibility.ok ? eligibility.councilName : null,
        hashToken(newToken()),
        at,
        at,
        at,
        organiserEmail,
        `Place passed on by ${registration.name}`,
      ],
    });
    const newRegistrationId = Number(inserted.lastInsertRowid);
    // What goes with the place: the answers to the organisers' questions, and the sessions they
    // host (the colleague runs them now; their "I'd go" marks stay with the person).
    await tx.execute({
      sql: "INSERT INTO registration_answers (registration_id, question_id, answer) SELECT ?, question_id, answer FROM registration_answers WHERE registration_id = ?",
      args: [newRegistrationId, registration.id],
    });
    await tx.execute({
      sql: "UPDATE pitch_hosts SET registration_id = ? WHERE registration_id = ? AND role IN ('host', 'co-host')",
      args: [newRegistrationId, registration.id],
    });
    await tx.execute({ sql: "UPDATE pitches SET created_by_registration_id = ? WHERE created_by_registration_id = ? AND event_id = ?", args: [newRegistrationId, registration.id, event.id] });
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...placePassedOnEmail(event, registration, colleague.name, manageToken) }, now);
    await confirmAndEmail(tx, (await loadRegistration(tx, newRegistrationId))!, event, now);
    return { newRegistrationId };
  });
}

/** Sends the person their links again (a new private link; earlier ones keep working). */
export async function resendLinksFor(event: EventRecord, registrationId: number) {
  const registration = await requireEventRegistration({ execute: query }, event.id, registrationId);
  if (isUndeliverable(registration.email)) throw new DomainError("conflict", `${registration.name} has no email address, so there is nothing to send.`);
  if (!LIVE.has(registration.status)) throw new DomainError("conflict", `${registration.name}’s registration has ended (${STATUS_LABELS[registration.status]}), so there are no links to send.`);
  if (!(await resendRegistrationLinks(event.slug, registration.email))) throw notFound("Registration");
}

/**
 * A private link for someone added at the desk without an email address, for the organiser to
 * show them or print: with it they see their place and can pitch and mark sessions. Each call
 * makes one more working link (earlier ones keep working). People with an address get theirs by
 * email instead, so nobody's link is shown to an organiser.
 */
export async function deskPrivateLink(event: EventRecord, registrationId: number, now = new Date()): Promise<string> {
  return writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, event.id, registrationId);
    if (!isUndeliverable(registration.email)) {
      throw new DomainError("conflict", `${registration.name} has an email address: email them their links instead.`);
    }
    if (!LIVE.has(registration.status)) throw new DomainError("conflict", `${registration.name}’s registration has ended (${STATUS_LABELS[registration.status]}), so there is no private link to give.`);
    return manageTokenFor(tx, registration.id, now);
  });
}

/**
 * Marks a confirmed attendee as a no-show (or takes the mark back). Someone checked in came, so
 * cannot be a no-show.
 */
export async function setNoShow(eventId: number, registrationId: number, noShow: boolean, now = new Date()) {
  await writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (noShow && registration.status !== "confirmed") throw new DomainError("conflict", `Only someone with a confirmed place can be a no-show; ${registration.name} is ${STATUS_LABELS[registration.status].toLowerCase()}.`);
    if (noShow && registration.checkedInAt) throw new DomainError("conflict", `${registration.name} was checked in, so they came. Undo their check-in first if that was a mistake.`);
    await tx.execute({ sql: "UPDATE registrations SET no_show_at = ?, updated_at = ? WHERE id = ?", args: [noShow ? nowIso(now) : null, nowIso(now), registration.id] });
  });
}
