import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { env } from "./env";

type SessionData = { email: string; signedInAt: string };
type FlashData = { flash: string };

let storage: ReturnType<typeof createSessionStorage> | undefined;

function createSessionStorage() {
  const { SESSION_SECRET, PUBLIC_URL } = env();
  return createCookieSessionStorage<SessionData, FlashData>({
    cookie: {
      name: "__pitchgrid",
      httpOnly: true,
      sameSite: "lax",
      // Secure whenever the site is served over HTTPS; a laptop on http://localhost still works.
      secure: PUBLIC_URL.startsWith("https://"),
      path: "/",
      secrets: [SESSION_SECRET],
      maxAge: 60 * 60 * 24 * 14,
    },
  });
}

export function sessionStorage() {
  storage ??= createSessionStorage();
  return storage;
}

export async function getSession(request: Request) {
  return sessionStorage().getSession(request.headers.get("cookie"));
}

/** The signed-in person's email, or null. */
export async function getSignedInEmail(request: Request): Promise<string | null> {
  const session = await getSession(request);
  return session.get("email") ?? null;
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
  const session = await getSession(request);
  const flash = session.get("flash") ?? null;
  if (!flash) return { flash: null, headers: {} };
  return { flash, headers: { "Set-Cookie": await sessionStorage().commitSession(session) } };
}
