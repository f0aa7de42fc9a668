import { expect, it } from "vitest";
import { env } from "../../platform";
import { standbyCalledEmail } from "./standby";
import { testEvent } from "./test-event";

it("calls the person by number, with the time in the event's zone, the venue and the event page", () => {
  // Called on the Monday after the clocks went forward: 9:15 UTC is 10:15am in London.
  const email = standbyCalledEmail(testEvent(), { name: "Ada Lovelace", number: 5 }, "2026-03-30T09:15:00.000Z");
  expect(email.subject).toBe("A seat is free at LocalGov Camp 2026: number 5, come to the desk");
  expect(email.text.split("\n\n")).toEqual([
    "Dear Ada Lovelace,",
    "A seat has come free at LocalGov Camp 2026 and you are next on the standby list (number 5). Please come to the registration desk now and give your number.",
    "Called at 10:15am. If you have gone, you need do nothing: the seat goes to the next person.",
    "Venue: Town Hall, Leeds",
    `${env().PUBLIC_URL}/events/camp-2026`,
  ]);
  expect(standbyCalledEmail(testEvent({ venue: "" }), { name: "Ada", number: 1 }, "2026-03-27T09:15:00.000Z").text).toContain("Called at 9:15am.");
  expect(standbyCalledEmail(testEvent({ venue: "" }), { name: "Ada", number: 1 }, "2026-03-27T09:15:00.000Z").text).toContain("Venue: the venue");
});
