import { expect, it } from "vitest";
import { env } from "../../platform";
import { cancelledEmail } from "./self-service";
import { EVENT_LINES, testEvent } from "./test-event";

const person = { id: 3, name: "Ada Lovelace", email: "ada@leeds.gov.uk" };

it("confirms a cancelled place with a calendar update removing the event", () => {
  const email = cancelledEmail(testEvent(), person, true, "mtok");
  expect(email.subject).toBe("Your registration for LocalGov Camp 2026 is cancelled");
  expect(email.text).toContain("You have cancelled your place at LocalGov Camp 2026. It will be offered to the next person on the waiting list.");
  expect(email.text).toContain(EVENT_LINES);
  expect(email.text).toContain("If this was a mistake, you can register again while registration is open.");
  expect(email.text).toContain(`${env().PUBLIC_URL}/r/mtok`);
  expect(email.calendar).toMatchObject({ method: "CANCEL", filename: "cancelled.ics" });
});

it("confirms a cancelled registration without a place, with no calendar update", () => {
  const email = cancelledEmail(testEvent(), person, false, "mtok");
  expect(email.text.split("\n\n")[1]).toBe("You have cancelled your registration for LocalGov Camp 2026.");
  expect(email.calendar).toBeUndefined();
});
