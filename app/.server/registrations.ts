import { randomBytes } from "node:crypto";
import type { Transaction } from "@libsql/client";
import { firstRow, nowIso, query, rowsOf, writeTransaction } from "./db";
import { checkEligibility, loadCouncilRegister, normaliseEmail, type CouncilRegister } from "./eligibility";
import { queueEmail } from "./email";
import { DomainError, notFound } from "./errors";
import { env } from "./env";
import { findEventById, findEventBySlug, requireEventBySlug, registrationWindow, toTicketType, updateEvent, updateTicketType, type EventInput, type EventRecord, type TicketRow, type TicketType, type TicketTypeInput } from "./events";
import { buildInvitation } from "./invitations";
import {
  addMinutes,
  canCancel,
  canTransition,
  confirmationLinkOpen,
  drawOrder,
  freePlaces,
  holdsPlace,
  LIVE,
  placeNewRegistration,
  PLACE_HOLDING,
  STATUS_LABELS,
  type RegistrationStatus,
} from "./registration-rules";
import { answersByRegistration, answersOf, listQuestions, replaceAnswers, saveAnswers, type Answer } from "./questions";
import { deleteOutboxFilesAbout, placeholderEmail, removePersonalTraces, revokedTokenHash } from "./privacy";
import { hashToken, looksLikeToken, newToken } from "./tokens";
import { formatDate, formatDateTime, formatTimeRange } from "~/utils/time";

/**
 * Registration: taking a place without ever overselling, the waiting list and its offers,
 * approvals, the lottery, and the attendee's own changes. Every change of status happens in one
 * write transaction that re-reads the quota and the places taken, and queues its email in the
 * same transaction, so a registration is never committed without its email or the reverse.
 */
type Executor = Pick<Transaction, "execute">;

export type RegistrationDetails = {
  name: string;
  email: string;
  organisation: string;
  jobRole: string;
  accessNeeds: string;
  dietaryNeeds: string;
};

export type Registration = RegistrationDetails & {
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

type RegistrationRow = {
  id: number;
  event_id: number;
  ticket_type_id: number;
  ticket_type_name: string;
  email: string;
  name: string;
  organisation: string;
  job_role: string;
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

const REGISTRATION_COLUMNS = `r.id, r.event_id, r.ticket_type_id, t.name AS ticket_type_name, r.email, r.name, r.organisation, r.job_role,
  r.access_needs, r.dietary_needs, r.council_name, r.status, r.approval_reason, r.hold_expires_at, r.offer_expires_at,
  r.waiting_since, r.lottery_rank, r.checked_in_at, r.created_at, r.updated_at, r.confirmed_at, r.cancelled_at`;
const FROM_REGISTRATIONS = "FROM registrations r JOIN ticket_types t ON t.id = r.ticket_type_id";

function toRegistration(row: RegistrationRow): Registration {
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    ticketTypeId: Number(row.ticket_type_id),
    ticketTypeName: row.ticket_type_name,
    email: row.email,
    name: row.name,
    organisation: row.organisation,
    jobRole: row.job_role,
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

async function loadRegistration(db: Executor, id: number): Promise<Registration | null> {
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

// ---------------------------------------------------------------------------------------------
// Windows, links and emails

/** The site's usual windows, for events that leave theirs blank. */
export function siteWindowDefaults() {
  return { holdMinutes: env().HOLD_MINUTES, offerHours: env().OFFER_HOURS };
}

/**
 * How long the emailed confirmation link of a new registration works at this event. (The name
 * is historical: an unverified registration holds no place.)
 */
export function holdMinutes(event: { holdMinutes: number | null }) {
  return event.holdMinutes ?? env().HOLD_MINUTES;
}
/** How long a waiting-list offer stays open at this event. */
function offerHours(event: { offerHours: number | null }) {
  return event.offerHours ?? env().OFFER_HOURS;
}

function manageUrl(manageToken: string) {
  return `${env().PUBLIC_URL}/r/${manageToken}`;
}

function confirmUrl(slug: string, verifyToken: string) {
  return `${env().PUBLIC_URL}/events/${slug}/register/confirm?token=${verifyToken}`;
}

/**
 * Formatting a date builds an Intl formatter, which is slow next to everything else in a
 * registration; in a rush the same few dates are formatted thousands of times, so they are
 * remembered (the key includes the zone, and the map is emptied when it grows).
 */
const formatted = new Map<string, string>();
function remembered(key: string, format: () => string): string {
  let value = formatted.get(key);
  if (value === undefined) {
    if (formatted.size > 2000) formatted.clear();
    value = format();
    formatted.set(key, value);
  }
  return value;
}

function dateTimeIn(instant: string, timeZone: string) {
  return remembered(`at|${instant.slice(0, 16)}|${timeZone}`, () => formatDateTime(instant, timeZone));
}

/** The event's name, date and venue, as every email to a registrant gives them. */
export function eventLines(event: EventRecord) {
  return remembered(`event|${event.id}|${event.updatedAt}|${event.startsAt}|${event.endsAt}|${event.timeZone}|${event.venue}|${event.name}`, () =>
    [
      `Event: ${event.name}`,
      `Date: ${formatDate(event.startsAt, event.timeZone)}, ${formatTimeRange(event.startsAt, event.endsAt, event.timeZone)}`,
      `Venue: ${event.venue || "To be announced"}`,
    ].join("\n"),
  );
}

export function manageParagraph(manageToken: string) {
  return `To see, change or cancel your registration, use your private link (do not share it):\n${manageUrl(manageToken)}`;
}

function mailFromAddress() {
  const from = env().MAIL_FROM;
  return from.match(/<([^>]+)>/)?.[1] ?? from;
}

function invitation(method: "REQUEST" | "CANCEL", registration: { id: number; name: string; email: string }, event: EventRecord, manageToken: string | null) {
  const content = buildInvitation({
    method,
    registrationId: registration.id,
    event,
    attendee: { name: registration.name, email: registration.email },
    organiserEmail: mailFromAddress(),
    publicUrl: env().PUBLIC_URL,
    manageUrl: manageToken ? manageUrl(manageToken) : `${env().PUBLIC_URL}/events/${event.slug}`,
  });
  return { method, filename: method === "CANCEL" ? "cancelled.ics" : "invite.ics", content } as const;
}

/**
 * The registration a manage-link hash belongs to: the first link's hash on the registration, or
 * one of the later links' hashes in manage_links. Takes the hash twice as arguments.
 */
const REGISTRATION_ID_BY_MANAGE_HASH = `SELECT id FROM registrations WHERE manage_token_hash = ?
  UNION ALL SELECT registration_id FROM manage_links WHERE token_hash = ? LIMIT 1`;

/**
 * A new private link for an email. Only its SHA-256 is stored, so no stored value gives the link
 * back: each email carries a fresh link, and every link sent keeps working until the person asks
 * for a new link (sendNewManageLink) or is erased.
 */
export async function manageTokenFor(tx: Executor, registrationId: number, now = new Date()): Promise<string> {
  const token = newToken();
  await tx.execute({
    sql: "INSERT INTO manage_links (token_hash, registration_id, created_at) VALUES (?, ?, ?)",
    args: [hashToken(token), registrationId, nowIso(now)],
  });
  return token;
}

/** Replaces every private link of the registration with one new link (the old ones stop working). */
async function resetManageToken(tx: Executor, registrationId: number): Promise<string> {
  const token = newToken();
  await tx.execute({ sql: "DELETE FROM manage_links WHERE registration_id = ?", args: [registrationId] });
  await tx.execute({ sql: "UPDATE registrations SET manage_token_hash = ? WHERE id = ?", args: [hashToken(token), registrationId] });
  return token;
}

/** Revokes the private link (and every device it signed in) and emails a new one. */
/**
 * Someone already registered asks for their links again (the email went to spam, or their
 * request was cut off before the answer came back). They get a new private link (links sent
 * before keep working) and, for a held place or an offer still open, a fresh confirmation link
 * (the old one stops working). An address with no live registration gets nothing, and the caller answers
 * the same either way.
 */
export async function resendRegistrationLinks(eventSlug: string, email: string, now = new Date()): Promise<boolean> {
  const event = await requireEventBySlug(eventSlug);
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const found = firstRow<{ id: number }>(
      await tx.execute({
        sql: `SELECT id FROM registrations WHERE event_id = ? AND email = ? AND status IN (${[...LIVE].map(() => "?").join(", ")})`,
        args: [event.id, normaliseEmail(email), ...LIVE],
      }),
    );
    const registration = found ? await loadRegistration(tx, Number(found.id)) : null;
    if (!registration) return false;
    const lines = [`Dear ${registration.name},`, `You asked us to send your links for ${event.name} again.`];
    if (confirmationLinkOpen(registration, at) || (registration.status === "offered" && holdsPlace(registration, at))) {
      const verifyToken = newToken();
      await tx.execute({ sql: "UPDATE registrations SET verify_token_hash = ?, updated_at = ? WHERE id = ?", args: [hashToken(verifyToken), at, registration.id] });
      const until = registration.status === "held" ? registration.holdExpiresAt : registration.offerExpiresAt;
      lines.push(
        `${registration.status === "held" ? "To confirm your email address" : "To accept the place we offered you"}, open this link${until ? ` before ${dateTimeIn(until, event.timeZone)}` : ""} (earlier links no longer work):\n${confirmUrl(event.slug, verifyToken)}`,
      );
    } else {
      lines.push(`Your registration: ${STATUS_LABELS[registration.status]}.`);
    }
    lines.push(eventLines(event), manageParagraph(await manageTokenFor(tx, registration.id)));
    await queueEmail(tx, { to: registration.email, subject: `Your links for ${event.name}`, text: lines.join("\n\n") }, now);
    return true;
  });
}

export async function sendNewManageLink(registrationId: number, now = new Date()) {
  await writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration || registration.status === "erased") throw notFound("Registration");
    const event = (await findEventById(registration.eventId))!;
    const token = await resetManageToken(tx, registrationId);
    await queueEmail(
      tx,
      {
        to: registration.email,
        subject: `Your new link for ${event.name}`,
        text: [`Dear ${registration.name},`, "You asked for a new private link. The links we sent you before no longer work.", eventLines(event), manageParagraph(token)].join("\n\n"),
      },
      now,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Counting places

// A place is taken by a confirmed registration or an open offer; never by an unverified one.
const TAKEN = `(status = 'confirmed' OR (status = 'offered' AND offer_expires_at > :now))`;

async function placeCounts(tx: Executor, ticketTypeId: number, eventId: number, now: string) {
  const row = firstRow<{ quota: number; capacity: number; ticket_taken: number; event_taken: number; waiting: number }>(
    await tx.execute({
      sql: `SELECT
              (SELECT quota FROM ticket_types WHERE id = :ticket) AS quota,
              (SELECT capacity FROM events WHERE id = :event) AS capacity,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = :ticket AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS ticket_taken,
              (SELECT COUNT(*) FROM registrations WHERE event_id = :event AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS event_taken,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = :ticket AND status = 'waiting') AS waiting`,
      args: { ticket: ticketTypeId, event: eventId, now },
    }),
  )!;
  return {
    quota: Number(row.quota),
    capacity: Number(row.capacity),
    ticketTaken: Number(row.ticket_taken),
    eventTaken: Number(row.event_taken),
    waiting: Number(row.waiting),
  };
}

type TicketAvailability = { ticketTypeId: number; quota: number; taken: number; placesLeft: number; waiting: number };

/** Places left and waiting-list length per ticket type, for the public pages. */
export async function ticketAvailability(eventId: number, now = new Date()): Promise<Map<number, TicketAvailability>> {
  const at = nowIso(now);
  const rows = rowsOf<{ id: number; quota: number; taken: number; waiting: number; capacity: number; event_taken: number }>(
    await query({
      sql: `SELECT t.id, t.quota,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = t.id AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS taken,
              (SELECT COUNT(*) FROM registrations WHERE ticket_type_id = t.id AND status IN ('waiting', 'lottery-entered')) AS waiting,
              e.capacity,
              (SELECT COUNT(*) FROM registrations WHERE event_id = e.id AND status IN ('confirmed', 'offered') AND ${TAKEN}) AS event_taken
            FROM ticket_types t JOIN events e ON e.id = t.event_id WHERE t.event_id = :event`,
      args: { event: eventId, now: at },
    }),
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        ticketTypeId: Number(r.id),
        quota: Number(r.quota),
        taken: Number(r.taken),
        placesLeft: freePlaces({ quota: Number(r.quota), ticketTaken: Number(r.taken), capacity: Number(r.capacity), eventTaken: Number(r.event_taken) }),
        waiting: Number(r.waiting),
      },
    ]),
  );
}

// ---------------------------------------------------------------------------------------------
// Registering

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
function register(): CouncilRegister {
  councilRegister ??= loadCouncilRegister();
  return councilRegister;
}

export type RegisterInput = RegistrationDetails & {
  ticketTypeId: number;
  /** Set when a person refused by the rule asks an organiser to approve them. */
  approvalRequest?: string;
  /** Answers to the event's own questions, checked by readAnswers. */
  answers?: Answer[];
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

/** Where a registration goes once its address is verified. */
type RegistrationRoute = "place" | "approval" | "lottery";

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

async function writeRegistration(tx: Executor, p: PreparedRegistration, written: { any: boolean }): Promise<RegisterOutcome> {
  const { event, ticket, input, email, now } = p;
  const at = nowIso(now);
  const manageToken = p.manage.token;
  const verifyToken = p.verifyToken;
  // One read: the duplicate check (served by the unique index's own condition) and the link's
  // lifetime. Nothing is counted here: an unverified registration takes no place.
  const row = firstRow<{ duplicate: number; hold_minutes: number | null }>(
    await tx.execute({
      sql: `SELECT
              EXISTS (SELECT 1 FROM registrations WHERE event_id = :event AND email = :email
                      AND status NOT IN ('cancelled', 'expired', 'declined', 'erased')) AS duplicate,
              e.hold_minutes
            FROM events e WHERE e.id = :event`,
      args: { event: event.id, email },
    }),
  )!;
  if (Number(row.duplicate)) throw new RegistrationRefused(ALREADY_REGISTERED, "email", false, true);

  const status = "held" as const;
  const holdExpiresAt = nowIso(addMinutes(now, holdMinutes({ holdMinutes: row.hold_minutes === null ? null : Number(row.hold_minutes) })));
  const result = await tx.execute({
    sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, job_role, access_needs, dietary_needs,
            council_name, status, approval_reason, manage_token_hash, verify_token_hash, hold_expires_at, waiting_since, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      event.id,
      ticket.id,
      email,
      input.name,
      input.organisation,
      input.jobRole,
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
    ],
  });
  written.any = true;
  const registrationId = Number(result.lastInsertRowid);
  if (input.answers?.length) await saveAnswers(tx, event.id, registrationId, input.answers);
  await queueEmail(tx, registrationEmail(p.route, { event, ticket, name: input.name, email, manageToken, verifyToken, holdExpiresAt }), now);
  return { registrationId, status, next: p.route, manageToken, verifyToken, email };
}

/** The first email: a link to confirm the address, which is what takes a place (or the next step). */
function registrationEmail(
  route: RegistrationRoute,
  p: { event: EventRecord; ticket: TicketType; name: string; email: string; manageToken: string; verifyToken: string; holdExpiresAt: string },
) {
  const what = {
    place: {
      subject: `Confirm your email address to get a place at ${p.event.name}`,
      intro: `Thank you for registering for ${p.event.name} (${p.ticket.name}). To get a place, confirm your email address with this link:`,
      promise:
        "Your place is not held until you do. Places go to people in the order they confirm; if none is left when you confirm, you join the waiting list and we will email you if a place frees up.",
    },
    approval: {
      subject: `Confirm your email address to send your request for ${p.event.name}`,
      intro: `Thank you for asking for a place at ${p.event.name} (${p.ticket.name}). To send your request to the organisers, confirm your email address with this link:`,
      promise: "We do not send your request until you do. An organiser will then look at it and we will email you their decision.",
    },
    lottery: {
      subject: `Confirm your email address to enter the draw for ${p.event.name}`,
      intro: `Thank you for applying for a place at ${p.event.name} (${p.ticket.name}). To enter the draw, confirm your email address with this link:`,
      promise: "You are not in the draw until you do. Places are given by a random draw after applications close; we will email you the result.",
    },
  }[route];
  return {
    to: p.email,
    subject: what.subject,
    text: [
      `Dear ${p.name},`,
      what.intro,
      confirmUrl(p.event.slug, p.verifyToken),
      `${what.promise} The link works until ${dateTimeIn(p.holdExpiresAt, p.event.timeZone)}.`,
      eventLines(p.event),
      manageParagraph(p.manageToken),
    ].join("\n\n"),
  };
}

// ---------------------------------------------------------------------------------------------
// Confirming by the emailed link (verification of a hold, or claiming an offer)

type ConfirmResult =
  | { ok: true; registrationId: number; eventSlug: string; eventName: string; status: "confirmed" | "waiting" | "pending-approval" | "lottery-entered" }
  | { ok: false; reason: "invalid" | "used" | "expired" | "cancelled" };

/**
 * Follows an emailed link, once and only in time. For a new registration ('held') it proves the
 * address, and only then does anything count: in this one write transaction the places are
 * counted again and the person takes a free place (first to verify, first served), or joins the
 * waiting list in the order people verified, or their approval request goes to the organisers,
 * or they enter the draw. For a waiting-list offer ('offered') it claims the place.
 */
export async function confirmPlace(token: unknown, now = new Date()): Promise<ConfirmResult> {
  if (!looksLikeToken(token)) return { ok: false, reason: "invalid" };
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const row = firstRow<{ id: number }>(await tx.execute({ sql: "SELECT id FROM registrations WHERE verify_token_hash = ?", args: [hashToken(token)] }));
    if (!row) return { ok: false, reason: "invalid" } as const;
    const registration = (await loadRegistration(tx, Number(row.id)))!;
    if (["confirmed", "waiting", "pending-approval", "lottery-entered"].includes(registration.status)) return { ok: false, reason: "used" } as const;
    if (registration.status === "cancelled" || registration.status === "erased" || registration.status === "declined") return { ok: false, reason: "cancelled" } as const;
    const deadline = registration.status === "held" ? registration.holdExpiresAt : registration.status === "offered" ? registration.offerExpiresAt : null;
    if (!deadline || deadline <= at) {
      if (registration.status === "held" || registration.status === "offered") {
        await expireOne(tx, registration, now);
        await offerFreePlaces(tx, registration.eventId, now);
      }
      return { ok: false, reason: "expired" } as const;
    }
    const event = (await findEventById(registration.eventId))!;
    const status = registration.status === "held" ? await verifyAddress(tx, registration, event, now) : await confirmAndEmail(tx, registration, event, now);
    return { ok: true, registrationId: registration.id, eventSlug: event.slug, eventName: event.name, status } as const;
  });
}

/** An unverified registration's address is proved: the step it was waiting for happens now. */
async function verifyAddress(tx: Executor, registration: Registration, event: EventRecord, now: Date) {
  const at = nowIso(now);
  const ticket = firstRow<{ rule: string; lottery_closes_at: string | null; lottery_drawn_at: string | null }>(
    await tx.execute({ sql: "SELECT rule, lottery_closes_at, lottery_drawn_at FROM ticket_types WHERE id = ?", args: [registration.ticketTypeId] }),
  )!;
  // Each outcome is one email to the person: what happened, the event, and their private link.
  const tell = async (subject: string, news: string) =>
    queueEmail(
      tx,
      {
        to: registration.email,
        subject,
        text: [`Dear ${registration.name},`, `Thank you for confirming your email address. ${news}`, eventLines(event), manageParagraph(await manageTokenFor(tx, registration.id))].join("\n\n"),
      },
      now,
    );
  if (ticket.rule === "approval" || registration.approvalReason !== "") {
    await setStatus(tx, registration.id, "held", "pending-approval", at);
    await tell(
      `Your request for a place at ${event.name}`,
      `Your request for a place at ${event.name} (${registration.ticketTypeName}) has gone to the organisers, and we will email you their decision.`,
    );
    await noteApprovalRequest(tx, event, now);
    return "pending-approval" as const;
  }
  // Until the draw has happened, a verified applicant enters it (even just after it closes).
  if (ticket.lottery_closes_at && !ticket.lottery_drawn_at) {
    await setStatus(tx, registration.id, "held", "lottery-entered", at);
    await tell(
      `You are in the draw for ${event.name}`,
      `You are in the draw for a place at ${event.name} (${registration.ticketTypeName}). Places are given by a random draw after applications close; we will email you the result.`,
    );
    return "lottery-entered" as const;
  }
  const counts = await placeCounts(tx, registration.ticketTypeId, registration.eventId, at);
  if (placeNewRegistration(counts) === "place") return confirmAndEmail(tx, registration, event, now);
  await setStatus(tx, registration.id, "held", "waiting", at, { waiting_since: at });
  await tell(
    `You are on the waiting list for ${event.name}`,
    `Every place at ${event.name} (${registration.ticketTypeName}) has been taken, so you are on the waiting list, in the order people confirmed. If a place frees up, we will email you an offer; you will have a limited time to accept it.`,
  );
  return "waiting" as const;
}

/** Takes the place (a verified new registration, or an offer claimed) and sends the invitation. */
async function confirmAndEmail(tx: Executor, registration: Registration, event: EventRecord, now: Date) {
  const at = nowIso(now);
  await tx.execute({
    sql: "UPDATE registrations SET status = 'confirmed', confirmed_at = ?, updated_at = ?, hold_expires_at = NULL, offer_expires_at = NULL WHERE id = ?",
    args: [at, at, registration.id],
  });
  const manageToken = await manageTokenFor(tx, registration.id);
  await queueEmail(
    tx,
    {
      to: registration.email,
      subject: `Your place at ${event.name} is confirmed`,
      text: [
        `Dear ${registration.name},`,
        `Your place at ${event.name} (${registration.ticketTypeName}) is confirmed. The invitation attached adds the event to your calendar.`,
        eventLines(event),
        `If you can no longer come, please cancel so your place goes to someone on the waiting list.`,
        manageParagraph(manageToken),
      ].join("\n\n"),
      calendar: invitation("REQUEST", registration, event, manageToken),
    },
    now,
  );
  return "confirmed" as const;
}

// ---------------------------------------------------------------------------------------------
// Telling organisers about approval requests: one digest, not one email per request

/** Organisers of an event get at most one approval digest per this many minutes. */
export const APPROVAL_DIGEST_MINUTES = 60;

/**
 * A verified approval request arrived. If the event's organisers have had no digest in the last
 * APPROVAL_DIGEST_MINUTES, one goes now; otherwise the periodic job sends the next one when the
 * window has passed. The digest says how many requests wait and links to the queue: no name,
 * reason or anything else a requester typed reaches the organisers' inbox.
 */
async function noteApprovalRequest(tx: Executor, event: EventRecord, now: Date) {
  const at = nowIso(now);
  await tx.execute({
    sql: `INSERT INTO approval_digests (event_id, last_sent_at, pending_since) VALUES (?, NULL, ?)
          ON CONFLICT (event_id) DO UPDATE SET pending_since = COALESCE(pending_since, excluded.pending_since)`,
    args: [event.id, at],
  });
  await sendApprovalDigestIfDue(tx, event, now);
}

async function sendApprovalDigestIfDue(tx: Executor, event: EventRecord, now: Date): Promise<boolean> {
  const at = nowIso(now);
  const cutoff = nowIso(addMinutes(now, -APPROVAL_DIGEST_MINUTES));
  const digest = firstRow<{ last_sent_at: string | null; pending_since: string | null }>(
    await tx.execute({ sql: "SELECT last_sent_at, pending_since FROM approval_digests WHERE event_id = ?", args: [event.id] }),
  );
  if (!digest?.pending_since || (digest.last_sent_at !== null && digest.last_sent_at > cutoff)) return false;
  await tx.execute({ sql: "UPDATE approval_digests SET last_sent_at = ?, pending_since = NULL WHERE event_id = ?", args: [at, event.id] });
  const waiting = Number(
    firstRow<{ n: number }>(await tx.execute({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND status = 'pending-approval'", args: [event.id] }))!.n,
  );
  if (waiting === 0) return false;
  const organisers = rowsOf<{ email: string }>(await tx.execute({ sql: "SELECT email FROM event_organisers WHERE event_id = ?", args: [event.id] }));
  for (const organiser of organisers) {
    await queueEmail(
      tx,
      {
        to: organiser.email,
        subject: `Approval requests waiting for ${event.name}`,
        text: [
          `${waiting} ${waiting === 1 ? "request for a place is" : "requests for places are"} waiting for an organiser of ${event.name} to approve or decline.`,
          `See them on the approval queue (sign in first):\n${env().PUBLIC_URL}/organise/${event.slug}/registrations?status=pending-approval`,
          `We send at most one of these emails every ${APPROVAL_DIGEST_MINUTES} minutes for each event, however many requests arrive.`,
        ].join("\n\n"),
      },
      now,
    );
  }
  return true;
}

/** The periodic job: a digest for every event with requests its organisers have not yet heard of. */
export async function sendDueApprovalDigests(now = new Date()): Promise<number> {
  const due = rowsOf<{ event_id: number }>(
    await query({
      sql: "SELECT event_id FROM approval_digests WHERE pending_since IS NOT NULL AND (last_sent_at IS NULL OR last_sent_at <= ?)",
      args: [nowIso(addMinutes(now, -APPROVAL_DIGEST_MINUTES))],
    }),
  );
  let sent = 0;
  for (const { event_id } of due) {
    const event = await findEventById(Number(event_id));
    if (!event) continue;
    if (await writeTransaction((tx) => sendApprovalDigestIfDue(tx, event, now))) sent += 1;
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Freeing places and the waiting list

type StatusColumns = Partial<Record<"cancelled_at" | "waiting_since" | "offer_expires_at" | "verify_token_hash", string | null>>;

/** Moves a registration between statuses, refusing any change the rules do not allow. */
async function setStatus(tx: Executor, id: number, from: RegistrationStatus, to: RegistrationStatus, at: string, columns: StatusColumns = {}) {
  if (!canTransition(from, to)) throw new Error(`A registration cannot go from ${from} to ${to}`);
  const names = Object.keys(columns);
  const result = await tx.execute({
    sql: `UPDATE registrations SET status = ?, updated_at = ?${names.map((name) => `, ${name} = ?`).join("")} WHERE id = ? AND status = ?`,
    args: [to, at, ...Object.values(columns), id, from],
  });
  if (result.rowsAffected !== 1) throw new Error(`Registration ${id} was not ${from}`);
}

async function expireOne(tx: Executor, registration: Registration, now: Date) {
  const at = nowIso(now);
  // The link is kept so a late click is told the place expired rather than "not valid".
  await setStatus(tx, registration.id, registration.status, "expired", at);
  if (registration.status === "offered") {
    const event = (await findEventById(registration.eventId))!;
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(
      tx,
      {
        to: registration.email,
        subject: `Your offer of a place at ${event.name} has expired`,
        text: [
          `Dear ${registration.name},`,
          `We offered you a place at ${event.name}, but it was not accepted in time, so it has gone to the next person on the waiting list.`,
          eventLines(event),
          manageParagraph(manageToken),
        ].join("\n\n"),
      },
      now,
    );
  }
}

/**
 * Offers every free place of the event to the people waiting, longest-waiting (or best lottery
 * rank) first, within each ticket type's quota and the event's capacity. Runs inside the
 * transaction that freed the place. Returns how many offers were made.
 */
export async function offerFreePlaces(tx: Executor, eventId: number, now: Date): Promise<number> {
  const at = nowIso(now);
  const waiting = rowsOf<{ id: number; ticket_type_id: number }>(
    await tx.execute({
      sql: `SELECT id, ticket_type_id FROM registrations WHERE event_id = ? AND status = 'waiting'
            ORDER BY lottery_rank IS NULL, lottery_rank, waiting_since, id`,
      args: [eventId],
    }),
  );
  if (waiting.length === 0) return 0;
  const event = (await findEventById(eventId))!;
  const free = new Map<number, number>();
  let eventFree: number | null = null;
  let offered = 0;
  for (const person of waiting) {
    const ticketTypeId = Number(person.ticket_type_id);
    if (!free.has(ticketTypeId)) {
      const counts = await placeCounts(tx, ticketTypeId, eventId, at);
      free.set(ticketTypeId, counts.quota - counts.ticketTaken);
      eventFree ??= counts.capacity - counts.eventTaken;
    }
    if (eventFree! <= 0) break;
    if (free.get(ticketTypeId)! <= 0) continue;
    await makeOffer(tx, Number(person.id), event, now);
    free.set(ticketTypeId, free.get(ticketTypeId)! - 1);
    eventFree! -= 1;
    offered += 1;
  }
  return offered;
}

async function makeOffer(tx: Executor, registrationId: number, event: EventRecord, now: Date) {
  const registration = (await loadRegistration(tx, registrationId))!;
  const at = nowIso(now);
  const verifyToken = newToken();
  const expiresAt = nowIso(addMinutes(now, offerHours(event) * 60));
  await setStatus(tx, registration.id, registration.status, "offered", at, { offer_expires_at: expiresAt, verify_token_hash: hashToken(verifyToken) });
  const manageToken = await manageTokenFor(tx, registration.id);
  const approved = registration.status === "pending-approval";
  await queueEmail(
    tx,
    {
      to: registration.email,
      subject: approved ? `Your request for ${event.name} is approved: accept your place` : `A place at ${event.name} is available for you`,
      text: [
        `Dear ${registration.name},`,
        approved
          ? `An organiser has approved your request for a place at ${event.name} (${registration.ticketTypeName}). Accept the place with this link:`
          : `A place has come up at ${event.name} (${registration.ticketTypeName}) and it is yours if you want it. Accept it with this link:`,
        confirmUrl(event.slug, verifyToken),
        `The offer lasts until ${dateTimeIn(expiresAt, event.timeZone)}. After that it goes to the next person on the waiting list.`,
        eventLines(event),
        manageParagraph(manageToken),
      ].join("\n\n"),
    },
    now,
  );
}

/**
 * The periodic job: expires unverified holds and unclaimed offers whose time has run out, then
 * offers the freed places (and any others, e.g. after a quota was raised) to the waiting list.
 */
export async function expireAndOfferPlaces(now = new Date()): Promise<{ expired: number; offered: number }> {
  const at = nowIso(now);
  const due = rowsOf<{ id: number; event_id: number }>(
    await query({
      sql: `SELECT id, event_id FROM registrations WHERE (status = 'held' AND hold_expires_at <= ?) OR (status = 'offered' AND offer_expires_at <= ?)`,
      args: [at, at],
    }),
  );
  const waitingEvents = rowsOf<{ event_id: number }>(await query("SELECT DISTINCT event_id FROM registrations WHERE status = 'waiting'"));
  const eventIds = new Set([...due.map((d) => Number(d.event_id)), ...waitingEvents.map((w) => Number(w.event_id))]);
  let expired = 0;
  let offered = 0;
  for (const eventId of eventIds) {
    const result = await writeTransaction(async (tx) => {
      let count = 0;
      for (const item of due.filter((d) => Number(d.event_id) === eventId)) {
        const registration = await loadRegistration(tx, Number(item.id));
        // Re-checked inside the transaction: it may have been confirmed meanwhile.
        if (!registration) continue;
        const deadline = registration.status === "held" ? registration.holdExpiresAt : registration.status === "offered" ? registration.offerExpiresAt : null;
        if (!deadline || deadline > at) continue;
        await expireOne(tx, registration, now);
        count += 1;
      }
      return { expired: count, offered: await offerFreePlaces(tx, eventId, now) };
    });
    expired += result.expired;
    offered += result.offered;
  }
  return { expired, offered };
}

// ---------------------------------------------------------------------------------------------
// Attendee self-service

export class RegistrationChangeRefused extends Error {}

/** Cancels a registration; a place it held is offered to the waiting list in the same transaction. */
export async function cancelRegistration(registrationId: number, now = new Date()): Promise<Registration> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration) throw notFound("Registration");
    if (!canCancel(registration.status)) throw new RegistrationChangeRefused("This registration has already ended, so there is nothing to cancel.");
    await setStatus(tx, registration.id, registration.status, "cancelled", at, { cancelled_at: at });
    const event = (await findEventById(registration.eventId))!;
    const wasConfirmed = registration.status === "confirmed";
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(
      tx,
      {
        to: registration.email,
        subject: `Your registration for ${event.name} is cancelled`,
        text: [
          `Dear ${registration.name},`,
          wasConfirmed
            ? `You have cancelled your place at ${event.name}. It will be offered to the next person on the waiting list. The attached update removes the event from your calendar.`
            : `You have cancelled your registration for ${event.name}.`,
          eventLines(event),
          "If this was a mistake, you can register again while registration is open.",
          manageParagraph(manageToken),
        ].join("\n\n"),
        calendar: wasConfirmed ? invitation("CANCEL", registration, event, null) : undefined,
      },
      now,
    );
    if (PLACE_HOLDING.has(registration.status)) await offerFreePlaces(tx, registration.eventId, now);
    return (await loadRegistration(tx, registration.id))!;
  });
}

type EditableDetails = Pick<RegistrationDetails, "name" | "organisation" | "jobRole" | "accessNeeds" | "dietaryNeeds">;

/** Saves a person's own changes; answers, when given, replace their answers to the event's questions. */
export async function updateRegistrationDetails(registrationId: number, details: EditableDetails & { answers?: Answer[] }, now = new Date()) {
  await writeTransaction(async (tx) => {
    const result = await tx.execute({
      sql: `UPDATE registrations SET name = ?, organisation = ?, job_role = ?, access_needs = ?, dietary_needs = ?, updated_at = ?
            WHERE id = ? AND status <> 'erased' RETURNING event_id`,
      args: [details.name, details.organisation, details.jobRole, details.accessNeeds, details.dietaryNeeds, nowIso(now), registrationId],
    });
    const row = firstRow<{ event_id: number }>(result);
    if (!row) throw notFound("Registration");
    if (details.answers) await replaceAnswers(tx, Number(row.event_id), registrationId, details.answers);
  });
}

/** Everything held about the person for this registration (UK GDPR right of access), as plain data. */
export async function personalData(registrationId: number) {
  const registration = await findRegistration(registrationId);
  if (!registration || registration.status === "erased") throw notFound("Registration");
  const event = (await findEventById(registration.eventId))!;
  const hosted = rowsOf<{ title: string; role: string }>(
    await query({ sql: "SELECT p.title, h.role FROM pitch_hosts h JOIN pitches p ON p.id = h.pitch_id WHERE h.registration_id = ?", args: [registrationId] }),
  );
  const marked = rowsOf<{ title: string; marked_at: string }>(
    await query({ sql: "SELECT p.title, i.marked_at FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE i.registration_id = ?", args: [registrationId] }),
  );
  const emails = rowsOf<{ subject: string; created_at: string; status: string }>(
    await query({ sql: "SELECT subject, created_at, status FROM email_outbox WHERE to_address = ? COLLATE NOCASE ORDER BY id", args: [registration.email] }),
  );
  return {
    exportedAt: nowIso(),
    event: { name: event.name, slug: event.slug, startsAt: event.startsAt },
    registration: {
      name: registration.name,
      email: registration.email,
      organisation: registration.organisation,
      role: registration.jobRole,
      accessNeeds: registration.accessNeeds,
      dietaryNeeds: registration.dietaryNeeds,
      council: registration.councilName,
      ticketType: registration.ticketTypeName,
      status: registration.status,
      approvalReason: registration.approvalReason,
      registeredAt: registration.createdAt,
      confirmedAt: registration.confirmedAt,
      cancelledAt: registration.cancelledAt,
      checkedInAt: registration.checkedInAt,
    },
    answers: await answersOf(registrationId),
    sessionsHosted: hosted,
    sessionsMarked: marked.map((m) => ({ title: m.title, markedAt: m.marked_at })),
    emailsSent: emails.map((e) => ({ subject: e.subject, queuedAt: e.created_at, status: e.status })),
  };
}

/**
 * Erases a person (UK GDPR right to erasure): personal fields blanked, every private link and
 * their calendar feed revoked, their answers, hosting and marks removed (see removePersonalTraces:
 * a pitch of theirs on the grid stays as "Host removed", an unplaced one is withdrawn), unsent
 * emails to or about them deleted, sent ones stripped of the address, and local outbox files
 * about them deleted. The row
 * stays, as 'erased', so counts and the waiting order remain consistent. A place it held is
 * offered on.
 */
export async function eraseRegistration(registrationId: number, now = new Date()) {
  const at = nowIso(now);
  const erased = await writeTransaction(async (tx) => {
    const registration = await loadRegistration(tx, registrationId);
    if (!registration) throw notFound("Registration");
    if (registration.status === "erased") return null;
    await removePersonalTraces(tx, registration, { now, withdrawOrphanPitches: true, keepMarks: false });
    await tx.execute({
      sql: `UPDATE registrations SET status = 'erased', email = ?, name = '', organisation = '', job_role = '', access_needs = '',
              dietary_needs = '', council_name = NULL, approval_reason = '', manage_token_hash = ?, verify_token_hash = NULL,
              hold_expires_at = NULL, offer_expires_at = NULL, updated_at = ? WHERE id = ?`,
      args: [placeholderEmail("erased", registrationId), revokedTokenHash("erased"), at, registrationId],
    });
    if (PLACE_HOLDING.has(registration.status)) await offerFreePlaces(tx, registration.eventId, now);
    return registration;
  });
  // Emails already written to the local outbox folder (no SMTP_URL) go too.
  if (erased) await deleteOutboxFilesAbout([erased]);
}

// ---------------------------------------------------------------------------------------------
// Organisers

type RegistrationFilters = { ticketTypeId?: number | null; status?: RegistrationStatus | null; search?: string | null };

export async function listRegistrations(eventId: number, filters: RegistrationFilters = {}): Promise<Registration[]> {
  const where = ["r.event_id = :event", "r.status <> 'erased'"];
  const args: Record<string, string | number> = { event: eventId };
  if (filters.ticketTypeId) {
    where.push("r.ticket_type_id = :ticket");
    args.ticket = filters.ticketTypeId;
  }
  if (filters.status) {
    where.push("r.status = :status");
    args.status = filters.status;
  }
  if (filters.search?.trim()) {
    where.push("(r.name LIKE :search ESCAPE '\\' OR r.email LIKE :search ESCAPE '\\' OR r.organisation LIKE :search ESCAPE '\\')");
    args.search = `%${filters.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return rowsOf<RegistrationRow>(
    await query({
      sql: `SELECT ${REGISTRATION_COLUMNS} ${FROM_REGISTRATIONS} WHERE ${where.join(" AND ")}
            ORDER BY CASE r.status WHEN 'waiting' THEN 1 ELSE 0 END, r.lottery_rank IS NULL, r.lottery_rank, r.waiting_since, r.created_at, r.id`,
      args,
    }),
  ).map(toRegistration);
}

/** How many live, verified registrations each council (or "Not a listed council") has, most first. */
export async function countsByCouncil(eventId: number): Promise<{ council: string; count: number }[]> {
  return rowsOf<{ council: string; n: number }>(
    await query({
      sql: `SELECT COALESCE(council_name, 'Not a listed council') AS council, COUNT(*) AS n FROM registrations
            WHERE event_id = ? AND status IN ('confirmed', 'offered', 'waiting', 'pending-approval', 'lottery-entered')
            GROUP BY council ORDER BY n DESC, council`,
      args: [eventId],
    }),
  ).map((r) => ({ council: r.council, count: Number(r.n) }));
}

export async function countsByStatus(eventId: number): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; n: number }>(
    await query({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] }),
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

async function requireEventRegistration(tx: Executor, eventId: number, registrationId: number) {
  const registration = await loadRegistration(tx, registrationId);
  if (!registration || registration.eventId !== eventId) throw notFound("Registration");
  return registration;
}

/**
 * Approves a request: a place is offered (the applicant accepts it by the emailed link, which
 * also proves the address), or, if there is none, the applicant joins the waiting list.
 */
export async function approveRegistration(eventId: number, registrationId: number, now = new Date()): Promise<"offered" | "waiting"> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (registration.status !== "pending-approval") throw new RegistrationChangeRefused("This person is not waiting for approval.");
    const counts = await placeCounts(tx, registration.ticketTypeId, eventId, at);
    const event = (await findEventById(eventId))!;
    if (placeNewRegistration(counts) === "place") {
      await makeOffer(tx, registration.id, event, now);
      return "offered" as const;
    }
    await setStatus(tx, registration.id, "pending-approval", "waiting", at, { waiting_since: at });
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(
      tx,
      {
        to: registration.email,
        subject: `Your request for ${event.name} is approved: you are on the waiting list`,
        text: [
          `Dear ${registration.name},`,
          `An organiser has approved your request for ${event.name}, but every place is taken, so you are on the waiting list. If a place frees up, we will email you an offer.`,
          eventLines(event),
          manageParagraph(manageToken),
        ].join("\n\n"),
      },
      now,
    );
    return "waiting" as const;
  });
}

export async function declineRegistration(eventId: number, registrationId: number, now = new Date()) {
  const at = nowIso(now);
  await writeTransaction(async (tx) => {
    const registration = await requireEventRegistration(tx, eventId, registrationId);
    if (registration.status !== "pending-approval") throw new RegistrationChangeRefused("This person is not waiting for approval.");
    await setStatus(tx, registration.id, "pending-approval", "declined", at);
    const event = (await findEventById(eventId))!;
    const manageToken = await manageTokenFor(tx, registration.id);
    await queueEmail(
      tx,
      {
        to: registration.email,
        subject: `Your request for a place at ${event.name}`,
        text: [
          `Dear ${registration.name},`,
          `Thank you for your interest in ${event.name}. The organisers are not able to offer you a place this time.`,
          eventLines(event),
          manageParagraph(manageToken),
        ].join("\n\n"),
      },
      now,
    );
    await offerFreePlaces(tx, eventId, now);
  });
}

/**
 * Releases extra places to a ticket type's waiting list by hand (late releases, when many who
 * registered will not come): the quota rises by `count`, the event capacity with it if needed,
 * and the places are offered at once. Returns how many offers went out.
 */
export async function releasePlaces(eventId: number, ticketTypeId: number, count: number, now = new Date()): Promise<number> {
  if (!Number.isSafeInteger(count) || count < 1) throw new RegistrationChangeRefused("Enter how many places to release, 1 or more");
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const ticket = firstRow(await tx.execute({ sql: "SELECT id FROM ticket_types WHERE id = ? AND event_id = ?", args: [ticketTypeId, eventId] }));
    if (!ticket) throw notFound("Ticket type");
    const counts = await placeCounts(tx, ticketTypeId, eventId, at);
    await tx.execute({ sql: "UPDATE ticket_types SET quota = quota + ? WHERE id = ?", args: [count, ticketTypeId] });
    const capacityNeeded = counts.eventTaken + Math.min(count, counts.waiting) - counts.capacity;
    if (capacityNeeded > 0) await tx.execute({ sql: "UPDATE events SET capacity = capacity + ? WHERE id = ?", args: [capacityNeeded, eventId] });
    return offerFreePlaces(tx, eventId, now);
  });
}

/**
 * Saves a ticket type the organiser changed. A raised quota (or a reopened rule) can free
 * places: they are offered to the waiting list at once rather than at the next periodic pass.
 * Returns how many offers went out.
 */
/** Saves the event's details; a raised capacity offers the freed places at once, as saveTicketType does. */
export async function saveEventDetails(eventId: number, input: EventInput, now = new Date()): Promise<{ event: EventRecord; offered: number }> {
  const event = await updateEvent(eventId, input, now);
  const offered = await writeTransaction((tx) => offerFreePlaces(tx, eventId, now));
  return { event, offered };
}

export async function saveTicketType(eventId: number, ticketTypeId: number, input: TicketTypeInput, now = new Date()): Promise<number> {
  await updateTicketType(eventId, ticketTypeId, input);
  return writeTransaction((tx) => offerFreePlaces(tx, eventId, now));
}

export async function setCheckedIn(eventId: number, registrationId: number, checkedIn: boolean, now = new Date()) {
  const result = await writeTransaction((tx) =>
    tx.execute({
      sql: "UPDATE registrations SET checked_in_at = ?, updated_at = ? WHERE id = ? AND event_id = ? AND status = 'confirmed'",
      args: [checkedIn ? nowIso(now) : null, nowIso(now), registrationId, eventId],
    }),
  );
  if (result.rowsAffected !== 1) throw new RegistrationChangeRefused("Only confirmed attendees can be checked in.");
}

/** The registrations as CSV rows (header first), for the Excel-safe export. */
export async function registrationsCsvRows(eventId: number): Promise<unknown[][]> {
  const [registrations, questions, answers] = await Promise.all([listRegistrations(eventId), listQuestions(eventId), answersByRegistration(eventId)]);
  return [
    [
      "Name", "Email", "Organisation", "Role", "Council", "Ticket type", "Status", "Access needs", "Dietary needs", "Approval reason", "Registered at", "Checked in at",
      ...questions.map((q) => q.label),
    ],
    ...registrations.map((r) => [
      r.name,
      r.email,
      r.organisation,
      r.jobRole,
      r.councilName ?? "",
      r.ticketTypeName,
      r.status,
      r.accessNeeds,
      r.dietaryNeeds,
      r.approvalReason,
      r.createdAt,
      r.checkedInAt ?? "",
      ...questions.map((q) => answers.get(r.id)?.get(q.id) ?? ""),
    ]),
  ];
}

// ---------------------------------------------------------------------------------------------
// Lottery

export async function setLotteryClosing(eventId: number, ticketTypeId: number, closesAt: Date | null) {
  const result = await writeTransaction((tx) =>
    tx.execute({
      sql: "UPDATE ticket_types SET lottery_closes_at = ? WHERE id = ? AND event_id = ? AND lottery_drawn_at IS NULL",
      args: [closesAt ? nowIso(closesAt) : null, ticketTypeId, eventId],
    }),
  );
  if (result.rowsAffected !== 1) throw new RegistrationChangeRefused("The draw for this ticket type has already happened.");
}

type LotteryDraw = { seed: string; entrantIds: number[]; drawnOrder: number[]; places: number; drawnAt: string; drawnBy: string };

/**
 * Draws the lottery of a ticket type whose applications have closed: the first places in draw
 * order get an offer, everyone else joins the waiting list in draw order. The seed, entrants and
 * result are recorded so the draw can be checked by re-running drawOrder.
 */
export async function drawLottery(ticketTypeId: number, drawnBy: string, now = new Date(), seed = randomBytes(16).toString("hex")): Promise<LotteryDraw> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const ticket = firstRow<{ event_id: number; lottery_closes_at: string | null; lottery_drawn_at: string | null }>(
      await tx.execute({ sql: "SELECT event_id, lottery_closes_at, lottery_drawn_at FROM ticket_types WHERE id = ?", args: [ticketTypeId] }),
    );
    if (!ticket?.lottery_closes_at) throw new RegistrationChangeRefused("This ticket type is not a lottery.");
    if (ticket.lottery_drawn_at) throw new RegistrationChangeRefused("The draw for this ticket type has already happened.");
    if (ticket.lottery_closes_at > at) throw new RegistrationChangeRefused("Applications are still open; the draw happens after they close.");
    const eventId = Number(ticket.event_id);
    const entrantIds = rowsOf<{ id: number }>(
      await tx.execute({ sql: "SELECT id FROM registrations WHERE ticket_type_id = ? AND status = 'lottery-entered' ORDER BY id", args: [ticketTypeId] }),
    ).map((r) => Number(r.id));
    const order = drawOrder(entrantIds, seed);
    const counts = await placeCounts(tx, ticketTypeId, eventId, at);
    const places = Math.min(order.length, freePlaces(counts));
    for (const [index, id] of order.entries()) {
      await tx.execute({
        sql: "UPDATE registrations SET status = 'waiting', waiting_since = ?, lottery_rank = ?, updated_at = ? WHERE id = ? AND status = 'lottery-entered'",
        args: [at, index + 1, at, id],
      });
    }
    await tx.execute({ sql: "UPDATE ticket_types SET lottery_drawn_at = ? WHERE id = ?", args: [at, ticketTypeId] });
    await tx.execute({
      sql: "INSERT INTO lottery_draws (ticket_type_id, seed, entrant_ids, drawn_order, places, drawn_at, drawn_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
      args: [ticketTypeId, seed, JSON.stringify(entrantIds), JSON.stringify(order), places, at, drawnBy],
    });
    // The winners are simply the front of the waiting list: offers go out in draw order.
    await offerFreePlaces(tx, eventId, now);
    const event = (await findEventById(eventId))!;
    const stillWaiting = rowsOf<{ id: number; email: string; name: string; lottery_rank: number }>(
      await tx.execute({ sql: "SELECT id, email, name, lottery_rank FROM registrations WHERE ticket_type_id = ? AND status = 'waiting' AND lottery_rank IS NOT NULL", args: [ticketTypeId] }),
    );
    for (const person of stillWaiting) {
      const manageToken = await manageTokenFor(tx, Number(person.id));
      await queueEmail(
        tx,
        {
          to: person.email,
          subject: `The draw for ${event.name}: you are on the waiting list`,
          text: [
            `Dear ${person.name},`,
            `The draw for ${event.name} has taken place. You were not among the first places, so you are number ${Number(person.lottery_rank) - places} on the waiting list. If a place frees up, we will email you an offer.`,
            eventLines(event),
            manageParagraph(manageToken),
          ].join("\n\n"),
        },
        now,
      );
    }
    return { seed, entrantIds, drawnOrder: order, places, drawnAt: at, drawnBy };
  });
}

export async function findLotteryDraw(ticketTypeId: number): Promise<LotteryDraw | null> {
  const row = firstRow<{ seed: string; entrant_ids: string; drawn_order: string; places: number; drawn_at: string; drawn_by: string }>(
    await query({ sql: "SELECT seed, entrant_ids, drawn_order, places, drawn_at, drawn_by FROM lottery_draws WHERE ticket_type_id = ?", args: [ticketTypeId] }),
  );
  if (!row) return null;
  return {
    seed: row.seed,
    entrantIds: JSON.parse(row.entrant_ids) as number[],
    drawnOrder: JSON.parse(row.drawn_order) as number[],
    places: Number(row.places),
    drawnAt: row.drawn_at,
    drawnBy: row.drawn_by,
  };
}

/** The periodic job: draws every lottery whose applications have closed. */
export async function drawDueLotteries(now = new Date()): Promise<number> {
  const due = rowsOf<{ id: number }>(
    await query({ sql: "SELECT id FROM ticket_types WHERE lottery_closes_at IS NOT NULL AND lottery_drawn_at IS NULL AND lottery_closes_at <= ?", args: [nowIso(now)] }),
  );
  for (const ticket of due) await drawLottery(Number(ticket.id), "automatic draw", now);
  return due.length;
}

type LotterySettings = { closesAt: string | null; drawnAt: string | null; seed: string | null };

/** Each ticket type's lottery closing time and draw, for the organiser page. */
export async function lotterySettings(eventId: number): Promise<Map<number, LotterySettings>> {
  const rows = rowsOf<{ id: number; lottery_closes_at: string | null; lottery_drawn_at: string | null; seed: string | null }>(
    await query({
      sql: `SELECT t.id, t.lottery_closes_at, t.lottery_drawn_at, d.seed FROM ticket_types t LEFT JOIN lottery_draws d ON d.ticket_type_id = t.id WHERE t.event_id = ?`,
      args: [eventId],
    }),
  );
  return new Map(rows.map((r) => [Number(r.id), { closesAt: r.lottery_closes_at, drawnAt: r.lottery_drawn_at, seed: r.seed }]));
}
