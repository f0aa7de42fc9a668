import { firstRow, hashToken, looksLikeToken, nowIso, query, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { eventIsPast } from "~/domain/event-state";
import type { RegistrationStatus } from "~/domain/registration-rules";
import { confirmAndEmail, verifyAddress } from "./confirming";
import { loadRegistration, type Registration } from "./records";
import { expireOne, offerFreePlaces } from "./waiting-list";

/**
 * Attendees without dead ends: what an emailed confirmation link will do before it is clicked,
 * confirming from the private page (the private link already proves the address), and where
 * someone stands in the queue.
 */

type LinkState =
  | { state: "open"; kind: "held" | "offered"; until: string }
  | { state: "used"; status: RegistrationStatus }
  | { state: "expired" }
  | { state: "ended" }
  | { state: "cancelled" }
  | { state: "invalid" };

/** What following this confirmation link would do now, read without changing anything. */
export async function confirmationLinkState(token: unknown, now = new Date()): Promise<LinkState> {
  if (!looksLikeToken(token)) return { state: "invalid" };
  const row = firstRow<{ status: RegistrationStatus; hold_expires_at: string | null; offer_expires_at: string | null; event_id: number }>(
    await query({ sql: "SELECT status, hold_expires_at, offer_expires_at, event_id FROM registrations WHERE verify_token_hash = ?", args: [hashToken(token)] }),
  );
  if (!row) return { state: "invalid" };
  const event = (await findEventById(Number(row.event_id)))!;
  return stateOf({ status: row.status, holdExpiresAt: row.hold_expires_at, offerExpiresAt: row.offer_expires_at }, event, now);
}

/**
 * Where a link stands. Once the event has ended (its end date is before today in its own time
 * zone, the rule that closes registration) there is nothing left to confirm or accept.
 */
function stateOf(r: Pick<Registration, "status" | "holdExpiresAt" | "offerExpiresAt">, event: { endsAt: string; timeZone: string }, now: Date): LinkState {
  const at = nowIso(now);
  if (["confirmed", "waiting", "pending-approval", "lottery-entered"].includes(r.status)) return { state: "used", status: r.status };
  if (r.status === "cancelled" || r.status === "erased" || r.status === "declined") return { state: "cancelled" };
  if ((r.status === "held" || r.status === "offered") && eventIsPast(event, now)) return { state: "ended" };
  const deadline = r.status === "held" ? r.holdExpiresAt : r.status === "offered" ? r.offerExpiresAt : null;
  if (!deadline || deadline <= at) return { state: "expired" };
  return { state: "open", kind: r.status === "held" ? "held" : "offered", until: deadline };
}

type PrivateConfirmResult = { ok: true; status: "confirmed" | "waiting" | "pending-approval" | "lottery-entered" } | { ok: false; state: LinkState };

/**
 * Confirms from the private page what the emailed link would: a new registration's address
 * (taking a place, joining the waiting list, sending the request or entering the draw) or an
 * offered place. Same transaction and rules as confirmPlace; the emailed link then says it was
 * used.
 */
export async function confirmFromPrivateLink(registrationId: number, now = new Date()): Promise<PrivateConfirmResult> {
  return writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration) return { ok: false as const, state: { state: "invalid" as const } };
    const event = (await findEventById(registration.eventId))!;
    const state = stateOf(registration, event, now);
    if (state.state !== "open") {
      if (state.state === "expired" && (registration.status === "held" || registration.status === "offered")) {
        await expireOne(tx, registration, now);
        await offerFreePlaces(tx, registration.eventId, now);
      }
      return { ok: false as const, state };
    }
    const status = registration.status === "held" ? await verifyAddress(tx, registration, event, now) : await confirmAndEmail(tx, registration, event, now);
    return { ok: true as const, status };
  });
}

/**
 * Where someone waiting stands for their ticket type: "3rd of 12", in the order offers go out
 * (draw order first, then the order people joined). Null when they are not waiting.
 */
export async function queuePosition(registration: Pick<Registration, "id" | "status" | "ticketTypeId">): Promise<{ position: number; of: number } | null> {
  if (registration.status !== "waiting") return null;
  const row = firstRow<{ position: number; total: number }>(
    await query({
      sql: `WITH queue AS (
              SELECT id, ROW_NUMBER() OVER (ORDER BY lottery_rank IS NULL, lottery_rank, waiting_since, id) AS position
              FROM registrations WHERE ticket_type_id = ? AND status = 'waiting')
            SELECT (SELECT position FROM queue WHERE id = ?) AS position, (SELECT COUNT(*) FROM queue) AS total`,
      args: [registration.ticketTypeId, registration.id],
    }),
  );
  if (!row || row.position === null) return null;
  return { position: Number(row.position), of: Number(row.total) };
}
