import type { EventRecord } from "../../events";
import { eventLines, invitation, manageParagraph } from "./parts";

type Registrant = { id: number; name: string; email: string };

/** The person cancelled their own registration; a confirmed place also gets a calendar update removing the event. */
export function cancelledEmail(event: EventRecord, registration: Registrant, wasConfirmed: boolean, manageToken: string) {
  return {
    subject: `Your registration for ${event.name} is cancelled`,
    text: [
      `Dear ${registration.name},`,
      wasConfirmed
        ? `You have cancelled your place at ${event.name}. It will be offered to the next person on the waiting list. The attached update removes the event from your calendar.`
        : `You have cancelled your registration for ${event.name}.`,
      eventLines(event),
      "If this was a mistake, you can register again while registration is open.",
      manageParagraph(manageToken),
    ].join("\n\n"),
    calendar: wasConfirmed ? invitation("CANCEL", registration, event, null) : undefined,
  };
}
