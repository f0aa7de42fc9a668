import { describe, expect, it } from "vitest";
import { env } from "../../platform";
import { cancelledForYouEmail, placePassedOnEmail, ticketChangedEmail } from "./on-behalf";
import { EVENT_LINES, testEvent } from "./test-event";

const event = testEvent();
const person = { id: 3, name: "Ada Lovelace", email: "ada@leeds.gov.uk" };

describe("what an organiser did for a person", () => {
  it("cancelled their place (with a calendar update) or their registration (without)", () => {
    const place = cancelledForYouEmail(event, person, true, "mtok");
    expect(place.subject).toBe("Your registration for LocalGov Camp 2026 is cancelled");
    expect(place.text).toContain("As you asked, an organiser has cancelled your place at LocalGov Camp 2026.");
    expect(place.text).toContain("If this was a mistake, reply to the organisers or register again while registration is open.");
    expect(place.text).toContain(EVENT_LINES);
    expect(place.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
    expect(place.calendar?.method).toBe("CANCEL");
    const registration = cancelledForYouEmail(event, person, false, "mtok");
    expect(registration.text).toContain("As you asked, an organiser has cancelled your registration for LocalGov Camp 2026.");
    expect(registration.calendar).toBeUndefined();
  });

  it("changed their ticket type", () => {
    const email = ticketChangedEmail(event, { name: "Ada Lovelace", from: "Council staff", to: "Suppliers", status: "confirmed", manageToken: "mtok" });
    expect(email.subject).toBe("Your ticket for LocalGov Camp 2026 has changed");
    expect(email.text).toContain("An organiser has changed your ticket for LocalGov Camp 2026 from Council staff to Suppliers. Your registration is otherwise unchanged: confirmed.");
    expect(email.text).toContain(EVENT_LINES);
    expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
  });

  it("passed their place to a colleague, with a calendar update", () => {
    const email = placePassedOnEmail(event, person, "Grace Hopper", "mtok");
    expect(email.subject).toBe("Your place at LocalGov Camp 2026 has passed to your colleague");
    expect(email.text).toContain("an organiser has passed your place at LocalGov Camp 2026 to Grace Hopper.");
    expect(email.text).toContain(EVENT_LINES);
    expect(email.calendar.method).toBe("CANCEL");
  });
});
