import type { Transaction } from "@libsql/client";
import { z } from "zod";
import { DomainError, firstRow, notFound, nowIso, rowsOf, writeTransaction } from "../platform";
import { listRooms, listSlots } from "../events";
import { markScheduleChanged } from "../schedule";
import { formatTimeRange, utcToZoned, zonedToUtc } from "~/domain/time";
import { singleLine } from "~/domain/single-line";
import { dateInput, gatherDates, timeInput } from "~/domain/date-input";

/**
 * Rooms and time slots of an event. Nothing here loses a placement silently: deleting a room
 * or slot that has sessions in it is refused with the sessions named, and changing a slot's
 * times tells calendars (sequence) that those sessions moved.
 */
type Room = Awaited<ReturnType<typeof listRooms>>[number];
type Slot = Awaited<ReturnType<typeof listSlots>>[number];
type RoomInput = { name: string; capacity: number; stepFree: boolean; hasScreen: boolean; large?: boolean | null; notes: string };
type SlotInput = { date: string; start: string; end: string; kind: "session" | "break"; label: string };

/**
 * A request the venue set-up refused, tied to the form field it is about: a conflict with the
 * grid when it is about the form as a whole, invalid input when it is about one field.
 */
export class VenueRefused extends DomainError {
  constructor(message: string, field = "form") {
    super(field === "form" ? "conflict" : "invalid", message, field);
  }
}

export { listRooms, listSlots };

/** Two rooms with one name make the grid, feeds and signs ambiguous (compared ignoring case and spaces). */
async function refuseDuplicateRoomName(tx: Transaction, eventId: number, name: string, exceptId = 0) {
  const key = name.trim().replace(/\s+/g, " ").toLowerCase();
  const rooms = rowsOf<{ id: number; name: string }>(await tx.execute({ sql: "SELECT id, name FROM rooms WHERE event_id = ?", args: [eventId] }));
  const same = rooms.find((r) => Number(r.id) !== exceptId && r.name.trim().replace(/\s+/g, " ").toLowerCase() === key);
  if (same) throw new VenueRefused(`There is already a room called “${same.name}”: give this one another name`, "name");
}

const largeValue = (large: boolean | null | undefined) => (large === true ? 1 : large === false ? 0 : null);

export async function findRoom(eventId: number, roomId: number): Promise<Room | null> {
  return (await listRooms(eventId)).find((r) => r.id === roomId) ?? null;
}

export async function findSlot(eventId: number, slotId: number): Promise<Slot | null> {
  return (await listSlots(eventId)).find((s) => s.id === slotId) ?? null;
}

export async function createRoom(eventId: number, input: RoomInput): Promise<number> {
  return writeTransaction(async (tx) => {
    await refuseDuplicateRoomName(tx, eventId, input.name);
    const next = firstRow<{ next: number }>(await tx.execute({ sql: "SELECT COALESCE(MAX(position), -1) + 1 AS next FROM rooms WHERE event_id = ?", args: [eventId] }))!;
    const result = await tx.execute({
      sql: "INSERT INTO rooms (event_id, name, capacity, step_free, has_screen, is_large, notes, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      args: [eventId, input.name, input.capacity, input.stepFree ? 1 : 0, input.hasScreen ? 1 : 0, largeValue(input.large), input.notes, Number(next.next)],
    });
    await markScheduleChanged(tx, eventId);
    return Number(result.lastInsertRowid);
  });
}

export async function updateRoom(eventId: number, roomId: number, input: RoomInput) {
  await writeTransaction(async (tx) => {
    const room = firstRow<{ name: string }>(await tx.execute({ sql: "SELECT name FROM rooms WHERE id = ? AND event_id = ?", args: [roomId, eventId] }));
    if (!room) throw notFound("Room");
    await refuseDuplicateRoomName(tx, eventId, input.name, roomId);
    await tx.execute({
      sql: "UPDATE rooms SET name = ?, capacity = ?, step_free = ?, has_screen = ?, is_large = ?, notes = ? WHERE id = ?",
      args: [input.name, input.capacity, input.stepFree ? 1 : 0, input.hasScreen ? 1 : 0, largeValue(input.large), input.notes, roomId],
    });
    if (room.name !== input.name) {
      // A renamed room is a new LOCATION for the sessions in it, in every calendar.
      await tx.execute({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id IN (SELECT pitch_id FROM placements WHERE room_id = ?)", args: [nowIso(), roomId] });
    }
    await markScheduleChanged(tx, eventId);
  });
}

/** Moves a room one place left (up) or right (down) on the grid. */
export async function moveRoom(eventId: number, roomId: number, direction: "up" | "down") {
  await writeTransaction(async (tx) => {
    const rooms = rowsOf<{ id: number }>(await tx.execute({ sql: "SELECT id FROM rooms WHERE event_id = ? ORDER BY position, id", args: [eventId] })).map((r) => Number(r.id));
    const index = rooms.indexOf(roomId);
    if (index === -1) throw notFound("Room");
    const other = direction === "up" ? index - 1 : index + 1;
    if (other < 0 || other >= rooms.length) return;
    [rooms[index], rooms[other]] = [rooms[other], rooms[index]];
    for (const [position, id] of rooms.entries()) await tx.execute({ sql: "UPDATE rooms SET position = ? WHERE id = ?", args: [position, id] });
    await markScheduleChanged(tx, eventId);
  });
}

async function sessionsIn(tx: Transaction, column: "room_id" | "slot_id", id: number) {
  return rowsOf<{ title: string }>(
    await tx.execute({ sql: `SELECT p.title FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.${column} = ? ORDER BY p.title`, args: [id] }),
  ).map((r) => `“${r.title}”`);
}

function refuseWhileUsed(what: string, titles: string[]) {
  if (titles.length === 0) return;
  throw new VenueRefused(
    `${what} has ${titles.length === 1 ? "a session" : `${titles.length} sessions`} on the grid (${titles.join(", ")}). Move or unschedule ${titles.length === 1 ? "it" : "them"} on the grid first.`,
  );
}

export async function deleteRoom(eventId: number, roomId: number) {
  await writeTransaction(async (tx) => {
    const room = firstRow<{ name: string }>(await tx.execute({ sql: "SELECT name FROM rooms WHERE id = ? AND event_id = ?", args: [roomId, eventId] }));
    if (!room) throw notFound("Room");
    refuseWhileUsed(room.name, await sessionsIn(tx, "room_id", roomId));
    await tx.execute({ sql: "DELETE FROM closed_cells WHERE room_id = ?", args: [roomId] });
    await tx.execute({ sql: "DELETE FROM rooms WHERE id = ?", args: [roomId] });
    await markScheduleChanged(tx, eventId);
  });
}

type EventTimes = { startsAt: string; endsAt: string; timeZone: string };
type SlotTimes = { id: number; startsAt: string; endsAt: string; kind: "session" | "break" };

const MAX_SLOT_HOURS = 12;

/**
 * Checks a slot typed in the event's time zone and gives its UTC times, or field errors: the
 * date must be one of the event's days, the end after the start and within 12 hours, and a
 * session slot must not overlap another session slot (breaks may overlap, e.g. coffee).
 */
export function validateSlot(
  input: SlotInput,
  event: EventTimes,
  others: SlotTimes[],
  exceptId?: number,
): { ok: true; startsAt: string; endsAt: string } | { ok: false; field: string; message: string } {
  const first = utcToZoned(event.startsAt, event.timeZone).date;
  const last = utcToZoned(event.endsAt, event.timeZone).date;
  if (input.date < first || input.date > last) {
    return { ok: false, field: "date", message: first === last ? `Date must be the day of the event (${first})` : `Date must be one of the event's days, ${first} to ${last}` };
  }
  const startsAt = zonedToUtc(input.date, input.start, event.timeZone);
  const endsAt = zonedToUtc(input.date, input.end, event.timeZone);
  if (endsAt <= startsAt) return { ok: false, field: "end", message: "End time must be after the start time" };
  if (endsAt.getTime() - startsAt.getTime() > MAX_SLOT_HOURS * 3600_000) return { ok: false, field: "end", message: `A slot must be ${MAX_SLOT_HOURS} hours or shorter` };
  if (input.kind === "break" && input.label.trim() === "") return { ok: false, field: "label", message: "Enter what happens in this break, for example Lunch" };
  if (input.kind === "session") {
    const clash = others.find((o) => o.id !== exceptId && o.kind === "session" && o.startsAt < endsAt.toISOString() && o.endsAt > startsAt.toISOString());
    if (clash) {
      return { ok: false, field: "start", message: `This overlaps the session slot ${formatTimeRange(clash.startsAt, clash.endsAt, event.timeZone)}: session slots cannot overlap` };
    }
  }
  return { ok: true, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() };
}

async function eventTimes(tx: Transaction, eventId: number): Promise<EventTimes> {
  const row = firstRow<{ starts_at: string; ends_at: string; time_zone: string }>(await tx.execute({ sql: "SELECT starts_at, ends_at, time_zone FROM events WHERE id = ?", args: [eventId] }));
  if (!row) throw notFound("Event");
  return { startsAt: row.starts_at, endsAt: row.ends_at, timeZone: row.time_zone };
}

async function slotTimes(tx: Transaction, eventId: number): Promise<SlotTimes[]> {
  return rowsOf<{ id: number; starts_at: string; ends_at: string; kind: "session" | "break" }>(
    await tx.execute({ sql: "SELECT id, starts_at, ends_at, kind FROM slots WHERE event_id = ?", args: [eventId] }),
  ).map((s) => ({ id: Number(s.id), startsAt: s.starts_at, endsAt: s.ends_at, kind: s.kind }));
}

export async function createSlot(eventId: number, input: SlotInput): Promise<number> {
  return writeTransaction(async (tx) => {
    const checked = validateSlot(input, await eventTimes(tx, eventId), await slotTimes(tx, eventId));
    if (!checked.ok) throw new VenueRefused(checked.message, checked.field);
    const result = await tx.execute({
      sql: "INSERT INTO slots (event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?)",
      args: [eventId, checked.startsAt, checked.endsAt, input.kind, input.label.trim()],
    });
    await markScheduleChanged(tx, eventId);
    return Number(result.lastInsertRowid);
  });
}

export async function updateSlot(eventId: number, slotId: number, input: SlotInput) {
  await writeTransaction(async (tx) => {
    const current = (await slotTimes(tx, eventId)).find((s) => s.id === slotId);
    if (!current) throw notFound("Slot");
    const checked = validateSlot(input, await eventTimes(tx, eventId), await slotTimes(tx, eventId), slotId);
    if (!checked.ok) throw new VenueRefused(checked.message, checked.field);
    if (input.kind === "break") {
      const used = await sessionsIn(tx, "slot_id", slotId);
      if (used.length > 0) throw new VenueRefused(`This slot has sessions on the grid (${used.join(", ")}), so it cannot become a break. Move or unschedule them first.`, "kind");
    }
    await tx.execute({ sql: "UPDATE slots SET starts_at = ?, ends_at = ?, kind = ?, label = ? WHERE id = ?", args: [checked.startsAt, checked.endsAt, input.kind, input.label.trim(), slotId] });
    if (current.startsAt !== checked.startsAt || current.endsAt !== checked.endsAt) {
      // The sessions in this slot now happen at another time: calendars must update them.
      await tx.execute({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id IN (SELECT pitch_id FROM placements WHERE slot_id = ?)", args: [nowIso(), slotId] });
    }
    await markScheduleChanged(tx, eventId);
  });
}

export async function deleteSlot(eventId: number, slotId: number, timeZone: string) {
  await writeTransaction(async (tx) => {
    const slot = (await slotTimes(tx, eventId)).find((s) => s.id === slotId);
    if (!slot) throw notFound("Slot");
    refuseWhileUsed(`The slot ${formatTimeRange(slot.startsAt, slot.endsAt, timeZone)}`, await sessionsIn(tx, "slot_id", slotId));
    await tx.execute({ sql: "DELETE FROM closed_cells WHERE slot_id = ?", args: [slotId] });
    await tx.execute({ sql: "DELETE FROM slots WHERE id = ?", args: [slotId] });
    await markScheduleChanged(tx, eventId);
  });
}

/** The room form, shared by the add and edit pages. */
export const RoomFormSchema = z.object({
  name: singleLine(z.string({ required_error: "Enter the room's name" }).trim().min(1, "Enter the room's name").max(80, "Room name must be 80 characters or fewer"), "Room name"),
  capacity: z
    .string({ required_error: "Enter how many people the room holds" })
    .trim()
    .min(1, "Enter how many people the room holds")
    .regex(/^\d+$/, "Capacity must be a whole number, like 30")
    .transform(Number)
    .refine((n) => n >= 1 && n <= 10000, "Capacity must be between 1 and 10,000"),
  // Explicit yes or no, no default (issue 14).
  stepFree: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether everyone can get to the room without steps" }) }).transform((v) => v === "yes"),
  hasScreen: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether the room has a screen or projector" }) }).transform((v) => v === "yes"),
  // Which rooms take sessions that ask for a larger room: the organiser says, not a capacity rule.
  large: z.enum(["yes", "no"], { errorMap: () => ({ message: "Say whether this is a large room" }) }).transform((v) => v === "yes"),
  notes: z.string().trim().max(500, "Notes must be 500 characters or fewer").default(""),
});

/** The slot form: a date and times typed in the event's time zone. */
export const SlotFormSchema = z.preprocess(
  gatherDates(["date"]),
  z.object({
  date: dateInput({ label: "Date", missing: "Enter the date of the slot" }),
  start: timeInput("start time"),
  end: timeInput("end time"),
  kind: z.enum(["session", "break"], { errorMap: () => ({ message: "Choose whether sessions happen in this slot" }) }),
  label: singleLine(z.string().trim().max(60, "Label must be 60 characters or fewer").default(""), "Label"),
  }),
);

/** Form values for editing a slot, in the event's time zone. */
export function slotFormValues(slot: Slot, timeZone: string) {
  const start = utcToZoned(slot.startsAt, timeZone);
  return { date: start.date, start: start.time, end: utcToZoned(slot.endsAt, timeZone).time, kind: slot.kind, label: slot.label };
}
