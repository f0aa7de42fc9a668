import { env } from "../platform";
import type { EventRecord } from "../events";
import { changeLines, type NetChange } from "~/domain/change-notices";

/** The change notice: one email listing every session of a person's that changed on the schedule. */

type Item = { title: string; change: NetChange; hosting: boolean };

/**
 * `items` in the order to list them; times shown in the event's zone. `links`: the person's
 * private link token (their sessions and calendar) and their unsubscribe token.
 */
export function changeNoticeEmail(event: Pick<EventRecord, "name" | "slug" | "timeZone">, name: string, items: Item[], links: { manage: string; unsubscribe: string }) {
  const one = items.length === 1;
  return {
    subject: `${one ? "A session has" : `${items.length} sessions have`} changed at ${event.name}`,
    text: [
      `Dear ${name},`,
      `${one ? "A session you are hosting or said you'd go to has" : "Sessions you are hosting or said you'd go to have"} changed on the schedule of ${event.name}. Times are ${event.timeZone} time.`,
      ...items.map((item) => changeLines(item.title, item.change, event.timeZone, item.hosting)),
      `Your sessions, and a calendar that updates itself:\n${env().PUBLIC_URL}/r/${links.manage}/calendar`,
      `The whole schedule:\n${env().PUBLIC_URL}/events/${event.slug}/schedule`,
      `To stop emails about changes to the schedule of ${event.name}:\n${env().PUBLIC_URL}/events/${event.slug}/unsubscribe/${links.unsubscribe}`,
    ].join("\n\n"),
  };
}
