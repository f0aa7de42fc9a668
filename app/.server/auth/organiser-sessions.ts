import type { InStatement } from "@libsql/client";
import { firstRow, hashToken, looksLikeToken, newToken, nowIso, query, writeTransaction } from "../platform";

/**
 * Organiser sessions, kept on the server. The cookie carries a random id (256 bits, and the
 * cookie is still signed); the table keeps only its SHA-256 digest, the email, and when the
 * session was created, last seen and expires. Signing out deletes the row, so a copy of the
 * cookie stops working at once; "Sign out everywhere" deletes every row for the email.
 */
export const SESSION_DAYS = 14;
const SESSION_MS = SESSION_DAYS * 24 * 3600_000;
// last_seen_at is refreshed at most this often, so an organiser's page views are not all writes.
const LAST_SEEN_EVERY_MS = 5 * 60_000;

/** The row for a new session, as a statement (tests insert it on their own client). */
export function newOrganiserSession(email: string, now = new Date()): { id: string; statement: InStatement } {
  const id = newToken();
  const created = nowIso(now);
  return {
    id,
    statement: {
      sql: "INSERT INTO organiser_sessions (id_hash, email, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
      args: [hashToken(id), email.trim().toLowerCase(), created, created, nowIso(new Date(now.getTime() + SESSION_MS))],
    },
  };
}

/** Starts a session for a signed-in organiser; returns the id for the cookie. */
export async function startOrganiserSession(email: string, now = new Date()): Promise<string> {
  const { id, statement } = newOrganiserSession(email, now);
  await writeTransaction((tx) => tx.execute(statement));
  return id;
}

/**
 * The email of a live session, or null for an unknown, revoked or expired id. An expired row
 * is deleted when it is met (and by the periodic job otherwise).
 */
export async function organiserSessionEmail(id: unknown, now = new Date()): Promise<string | null> {
  if (!looksLikeToken(id)) return null;
  const idHash = hashToken(id);
  const row = firstRow<{ email: string; last_seen_at: string; expires_at: string }>(
    await query({ sql: "SELECT email, last_seen_at, expires_at FROM organiser_sessions WHERE id_hash = ?", args: [idHash] }),
  );
  if (!row) return null;
  if (row.expires_at <= nowIso(now)) {
    await writeTransaction((tx) => tx.execute({ sql: "DELETE FROM organiser_sessions WHERE id_hash = ?", args: [idHash] }));
    return null;
  }
  if (now.getTime() - Date.parse(row.last_seen_at) >= LAST_SEEN_EVERY_MS) {
    await writeTransaction((tx) => tx.execute({ sql: "UPDATE organiser_sessions SET last_seen_at = ? WHERE id_hash = ?", args: [nowIso(now), idHash] }));
  }
  return row.email;
}

/** Ends one session (signing out on this device). */
export async function endOrganiserSession(id: unknown): Promise<void> {
  if (!looksLikeToken(id)) return;
  await writeTransaction((tx) => tx.execute({ sql: "DELETE FROM organiser_sessions WHERE id_hash = ?", args: [hashToken(id)] }));
}

/** Ends every session of one person ("Sign out everywhere"); returns how many were ended. */
export async function endAllOrganiserSessions(email: string): Promise<number> {
  const result = await writeTransaction((tx) => tx.execute({ sql: "DELETE FROM organiser_sessions WHERE email = ?", args: [email.trim().toLowerCase()] }));
  return result.rowsAffected;
}

/** How many live sessions a person has (shown beside "Sign out everywhere"). */
export async function countOrganiserSessions(email: string, now = new Date()): Promise<number> {
  const row = firstRow<{ n: number }>(
    await query({ sql: "SELECT COUNT(*) AS n FROM organiser_sessions WHERE email = ? AND expires_at > ?", args: [email.trim().toLowerCase(), nowIso(now)] }),
  );
  return Number(row?.n ?? 0);
}

/** Deletes expired sessions (a periodic job). */
export async function pruneExpiredOrganiserSessions(now = new Date()): Promise<number> {
  const result = await writeTransaction((tx) => tx.execute({ sql: "DELETE FROM organiser_sessions WHERE expires_at <= ?", args: [nowIso(now)] }));
  return result.rowsAffected;
}
