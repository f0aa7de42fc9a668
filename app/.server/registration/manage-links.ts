import { hashToken, newToken, notFound, nowIso, queueEmail, writeTransaction } from "../platform";
import { normaliseEmail } from "./eligibility";
import { findEventById, requireEventBySlug } from "../events";
import { confirmationLinkOpen, holdsPlace, STATUS_LABELS } from "~/domain/registration-rules";
import { linksAgainEmail, newLinkEmail } from "./emails/links";
import { type Executor, loadRegistration, findLiveRegistrationByEmail } from "./records";

/** Private manage links: issuing one per email, replacing them all, and sending them again. */

/**
 * A new private link for an email. Only its SHA-256 is stored, so no stored value gives the link
 * back: each email carries a fresh link, and every link sent keeps working until the person asks
 * for a new link (sendNewManageLink) or is erased.
 */
export async function manageTokenFor(tx: Executor, registrationId: number, now = new Date()): Promise<string> {
  const token = newToken();
  await tx.execute({
    sql: "INSERT INTO manage_links (token_hash, registration_id, created_at) VALUES (?, ?, ?)",
    args: [hashToken(token), registrationId, nowIso(now)],
  });
  return token;
}

/** Replaces every private link of the registration with one new link (the old ones stop working). */
async function resetManageToken(tx: Executor, registrationId: number): Promise<string> {
  const token = newToken();
  await tx.execute({ sql: "DELETE FROM manage_links WHERE registration_id = ?", args: [registrationId] });
  await tx.execute({ sql: "UPDATE registrations SET manage_token_hash = ? WHERE id = ?", args: [hashToken(token), registrationId] });
  return token;
}

/**
 * Someone already registered asks for their links again (the email went to spam, or their
 * request was cut off before the answer came back). They get a new private link (links sent
 * before keep working) and, for a held place or an offer still open, a fresh confirmation link
 * (the old one stops working). An address with no live registration gets nothing, and the caller answers
 * the same either way.
 */
export async function resendRegistrationLinks(eventSlug: string, email: string, now = new Date()): Promise<boolean> {
  const event = await requireEventBySlug(eventSlug);
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const found = await findLiveRegistrationByEmail(tx, event.id, normaliseEmail(email));
    const registration = found ? await loadRegistration(tx, found.id) : null;
    if (!registration) return false;
    let confirmation: Parameters<typeof linksAgainEmail>[1]["confirmation"] = null;
    if (confirmationLinkOpen(registration, at) || (registration.status === "offered" && holdsPlace(registration, at))) {
      const verifyToken = newToken();
      await tx.execute({ sql: "UPDATE registrations SET verify_token_hash = ?, updated_at = ? WHERE id = ?", args: [hashToken(verifyToken), at, registration.id] });
      const held = registration.status === "held";
      confirmation = { kind: held ? "held" : "offered", until: held ? registration.holdExpiresAt : registration.offerExpiresAt, verifyToken };
    }
    const manageToken = await manageTokenFor(tx, registration.id);
    const message = linksAgainEmail(event, { name: registration.name, confirmation, statusLabel: STATUS_LABELS[registration.status], manageToken });
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...message }, now);
    return true;
  });
}

/** Revokes the private link (and every device it signed in) and emails a new one. */
export async function sendNewManageLink(registrationId: number, now = new Date()) {
  await writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration || registration.status === "erased") throw notFound("Registration");
    const event = (await findEventById(registration.eventId))!;
    const token = await resetManageToken(tx, registrationId);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...newLinkEmail(event, registration.name, token) }, now);
  });
}
