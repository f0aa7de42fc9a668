import { describe, expect, it } from "vitest";
import { env } from "../platform";
import { coHostInvitationEmail, sessionMergedEmail, sessionRestoredEmail, sessionSeparatedEmail, sessionWithdrawnEmail } from "./emails";

const event = { name: "LocalGov Camp 2026", slug: "camp-2026" };
const privateLink = (token: string) => `Your private link for this event (do not share it):\n${env().PUBLIC_URL}/r/${token}`;

describe("emails to a session's hosts", () => {
  it("asks a co-host, with the pitch's link, and ends with their private link", () => {
    const email = coHostInvitationEmail(event, { name: "Grace Hopper", inviter: "Ada Lovelace", title: "Open data", pitchId: 42, manageToken: "mtok" });
    expect(email.subject).toBe("Will you co-host a session at LocalGov Camp 2026?");
    expect(email.text.split("\n\n")).toEqual([
      "Dear Grace Hopper,",
      "Ada Lovelace has asked you to co-host a session they pitched at LocalGov Camp 2026: “Open data”.",
      `To accept or decline, open your private link below on your phone or computer, then go to the pitch:\n${env().PUBLIC_URL}/events/camp-2026/pitches/42`,
      "If you do nothing, you will not be listed as a host.",
      privateLink("mtok"),
    ]);
  });

  it("says a session was withdrawn, and taken off the grid when it was on it", () => {
    const placed = sessionWithdrawnEmail(event, { name: "Ada", title: "Open data", placed: true, manageToken: "mtok" });
    expect(placed.subject).toBe("Your session at LocalGov Camp 2026 has been withdrawn");
    expect(placed.text).toContain("has withdrawn the session “Open data” and taken it off the grid.");
    expect(placed.text.endsWith(privateLink("mtok"))).toBe(true);
    expect(sessionWithdrawnEmail(event, { name: "Ada", title: "Open data", placed: false, manageToken: "mtok" }).text).toContain("has withdrawn the session “Open data”.");
  });

  it("says a session is back, on the grid or not yet", () => {
    const back = sessionRestoredEmail(event, { name: "Ada", title: "Open data", placedIn: "Hall at 10am", manageToken: "mtok" });
    expect(back.subject).toBe("Your session at LocalGov Camp 2026 is back");
    expect(back.text).toContain("It is back on the grid: Hall at 10am.");
    expect(sessionRestoredEmail(event, { name: "Ada", title: "Open data", placedIn: null, manageToken: "mtok" }).text).toContain("It is not on the grid yet: the organisers will place it.");
  });

  it("says a session was combined with another (linking to the one kept), or separated again", () => {
    const merged = sessionMergedEmail(event, { name: "Ada", duplicateTitle: "Open data 2", keptTitle: "Open data", keptId: 7, manageToken: "mtok" });
    expect(merged.subject).toBe("Your session at LocalGov Camp 2026 has been combined with a similar one");
    expect(merged.text).toContain("has combined your session “Open data 2” with “Open data”, which is about the same thing.");
    expect(merged.text).toContain(`counted there:\n${env().PUBLIC_URL}/events/camp-2026/pitches/7`);
    const separated = sessionSeparatedEmail(event, { name: "Ada", duplicateTitle: "Open data 2", keptTitle: "Open data", manageToken: "mtok" });
    expect(separated.subject).toBe("Your session at LocalGov Camp 2026 is separate again");
    expect(separated.text).toContain("has separated your session “Open data 2” from “Open data”: it is its own session again.");
    expect(separated.text.endsWith(privateLink("mtok"))).toBe(true);
  });
});
