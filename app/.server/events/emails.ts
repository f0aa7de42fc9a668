import { env } from "../platform";
import type { EventRole } from "~/domain/event-roles";
import type { EventRecord } from "./events";

/** The events domain's email: someone added to an event's team (as organiser, or as volunteer). */

/** `addedBy` is the organiser who added them; the email links to sign in and to the pages their role uses. */
export function addedToTeamEmail(event: Pick<EventRecord, "name" | "slug">, addedBy: string, role: EventRole) {
  const base = env().PUBLIC_URL;
  const volunteer = role === "volunteer";
  return {
    subject: volunteer ? `You are now a volunteer at ${event.name}` : `You are now an organiser of ${event.name}`,
    text: [
      volunteer
        ? `${addedBy} has added you as a volunteer at ${event.name} on Pitchgrid. Volunteers run the pitch station and queue, enter shows of hands and head counts, edit session notes, check people in and add walk-ins at the desk.`
        : `${addedBy} has added you as an organiser of ${event.name} on Pitchgrid.`,
      `To ${volunteer ? "volunteer" : "organise it"}, sign in with this email address (we email you a link; there is no password):\n${base}/sign-in`,
      volunteer ? `The pitch station:\n${base}/organise/${event.slug}/station\n\nCheck-in:\n${base}/organise/${event.slug}/check-in` : `The event's organiser pages:\n${base}/organise/${event.slug}`,
      "If you did not expect this, reply to this email to tell the organisers.",
    ].join("\n\n"),
  };
}
