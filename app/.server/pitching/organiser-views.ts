import { query, rowsOf } from "../platform";
import { listSlots, type EventRecord } from "../events";
import { type PitchFormat, type PitchStatus } from "~/domain/pitch-rules";
import { loadSchedule } from "../schedule";
import type { PitchDetail } from "./pitches";
import { formatDate, formatTimeRange } from "~/domain/time";

/** What organisers see of pitches: the list with counts and placement, attendees who can host, form values and avoidable slots. */

type OrganiserPitch = {
  id: number;
  title: string;
  format: PitchFormat;
  status: PitchStatus;
  mergedIntoId: number | null;
  createdAt: string;
  interest: number;
  hosts: string[];
  placed: boolean;
  needs: string[];
  avoidSlotIds: number[];
};

/** Every pitch of the event, withdrawn and merged ones included, from the shared schedule read model. */
export async function listPitchesForOrganiser(eventId: number): Promise<OrganiserPitch[]> {
  const [schedule, merged] = await Promise.all([
    loadSchedule(eventId),
    query({ sql: "SELECT id, merged_into_id FROM pitches WHERE event_id = ? AND merged_into_id IS NOT NULL", args: [eventId] }),
  ]);
  if (!schedule) return [];
  const mergedInto = new Map(rowsOf<{ id: number; merged_into_id: number }>(merged).map((r) => [Number(r.id), Number(r.merged_into_id)]));
  return schedule.sessions.map((s) => ({
    id: s.pitchId,
    title: s.title,
    format: s.format,
    status: s.status,
    mergedIntoId: mergedInto.get(s.pitchId) ?? null,
    createdAt: s.createdAt,
    interest: s.interest,
    hosts: s.hosts.map((h) => h.name),
    placed: s.roomId !== null,
    needs: s.needs,
    avoidSlotIds: s.avoidSlotIds,
  }));
}

/** Confirmed attendees, for choosing a host at the pitching station. */
export async function listConfirmedAttendees(eventId: number): Promise<{ id: number; name: string; email: string; organisation: string }[]> {
  return rowsOf<{ id: number; name: string; email: string; organisation: string }>(
    await query({
      sql: "SELECT id, name, email, organisation FROM registrations WHERE event_id = ? AND status = 'confirmed' ORDER BY name COLLATE NOCASE, id",
      args: [eventId],
    }),
  ).map((r) => ({ ...r, id: Number(r.id) }));
}

/** A pitch as its form's values (checkbox lists one value a line, as a failed form comes back). */
export function pitchFormValues(pitch: PitchDetail): Record<string, string> {
  return {
    title: pitch.title,
    description: pitch.description,
    format: pitch.format,
    needs: pitch.needs.join("\n"),
    avoidSlotIds: pitch.avoidSlotIds.join("\n"),
    coHosts: pitch.hosts
      .filter((h) => h.role !== "host")
      .map((h) => h.email)
      .join(", "),
  };
}

/** The event's session slots as the "times I cannot do" choices, in the event's time zone. */
export async function avoidableSlots(event: EventRecord): Promise<{ id: number; label: string }[]> {
  const slots = (await listSlots(event.id)).filter((s) => s.kind === "session");
  const multiDay = new Set(slots.map((s) => formatDate(s.startsAt, event.timeZone))).size > 1;
  return slots.map((s) => ({
    id: s.id,
    label: `${multiDay ? `${formatDate(s.startsAt, event.timeZone)}, ` : ""}${formatTimeRange(s.startsAt, s.endsAt, event.timeZone)}`,
  }));
}

/** Where and when a placed pitch is on the grid, worded in the event's time zone. */
type PitchPlacement = { date: string; time: string; room: string };

/**
 * Every open pitch placed in an existing room and slot, by pitch id, and whether the grid is
 * published (an unpublished grid is the organisers' draft: hosts are told it is not public yet).
 */
export async function pitchPlacements(eventId: number): Promise<{ published: boolean; byPitch: Record<number, PitchPlacement> }> {
  const schedule = await loadSchedule(eventId);
  if (!schedule) return { published: false, byPitch: {} };
  const tz = schedule.event.timeZone;
  const byPitch: Record<number, PitchPlacement> = {};
  for (const s of schedule.sessions) {
    if (s.status !== "open" || s.roomId === null || s.slotId === null) continue;
    const room = schedule.rooms.find((r) => r.id === s.roomId);
    const slot = schedule.slots.find((x) => x.id === s.slotId);
    if (!room || !slot) continue;
    byPitch[s.pitchId] = { date: formatDate(slot.startsAt, tz), time: formatTimeRange(slot.startsAt, slot.endsAt, tz), room: room.name };
  }
  return { published: schedule.publishedAt !== null, byPitch };
}
