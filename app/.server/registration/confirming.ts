import { firstRow, hashToken, looksLikeToken, nowIso, queueEmail, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { eventIsPast } from "~/domain/event-state";
import { placeNewRegistration } from "~/domain/registration-rules";
import { noteApprovalRequest } from "./approvals";
import { addressConfirmedEmail } from "./emails/confirm-address";
import { placeConfirmedEmail } from "./emails/places";
import { manageTokenFor } from "./manage-links";
import { capAllows, capState } from "./lottery-caps";
import { placeCounts, setStatus } from "./places";
import { type Executor, type Registration, loadRegistration } from "./records";
import { expireOne, offerFreePlaces } from "./waiting-list";

/** Confirming by the emailed link: verifying a new registration's address (which takes a place or the next step), or claiming an offer. */

type ConfirmResult =
  | { ok: true; registrationId: number; eventSlug: string; eventName: string; status: "confirmed" | "waiting" | "pending-approval" | "lottery-entered" }
  | { ok: false; reason: "invalid" | "used" | "expired" | "cancelled" | "ended" };

/**
 * Follows an emailed link, once and only in time. For a new registration ('held') it proves the
 * address, and only then does anything count: in this one write transaction the places are
 * counted again and the person takes a free place (first to verify, first served), or joins the
 * waiting list in the order people verified, or their approval request goes to the organisers,
 * or they enter the draw. For a waiting-list offer ('offered') it claims the place.
 */
export async function confirmPlace(token: unknown, now = new Date()): Promise<ConfirmResult> {
  if (!looksLikeToken(token)) return { ok: false, reason: "invalid" };
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const row = firstRow<{ id: number }>(await tx.execute({ sql: "SELECT id FROM registrations WHERE verify_token_hash = ?", args: [hashToken(token)] }));
    if (!row) return { ok: false, reason: "invalid" } as const;
    const registration = (await loadRegistration(tx, Number(row.id)))!;
    if (["confirmed", "waiting", "pending-approval", "lottery-entered"].includes(registration.status)) return { ok: false, reason: "used" } as const;
    if (registration.status === "cancelled" || registration.status === "erased" || registration.status === "declined") return { ok: false, reason: "cancelled" } as const;
    const event = (await findEventById(registration.eventId))!;
    // After the event there is nothing to confirm or accept (the rule that closes registration).
    if ((registration.status === "held" || registration.status === "offered") && eventIsPast(event, now)) return { ok: false, reason: "ended" } as const;
    const deadline = registration.status === "held" ? registration.holdExpiresAt : registration.status === "offered" ? registration.offerExpiresAt : null;
    if (!deadline || deadline <= at) {
      if (registration.status === "held" || registration.status === "offered") {
        await expireOne(tx, registration, now);
        await offerFreePlaces(tx, registration.eventId, now);
      }
      return { ok: false, reason: "expired" } as const;
    }
    const status = registration.status === "held" ? await verifyAddress(tx, registration, event, now) : await confirmAndEmail(tx, registration, event, now);
    return { ok: true, registrationId: registration.id, eventSlug: event.slug, eventName: event.name, status } as const;
  });
}

/** An unverified registration's address is proved: the step it was waiting for happens now. */
export async function verifyAddress(tx: Executor, registration: Registration, event: EventRecord, now: Date) {
  const at = nowIso(now);
  const ticket = firstRow<{ rule: string; lottery_closes_at: string | null; lottery_drawn_at: string | null }>(
    await tx.execute({ sql: "SELECT rule, lottery_closes_at, lottery_drawn_at FROM ticket_types WHERE id = ?", args: [registration.ticketTypeId] }),
  )!;
  // Each outcome is one email to the person: what happened, the event, and their private link.
  const tell = async (outcome: "pending-approval" | "lottery-entered" | "waiting") => {
    const manageToken = await manageTokenFor(tx, registration.id);
    const email = addressConfirmedEmail(outcome, { event, name: registration.name, ticketTypeName: registration.ticketTypeName, manageToken });
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...email }, now);
  };
  if (ticket.rule === "approval" || registration.approvalReason !== "") {
    await setStatus(tx, registration.id, "held", "pending-approval", at);
    await tell("pending-approval");
    await noteApprovalRequest(tx, event, now);
    return "pending-approval" as const;
  }
  // Until the draw has happened, a verified applicant enters it (even just after it closes).
  if (ticket.lottery_closes_at && !ticket.lottery_drawn_at) {
    await setStatus(tx, registration.id, "held", "lottery-entered", at);
    await tell("lottery-entered");
    return "lottery-entered" as const;
  }
  const counts = await placeCounts(tx, registration.ticketTypeId, registration.eventId, at);
  if (placeNewRegistration(counts) === "place" && (await capsAllow(tx, registration, at))) return confirmAndEmail(tx, registration, event, now);
  await setStatus(tx, registration.id, "held", "waiting", at, { waiting_since: at });
  await tell("waiting");
  return "waiting" as const;
}

/** After a capped draw, a newcomer the caps rule out waits rather than take a place. */
async function capsAllow(tx: Executor, registration: Registration, at: string) {
  const caps = await capState(tx, registration.ticketTypeId, at);
  if (!caps) return true;
  const row = firstRow<{ supplier_declared: number }>(await tx.execute({ sql: "SELECT supplier_declared FROM registrations WHERE id = ?", args: [registration.id] }))!;
  return capAllows(caps, { councilName: registration.councilName, email: registration.email, supplier: !!Number(row.supplier_declared) });
}

/** Takes the place (a verified new registration, or an offer claimed) and sends the invitation. */
export async function confirmAndEmail(tx: Executor, registration: Registration, event: EventRecord, now: Date) {
  const at = nowIso(now);
  await tx.execute({
    sql: "UPDATE registrations SET status = 'confirmed', confirmed_at = ?, updated_at = ?, hold_expires_at = NULL, offer_expires_at = NULL WHERE id = ?",
    args: [at, at, registration.id],
  });
  const manageToken = await manageTokenFor(tx, registration.id);
  await queueEmail(tx, { eventId: event.id, to: registration.email, ...placeConfirmedEmail(event, registration, manageToken) }, now);
  return "confirmed" as const;
}
