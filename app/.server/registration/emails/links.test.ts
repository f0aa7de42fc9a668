import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { linksAgainEmail, newLinkEmail } from "./links";
import { AFTER_CLOCK_CHANGE, AFTER_CLOCK_CHANGE_LONDON, EVENT_LINES, testEvent } from "./test-event";

const event = testEvent();

describe("links again", () => {
  it("gives a held place a fresh confirmation link with its deadline in the event's zone", () => {
    const email = linksAgainEmail(event, { name: "Ada Lovelace", confirmation: { kind: "held", until: AFTER_CLOCK_CHANGE, verifyToken: "vtok" }, statusLabel: "Held", manageToken: "mtok" });
    expect(email.subject).toBe("Your links for LocalGov Camp 2026");
    expect(email.text.split("\n\n")).toEqual([
      "Dear Ada Lovelace,",
      "You asked us to send your links for LocalGov Camp 2026 again.",
      `To confirm your email address, open this link before ${AFTER_CLOCK_CHANGE_LONDON} (earlier links no longer work):\n${env().PUBLIC_URL}/events/camp-2026/register/confirm?token=vtok`,
      EVENT_LINES,
      `To see, change or cancel your registration, use your private link (do not share it):\n${env().PUBLIC_URL}/r/mtok`,
    ]);
  });

  it("gives an offer its link to accept, and anyone else where they stand", () => {
    const offered = linksAgainEmail(event, { name: "Ada", confirmation: { kind: "offered", until: null, verifyToken: "vtok" }, statusLabel: "Offered", manageToken: "mtok" });
    expect(offered.text).toContain("To accept the place we offered you, open this link (earlier links no longer work):\n");
    const confirmed = linksAgainEmail(event, { name: "Ada", confirmation: null, statusLabel: "Confirmed", manageToken: "mtok" });
    expect(confirmed.text.split("\n\n")[2]).toBe("Your registration: Confirmed.");
    expect(confirmed.text).not.toContain("register/confirm");
  });

  it("sends a new private link", () => {
    const email = newLinkEmail(event, "Ada Lovelace", "newtok");
    expect(email.subject).toBe("Your new link for LocalGov Camp 2026");
    expect(email.text).toContain("The links we sent you before no longer work.");
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/newtok`);
  });
});
