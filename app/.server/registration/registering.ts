import { firstRow, hashToken, newToken, notFound, nowIso, query, queueEmail, writeTransaction } from "../platform";
import { checkEligibility, loadCouncilRegister, normaliseEmail, type CouncilRegister } from "./eligibility";
import { type Answer, type EventRecord, findEventBySlug, registrationWindow, saveAnswers, type TicketRow, type TicketType, toTicketType } from "../events";
import { addMinutes } from "~/domain/registration-rules";
import { EVENT_CLOSED_WORDING, eventState } from "~/domain/event-state";
import { formatDateTime } from "~/domain/time";
import { emailKey, emailKeySql } from "~/domain/email-identity";
import { registrationEmail } from "./emails";
import { holdMinutes } from "./places";
import type { Executor, RegistrationDetails, RegistrationRoute } from "./records";

/** Registering: the eligibility rule, the duplicate check and a group-committed write of an unverified ('held') registration. */

/** A registration the rules refuse, with the message for the form and the field it belongs to. */
export class RegistrationRefused extends Error {
  constructor(
    message: string,
    readonly field: "form" | "email" | "ticketTypeId" = "form",
    readonly canRequestApproval = false,
    /** The address is registered already: the form offers to email its links again. */
    readonly canResendLinks = false,
  ) {
    super(message);
  }
}

let councilRegister: CouncilRegister | undefined;

export function register(): CouncilRegister {
  councilRegister ??= loadCouncilRegister();
  return councilRegister;
}

export type RegisterInput = RegistrationDetails & {
  ticketTypeId: number;
  /** Set when a person refused by the rule asks an organiser to approve them. */
  approvalRequest?: string;
  /** Answers to the event's own questions, checked by readAnswers. */
  answers?: Answer[];
  /** Said on the form, for a lottery's rules: first time at these organisers' events; works for a supplier. */
  firstTimer?: boolean;
  supplier?: boolean;
};

type RegisterOutcome = {
  registrationId: number;
  /** Always 'held': registered, waiting for the person to confirm their address by email. */
  status: "held";
  /** What confirming the address will do: take a place (or join the waiting list), send an approval request, or enter the draw. */
  next: RegistrationRoute;
  manageToken: string;
  verifyToken: string;
  email: string;
};

function isUniqueViolation(error: unknown) {
  return /UNIQUE constraint failed: registrations\.(event_id|email)/i.test(String((error as Error)?.message ?? error));
}

const ALREADY_REGISTERED = "This email address is already registered for this event. Use the link in your email to manage your registration, or ask for it again below.";

type LotteryTicket = TicketType & { lotteryClosesAt: string | null; lotteryDrawnAt: string | null };

async function findTicketWithLottery(eventId: number, ticketTypeId: number): Promise<LotteryTicket | null> {
  const row = firstRow<TicketRow & { lottery_closes_at: string | null; lottery_drawn_at: string | null }>(
    await query({
      sql: "SELECT id, event_id, name, quota, rule, allowed_domains, opens_at, closes_at, position, lottery_closes_at, lottery_drawn_at FROM ticket_types WHERE event_id = ? AND id = ?",
      args: [eventId, ticketTypeId],
    }),
  );
  if (!row) return null;
  return { ...toTicketType(row), lotteryClosesAt: row.lottery_closes_at, lotteryDrawnAt: row.lottery_drawn_at };
}

/**
 * Registers a person for a ticket type of the event. The eligibility rule decides whether they
 * may; the registration is written as 'held' (unverified), which takes no place, and the
 * person is emailed a confirmation link. Confirming (confirmPlace) is what takes a place, joins
 * the waiting list, sends an approval request or enters the draw, so nothing an invented
 * address does can touch anyone else. Throws RegistrationRefused for anything the person can
 * fix or should know.
 */
export async function registerForEvent(eventSlug: string, input: RegisterInput, now = new Date()): Promise<RegisterOutcome> {
  const event = await findEventBySlug(eventSlug);
  if (!event) throw notFound("Event");
  const state = eventState(event, now);
  if (state !== "open") throw new RegistrationRefused(EVENT_CLOSED_WORDING[state], "ticketTypeId");
  const ticket = Number.isSafeInteger(input.ticketTypeId) ? await findTicketWithLottery(event.id, input.ticketTypeId) : null;
  if (!ticket) throw new RegistrationRefused("Choose one of the ticket types listed", "ticketTypeId");

  const window = registrationWindow(ticket, now);
  if (window === "not-yet-open") {
    throw new RegistrationRefused(`Registration for ${ticket.name} opens on ${formatDateTime(ticket.opensAt!, event.timeZone)}`, "ticketTypeId");
  }
  if (window === "closed") throw new RegistrationRefused(`Registration for ${ticket.name} has closed`, "ticketTypeId");

  const email = normaliseEmail(input.email);
  const eligibility = checkEligibility(ticket, email, register());
  let councilName: string | null = eligibility.ok ? eligibility.councilName : null;
  let route: RegistrationRoute = ticket.rule === "approval" ? "approval" : "place";
  let approvalReason = "";
  if (!eligibility.ok && !eligibility.canRequestApproval) throw new RegistrationRefused(eligibility.reason, "email");
  if (!eligibility.ok && ticket.rule !== "approval") {
    if (!input.approvalRequest?.trim()) {
      throw new RegistrationRefused(eligibility.reason, "email", eligibility.canRequestApproval);
    }
    route = "approval";
    approvalReason = input.approvalRequest.trim();
    councilName = null;
  } else if (ticket.rule === "approval") {
    approvalReason = input.approvalRequest?.trim() ?? "";
  }
  const at = nowIso(now);
  if (route === "place" && ticket.lotteryClosesAt && at < ticket.lotteryClosesAt) route = "lottery";

  const manage = { token: newToken() };
  return enqueueRegistration({ event, ticket, input, email, councilName, route, approvalReason, manage, verifyToken: newToken(), now });
}

type PreparedRegistration = {
  event: EventRecord;
  ticket: TicketType;
  input: RegisterInput;
  email: string;
  councilName: string | null;
  route: RegistrationRoute;
  approvalReason: string;
  manage: { token: string };
  verifyToken: string;
  now: Date;
};

/**
 * Group commit. Registrations that arrive while a write is in progress wait together and are
 * written in the next transaction, one after another, each re-counting the places inside it
 * (a duplicate email is refused before it writes, so it affects only that person). A rush of N people
 * then costs a handful of commits (each a disk sync) instead of N, while the quota check stays
 * exactly as strict. Nobody's answer is given before the transaction holding them commits.
 */
type Queued = { prepared: PreparedRegistration; resolve: (outcome: RegisterOutcome) => void; reject: (error: unknown) => void };

const MAX_GROUP = 100;

let queued: Queued[] = [];

let groupScheduled = false;

const groupStats = { groups: 0, registrations: 0 };

/** How many write transactions registrations have taken in this process, and for how many people. */
export function registrationGroupStats(): Readonly<typeof groupStats> {
  return { ...groupStats };
}

function enqueueRegistration(prepared: PreparedRegistration): Promise<RegisterOutcome> {
  return new Promise((resolve, reject) => {
    queued.push({ prepared, resolve, reject });
    if (!groupScheduled) {
      groupScheduled = true;
      // Wait one turn of the event loop: the embedded database answers synchronously, so a
      // transaction started at once would finish before the next request is even read, and
      // every group would be one person long.
      setImmediate(() => void writeGroup());
    }
  });
}

async function writeGroup() {
  let group: Queued[] = [];
  const results = new Map<Queued, { ok: true; outcome: RegisterOutcome } | { ok: false; error: unknown }>();
  try {
    await writeTransaction(async (tx) => {
      // Taken when the transaction starts, so everyone who arrived while it waited joins it.
      group = queued.slice(0, MAX_GROUP);
      queued = queued.slice(group.length);
      groupStats.groups += 1;
      groupStats.registrations += group.length;
      groupScheduled = queued.length > 0;
      if (groupScheduled) setImmediate(() => void writeGroup());
      for (const item of group) {
        const written = { any: false };
        try {
          results.set(item, { ok: true, outcome: await writeRegistration(tx, item.prepared, written) });
        } catch (error) {
          // Refused before writing anything (a duplicate, or another process's insert winning
          // the unique index): only this person is told. A failure after a write would leave
          // half a registration, so it abandons the whole group instead.
          if (written.any && !isUniqueViolation(error)) throw error;
          results.set(item, { ok: false, error: isUniqueViolation(error) ? new RegistrationRefused(ALREADY_REGISTERED, "email", false, true) : error });
        }
      }
    });
  } catch (error) {
    if (group.length === 0) {
      // The transaction never started (the database is unreachable): everyone waiting is told.
      group = queued;
      queued = [];
      groupScheduled = false;
    }
    // Nobody in the group is registered: the transaction was rolled back.
    for (const item of group) results.set(item, { ok: false, error });
  }
  for (const item of group) {
    const result = results.get(item)!;
    if (result.ok) item.resolve(result.outcome);
    else item.reject(result.error);
  }
}

/**
 * Is this address (or the same mailbox with another plus-tag) already registered for the event,
 * and how long does the emailed link last. The address and its key are two lookups, each in its
 * own index (the live-address unique index, registrations_email_key): one condition with OR
 * between them used neither, and visited every registration of the event for each person.
 */
export const DUPLICATE_CHECK_SQL = `SELECT
    (EXISTS (SELECT 1 FROM registrations WHERE event_id = :event AND email = :email
             AND status NOT IN ('cancelled', 'expired', 'declined', 'erased'))
     OR EXISTS (SELECT 1 FROM registrations WHERE event_id = :event AND ${emailKeySql("email")} = :key
             AND status NOT IN ('cancelled', 'expired', 'declined', 'erased'))) AS duplicate,
    e.hold_minutes
  FROM events e WHERE e.id = :event`;

async function writeRegistration(tx: Executor, p: PreparedRegistration, written: { any: boolean }): Promise<RegisterOutcome> {
  const { event, ticket, input, email, now } = p;
  const at = nowIso(now);
  const manageToken = p.manage.token;
  const verifyToken = p.verifyToken;
  // One read: the duplicate check and the link's lifetime. Nothing is counted here: an
  // unverified registration takes no place.
  const row = firstRow<{ duplicate: number; hold_minutes: number | null }>(
    await tx.execute({ sql: DUPLICATE_CHECK_SQL, args: { event: event.id, email, key: emailKey(email) } }),
  )!;
  if (Number(row.duplicate)) throw new RegistrationRefused(ALREADY_REGISTERED, "email", false, true);

  const status = "held" as const;
  const holdExpiresAt = nowIso(addMinutes(now, holdMinutes({ holdMinutes: row.hold_minutes === null ? null : Number(row.hold_minutes) })));
  const result = await tx.execute({
    sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, job_role, pronouns, access_needs, dietary_needs,
            council_name, status, approval_reason, manage_token_hash, verify_token_hash, hold_expires_at, waiting_since, created_at, updated_at,
            first_timer_declared, supplier_declared)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      event.id,
      ticket.id,
      email,
      input.name,
      input.organisation,
      input.jobRole,
      input.pronouns ?? "",
      input.accessNeeds,
      input.dietaryNeeds,
      p.councilName,
      status,
      p.approvalReason,
      hashToken(manageToken),
      hashToken(verifyToken),
      holdExpiresAt,
      null,
      at,
      at,
      input.firstTimer ? 1 : 0,
      input.supplier ? 1 : 0,
    ],
  });
  written.any = true;
  const registrationId = Number(result.lastInsertRowid);
  if (input.answers?.length) await saveAnswers(tx, event.id, registrationId, input.answers);
  await queueEmail(tx, { ...registrationEmail(p.route, { event, ticket, name: input.name, email, manageToken, verifyToken, holdExpiresAt }), eventId: event.id }, now);
  return { registrationId, status, next: p.route, manageToken, verifyToken, email };
}
