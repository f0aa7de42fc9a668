import { eventDayShift, moveSlotByDays } from "~/domain/event-day";
import { utcToZoned } from "~/domain/time";
import { DomainError, firstRow, notFound, rowsOf, writeTransaction } from "../platform";
import { listEventsForOrganiser, listRooms, listSlots } from "../events";
import { markScheduleChanged } from "../schedule";
import { validateSlot, VenueRefused } from "./venue";

/**
 * Copying rooms and slots from another event the organiser runs (issue 14): rooms as they are
 * (a name the event already has is skipped), slots moved to this event's first day at the same
 * local times. Slots are all or none: one that would fall outside this event's days or overlap
 * a session slot it already has stops the copy. A room closed for a slot there is closed here
 * too when both the room and the slot are copied. Nothing about sessions is copied.
 */
type CopyResult = { rooms: number; skippedRooms: string[]; slots: number; closedCells: number };

/** The other events this organiser may copy from, with what each has. */
export async function copySources(organiserEmail: string, eventId: number) {
  const events = (await listEventsForOrganiser(organiserEmail)).filter((e) => e.id !== eventId);
  return Promise.all(
    events.map(async (e) => ({ id: e.id, name: e.name, startsAt: e.startsAt, timeZone: e.timeZone, rooms: (await listRooms(e.id)).length, slots: (await listSlots(e.id)).length })),
  );
}

const key = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

export async function copyVenue(organiserEmail: string, eventId: number, fromEventId: number, what: { rooms: boolean; slots: boolean }): Promise<CopyResult> {
  const source = (await listEventsForOrganiser(organiserEmail)).find((e) => e.id === fromEventId && e.id !== eventId);
  if (!source) throw notFound("Event to copy from");
  if (!what.rooms && !what.slots) throw new VenueRefused("Choose what to copy: rooms, slots or both", "what");
  const [rooms, slots] = await Promise.all([listRooms(source.id), listSlots(source.id)]);
  return writeTransaction(async (tx) => {
    const target = firstRow<{ starts_at: string; ends_at: string; time_zone: string }>(await tx.execute({ sql: "SELECT starts_at, ends_at, time_zone FROM events WHERE id = ?", args: [eventId] }));
    if (!target) throw notFound("Event");
    const result: CopyResult = { rooms: 0, skippedRooms: [], slots: 0, closedCells: 0 };
    // The source's room and slot ids and their copies here, for the closed cells.
    const roomCopies = new Map<number, number>();
    const slotCopies = new Map<number, number>();
    if (what.rooms) {
      const existing = rowsOf<{ name: string; position: number }>(await tx.execute({ sql: "SELECT name, position FROM rooms WHERE event_id = ?", args: [eventId] }));
      const names = new Set(existing.map((r) => key(r.name)));
      let position = Math.max(-1, ...existing.map((r) => Number(r.position))) + 1;
      for (const room of rooms) {
        if (names.has(key(room.name))) {
          result.skippedRooms.push(room.name);
          continue;
        }
        names.add(key(room.name));
        const inserted = await tx.execute({
          sql: "INSERT INTO rooms (event_id, name, capacity, step_free, has_screen, is_large, notes, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          args: [eventId, room.name, room.capacity, room.stepFree ? 1 : 0, room.hasScreen ? 1 : 0, room.large === null ? null : room.large ? 1 : 0, room.notes, position++],
        });
        roomCopies.set(room.id, Number(inserted.lastInsertRowid));
        result.rooms++;
      }
    }
    if (what.slots && slots.length > 0) {
      const days = eventDayShift(source.startsAt, source.timeZone, target.starts_at, target.time_zone);
      const times = { startsAt: target.starts_at, endsAt: target.ends_at, timeZone: target.time_zone };
      const others = rowsOf<{ id: number; starts_at: string; ends_at: string; kind: "session" | "break" }>(
        await tx.execute({ sql: "SELECT id, starts_at, ends_at, kind FROM slots WHERE event_id = ?", args: [eventId] }),
      ).map((s) => ({ id: Number(s.id), startsAt: s.starts_at, endsAt: s.ends_at, kind: s.kind }));
      let fresh = -1;
      for (const slot of slots) {
        const moved = moveSlotByDays(slot, days, source.timeZone, target.time_zone);
        const start = utcToZoned(moved.startsAt, target.time_zone);
        const input = { date: start.date, start: start.time, end: utcToZoned(moved.endsAt, target.time_zone).time, kind: slot.kind, label: slot.label };
        const checked = validateSlot(input, times, others);
        if (!checked.ok) throw new DomainError("conflict", `The slot ${input.start} to ${input.end} on ${input.date} cannot be copied: ${checked.message.charAt(0).toLowerCase()}${checked.message.slice(1)}. Nothing was copied`);
        const inserted = await tx.execute({ sql: "INSERT INTO slots (event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?)", args: [eventId, checked.startsAt, checked.endsAt, slot.kind, slot.label] });
        slotCopies.set(slot.id, Number(inserted.lastInsertRowid));
        others.push({ id: fresh--, startsAt: checked.startsAt, endsAt: checked.endsAt, kind: slot.kind });
        result.slots++;
      }
    }
    const closed = rowsOf<{ room_id: number; slot_id: number }>(
      await tx.execute({ sql: "SELECT c.room_id, c.slot_id FROM closed_cells c JOIN rooms r ON r.id = c.room_id WHERE r.event_id = ? ORDER BY c.room_id, c.slot_id", args: [source.id] }),
    );
    for (const cell of closed) {
      const room = roomCopies.get(Number(cell.room_id));
      const slot = slotCopies.get(Number(cell.slot_id));
      if (room === undefined || slot === undefined) continue;
      await tx.execute({ sql: "INSERT INTO closed_cells (room_id, slot_id) VALUES (?, ?)", args: [room, slot] });
      result.closedCells++;
    }
    await markScheduleChanged(tx, eventId);
    return result;
  });
}
