import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { offerEmail, offerExpiredEmail, placeConfirmedEmail } from "./places";
import { AFTER_CLOCK_CHANGE_LONDON, AFTER_CLOCK_CHANGE, EVENT_LINES, testEvent } from "./test-event";

const event = testEvent();

describe("place emails", () => {
  it("confirms a place with the event, the private link and a calendar invitation", () => {
    const email = placeConfirmedEmail(event, { id: 3, name: "Ada Lovelace", email: "ada@leeds.gov.uk", ticketTypeName: "Council staff" }, "mtok");
    expect(email.subject).toBe("Your place at LocalGov Camp 2026 is confirmed");
    expect(email.text.split("\n\n").slice(0, 2)).toEqual([
      "Dear Ada Lovelace,",
      "Your place at LocalGov Camp 2026 (Council staff) is confirmed. The invitation attached adds the event to your calendar.",
    ]);
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain("If you can no longer come, please cancel so your place goes to someone on the waiting list.");
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
    expect(email.calendar).toMatchObject({ method: "REQUEST", filename: "invite.ics" });
    expect(email.calendar.content).toContain("ATTENDEE");
  });

  it("offers a place with the link to accept it and when the offer ends, in the event's zone", () => {
    const email = offerEmail(event, { name: "Ada Lovelace", ticketTypeName: "Council staff", approved: false, verifyToken: "vtok", expiresAt: AFTER_CLOCK_CHANGE, manageToken: "mtok" });
    expect(email.subject).toBe("A place at LocalGov Camp 2026 is available for you");
    const paragraphs = email.text.split("\n\n");
    expect(paragraphs[1]).toBe("A place has come up at LocalGov Camp 2026 (Council staff) and it is yours if you want it. Accept it with this link:");
    expect(paragraphs[2]).toBe(`${env().PUBLIC_URL}/events/camp-2026/register/confirm?token=vtok`);
    expect(paragraphs[3]).toBe(`The offer lasts until ${AFTER_CLOCK_CHANGE_LONDON}. After that it goes to the next person on the waiting list.`);
    expect(email.text).toContain(EVENT_LINES);
    expect(paragraphs.at(-1)).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });

  it("offers an approved requester their place in other words", () => {
    const email = offerEmail(event, { name: "Ada Lovelace", ticketTypeName: "Suppliers", approved: true, verifyToken: "vtok", expiresAt: AFTER_CLOCK_CHANGE, manageToken: "mtok" });
    expect(email.subject).toBe("Your request for LocalGov Camp 2026 is approved: accept your place");
    expect(email.text).toContain("An organiser has approved your request for a place at LocalGov Camp 2026 (Suppliers). Accept the place with this link:");
  });

  it("tells someone their offer expired", () => {
    const email = offerExpiredEmail(event, "Ada Lovelace", "mtok");
    expect(email.subject).toBe("Your offer of a place at LocalGov Camp 2026 has expired");
    expect(email.text).toContain("it was not accepted in time, so it has gone to the next person on the waiting list.");
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });
});
