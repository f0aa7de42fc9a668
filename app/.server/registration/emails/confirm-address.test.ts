import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { addressConfirmedEmail, registrationEmail } from "./confirm-address";
import { AFTER_CLOCK_CHANGE, AFTER_CLOCK_CHANGE_LONDON, EVENT_LINES, testEvent } from "./test-event";

const event = testEvent();
const first = (route: "place" | "approval" | "lottery") =>
  registrationEmail(route, { event, ticket: { name: "Council staff" }, name: "Ada Lovelace", manageToken: "mtok", verifyToken: "vtok", holdExpiresAt: AFTER_CLOCK_CHANGE });

describe("the first email: confirm your address", () => {
  it("asks for a place with the confirmation link, its deadline in the event's zone, the event and the private link", () => {
    const email = first("place");
    expect(email.subject).toBe("Confirm your email address to get a place at LocalGov Camp 2026");
    const paragraphs = email.text.split("\n\n");
    expect(paragraphs[0]).toBe("Dear Ada Lovelace,");
    expect(paragraphs[1]).toBe("Thank you for registering for LocalGov Camp 2026 (Council staff). To get a place, confirm your email address with this link:");
    expect(paragraphs[2]).toBe(`${env().PUBLIC_URL}/events/camp-2026/register/confirm?token=vtok`);
    expect(paragraphs[3]).toMatch(/^Your place is not held until you do\. .* The link works until Monday 30 March 2026 at 10:15am\.$/);
    expect(email.text).toContain(EVENT_LINES);
    expect(paragraphs.at(-1)).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });

  it("says what confirming does for an approval request and a draw", () => {
    expect(first("approval").subject).toBe("Confirm your email address to send your request for LocalGov Camp 2026");
    expect(first("approval").text).toContain("To send your request to the organisers, confirm your email address with this link:");
    expect(first("lottery").subject).toBe("Confirm your email address to enter the draw for LocalGov Camp 2026");
    expect(first("lottery").text).toContain(`You are not in the draw until you do. Places are given by a random draw after applications close; we will email you the result. The link works until ${AFTER_CLOCK_CHANGE_LONDON}.`);
  });
});

describe("once the address is confirmed", () => {
  const confirmed = (outcome: "pending-approval" | "lottery-entered" | "waiting") =>
    addressConfirmedEmail(outcome, { event, name: "Ada Lovelace", ticketTypeName: "Council staff", manageToken: "mtok" });

  it("tells a requester their request has gone to the organisers", () => {
    const email = confirmed("pending-approval");
    expect(email.subject).toBe("Your request for a place at LocalGov Camp 2026");
    expect(email.text.split("\n\n")[1]).toBe(
      "Thank you for confirming your email address. Your request for a place at LocalGov Camp 2026 (Council staff) has gone to the organisers, and we will email you their decision.",
    );
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });

  it("tells an applicant they are in the draw, and a latecomer they are on the waiting list", () => {
    expect(confirmed("lottery-entered").subject).toBe("You are in the draw for LocalGov Camp 2026");
    expect(confirmed("lottery-entered").text).toContain("You are in the draw for a place at LocalGov Camp 2026 (Council staff).");
    expect(confirmed("waiting").subject).toBe("You are on the waiting list for LocalGov Camp 2026");
    expect(confirmed("waiting").text).toContain("Every place at LocalGov Camp 2026 (Council staff) has been taken, so you are on the waiting list");
  });
});
