import { eventDayShift } from "~/domain/event-day";
import { formatDate } from "~/domain/time";
import { listSlots, type EventRecord } from "./events";

/**
 * Before an event's date change is saved: when the event has slots and the organiser has not
 * said whether they move with it, the question to ask (shown on the form as an error on the
 * "what happens to the time slots" radios); null when there is nothing to ask.
 */
export async function slotsMoveQuestion(event: Pick<EventRecord, "id" | "startsAt" | "timeZone">, next: { startsAt: Date; timeZone: string; moveSlots?: boolean }): Promise<string | null> {
  if (next.moveSlots !== undefined) return null;
  const days = eventDayShift(event.startsAt, event.timeZone, next.startsAt.toISOString(), next.timeZone);
  if (days === 0 && event.timeZone === next.timeZone) return null;
  const slots = (await listSlots(event.id)).length;
  if (slots === 0) return null;
  const from = formatDate(event.startsAt, event.timeZone);
  const to = formatDate(next.startsAt, next.timeZone);
  const what = days === 0 ? `The event's time zone would change to ${next.timeZone}` : `The event would start on ${to}, not ${from}`;
  return `${what}: choose whether its ${slots} time ${slots === 1 ? "slot moves" : "slots move"} with it, at the same times`;
}
