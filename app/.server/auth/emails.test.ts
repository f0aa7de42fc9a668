import { expect, it } from "vitest";
import { env } from "../platform";
import { signInLinkEmail } from "./emails";

it("sends the one-time sign-in link, with where it leads encoded, and how long it works", () => {
  const email = signInLinkEmail("tok", "/organise/camp?tab=a&b=c", 15);
  expect(email.subject).toBe("Your Pitchgrid sign-in link");
  expect(email.text.split("\n")).toEqual([
    "Use this link to sign in to Pitchgrid:",
    "",
    `${env().PUBLIC_URL}/sign-in/verify?token=tok&redirectTo=%2Forganise%2Fcamp%3Ftab%3Da%26b%3Dc`,
    "",
    "The link works once and expires in 15 minutes.",
    "If you did not ask to sign in, you can ignore this email.",
  ]);
});
