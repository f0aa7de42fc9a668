import { expect, it } from "vitest";
import { env } from "../platform";
import { feedbackInvitationEmail } from "./emails";

it("invites feedback with the person's own one-time link", () => {
  const email = feedbackInvitationEmail({ name: "LocalGov Camp 2026", slug: "camp-2026" }, "Ada Lovelace", "ftok");
  expect(email.subject).toBe("How was LocalGov Camp 2026?");
  const paragraphs = email.text.split("\n\n");
  expect(paragraphs[0]).toBe("Dear Ada Lovelace,");
  expect(paragraphs[1]).toMatch(/^Thank you for coming to LocalGov Camp 2026\. .* you can answer anonymously\.$/);
  expect(paragraphs[2]).toBe(`Give your feedback:\n${env().PUBLIC_URL}/events/camp-2026/feedback/ftok`);
  expect(paragraphs[3]).toBe("This link is yours: please do not share it. It works once.");
});
