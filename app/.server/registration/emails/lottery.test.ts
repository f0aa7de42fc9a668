import { expect, it } from "vitest";
import { env } from "../../platform";
import { drawWaitingEmail } from "./lottery";
import { EVENT_LINES, testEvent } from "./test-event";

it("tells an entrant not drawn their number on the waiting list and where the draw's record is", () => {
  const email = drawWaitingEmail(testEvent(), { name: "Ada Lovelace", number: 4, ticketTypeId: 12, manageToken: "mtok" });
  expect(email.subject).toBe("The draw for LocalGov Camp 2026: you are on the waiting list");
  const paragraphs = email.text.split("\n\n");
  expect(paragraphs[1]).toContain("so you are number 4 on the waiting list.");
  expect(paragraphs[2]).toBe(
    `The draw's record (its seed, rules and order, with no names) is published at ${env().PUBLIC_URL}/events/camp-2026/draws/12 so anyone can check it.`,
  );
  expect(email.text).toContain(EVENT_LINES);
  expect(paragraphs.at(-1)).toContain(`${env().PUBLIC_URL}/r/mtok`);
});
