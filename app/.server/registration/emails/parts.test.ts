import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { confirmUrl, dateTimeIn, eventLines, invitation, manageParagraph } from "./parts";
import { AFTER_CLOCK_CHANGE, AFTER_CLOCK_CHANGE_LONDON, EVENT_LINES, testEvent } from "./test-event";

describe("the pieces every registrant's email carries", () => {
  it("gives the event's name, date and times in its own zone, and its venue (or 'To be announced')", () => {
    expect(eventLines(testEvent())).toBe(EVENT_LINES);
    expect(eventLines(testEvent({ id: 8, venue: "" }))).toContain("Venue: To be announced");
    const newYork = testEvent({ id: 9, timeZone: "America/New_York" });
    expect(eventLines(newYork)).toContain("Date: Saturday 28 March 2026, 5:30am to 1pm");
  });

  it("remembers a formatted event only while it is unchanged", () => {
    expect(eventLines(testEvent())).toBe(EVENT_LINES);
    const renamed = testEvent({ name: "Renamed Camp", updatedAt: "2026-01-11T12:00:00.000Z" });
    expect(eventLines(renamed)).toContain("Event: Renamed Camp");
  });

  it("shows a time in the event's zone, after the clocks go forward as before", () => {
    expect(dateTimeIn(AFTER_CLOCK_CHANGE, "Europe/London")).toBe(AFTER_CLOCK_CHANGE_LONDON);
    expect(dateTimeIn("2026-03-27T09:15:00.000Z", "Europe/London")).toBe("Friday 27 March 2026 at 9:15am");
    expect(dateTimeIn(AFTER_CLOCK_CHANGE, "America/New_York")).toBe("Monday 30 March 2026 at 5:15am");
  });

  it("builds the links on PUBLIC_URL", () => {
    expect(confirmUrl("camp-2026", "tok")).toBe(`${env().PUBLIC_URL}/events/camp-2026/register/confirm?token=tok`);
    expect(manageParagraph("mtok")).toBe(`To see, change or cancel your registration, use your private link (do not share it):\n${env().PUBLIC_URL}/r/mtok`);
  });

  it("attaches an invitation naming the event's contact as organiser, or a cancellation", () => {
    const person = { id: 3, name: "Ada Lovelace", email: "ada@leeds.gov.uk" };
    const invite = invitation("REQUEST", person, testEvent(), "mtok");
    expect(invite).toMatchObject({ method: "REQUEST", filename: "invite.ics" });
    expect(invite.content).toContain("METHOD:REQUEST");
    expect(invite.content).toContain("mailto:team@camp.example");
    expect(invite.content.replace(/\r\n /g, "")).toContain(`${env().PUBLIC_URL}/r/mtok`);
    const cancel = invitation("CANCEL", person, testEvent(), null);
    expect(cancel).toMatchObject({ method: "CANCEL", filename: "cancelled.ics" });
    expect(cancel.content).toContain("STATUS:CANCELLED");
  });
});
