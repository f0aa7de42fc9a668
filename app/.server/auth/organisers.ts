import { redirect } from "@remix-run/node";
import { DomainError, firstRow, isAdmin, hashToken, looksLikeToken, newToken, nowIso, query, queueEmail, writeTransaction } from "../platform";
import { signInLinkEmail } from "./emails";
import { endAllOrganiserSessions, endOrganiserSession, startOrganiserSession } from "./organiser-sessions";
import { getSession, getSessionId, requireSignedInEmail, sessionStorage } from "./cookie-session";
import { roleAllows, type EventRole } from "~/domain/event-roles";

export const SIGN_IN_LINK_MINUTES = 15;

/** Anyone who may sign in: a site admin or an organiser of at least one event. */
async function isKnownOrganiser(email: string): Promise<boolean> {
  if (isAdmin(email)) return true;
  const row = firstRow(await query({ sql: "SELECT 1 AS found FROM event_organisers WHERE email = ? LIMIT 1", args: [email] }));
  return !!row;
}

/** Someone's role in an event's team: site admins organise every event; null for anyone else. */
export async function eventRoleOf(email: string, eventId: number): Promise<EventRole | null> {
  if (isAdmin(email)) return "organiser";
  const row = firstRow<{ role: string }>(
    await query({
      sql: "SELECT role FROM event_organisers WHERE event_id = ? AND email = ? LIMIT 1",
      args: [eventId, email],
    }),
  );
  return row ? (row.role === "volunteer" ? "volunteer" : "organiser") : null;
}

/** An organiser of the event (a site admin, or added as an organiser; volunteers are not). */
export async function isOrganiserOf(email: string, eventId: number): Promise<boolean> {
  return (await eventRoleOf(email, eventId)) === "organiser";
}

/** In the event's team: an organiser or a volunteer. */
export async function isEventTeamMember(email: string, eventId: number): Promise<boolean> {
  return (await eventRoleOf(email, eventId)) !== null;
}

/**
 * Emails a one-time sign-in link to a known organiser. For anyone else nothing is sent, and
 * the caller shows the same "check your email" page, so the form does not reveal who organises.
 */
export async function requestSignInLink(email: string, redirectTo: string, now = new Date()): Promise<{ sent: boolean; token?: string }> {
  const normalised = email.trim().toLowerCase();
  if (!(await isKnownOrganiser(normalised))) return { sent: false };
  const token = newToken();
  const expires = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  await writeTransaction(async (tx) => {
    await tx.execute({
      sql: "INSERT INTO sign_in_tokens (token_hash, email, created_at, expires_at) VALUES (?, ?, ?, ?)",
      args: [hashToken(token), normalised, nowIso(now), nowIso(expires)],
    });
    // About no event: no event's Reply-To.
    await queueEmail(tx, { eventId: null, to: normalised, ...signInLinkEmail(token, redirectTo, SIGN_IN_LINK_MINUTES) });
  });
  return { sent: true, token };
}

type SignInResult = { ok: true; email: string } | { ok: false; reason: "invalid" | "expired" | "used" };

/** Uses up a sign-in token: valid once, for 15 minutes. */
export async function consumeSignInToken(token: unknown, now = new Date()): Promise<SignInResult> {
  if (!looksLikeToken(token)) return { ok: false, reason: "invalid" };
  return writeTransaction(async (tx) => {
    const row = firstRow<{ email: string; expires_at: string; used_at: string | null }>(
      await tx.execute({
        sql: "SELECT email, expires_at, used_at FROM sign_in_tokens WHERE token_hash = ?",
        args: [hashToken(token)],
      }),
    );
    if (!row) return { ok: false, reason: "invalid" } as const;
    if (row.used_at) return { ok: false, reason: "used" } as const;
    if (row.expires_at <= nowIso(now)) return { ok: false, reason: "expired" } as const;
    await tx.execute({ sql: "UPDATE sign_in_tokens SET used_at = ? WHERE token_hash = ?", args: [nowIso(now), hashToken(token)] });
    return { ok: true, email: row.email } as const;
  });
}

/**
 * Signs in on this device: a new server-side session (any session this cookie held before is
 * ended, so a sign-in never keeps an id someone else may have planted or seen).
 */
export async function createSignedInSession(request: Request, email: string, redirectTo: string) {
  const previous = await getSessionId(request);
  if (previous) await endOrganiserSession(previous);
  const session = await sessionStorage().getSession();
  session.set("sid", await startOrganiserSession(email));
  session.flash("flash", "You are signed in.");
  return redirect(redirectTo, { status: 303, headers: { "Set-Cookie": await sessionStorage().commitSession(session) } });
}

/** Signs out on this device: the server-side session is deleted, so a copy of the cookie stops working too. */
export async function signOut(request: Request) {
  const session = await getSession(request);
  await endOrganiserSession(session.get("sid"));
  return redirect("/", { status: 303, headers: { "Set-Cookie": await sessionStorage().destroySession(session) } });
}

/** Signs this person out on every device (every browser, every copied cookie). */
export async function signOutEverywhere(request: Request) {
  const email = await requireSignedInEmail(request);
  await endAllOrganiserSessions(email);
  const fresh = await sessionStorage().getSession();
  fresh.flash("flash", "You are signed out on every device.");
  return redirect("/", { status: 303, headers: { "Set-Cookie": await sessionStorage().commitSession(fresh) } });
}

/**
 * Guards an organiser page: signed in (else to sign-in) and, in this event's team, a role that
 * may use it (else 403). `needed` "volunteer" admits organisers too; "organiser" refuses volunteers.
 */
export async function requireEventRoleFor(request: Request, eventId: number, needed: EventRole = "organiser"): Promise<{ email: string; role: EventRole }> {
  const email = await requireSignedInEmail(request);
  const role = await eventRoleOf(email, eventId);
  if (!roleAllows(role, needed)) {
    throw new DomainError(
      "forbidden",
      role === "volunteer" ? "Volunteers cannot use this page. Ask one of the event's organisers." : "You are not an organiser of this event.",
    );
  }
  return { email, role: role! };
}

/** Creating events is for site admins (ADMIN_EMAILS) only; organisers of an event organise that event. */
export async function requireEventCreator(request: Request): Promise<string> {
  const email = await requireSignedInEmail(request);
  if (!isAdmin(email)) {
    throw new DomainError("forbidden", "Only site admins can create events. Ask one to create the event and add you as an organiser.");
  }
  return email;
}
