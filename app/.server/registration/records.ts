import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, hashToken, looksLikeToken, notFound, query } from "../platform";
import type { RegistrationStatus } from "~/domain/registration-rules";
import { emailKey, emailKeySql } from "~/domain/email-identity";

/** The registration record: its columns, loading it, and finding it by id or private link. */

/**
 * Registration: taking a place without ever overselling, the waiting list and its offers,
 * approvals, the lottery, and the attendee's own changes. Every change of status happens in one
 * write transaction that re-reads the quota and the places taken, and queues its email in the
 * same transaction, so a registration is never committed without its email or the reverse.
 */
export type Executor = Pick<Transaction, "execute">;

export type RegistrationDetails = {
  name: string;
  email: string;
  organisation: string;
  jobRole: string;
  /** Optional (issue 17): callers that predate it may leave it out. */
  pronouns?: string;
  accessNeeds: string;
  dietaryNeeds: string;
};

export type Registration = RegistrationDetails & {
  pronouns: string;
  id: number;
  eventId: number;
  ticketTypeId: number;
  ticketTypeName: string;
  councilName: string | null;
  status: RegistrationStatus;
  approvalReason: string;
  holdExpiresAt: string | null;
  offerExpiresAt: string | null;
  waitingSince: string | null;
  lotteryRank: number | null;
  checkedInAt: string | null;
  createdAt: string;
  updatedAt: string;
  confirmedAt: string | null;
  cancelledAt: string | null;
};

export type RegistrationRow = {
  id: number;
  event_id: number;
  ticket_type_id: number;
  ticket_type_name: string;
  email: string;
  name: string;
  organisation: string;
  job_role: string;
  pronouns: string;
  access_needs: string;
  dietary_needs: string;
  council_name: string | null;
  status: RegistrationStatus;
  approval_reason: string;
  hold_expires_at: string | null;
  offer_expires_at: string | null;
  waiting_since: string | null;
  lottery_rank: number | null;
  checked_in_at: string | null;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
  cancelled_at: string | null;
};

export const REGISTRATION_COLUMNS = `r.id, r.event_id, r.ticket_type_id, t.name AS ticket_type_name, r.email, r.name, r.organisation, r.job_role, r.pronouns,
  r.access_needs, r.dietary_needs, r.council_name, r.status, r.approval_reason, r.hold_expires_at, r.offer_expires_at,
  r.waiting_since, r.lottery_rank, r.checked_in_at, r.created_at, r.updated_at, r.confirmed_at, r.cancelled_at`;

export const FROM_REGISTRATIONS = "FROM registrations r JOIN ticket_types t ON t.id = r.ticket_type_id";

export function toRegistration(row: RegistrationRow): Registration {
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    ticketTypeId: Number(row.ticket_type_id),
    ticketTypeName: row.ticket_type_name,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    jobRole: row.job_role,
    pronouns: row.pronouns,
    accessNeeds: row.access_needs,
    dietaryNeeds: row.dietary_needs,
    councilName: row.council_name,
    status: row.status,
    approvalReason: row.approval_reason,
    holdExpiresAt: row.hold_expires_at,
    offerExpiresAt: row.offer_expires_at,
    waitingSince: row.waiting_since,
    lotteryRank: row.lottery_rank === null ? null : Number(row.lottery_rank),
    checkedInAt: row.checked_in_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    confirmedAt: row.confirmed_at,
    cancelledAt: row.cancelled_at,
  };
}

/**
 * A live registration (LIVE in registration-rules: the statuses the CHECK constraint allows less
 * these four), written exactly as the WHERE of the partial unique index
 * registrations_one_live_per_email (db/migrations/0002): SQLite uses a partial index only when
 * the query repeats its condition, so `status IN (<the live statuses>)` could not use it.
 */
export const LIVE_STATUS_SQL = "status NOT IN ('cancelled', 'expired', 'declined', 'erased')";

/** Rows of the event's live registrations at this address (a named parameter `:email`), through registrations_one_live_per_email. */
export const LIVE_BY_ADDRESS_SQL = `FROM registrations WHERE event_id = :event_id AND email = :email AND ${LIVE_STATUS_SQL}`;

/** Rows of the event's live registrations of the same mailbox (`:key`, emailKey of the address), through registrations_email_key. */
export const LIVE_BY_MAILBOX_SQL = `FROM registrations WHERE event_id = :event_id AND ${emailKeySql("email")} = :key AND ${LIVE_STATUS_SQL}`;

const LIVE_BY_EMAIL_SQL = `SELECT id, name FROM (
    SELECT id, name, 0 AS other_tag ${LIVE_BY_ADDRESS_SQL}
    UNION ALL
    SELECT id, name, 1 AS other_tag ${LIVE_BY_MAILBOX_SQL}
  ) ORDER BY other_tag LIMIT 1`;

/**
 * The event's live registration for this address, or for the same mailbox with another plus-tag
 * (`someone+2@` is `someone@`, see emailKey); the address as typed first. The address and the
 * mailbox are two lookups, each in its own index: one condition with OR between them used
 * neither, and read every live registration of the event.
 */
export async function findLiveRegistrationByEmail(db: Executor, eventId: number, address: string): Promise<{ id: number; name: string } | null> {
  const row = firstRow<{ id: number; name: string }>(await db.execute({ sql: LIVE_BY_EMAIL_SQL, args: { event_id: eventId, email: address, key: emailKey(address) } }));
  return row ? { id: Number(row.id), name: row.name } : null;
}

export async function loadRegistration(db: Executor, id: number): Promise<Registration | null> {
  const row = firstRow<RegistrationRow>(await db.execute({ sql: `SELECT ${REGISTRATION_COLUMNS} ${FROM_REGISTRATIONS} WHERE r.id = ?`, args: [id] }));
  return row ? toRegistration(row) : null;
}

export async function findRegistration(id: number): Promise<Registration | null> {
  return loadRegistration({ execute: query }, id);
}

/** The registration behind a private manage link (not erased), or null for an unknown or malformed token. */
export async function findRegistrationByToken(token: unknown): Promise<Registration | null> {
  if (!looksLikeToken(token)) return null;
  const row = firstRow<RegistrationRow>(
    await query({
      sql: `SELECT ${REGISTRATION_COLUMNS} ${FROM_REGISTRATIONS}
            WHERE r.id = (${REGISTRATION_ID_BY_MANAGE_HASH}) AND r.status <> 'erased'`,
      args: [hashToken(token), hashToken(token)],
    }),
  );
  return row ? toRegistration(row) : null;
}

/** The registration behind a private link, or a 404 page that says what to do. */
export async function requireRegistrationByToken(token: unknown): Promise<Registration> {
  const registration = await findRegistrationByToken(token);
  if (!registration) {
    throw new DomainError(
      "not-found",
      "This link is not valid. It may have been replaced by a newer link, or the registration was erased. Use the link in your most recent email.",
    );
  }
  return registration;
}

/**
 * The registration a manage-link hash belongs to: the first link's hash on the registration, or
 * one of the later links' hashes in manage_links. Takes the hash twice as arguments.
 */
const REGISTRATION_ID_BY_MANAGE_HASH = `SELECT id FROM registrations WHERE manage_token_hash = ?
  UNION ALL SELECT registration_id FROM manage_links WHERE token_hash = ? LIMIT 1`;

export async function requireEventRegistration(tx: Executor, eventId: number, registrationId: number) {
  const registration = await loadRegistration(tx, registrationId);
  if (!registration || registration.eventId !== eventId) throw notFound("Registration");
  return registration;
}

export class RegistrationChangeRefused extends Error {}

/** Where a registration goes once its address is verified. */
export type RegistrationRoute = "place" | "approval" | "lottery";
