import { firstRow, query, rowsOf } from "./db";
import { findEventById, listRooms, listSlots, type EventRecord } from "./events";

/**
 * The one read model of an event's schedule, shared by the public grid, calendar feeds, frab
 * exports and the optimiser: every live pitch (open, or withdrawn/merged for feeds that show
 * cancellations) with its hosts, interest and placement.
 */
export type ScheduleRoom = Awaited<ReturnType<typeof listRooms>>[number];
export type ScheduleSlot = Awaited<ReturnType<typeof listSlots>>[number];

export type ScheduledSession = {
  pitchId: number;
  title: string;
  description: string;
  format: "discussion" | "show-and-tell" | "workshop" | "other";
  needs: string[];
  avoidSlotIds: number[];
  status: "open" | "withdrawn" | "merged";
  sequence: number;
  createdAt: string;
  updatedAt: string;
  hosts: { registrationId: number; name: string; role: string }[];
  interest: number;
  roomId: number | null;
  slotId: number | null;
  pinned: boolean;
};

export type Schedule = {
  event: EventRecord;
  publishedAt: string | null;
  changedAt: string | null;
  gridVersion: number;
  rooms: ScheduleRoom[];
  slots: ScheduleSlot[];
  sessions: ScheduledSession[];
};

type PitchRow = {
  id: number;
  title: string;
  description: string;
  format: ScheduledSession["format"];
  needs: string;
  avoid_slot_ids: string;
  status: ScheduledSession["status"];
  sequence: number;
  created_at: string;
  updated_at: string;
  interest: number;
  room_id: number | null;
  slot_id: number | null;
  pinned: number | null;
};

export async function loadSchedule(eventId: number): Promise<Schedule | null> {
  const event = await findEventById(eventId);
  if (!event) return null;
  const [meta, rooms, slots, pitches, hosts] = await Promise.all([
    query({ sql: "SELECT grid_version, grid_published_at, schedule_changed_at FROM events WHERE id = ?", args: [eventId] }),
    listRooms(eventId),
    listSlots(eventId),
    query({
      sql: `SELECT p.id, p.title, p.description, p.format, p.needs, p.avoid_slot_ids, p.status, p.sequence, p.created_at, p.updated_at,
                   (SELECT COUNT(*) FROM pitch_interest i WHERE i.pitch_id = p.id) AS interest,
                   pl.room_id, pl.slot_id, pl.pinned
            FROM pitches p LEFT JOIN placements pl ON pl.pitch_id = p.id
            WHERE p.event_id = ?
            ORDER BY p.id`,
      args: [eventId],
    }),
    query({
      sql: `SELECT h.pitch_id, h.registration_id, h.role, r.name FROM pitch_hosts h
            JOIN registrations r ON r.id = h.registration_id
            JOIN pitches p ON p.id = h.pitch_id
            WHERE p.event_id = ? AND h.role <> 'co-host-invited' AND r.status <> 'erased'
            ORDER BY h.added_at`,
      args: [eventId],
    }),
  ]);
  const m = firstRow<{ grid_version: number; grid_published_at: string | null; schedule_changed_at: string | null }>(meta)!;
  const hostsByPitch = new Map<number, ScheduledSession["hosts"]>();
  for (const h of rowsOf<{ pitch_id: number; registration_id: number; role: string; name: string }>(hosts)) {
    const list = hostsByPitch.get(Number(h.pitch_id)) ?? [];
    list.push({ registrationId: Number(h.registration_id), name: h.name, role: h.role });
    hostsByPitch.set(Number(h.pitch_id), list);
  }
  return {
    event,
    publishedAt: m.grid_published_at,
    changedAt: m.schedule_changed_at,
    gridVersion: Number(m.grid_version),
    rooms,
    slots,
    sessions: rowsOf<PitchRow>(pitches).map((p) => ({
      pitchId: Number(p.id),
      title: p.title,
      description: p.description,
      format: p.format,
      needs: JSON.parse(p.needs) as string[],
      avoidSlotIds: JSON.parse(p.avoid_slot_ids) as number[],
      status: p.status,
      sequence: Number(p.sequence),
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      hosts: hostsByPitch.get(Number(p.id)) ?? [],
      interest: Number(p.interest),
      roomId: p.room_id === null ? null : Number(p.room_id),
      slotId: p.slot_id === null ? null : Number(p.slot_id),
      pinned: !!p.pinned,
    })),
  };
}

/**
 * Call inside the transaction of any change visible on the public schedule (a placement, a
 * title, a room or slot): feeds and pages use this timestamp for ETag / Last-Modified.
 */
export async function markScheduleChanged(tx: { execute: (s: { sql: string; args: (string | number)[] }) => Promise<unknown> }, eventId: number, now = new Date()) {
  await tx.execute({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [now.toISOString(), eventId] });
}
