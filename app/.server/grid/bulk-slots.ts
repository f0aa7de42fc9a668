import { planSlots, type SlotPlan } from "~/domain/slot-plan";
import { firstRow, notFound, rowsOf, writeTransaction } from "../platform";
import { markScheduleChanged } from "../schedule";
import { validateSlot, VenueRefused } from "./venue";

/**
 * Adds several slots at once (app/domain/slot-plan), all or none, in one transaction: each is
 * checked as if added by hand (validateSlot: the event's days, no overlapping session slots,
 * including the ones added before it in the same plan). Returns how many were added.
 */
export async function createSlotsFromPlan(eventId: number, plan: SlotPlan): Promise<{ sessions: number; breaks: number }> {
  const planned = planSlots(plan);
  if (!planned.ok) throw new VenueRefused(planned.message, planned.field);
  return writeTransaction(async (tx) => {
    const event = firstRow<{ starts_at: string; ends_at: string; time_zone: string }>(await tx.execute({ sql: "SELECT starts_at, ends_at, time_zone FROM events WHERE id = ?", args: [eventId] }));
    if (!event) throw notFound("Event");
    const times = { startsAt: event.starts_at, endsAt: event.ends_at, timeZone: event.time_zone };
    const others = rowsOf<{ id: number; starts_at: string; ends_at: string; kind: "session" | "break" }>(
      await tx.execute({ sql: "SELECT id, starts_at, ends_at, kind FROM slots WHERE event_id = ?", args: [eventId] }),
    ).map((s) => ({ id: Number(s.id), startsAt: s.starts_at, endsAt: s.ends_at, kind: s.kind }));
    let fresh = -1;
    for (const slot of planned.slots) {
      const checked = validateSlot(slot, times, others);
      if (!checked.ok) {
        const which = `The slot ${slot.start} to ${slot.end}`;
        // Field errors of one slot are about the plan as a whole: shown against the first start time.
        throw new VenueRefused(`${which} cannot be added: ${checked.message.charAt(0).toLowerCase()}${checked.message.slice(1)}. No slots were added`, checked.field === "date" ? "date" : "start");
      }
      await tx.execute({
        sql: "INSERT INTO slots (event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?)",
        args: [eventId, checked.startsAt, checked.endsAt, slot.kind, slot.label],
      });
      others.push({ id: fresh--, startsAt: checked.startsAt, endsAt: checked.endsAt, kind: slot.kind });
    }
    await markScheduleChanged(tx, eventId);
    return { sessions: planned.slots.filter((s) => s.kind === "session").length, breaks: planned.slots.filter((s) => s.kind === "break").length };
  });
}
