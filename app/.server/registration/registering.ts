import { hashToken, newToken, notFound, nowIso, queueEmail, writeTransaction } from "../platform";
import { checkEligibility, loadCouncilRegister, normaliseEmail, type CouncilRegister } from "./eligibility";
import { type Answer, type EventRecord, findEventForRegistration, type RegistrationForm, registrationWindow, saveAnswers, type TicketType } from "../events";
import { addMinutes } from "~/domain/registration-rules";
import { EVENT_CLOSED_WORDING, eventState } from "~/domain/event-state";
import { formatDateTime } from "~/domain/time";
import { emailKey } from "~/domain/email-identity";
import { registrationEmail } from "./emails/confirm-address";
import { holdMinutes } from "./places";
import { type Executor, LIVE_BY_ADDRESS_SQL, LIVE_BY_MAILBOX_SQL, type RegistrationDetails, type RegistrationRoute } from "./records";

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

/**
 * Registers a person for a ticket type of the event. The eligibility rule decides whether they
 * may; the registration is written as 'held' (unverified), which takes no place, and the
 * person is emailed a confirmation link. Confirming (confirmPlace) is what takes a place, joins
 * the waiting list, sends an approval request or enters the draw, so nothing an invented
 * address does can touch anyone else. Throws RegistrationRefused for anything the person can
 * fix or should know.
 */
export async function registerForEvent(eventSlug: string, input: RegisterInput, now = new Date(), form?: RegistrationForm): Promise<RegisterOutcome> {
  // The form's POST has read these already (with the event's questions, in one statement).
  const { event, ticket } = form ?? (await findEventForRegistration(eventSlug, input.ticketTypeId));
  if (!event) throw notFound("Event");
  const state = eventState(event, now);
  if (state !== "open") throw new RegistrationRefused(EVENT_CLOSED_WORDING[state], "ticketTypeId");
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

const REGISTRATION_COLUMNS = [
  "event_id", "ticket_type_id", "email", "name", "organisation", "job_role", "pronouns", "access_needs", "dietary_needs", "council_name", "status",
  "approval_reason", "manage_token_hash", "verify_token_hash", "hold_expires_at", "waiting_since", "created_at", "updated_at", "first_timer_declared", "supplier_declared",
] as const;

/**
 * The registration's one write, with the duplicate check in it: is this address (or the same
 * mailbox with another plus-tag) already registered for the event. Nothing is inserted if so
 * (no row changed). The address and its key are two lookups, each in its own index (the
 * live-address unique index, registrations_email_key): one condition with OR between them used
 * neither, and visited every registration of the event for each person.
 */
export const REGISTRATION_INSERT_SQL = `INSERT INTO registrations (${REGISTRATION_COLUMNS.join(", ")})
  SELECT ${REGISTRATION_COLUMNS.map((column) => `:${column}`).join(", ")}
  WHERE NOT EXISTS (SELECT 1 ${LIVE_BY_ADDRESS_SQL})
    AND NOT EXISTS (SELECT 1 ${LIVE_BY_MAILBOX_SQL})`;

async function writeRegistration(tx: Executor, p: PreparedRegistration, written: { any: boolean }): Promise<RegisterOutcome> {
  const { event, ticket, input, email, now } = p;
  const at = nowIso(now);
  const manageToken = p.manage.token;
  const verifyToken = p.verifyToken;
  // One statement: the duplicate check and the write. Nothing is counted here: an unverified
  // registration takes no place.
  const status = "held" as const;
  const holdExpiresAt = nowIso(addMinutes(now, holdMinutes(event)));
  const row: Record<(typeof REGISTRATION_COLUMNS)[number], string | number | null> = {
    event_id: event.id,
    ticket_type_id: ticket.id,
    email,
    name: input.name,
    organisation: input.organisation,
    job_role: input.jobRole,
    pronouns: input.pronouns ?? "",
    access_needs: input.accessNeeds,
    dietary_needs: input.dietaryNeeds,
    council_name: p.councilName,
    status,
    approval_reason: p.approvalReason,
    manage_token_hash: hashToken(manageToken),
    verify_token_hash: hashToken(verifyToken),
    hold_expires_at: holdExpiresAt,
    waiting_since: null,
    created_at: at,
    updated_at: at,
    first_timer_declared: input.firstTimer ? 1 : 0,
    supplier_declared: input.supplier ? 1 : 0,
  };
  const result = await tx.execute({ sql: REGISTRATION_INSERT_SQL, args: { ...row, key: emailKey(email) } });
  if (result.rowsAffected === 0) throw new RegistrationRefused(ALREADY_REGISTERED, "email", false, true);
  written.any = true;
  const registrationId = Number(result.lastInsertRowid);
  if (input.answers?.length) await saveAnswers(tx, event.id, registrationId, input.answers);
  await queueEmail(tx, { ...registrationEmail(p.route, { event, ticket, name: input.name, manageToken, verifyToken, holdExpiresAt }), to: email, eventId: event.id }, now);
  return { registrationId, status, next: p.route, manageToken, verifyToken, email };
}
