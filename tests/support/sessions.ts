import type { Client } from "@libsql/client";
import { newOrganiserSession, rememberAttendee, sessionStorage, startOrganiserSession } from "../../app/.server/auth";

/**
 * A Cookie header for a signed-in organiser, as the sign-in link would set it: a real
 * server-side session (in this process's database, or in `db` when given, e.g. the database of
 * an app a journey test started) and the signed cookie that carries its id.
 */
export async function organiserCookie(email: string, db?: Client): Promise<string> {
  let id: string;
  if (db) {
    const row = newOrganiserSession(email);
    await db.execute(row.statement);
    id = row.id;
  } else {
    id = await startOrganiserSession(email);
  }
  const session = await sessionStorage().getSession();
  session.set("sid", id);
  const setCookie = await sessionStorage().commitSession(session);
  return setCookie.split(";")[0];
}

/** A Cookie header for an attendee recognised on this device, as their private link (/r/:token) sets it. */
export async function attendeeCookie(registrationId: number): Promise<string> {
  const headers = (await rememberAttendee(new Request("http://pitchgrid.test"), registrationId)) as Record<string, string>;
  return headers["Set-Cookie"].split(";")[0];
}
