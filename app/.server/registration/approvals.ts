import { firstRow, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { addMinutes, placeNewRegistration } from "~/domain/registration-rules";
import { approvalDigestEmail, approvedWaitingEmail, declinedEmail } from "./emails/approvals";
import { manageTokenFor } from "./manage-links";
import { placeCounts, setStatus } from "./places";
import { type Executor, RegistrationChangeRefused, requireEventRegistration } from "./records";
import { makeOffer, offerFreePlaces } from "./waiting-list";

/** Approval requests: the organisers' digest (one email, not one per request), approving and declining. */

/** Organisers of an event get at most one approval digest per this many minutes. */
export const APPROVAL_DIGEST_MINUTES = 60;

/**
 * A verified approval request arrived. If the event's organisers have had no digest in the last
 * APPROVAL_DIGEST_MINUTES, one goes now; otherwise the periodic job sends the next one when the
 * window has passed. The digest says how many requests wait and links to the queue: no name,
 * reason or anything else a requester typed reaches the organisers' inbox.
 */
export async function noteApprovalRequest(tx: Executor, event: EventRecord, now: Date) {
  const at = nowIso(now);
  await tx.execute({
    sql: `INSERT INTO approval_digests (event_id, last_sent_at, pending_since) VALUES (?, NULL, ?)
          ON CONFLICT (event_id) DO UPDATE SET pending_since = COALESCE(pending_since, excluded.pending_since)`,
    args: [event.id, at],
  });
  await sendApprovalDigestIfDue(tx, event, now);
}

async function sendApprovalDigestIfDue(tx: Executor, event: EventRecord, now: Date): Promise<boolean> {
  const at = nowIso(now);
  const cutoff = nowIso(addMinutes(now, -APPROVAL_DIGEST_MINUTES));
  const digest = firstRow<{ last_sent_at: string | null; pending_since: string | null }>(
    await tx.execute({ sql: "SELECT last_sent_at, pending_since FROM approval_digests WHERE event_id = ?", args: [event.id] }),
  );
  if (!digest?.pending_since || (digest.last_sent_at !== null && digest.last_sent_at > cutoff)) return false;
  await tx.execute({ sql: "UPDATE approval_digests SET last_sent_at = ?, pending_since = NULL WHERE event_id = ?", args: [at, event.id] });
  const waiting = Number(
    firstRow<{ n: number }>(await tx.execute({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND status = 'pending-approval'", args: [event.id] }))!.n,
  );
  if (waiting === 0) return false;
  const organisers = rowsOf<{ email: string }>(await tx.execute({ sql: "SELECT email FROM event_organisers WHERE event_id = ? AND role = 'organiser'", args: [event.id] }));
  const email = approvalDigestEmail(event, waiting, APPROVAL_DIGEST_MINUTES);
  for (const organiser of organisers) await queueEmail(tx, { eventId: event.id, to: organiser.email, ...email }, now);
  return true;
}

/** The periodic job: a digest for every event with requests its organisers have not yet heard of. */
export async function sendDueApprovalDigests(now = new Date()): Promise<number> {
  const due = rowsOf<{ event_id: number }>(
    await query({
      sql: "SELECT event_id FROM approval_digests WHERE pending_since IS NOT NULL AND (last_sent_at IS NULL OR last_sent_at <= ?)",
      args: [nowIso(addMinutes(now, -APPROVAL_DIGEST_MINUTES))],
    }),
  );
  let sent = 0;
  for (const { event_id } of due) {
    const event = await findEventById(Number(event_id));
    if (!event) continue;
    if (await writeTransaction((tx) => sendApprovalDigestIfDue(tx, event, now))) sent += 1;
  }
  return sent;
}

/**
 * Approves a request: a place is offered (the applicant accepts it by the emailed link, which
 * also proves the address), or, if there is none, the applicant joins the waiting list.
 */
export async function approveRegistration(eventId: number, registrationId: number, now = new Date()): Promise<"offered" | "waiting"> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (registration.status !== "pending-approval") throw new RegistrationChangeRefused("This person is not waiting for approval.");
    const counts = await placeCounts(tx, registration.ticketTypeId, eventId, at);
    const event = (await findEventById(eventId))!;
    if (placeNewRegistration(counts) === "place") {
      await makeOffer(tx, registration.id, event, now);
      return "offered" as const;
    }
    await setStatus(tx, registration.id, "pending-approval", "waiting", at, { waiting_since: at });
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...approvedWaitingEmail(event, registration.name, manageToken) }, now);
    return "waiting" as const;
  });
}

export async function declineRegistration(eventId: number, registrationId: number, now = new Date()) {
  const at = nowIso(now);
  await writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (registration.status !== "pending-approval") throw new RegistrationChangeRefused("This person is not waiting for approval.");
    await setStatus(tx, registration.id, "pending-approval", "declined", at);
    const event = (await findEventById(eventId))!;
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...declinedEmail(event, registration.name, manageToken) }, now);
    await offerFreePlaces(tx, eventId, now);
  });
}
