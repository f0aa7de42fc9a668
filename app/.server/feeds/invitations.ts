import { finishIcs, ICAL_ZONES, icalEventTimes } from "./ical-zones";
import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from "ical-generator";

/**
 * The event invitation sent with a confirmation (METHOD:REQUEST) and withdrawn on cancellation
 * (METHOD:CANCEL). The UID is stable per registration, so the cancellation removes the very
 * entry the confirmation added; SEQUENCE rises for the cancellation as RFC 5546 requires.
 */
type InvitationInput = {
  method: "REQUEST" | "CANCEL";
  registrationId: number;
  event: { slug: string; name: string; summary: string; venue: string; startsAt: string; endsAt: string; timeZone: string };
  attendee: { name: string; email: string };
  organiserEmail: string;
  publicUrl: string;
  manageUrl: string;
  now?: Date;
};


/**
 * A name written as a parameter value (CN="..."): RFC 5545 allows no DQUOTE there, and no
 * control characters, so double quotes become single ones and controls become spaces.
 */
function paramText(value: string): string {
  return value.replace(/"/g, "'").replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
}

export function invitationUid(registrationId: number, publicUrl: string): string {
  return `registration-${registrationId}@${new URL(publicUrl).hostname}`;
}

export function buildInvitation(input: InvitationInput): string {
  const host = new URL(input.publicUrl).hostname;
  const calendar = ical({
    prodId: { company: host, product: "Pitchgrid", language: "EN" },
    name: input.event.name,
    method: input.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: ICAL_ZONES,
  });
  const eventUrl = `${input.publicUrl}/events/${input.event.slug}`;
  calendar.createEvent({
    id: invitationUid(input.registrationId, input.publicUrl),
    sequence: input.method === "CANCEL" ? 1 : 0,
    stamp: input.now ?? new Date(),
    ...icalEventTimes(input.event.startsAt, input.event.endsAt, input.event.timeZone),
    summary: input.event.name,
    description: [input.event.summary, `Event page: ${eventUrl}`, `Manage your place: ${input.manageUrl}`].filter(Boolean).join("\n\n"),
    location: input.event.venue || null,
    url: eventUrl,
    status: input.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: paramText(`${input.event.name} organisers`), email: input.organiserEmail },
    attendees: [
      {
        name: paramText(input.attendee.name),
        email: input.attendee.email,
        role: ICalAttendeeRole.REQ,
        status: input.method === "CANCEL" ? ICalAttendeeStatus.DECLINED : ICalAttendeeStatus.ACCEPTED,
        rsvp: false,
      },
    ],
  });
  return finishIcs(calendar.toString());
}
