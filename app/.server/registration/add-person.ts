import { randomBytes } from "node:crypto";
import { noEmailPlaceholder } from "~/domain/people";
import { DomainError, hashToken, newToken, nowIso, writeTransaction } from "../platform";
import { checkEligibility, normaliseEmail } from "./eligibility";
import { findTicketType, type EventRecord } from "../events";
import { freePlaces } from "~/domain/registration-rules";
import { confirmAndEmail } from "./confirming";
import { placeCounts } from "./places";
import { findLiveRegistrationByEmail, loadRegistration } from "./records";
import { register } from "./registering";

/**
 * The organiser adds a person at the desk or on someone's behalf: a walk-in, a replacement, a
 * speaker, a volunteer. They get a confirmed place at once (so they can be checked in and host a
 * pitch straight away), with no emailed link to follow. The organiser may let them past the
 * ticket's rule, with a reason that is kept, and past the places left only after being warned
 * (the caller shows the warning and asks again with overCapacity).
 */
type AddPersonInput = {
  name: string;
  /** Optional: without it nobody is emailed and the person has no private link. */
  email: string;
  organisation: string;
  /** Optional, printed on their badge (as on the registration form). */
  pronouns?: string;
  ticketTypeId: number;
  /** Why the ticket's rule is set aside (a speaker, a replacement for a colleague…). */
  reason: string;
  /** The organiser has seen the warning that no place is left and adds them anyway. */
  overCapacity: boolean;
  checkIn: boolean;
};

/** No place is left: what the organiser is told before going over. */
export type CapacityWarning = { ticketName: string; quota: number; ticketTaken: number; capacity: number; eventTaken: number; waiting: number };

type AddPersonOutcome = { added: true; registrationId: number; emailed: boolean; overCapacity: boolean } | { added: false; warning: CapacityWarning };

/** Why the rule would refuse this person, or null when it lets them in. */
function ruleObjection(ticket: { rule: string; allowedDomains: string[]; name: string }, email: string): string | null {
  if (ticket.rule === "approval") return `${ticket.name} needs an organiser’s approval.`;
  if (ticket.rule === "open") return null;
  if (!email) return `${ticket.name} is only for some email addresses, and no address was given.`;
  const eligibility = checkEligibility(ticket as Parameters<typeof checkEligibility>[0], email, register());
  return eligibility.ok ? null : eligibility.reason;
}

export async function addPerson(event: EventRecord, organiserEmail: string, input: AddPersonInput, now = new Date()): Promise<AddPersonOutcome> {
  const ticket = await findTicketType(event.id, input.ticketTypeId);
  if (!ticket) throw new DomainError("invalid", "Choose one of the ticket types listed", "ticketTypeId");
  const email = input.email ? normaliseEmail(input.email) : "";
  const objection = ruleObjection(ticket, email);
  const reason = input.reason.trim();
  if (objection && !reason) {
    throw new DomainError("invalid", `${objection} To add them anyway, give the reason (for example “speaker” or “replacing a colleague”)`, "reason");
  }
  const councilName = email ? (() => {
    const result = checkEligibility({ rule: "open", allowedDomains: ticket.allowedDomains }, email, register());
    return result.ok ? result.councilName : null;
  })() : null;
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    if (email) {
      const existing = await findLiveRegistrationByEmail(tx, event.id, email);
      if (existing) {
        throw new DomainError("conflict", `${email} is already registered (${existing.name}). Open their page from the registrations list to change their ticket or place.`, "email");
      }
    }
    const counts = await placeCounts(tx, ticket.id, event.id, at);
    if (freePlaces(counts) <= 0 && !input.overCapacity) {
      return {
        added: false as const,
        warning: { ticketName: ticket.name, quota: counts.quota, ticketTaken: counts.ticketTaken, capacity: counts.capacity, eventTaken: counts.eventTaken, waiting: counts.waiting },
      };
    }
    const overCapacity = freePlaces(counts) <= 0;
    const notes = [objection && reason ? `Rule set aside: ${reason}` : reason, overCapacity ? "Added over capacity" : ""].filter(Boolean).join(". ");
    const result = await tx.execute({
      sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, pronouns, council_name, status, manage_token_hash,
              created_at, updated_at, confirmed_at, checked_in_at, added_by, added_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        event.id,
        ticket.id,
        email || noEmailPlaceholder(randomBytes(16).toString("hex")),
        input.name,
        input.organisation,
        input.pronouns ?? "",
        councilName,
        hashToken(newToken()),
        at,
        at,
        at,
        input.checkIn ? at : null,
        organiserEmail,
        notes,
      ],
    });
    const registrationId = Number(result.lastInsertRowid);
    // The usual "your place is confirmed" email with the invitation and a private link (dropped
    // by queueEmail for someone with no address).
    await confirmAndEmail(tx, (await loadRegistration(tx, registrationId))!, event, now);
    return { added: true as const, registrationId, emailed: email !== "", overCapacity };
  });
}
