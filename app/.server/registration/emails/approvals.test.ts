import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { approvalDigestEmail, approvedWaitingEmail, declinedEmail } from "./approvals";
import { EVENT_LINES, testEvent } from "./test-event";

const event = testEvent();

describe("approval emails", () => {
  it("tells organisers how many requests wait, with the queue's link and nobody's name", () => {
    const one = approvalDigestEmail(event, 1, 60);
    expect(one.subject).toBe("Approval requests waiting for LocalGov Camp 2026");
    expect(one.text.split("\n\n")).toEqual([
      "1 request for a place is waiting for an organiser of LocalGov Camp 2026 to approve or decline.",
      `See them on the approval queue (sign in first):\n${env().PUBLIC_URL}/organise/camp-2026/registrations?status=pending-approval`,
      "We send at most one of these emails every 60 minutes for each event, however many requests arrive.",
    ]);
    expect(approvalDigestEmail(event, 3, 60).text).toMatch(/^3 requests for places are waiting/);
  });

  it("tells an approved requester with no place free that they are on the waiting list", () => {
    const email = approvedWaitingEmail(event, "Ada Lovelace", "mtok");
    expect(email.subject).toBe("Your request for LocalGov Camp 2026 is approved: you are on the waiting list");
    expect(email.text).toMatch(/^Dear Ada Lovelace,\n\nAn organiser has approved your request for LocalGov Camp 2026, but every place is taken/);
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });

  it("tells a declined requester", () => {
    const email = declinedEmail(event, "Ada Lovelace", "mtok");
    expect(email.subject).toBe("Your request for LocalGov Camp 2026 was not approved");
    expect(email.text).toContain("The organisers are not able to offer you a place this time.");
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });
});
