import { env } from "../platform";
import type { EventRecord } from "../events";

/** After the event: the invitation to give feedback, with the person's own one-time link. */
export function feedbackInvitationEmail(event: Pick<EventRecord, "name" | "slug">, name: string, token: string) {
  return {
    subject: `How was ${event.name}?`,
    text: [
      `Dear ${name},`,
      `Thank you for coming to ${event.name}. Would you tell the organisers whether it was useful to you, and how the sessions you marked went? It takes a minute or two, and you can answer anonymously.`,
      `Give your feedback:\n${env().PUBLIC_URL}/events/${event.slug}/feedback/${token}`,
      "This link is yours: please do not share it. It works once.",
    ].join("\n\n"),
  };
}
