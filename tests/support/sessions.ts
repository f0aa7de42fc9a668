import { sessionStorage } from "../../app/.server/session";

/** A Cookie header for a signed-in organiser, as the sign-in link would set it. */
export async function organiserCookie(email: string): Promise<string> {
  const session = await sessionStorage().getSession();
  session.set("email", email);
  session.set("signedInAt", new Date().toISOString());
  const setCookie = await sessionStorage().commitSession(session);
  return setCookie.split(";")[0];
}
