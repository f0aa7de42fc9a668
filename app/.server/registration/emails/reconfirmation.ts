import { env } from "../../platform";
import type { EventRecord } from "../../events";
import type { Answer } from "~/domain/reconfirmation";
import { formatDateTime } from "~/domain/time";
import { eventLines, invitation, manageParagraph } from "./parts";

/** "Are you still coming?": the question (and its reminder), and the place released after a no or silence. */

function answerUrl(manageToken: string, answer: Answer) {
  return `${env().PUBLIC_URL}/r/${manageToken}/still-coming?answer=${answer}`;
}

type Person = { id: number; name: string; email: string; ticketTypeName: string };

/** The question, with a link for each answer; `releaseOnSilence` says whether silence past the deadline releases the place. */
export function stillComingEmail(
  event: EventRecord,
  person: Pick<Person, "name" | "ticketTypeName">,
  p: { deadlineAt: string; releaseOnSilence: boolean; reminder: boolean; manageToken: string },
) {
  const deadline = formatDateTime(p.deadlineAt, event.timeZone);
  const silence = p.releaseOnSilence
    ? `If we have not heard from you by ${deadline}, your place will be offered to the next person on the waiting list.`
    : `Please answer by ${deadline}.`;
  return {
    subject: p.reminder ? `Reminder: are you still coming to ${event.name}?` : `Are you still coming to ${event.name}?`,
    text: [
      `Dear ${person.name},`,
      `You have a place at ${event.name} (${person.ticketTypeName}). Places are in demand, so we are asking everyone whether they are still coming: if you cannot, your place goes to someone on the waiting list.`,
      silence,
      `Yes, I'm coming:\n${answerUrl(p.manageToken, "yes")}`,
      `No, release my place:\n${answerUrl(p.manageToken, "no")}`,
      "Each link opens a page with a button; nothing changes until you press it.",
      eventLines(event),
      manageParagraph(p.manageToken),
    ].join("\n\n"),
  };
}

/** The place is released (the person said no, or stayed silent), with a calendar update removing the event. */
export function placeReleasedEmail(event: EventRecord, person: Person, reason: "no" | "silence", manageToken: string) {
  return {
    subject: `Your place at ${event.name} has been released`,
    text: [
      `Dear ${person.name},`,
      reason === "no"
        ? `Thank you for telling us you cannot come to ${event.name}. Your place has been released and offered to the next person on the waiting list. The attached update removes the event from your calendar.`
        : `We asked whether you were still coming to ${event.name} and did not hear from you by the deadline, so your place has been offered to the next person on the waiting list. The attached update removes the event from your calendar.`,
      "If you can come after all, you can register again while registration is open.",
      eventLines(event),
      manageParagraph(manageToken),
    ].join("\n\n"),
    calendar: invitation("CANCEL", person, event, null),
  };
}
