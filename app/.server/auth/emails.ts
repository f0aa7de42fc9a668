import { env } from "../platform";

/** The organisers' emails: the sign-in link. (Being added to an event's team is events/emails.ts.) */

/** A one-time sign-in link; `redirectTo` is where it leads after signing in. */
export function signInLinkEmail(token: string, redirectTo: string, minutes: number) {
  return {
    subject: "Your Pitchgrid sign-in link",
    text: [
      "Use this link to sign in to Pitchgrid:",
      "",
      signInUrl(token, redirectTo),
      "",
      `The link works once and expires in ${minutes} minutes.`,
      "If you did not ask to sign in, you can ignore this email.",
    ].join("\n"),
  };
}

function signInUrl(token: string, redirectTo: string) {
  return `${env().PUBLIC_URL}/sign-in/verify?token=${token}&redirectTo=${encodeURIComponent(redirectTo)}`;
}
