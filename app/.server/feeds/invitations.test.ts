import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { buildInvitation, invitationUid } from "./invitations";

const base = {
  registrationId: 42,
  event: {
    slug: "makers-guildford",
    name: "Makers: Guildford",
    summary: "A meet-up for council makers.",
    venue: "Millmead House, Guildford",
    // 10:00-15:30 BST on 2027-06-05, and a GMT date below.
    startsAt: "2027-06-05T09:00:00.000Z",
    endsAt: "2027-06-05T14:30:00.000Z",
    timeZone: "Europe/London",
  },
  attendee: { name: "Pat Example", email: "pat@guildford.gov.uk" },
  organiserEmail: "no-reply@pitchgrid.test",
  publicUrl: "http://pitchgrid.test",
  manageUrl: "http://pitchgrid.test/r/secret-token-abcdefghijklmnop",
  now: new Date("2027-01-01T12:00:00Z"),
};

function parse(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const timezone = calendar.getFirstSubcomponent("vtimezone");
  if (timezone) ICAL.TimezoneService.register(new ICAL.Timezone(timezone));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

describe("event invitation", () => {
  it("is a METHOD:REQUEST with a stable UID, organiser and attendee", () => {
    const text = buildInvitation({ ...base, method: "REQUEST" });
    const { calendar, vevent, event } = parse(text);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(event.uid).toBe("registration-42@pitchgrid.test");
    expect(event.uid).toBe(invitationUid(42, "http://pitchgrid.test"));
    expect(event.summary).toBe("Makers: Guildford");
    expect(event.location).toBe("Millmead House, Guildford");
    expect(event.description).toContain(base.manageUrl);
    expect(String(vevent.getFirstPropertyValue("status"))).toBe("CONFIRMED");
    expect(String(vevent.getFirstPropertyValue("organizer")).toLowerCase()).toBe("mailto:no-reply@pitchgrid.test");
    const attendee = vevent.getFirstProperty("attendee")!;
    expect(String(attendee.getFirstValue()).toLowerCase()).toBe("mailto:pat@guildford.gov.uk");
    expect(attendee.getParameter("cn")).toBe("Pat Example");
    expect(attendee.getParameter("partstat")).toBe("ACCEPTED");
    // CRLF line endings, as RFC 5545 requires.
    expect(text).toContain("\r\n");
  });

  it("carries a Europe/London VTIMEZONE, and local times that are right in BST and GMT", () => {
    const summer = parse(buildInvitation({ ...base, method: "REQUEST" }));
    expect(summer.calendar.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe("Europe/London");
    expect(summer.vevent.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("Europe/London");
    expect(summer.event.startDate.toString()).toBe("2027-06-05T10:00:00");
    expect(summer.event.startDate.toJSDate().toISOString()).toBe("2027-06-05T09:00:00.000Z");
    expect(summer.event.endDate.toJSDate().toISOString()).toBe("2027-06-05T14:30:00.000Z");

    const winter = parse(buildInvitation({ ...base, method: "REQUEST", event: { ...base.event, startsAt: "2027-01-16T10:00:00.000Z", endsAt: "2027-01-16T15:30:00.000Z" } }));
    expect(winter.event.startDate.toString()).toBe("2027-01-16T10:00:00");
    expect(winter.event.startDate.toJSDate().toISOString()).toBe("2027-01-16T10:00:00.000Z");
  });

  it("cancels the same entry: METHOD:CANCEL, same UID, higher SEQUENCE, STATUS:CANCELLED", () => {
    const request = parse(buildInvitation({ ...base, method: "REQUEST" }));
    const cancel = parse(buildInvitation({ ...base, method: "CANCEL" }));
    expect(cancel.calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancel.event.uid).toBe(request.event.uid);
    expect(cancel.event.sequence).toBeGreaterThan(request.event.sequence);
    expect(String(cancel.vevent.getFirstPropertyValue("status"))).toBe("CANCELLED");
  });

  it("writes other time zones in their own zone", () => {
    const { calendar, vevent, event } = parse(buildInvitation({ ...base, method: "REQUEST", event: { ...base.event, timeZone: "America/New_York" } }));
    expect(calendar.getFirstSubcomponent("vtimezone")!.getFirstPropertyValue("tzid")).toBe("America/New_York");
    expect(vevent.getFirstProperty("dtstart")!.getParameter("tzid")).toBe("America/New_York");
    expect(event.startDate.toJSDate().toISOString()).toBe("2027-06-05T09:00:00.000Z");
  });

  it("writes DTSTAMP in UTC with its Z (read an hour off in summer without it)", () => {
    const text = buildInvitation({ ...base, method: "REQUEST" });
    expect(text).toContain("\r\nDTSTAMP:20270101T120000Z\r\n");
    const summer = buildInvitation({ ...base, method: "REQUEST", now: new Date("2027-06-01T08:15:00Z") });
    expect(summer).toContain("\r\nDTSTAMP:20270601T081500Z\r\n");
    expect(summer).not.toContain("VALUE=URI");
  });

  it("keeps hostile names from breaking out of their property", () => {
    const text = buildInvitation({ ...base, method: "REQUEST", attendee: { name: 'Eve\r\nMETHOD:PUBLISH;"x"', email: "eve@guildford.gov.uk" } });
    const { calendar } = parse(text);
    expect(calendar.getAllProperties("method")).toHaveLength(1);
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
  });

  it("keeps a double quote in a name or event name from breaking CN quoting (RFC 5545 forbids DQUOTE in a parameter value)", () => {
    const text = buildInvitation({
      ...base,
      method: "REQUEST",
      event: { ...base.event, name: 'The "Big" Camp' },
      attendee: { name: 'Pat "PJ" Example;ROLE=CHAIR:x', email: "pat@guildford.gov.uk" },
    });
    const { vevent, event } = parse(text);
    const attendees = vevent.getAllProperties("attendee");
    expect(attendees).toHaveLength(1);
    expect(String(attendees[0].getFirstValue()).toLowerCase()).toBe("mailto:pat@guildford.gov.uk");
    expect(attendees[0].getParameter("cn")).toBe("Pat 'PJ' Example;ROLE=CHAIR:x");
    expect(attendees[0].getParameter("role")).toBe("REQ-PARTICIPANT");
    const organizer = vevent.getFirstProperty("organizer")!;
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe("mailto:no-reply@pitchgrid.test");
    expect(organizer.getParameter("cn")).toBe("The 'Big' Camp organisers");
    // The summary is a property value, where a quote is allowed and kept.
    expect(event.summary).toBe('The "Big" Camp');
    for (const line of text.split("\r\n").filter((l) => /^(ATTENDEE|ORGANIZER)/.test(l))) expect(line).not.toMatch(/CN="[^"]*"[^;:]/);
  });
});
