import type { EventRecord } from "../../events";
import type { Greeting } from "~/domain/message-form";
import { eventLines, manageParagraph } from "./parts";

/** The email exactly as each person gets it: the preview shows it with the first person's name. */
export function messageEmail(event: EventRecord, input: { greeting: Greeting; subject: string; body: string }, person: { name: string }, manageToken: string) {
  return {
    subject: `${event.name}: ${input.subject}`,
    text: [...(input.greeting === "name" ? [`Dear ${person.name},`] : []), input.body, `From the organisers of ${event.name}.`, eventLines(event), manageParagraph(manageToken)].join("\n\n"),
  };
}
