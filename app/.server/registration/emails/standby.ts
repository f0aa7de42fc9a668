import { env } from "../../platform";
import type { EventRecord } from "../../events";
import { formatTime } from "~/domain/time";

/** A seat is free: the person called from the standby list, told at `calledAt` (shown in the event's time zone). */
export function standbyCalledEmail(event: EventRecord, entry: { name: string; number: number }, calledAt: string) {
  return {
    subject: `A seat is free at ${event.name}: number ${entry.number}, come to the desk`,
    text: [
      `Dear ${entry.name},`,
      `A seat has come free at ${event.name} and you are next on the standby list (number ${entry.number}). Please come to the registration desk now and give your number.`,
      `Called at ${formatTime(calledAt, event.timeZone)}. If you have gone, you need do nothing: the seat goes to the next person.`,
      `Venue: ${event.venue || "the venue"}`,
      `${env().PUBLIC_URL}/events/${event.slug}`,
    ].join("\n\n"),
  };
}
