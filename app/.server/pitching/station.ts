import { DomainError, query, rowsOf } from "../platform";
import { listTicketTypes, type EventRecord } from "../events";
import { addPerson } from "../registration";
import type { StationPitchInput } from "~/domain/pitch-queue";
import { createPitch, type PitchDetail } from "./pitches";
import { recordQueuePitch } from "./pitch-queue";

/**
 * The pitch station (issue 17): a volunteer records a pitch as it happens. The host is a
 * registered attendee chosen from a list, or a walk-in whose name is typed: a walk-in becomes a
 * person with a confirmed place (the desk's "Add a walk-in", checked in, no email), unless exactly
 * one person with a place already has that name, who is then the host. The pitch lands in the
 * pitches table like any other (so in the grid's "not yet on the grid" pool), with who stood up
 * and who recorded it; when it was the queue's current pitcher's, they are marked pitched and the
 * next person is called, in the same transaction.
 */
type StationOutcome = { pitch: PitchDetail; hostName: string; walkInAdded: boolean; calledNext: string | null };

export const WALK_IN_REASON = "Walk-in host recorded at the pitch station";

async function hostForWalkIn(event: EventRecord, recordedBy: string, name: string, pronouns: string, now: Date): Promise<{ id: number; added: boolean }> {
  const same = rowsOf<{ id: number }>(
    await query({ sql: "SELECT id FROM registrations WHERE event_id = ? AND status = 'confirmed' AND lower(name) = lower(?)", args: [event.id, name] }),
  );
  if (same.length === 1) return { id: Number(same[0].id), added: false };
  if (same.length > 1) throw new DomainError("invalid", `${same.length} people called ${name} have places: choose the host from the list instead`, "walkInName");
  const ticket = (await listTicketTypes(event.id))[0];
  if (!ticket) throw new DomainError("invalid", "This event has no ticket types, so a walk-in cannot be added. Add a ticket type first", "walkInName");
  // They are in the room, pitching: no warning about places left, and the reason is recorded.
  const added = await addPerson(event, recordedBy, { name, email: "", organisation: "", pronouns, ticketTypeId: ticket.id, reason: WALK_IN_REASON, overCapacity: true, checkIn: true }, now);
  if (!added.added) throw new DomainError("conflict", "The walk-in could not be added. Try again");
  return { id: added.registrationId, added: true };
}

export async function recordStationPitch(event: EventRecord, recordedBy: string, input: StationPitchInput, now = new Date()): Promise<StationOutcome> {
  const host = input.hostRegistrationId !== null ? { id: input.hostRegistrationId, added: false } : await hostForWalkIn(event, recordedBy, input.walkInName, input.walkInPronouns, now);
  let calledNext: string | null = null;
  const pitch = await createPitch(
    event.id,
    host.id,
    { title: input.title, description: "", format: input.format, needs: input.needs, avoidSlotIds: [], coHosts: [] },
    { kind: "organiser", email: recordedBy },
    now,
    async (tx, pitchId) => {
      const next = await recordQueuePitch(tx, event.id, pitchId, { pitchedBy: input.pitchedBy, recordedBy, entryId: input.entryId }, now);
      calledNext = next?.name ?? null;
    },
  );
  return { pitch, hostName: pitch.hosts.find((h) => h.role === "host")?.name ?? input.walkInName, walkInAdded: host.added, calledNext };
}
