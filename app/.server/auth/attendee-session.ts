import { createCookie } from "@remix-run/node";
import { DomainError, env, firstRow, query, safeEqual } from "../platform";
import { cookieName } from "./cookie-session";

/**
 * How an attendee is recognised without an account: the private manage link (/r/:token) from
 * their emails, and a signed cookie set when they open it, so pitching and marking work on the
 * same device afterwards. The cookie holds, per event, the registration id and a fragment of
 * the current manage-token hash: resetting the link (a new token) signs out every device.
 */
type Attendee = {
  registrationId: number;
  eventId: number;
  email: string;
  name: string;
  status: string;
};

type CookieValue = Record<string, [number, string]>;

let attendeeCookie: { key: string; value: ReturnType<typeof createCookie> } | undefined;
function cookie() {
  const { SESSION_SECRET, PUBLIC_URL, NODE_ENV } = env();
  const key = `${SESSION_SECRET}\n${PUBLIC_URL}\n${NODE_ENV}`;
  if (attendeeCookie?.key !== key) {
    // __Host-pitchgrid_attendee in production over HTTPS (see cookieName).
    const value = createCookie(cookieName("pitchgrid_attendee"), {
      httpOnly: true,
      sameSite: "lax",
      secure: PUBLIC_URL.startsWith("https://"),
      path: "/",
      secrets: [SESSION_SECRET],
      maxAge: 60 * 60 * 24 * 120,
    });
    attendeeCookie = { key, value };
  }
  return attendeeCookie.value;
}

async function readCookie(request: Request): Promise<CookieValue> {
  const value = (await cookie().parse(request.headers.get("cookie"))) as unknown;
  return value && typeof value === "object" ? (value as CookieValue) : {};
}

type RegistrationRow = { id: number; event_id: number; email: string; name: string; status: string; manage_token_hash: string };

async function loadRegistration(id: number): Promise<RegistrationRow | undefined> {
  return firstRow<RegistrationRow>(
    await query({ sql: "SELECT id, event_id, email, name, status, manage_token_hash FROM registrations WHERE id = ?", args: [id] }),
  );
}

function toAttendee(row: RegistrationRow): Attendee {
  return { registrationId: Number(row.id), eventId: Number(row.event_id), email: row.email, name: row.name, status: row.status };
}

/** A Set-Cookie header that remembers this registration on this device. */
export async function rememberAttendee(request: Request, registrationId: number): Promise<HeadersInit> {
  const row = await loadRegistration(registrationId);
  if (!row) return {};
  const current = await readCookie(request);
  current[String(row.event_id)] = [Number(row.id), row.manage_token_hash.slice(0, 16)];
  return { "Set-Cookie": await cookie().serialize(current) };
}

/** Forgets the attendee for one event on this device. */
export async function forgetAttendee(request: Request, eventId: number): Promise<HeadersInit> {
  const current = await readCookie(request);
  delete current[String(eventId)];
  return { "Set-Cookie": await cookie().serialize(current) };
}

/** The attendee this device is remembered as for the event (any status), or null. */
export async function getAttendee(request: Request, eventId: number): Promise<Attendee | null> {
  const entry = (await readCookie(request))[String(eventId)];
  if (!Array.isArray(entry) || typeof entry[0] !== "number") return null;
  const row = await loadRegistration(entry[0]);
  // The cookie is signed, but its hash fragment is still a secret: compare it in constant time.
  if (!row || Number(row.event_id) !== eventId || row.status === "erased" || typeof entry[1] !== "string" || !safeEqual(row.manage_token_hash.slice(0, 16), entry[1])) return null;
  return toAttendee(row);
}

/** A confirmed attendee of this event, or a 403 page that says how to become one. */
export async function requireConfirmedAttendee(request: Request, eventId: number): Promise<Attendee> {
  const attendee = await getAttendee(request, eventId);
  if (!attendee || attendee.status !== "confirmed") {
    throw new DomainError(
      "forbidden",
      "Only confirmed attendees of this event can do this. Open the link in your confirmation email on this device, then try again.",
    );
  }
  return attendee;
}
