import { expect, it } from "vitest";
import { env } from "../platform";
import { addedToTeamEmail } from "./emails";

const event = { name: "LocalGov Camp 2026", slug: "camp-2026" };

it("tells a new organiser who added them, how to sign in and where the organiser pages are", () => {
  const email = addedToTeamEmail(event, "lead@leeds.gov.uk", "organiser");
  expect(email.subject).toBe("You are now an organiser of LocalGov Camp 2026");
  expect(email.text.split("\n\n")).toEqual([
    "lead@leeds.gov.uk has added you as an organiser of LocalGov Camp 2026 on Pitchgrid.",
    `To organise it, sign in with this email address (we email you a link; there is no password):\n${env().PUBLIC_URL}/sign-in`,
    `The event's organiser pages:\n${env().PUBLIC_URL}/organise/camp-2026`,
    "If you did not expect this, reply to this email to tell the organisers.",
  ]);
});

it("tells a new volunteer what volunteers do, with the station and check-in links", () => {
  const email = addedToTeamEmail(event, "lead@leeds.gov.uk", "volunteer");
  expect(email.subject).toBe("You are now a volunteer at LocalGov Camp 2026");
  expect(email.text).toContain("lead@leeds.gov.uk has added you as a volunteer at LocalGov Camp 2026 on Pitchgrid. Volunteers run the pitch station");
  expect(email.text).toContain(`To volunteer, sign in with this email address`);
  expect(email.text).toContain(`The pitch station:\n${env().PUBLIC_URL}/organise/camp-2026/station\n\nCheck-in:\n${env().PUBLIC_URL}/organise/camp-2026/check-in`);
});
