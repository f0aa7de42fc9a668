import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { placeReleasedEmail, stillComingEmail } from "./reconfirmation";
import { AFTER_CLOCK_CHANGE, AFTER_CLOCK_CHANGE_LONDON, EVENT_LINES, testEvent } from "./test-event";

const event = testEvent();
const person = { id: 3, name: "Ada Lovelace", email: "ada@leeds.gov.uk", ticketTypeName: "Council staff" };

describe("are you still coming?", () => {
  it("asks with a yes and a no link, and the deadline in the event's zone", () => {
    const email = stillComingEmail(event, person, { deadlineAt: AFTER_CLOCK_CHANGE, releaseOnSilence: true, reminder: false, manageToken: "mtok" });
    expect(email.subject).toBe("Are you still coming to LocalGov Camp 2026?");
    const paragraphs = email.text.split("\n\n");
    expect(paragraphs[1]).toMatch(/^You have a place at LocalGov Camp 2026 \(Council staff\)\./);
    expect(paragraphs[2]).toBe(`If we have not heard from you by ${AFTER_CLOCK_CHANGE_LONDON}, your place will be offered to the next person on the waiting list.`);
    expect(paragraphs[3]).toBe(`Yes, I'm coming:\n${env().PUBLIC_URL}/r/mtok/still-coming?answer=yes`);
    expect(paragraphs[4]).toBe(`No, release my place:\n${env().PUBLIC_URL}/r/mtok/still-coming?answer=no`);
    expect(email.text).toContain(EVENT_LINES);
    expect(paragraphs.at(-1)).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });

  it("reminds, and only asks for an answer when silence does not release the place", () => {
    const email = stillComingEmail(event, person, { deadlineAt: AFTER_CLOCK_CHANGE, releaseOnSilence: false, reminder: true, manageToken: "mtok" });
    expect(email.subject).toBe("Reminder: are you still coming to LocalGov Camp 2026?");
    expect(email.text.split("\n\n")[2]).toBe(`Please answer by ${AFTER_CLOCK_CHANGE_LONDON}.`);
  });

  it("releases the place after a no or silence, with a calendar update", () => {
    const no = placeReleasedEmail(event, person, "no", "mtok");
    expect(no.subject).toBe("Your place at LocalGov Camp 2026 has been released");
    expect(no.text).toContain("Thank you for telling us you cannot come to LocalGov Camp 2026.");
    expect(no.text).toContain(EVENT_LINES);
    expect(no.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
    expect(no.calendar.method).toBe("CANCEL");
    expect(placeReleasedEmail(event, person, "silence", "mtok").text).toContain("did not hear from you by the deadline");
  });
});
