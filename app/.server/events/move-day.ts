import type { Transaction } from "@libsql/client";
import { eventDayShift, moveSlotByDays } from "~/domain/event-day";
import { firstRow, nowIso, rowsOf } from "../platform";

/**
 * Moves every slot of an event with its new date, keeping local times (see app/domain/event-day),
 * inside the transaction that saves the event. Sessions placed in those slots move with them:
 * their sequence rises so calendars update. Returns how many slots moved.
 */
export async function moveSlotsWithEvent(tx: Pick<Transaction, "execute">, eventId: number, next: { startsAt: Date; timeZone: string }, now = new Date()): Promise<number> {
  const event = firstRow<{ starts_at: string; time_zone: string }>(await tx.execute({ sql: "SELECT starts_at, time_zone FROM events WHERE id = ?", args: [eventId] }));
  if (!event) return 0;
  const days = eventDayShift(event.starts_at, event.time_zone, next.startsAt.toISOString(), next.timeZone);
  if (days === 0 && event.time_zone === next.timeZone) return 0;
  const slots = rowsOf<{ id: number; starts_at: string; ends_at: string }>(await tx.execute({ sql: "SELECT id, starts_at, ends_at FROM slots WHERE event_id = ?", args: [eventId] }));
  for (const slot of slots) {
    const moved = moveSlotByDays({ startsAt: slot.starts_at, endsAt: slot.ends_at }, days, event.time_zone, next.timeZone);
    await tx.execute({ sql: "UPDATE slots SET starts_at = ?, ends_at = ? WHERE id = ?", args: [moved.startsAt, moved.endsAt, slot.id] });
  }
  if (slots.length > 0) {
    await tx.execute({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id IN (SELECT pitch_id FROM placements WHERE event_id = ?)", args: [nowIso(now), eventId] });
    // The schedule's "changed at" stamp (feeds' Last-Modified, the version's ETag), as schedule's
    // markScheduleChanged writes it; the version itself rises by migration 0023's slot trigger.
    // Written here rather than imported so events does not depend on schedule (no import cycle).
    await tx.execute({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [now.toISOString(), eventId] });
  }
  return slots.length;
}
