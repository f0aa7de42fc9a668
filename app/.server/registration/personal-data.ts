import { notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { answersOf, findEventById } from "../events";
import { PLACE_HOLDING } from "~/domain/registration-rules";
import { deleteOutboxFilesAbout, placeholderEmail, removePersonalTraces, revokedTokenHash } from "./privacy";
import { findRegistration, loadRegistration } from "./records";
import { offerFreePlaces } from "./waiting-list";

/** UK GDPR rights for one registration: everything held about the person, and erasure. */

/** Everything held about the person for this registration (UK GDPR right of access), as plain data. */
export async function personalData(registrationId: number) {
  const registration = await findRegistration(registrationId);
  if (!registration || registration.status === "erased") throw notFound("Registration");
  const event = (await findEventById(registration.eventId))!;
  const hosted = rowsOf<{ title: string; role: string }>(
    await query({ sql: "SELECT p.title, h.role FROM pitch_hosts h JOIN pitches p ON p.id = h.pitch_id WHERE h.registration_id = ?", args: [registrationId] }),
  );
  const marked = rowsOf<{ title: string; marked_at: string }>(
    await query({ sql: "SELECT p.title, i.marked_at FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE i.registration_id = ?", args: [registrationId] }),
  );
  const emails = rowsOf<{ subject: string; created_at: string; status: string }>(
    await query({ sql: "SELECT subject, created_at, status FROM email_outbox WHERE to_address = ? COLLATE NOCASE ORDER BY id", args: [registration.email] }),
  );
  return {
    exportedAt: nowIso(),
    event: { name: event.name, slug: event.slug, startsAt: event.startsAt },
    registration: {
      name: registration.name,
      email: registration.email,
      organisation: registration.organisation,
      role: registration.jobRole,
      pronouns: registration.pronouns,
      accessNeeds: registration.accessNeeds,
      dietaryNeeds: registration.dietaryNeeds,
      council: registration.councilName,
      ticketType: registration.ticketTypeName,
      status: registration.status,
      approvalReason: registration.approvalReason,
      registeredAt: registration.createdAt,
      confirmedAt: registration.confirmedAt,
      cancelledAt: registration.cancelledAt,
      checkedInAt: registration.checkedInAt,
    },
    answers: await answersOf(registrationId),
    sessionsHosted: hosted,
    sessionsMarked: marked.map((m) => ({ title: m.title, markedAt: m.marked_at })),
    emailsSent: emails.map((e) => ({ subject: e.subject, queuedAt: e.created_at, status: e.status })),
  };
}

/**
 * Erases a person (UK GDPR right to erasure): personal fields blanked, every private link and
 * their calendar feed revoked, their answers, hosting and marks removed (see removePersonalTraces:
 * a pitch of theirs on the grid stays as "Host removed", an unplaced one is withdrawn), unsent
 * emails to or about them deleted, sent ones stripped of the address, and local outbox files
 * about them deleted. The row
 * stays, as 'erased', so counts and the waiting order remain consistent. A place it held is
 * offered on.
 */
export async function eraseRegistration(registrationId: number, now = new Date()) {
  const at = nowIso(now);
  const erased = await writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration) throw notFound("Registration");
    if (registration.status === "erased") return null;
    await removePersonalTraces(tx, registration, { now, withdrawOrphanPitches: true, keepMarks: false });
    await tx.execute({
      sql: `UPDATE registrations SET status = 'erased', email = ?, name = '', organisation = '', job_role = '', pronouns = '', access_needs = '',
              dietary_needs = '', council_name = NULL, approval_reason = '', manage_token_hash = ?, verify_token_hash = NULL,
              hold_expires_at = NULL, offer_expires_at = NULL, updated_at = ? WHERE id = ?`,
      args: [placeholderEmail("erased", registrationId), revokedTokenHash("erased"), at, registrationId],
    });
    if (PLACE_HOLDING.has(registration.status)) await offerFreePlaces(tx, registration.eventId, now);
    return registration;
  });
  // Emails already written to the local outbox folder (no SMTP_URL) go too.
  if (erased) await deleteOutboxFilesAbout([erased]);
}
