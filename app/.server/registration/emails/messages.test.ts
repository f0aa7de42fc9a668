import { expect, it } from "vitest";
import { env } from "../../platform";
import { messageEmail } from "./messages";
import { EVENT_LINES, testEvent } from "./test-event";

it("puts the event's name before the organisers' subject, and greets by name only when asked", () => {
  const named = messageEmail(testEvent(), { greeting: "name", subject: "Bring ID", body: "Please bring photo ID." }, { name: "Ada Lovelace" }, "mtok");
  expect(named.subject).toBe("LocalGov Camp 2026: Bring ID");
  expect(named.text.split("\n\n")).toEqual([
    "Dear Ada Lovelace,",
    "Please bring photo ID.",
    "From the organisers of LocalGov Camp 2026.",
    EVENT_LINES,
    `To see, change or cancel your registration, use your private link (do not share it):\n${env().PUBLIC_URL}/r/mtok`,
  ]);
  const plain = messageEmail(testEvent(), { greeting: "none", subject: "Bring ID", body: "Please bring photo ID." }, { name: "Ada Lovelace" }, "mtok");
  expect(plain.text).toMatch(/^Please bring photo ID\./);
});
