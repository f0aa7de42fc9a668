import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { env } from "../platform";
import { organiserSessionEmail, SESSION_DAYS } from "./organiser-sessions";

/**
 * The organiser's cookie: signed, and holding only the id of a server-side session
 * (organiser-sessions.ts) plus, for one request, a flash message. Nothing in it says who you
 * are: the email is looked up from the id on every request, so a revoked session is refused.
 */
type SessionData = { sid: string };
type FlashData = { flash: string };

/**
 * A cookie name with the __Host- prefix in production over HTTPS: browsers then accept the
 * cookie only with Secure, Path=/ and no Domain, so a sibling subdomain cannot set or shadow it.
 */
export function cookieName(base: string): string {
  const { NODE_ENV, PUBLIC_URL } = env();
  return NODE_ENV === "production" && PUBLIC_URL.startsWith("https://") ? `__Host-${base}` : `__${base}`;
}

let storage: { key: string; value: ReturnType<typeof createSessionStorage> } | undefined;

function createSessionStorage() {
  const { SESSION_SECRET, PUBLIC_URL } = env();
  return createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: cookieName("pitchgrid"),
      httpOnly: true,
      sameSite: "lax",
      // Secure whenever the site is served over HTTPS; a laptop on http://localhost still works.
      secure: PUBLIC_URL.startsWith("https://"),
      path: "/",
      secrets: [SESSION_SECRET],
      maxAge: 60 * 60 * 24 * SESSION_DAYS,
    },
  });
}

export function sessionStorage() {
  const { SESSION_SECRET, PUBLIC_URL, NODE_ENV } = env();
  const key = `${SESSION_SECRET}\n${PUBLIC_URL}\n${NODE_ENV}`;
  if (storage?.key !== key) storage = { key, value: createSessionStorage() };
  return storage.value;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("cookie"));
}

/** The id of this device's organiser session, if its cookie carries one. */
export async function getSessionId(request: Request): Promise<string | null> {
  if (!request.headers.get("cookie")) return null;
  return (await getSession(request)).get("sid") ?? null;
}

/** The signed-in person's email, or null (no cookie, or a session signed out or expired). */
export async function getSignedInEmail(request: Request): Promise<string | null> {
  const id = await getSessionId(request);
  return id ? organiserSessionEmail(id) : null;
}

export async function requireSignedInEmail(request: Request): Promise<string> {
  const email = await getSignedInEmail(request);
  if (!email) {
    const url = new URL(request.url);
    throw redirect(`/sign-in?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return email;
}

/** Sets a one-time message ("Event saved") shown in a notification banner on the next page. */
export async function flashHeaders(request: Request, message: string): Promise<HeadersInit> {
  const session = await getSession(request);
  session.flash("flash", message);
  return { "Set-Cookie": await sessionStorage().commitSession(session) };
}

export async function redirectWithFlash(request: Request, to: string, message: string) {
  return redirect(to, { status: 303, headers: await flashHeaders(request, message) });
}

/**
 * Reads and clears the flash message. A cookie comes back only when there was a message, so
 * ordinary pages send no Set-Cookie and stay cacheable.
 */
export async function takeFlash(request: Request): Promise<{ flash: string | null; headers: HeadersInit }> {
  if (!request.headers.get("cookie")) return { flash: null, headers: {} };
  const session = await getSession(request);
  const flash = session.get("flash") ?? null;
  if (!flash) return { flash: null, headers: {} };
  return { flash, headers: { "Set-Cookie": await sessionStorage().commitSession(session) } };
}
