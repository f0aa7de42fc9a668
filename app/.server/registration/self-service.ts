import { firstRow, notFound, nowIso, queueEmail, writeTransaction } from "../platform";
import { type Answer, findEventById, replaceAnswers } from "../events";
import { canCancel, PLACE_HOLDING } from "~/domain/registration-rules";
import { cancelledEmail } from "./emails/self-service";
import { manageTokenFor } from "./manage-links";
import { setStatus } from "./places";
import { type Registration, RegistrationChangeRefused, type RegistrationDetails, loadRegistration } from "./records";
import { offerFreePlaces } from "./waiting-list";

/** The attendee's own changes: cancelling (a held place passes on) and editing their details. */

/** Cancels a registration; a place it held is offered to the waiting list in the same transaction. */
export async function cancelRegistration(registrationId: number, now = new Date()): Promise<Registration> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration) throw notFound("Registration");
    if (!canCancel(registration.status)) throw new RegistrationChangeRefused("This registration has already ended, so there is nothing to cancel.");
    await setStatus(tx, registration.id, registration.status, "cancelled", at, { cancelled_at: at });
    const event = (await findEventById(registration.eventId))!;
    const wasConfirmed = registration.status === "confirmed";
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(tx, { eventId: event.id, to: registration.email, ...cancelledEmail(event, registration, wasConfirmed, manageToken) }, now);
    if (PLACE_HOLDING.has(registration.status)) await offerFreePlaces(tx, registration.eventId, now);
    return (await loadRegistration(tx, registration.id))!;
  });
}

type EditableDetails = Pick<RegistrationDetails, "name" | "organisation" | "jobRole" | "pronouns" | "accessNeeds" | "dietaryNeeds">;

/** Saves a person's own changes; answers, when given, replace their answers to the event's questions. */
export async function updateRegistrationDetails(registrationId: number, details: EditableDetails & { answers?: Answer[] }, now = new Date()) {
  await writeTransaction(async (tx) => {
    const result = await tx.execute({
      sql: `UPDATE registrations SET name = ?, organisation = ?, job_role = ?, pronouns = COALESCE(?, pronouns), access_needs = ?, dietary_needs = ?, updated_at = ?
            WHERE id = ? AND status <> 'erased' RETURNING event_id`,
      args: [details.name, details.organisation, details.jobRole, details.pronouns ?? null, details.accessNeeds, details.dietaryNeeds, nowIso(now), registrationId],
    });
    const row = firstRow<{ event_id: number }>(result);
    if (!row) throw notFound("Registration");
    if (details.answers) await replaceAnswers(tx, Number(row.event_id), registrationId, details.answers);
  });
}
