import type { Transaction } from "@libsql/client";
import { firstRow, isAdmin, notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import type { PrivacyInput } from "~/domain/privacy-notice";
import type { AllocationMargin } from "~/domain/capacity";
import type { EventRole } from "~/domain/event-roles";
import { moveSlotsWithEvent } from "./move-day";
import { type Question, type QuestionRow, toQuestion } from "./questions";

/** An event's privacy notice settings (who controls the data, the lawful basis, how long it is kept). */
export async function savePrivacySettings(eventId: number, input: PrivacyInput, tx: Pick<Transaction, "execute"> = { execute: query }) {
  await tx.execute({
    sql: `UPDATE events SET controller_name = ?, privacy_contact = ?, lawful_basis = ?, needs_retention_days = ?, personal_retention_days = ? WHERE id = ?`,
    args: [input.controllerName, input.privacyContact, input.lawfulBasis, input.needsRetentionDays, input.personalRetentionDays, eventId],
  });
}

export type TicketRule = "open" | "council-only" | "approval" | "email-domains";
export const RULE_LABELS: Record<TicketRule, string> = {
  open: "Open to anyone",
  "council-only": "People who work for a UK council",
  approval: "Anyone may apply; an organiser approves each place",
  "email-domains": "Only people with an email address at the listed domains",
};

export type EventRecord = {
  id: number;
  slug: string;
  name: string;
  summary: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  capacity: number;
  /** Per-event windows; null means the site default (HOLD_MINUTES, OFFER_HOURS). */
  holdMinutes: number | null;
  offerHours: number | null;
  /** Places given out above the venue's capacity (turnout-aware places); none by default. */
  margin?: AllocationMargin;
  /** Reply-To of every email about the event and ORGANIZER of its invitations; '' for none. */
  contactEmail: string;
  /** A draft is not listed, its public pages are for its organisers only, and nobody can register. */
  draft: boolean;
  updatedAt: string;
};

export type TicketType = {
  id: number;
  eventId: number;
  name: string;
  quota: number;
  rule: TicketRule;
  allowedDomains: string[];
  opensAt: string | null;
  closesAt: string | null;
  position: number;
};

export type EventInput = {
  slug: string;
  name: string;
  summary: string;
  venue: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  capacity: number;
  holdMinutes?: number | null;
  offerHours?: number | null;
  /** The event's contact address; blank (or absent) means the creating organiser's on create, unchanged on edit. */
  contactEmail?: string;
  /** Who runs the event and how long it keeps personal data; left as they are when absent. */
  privacy?: PrivacyInput;
  /** On a change of date: move the slots (and sessions in them) with it, same local times. */
  moveSlots?: boolean;
};

export type TicketTypeInput = {
  name: string;
  quota: number;
  rule: TicketRule;
  allowedDomains: string[];
  opensAt: Date | null;
  closesAt: Date | null;
};

type EventRow = {
  id: number;
  slug: string;
  name: string;
  summary: string;
  venue: string;
  starts_at: string;
  ends_at: string;
  time_zone: string;
  capacity: number;
  hold_minutes: number | null;
  offer_hours: number | null;
  margin_percent: number | null;
  margin_places: number | null;
  contact_email: string;
  draft: number;
  updated_at: string;
};

const EVENT_COLUMNS = "id, slug, name, summary, venue, starts_at, ends_at, time_zone, capacity, hold_minutes, offer_hours, margin_percent, margin_places, contact_email, draft, updated_at";

function toEvent(row: EventRow): EventRecord {
  return {
    id: Number(row.id),
    slug: row.slug,
    name: row.name,
    summary: row.summary,
    venue: row.venue,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
    capacity: Number(row.capacity),
    holdMinutes: row.hold_minutes === null ? null : Number(row.hold_minutes),
    offerHours: row.offer_hours === null ? null : Number(row.offer_hours),
    margin: {
      percent: row.margin_percent === null || row.margin_percent === undefined ? null : Number(row.margin_percent),
      places: row.margin_places === null || row.margin_places === undefined ? null : Number(row.margin_places),
    },
    contactEmail: row.contact_email ?? "",
    draft: Number(row.draft) === 1,
    updatedAt: row.updated_at,
  };
}

type TicketRow = {
  id: number;
  event_id: number;
  name: string;
  quota: number;
  rule: TicketRule;
  allowed_domains: string;
  opens_at: string | null;
  closes_at: string | null;
  position: number;
};

function toTicketType(row: TicketRow): TicketType {
  return {
    id: Number(row.id),
    eventId: Number(row.event_id),
    name: row.name,
    quota: Number(row.quota),
    rule: row.rule,
    allowedDomains: JSON.parse(row.allowed_domains) as string[],
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    position: Number(row.position),
  };
}

export class SlugTakenError extends Error {
  constructor(slug: string) {
    super(`The web address /events/${slug} is already used by another event`);
  }
}

export async function findEventBySlug(slug: string): Promise<EventRecord | null> {
  const row = firstRow<EventRow>(await query({ sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE slug = ?`, args: [slug] }));
  return row ? toEvent(row) : null;
}

/** A ticket type with its lottery's dates (registering enters the draw until it closes). */
export type TicketWithLottery = TicketType & { lotteryClosesAt: string | null; lotteryDrawnAt: string | null };

/** What registering reads before it writes: the event, the ticket type chosen, the event's own questions. */
export type RegistrationForm = { event: EventRecord | null; ticket: TicketWithLottery | null; questions: Question[] };

const TICKET_COLUMNS = ["id", "event_id", "name", "quota", "rule", "allowed_domains", "opens_at", "closes_at", "position", "lottery_closes_at", "lottery_drawn_at"];

/** findEventForRegistration's statement, built once rather than on every registration. */
const EVENT_FOR_REGISTRATION_SQL = `SELECT ${EVENT_COLUMNS.split(", ").map((column) => `e.${column}`).join(", ")},
    ${TICKET_COLUMNS.map((column) => `t.${column} AS ticket_${column}`).join(", ")},
    (SELECT json_group_array(json_array(q.id, q.label, q.hint, q.required, q.position)) FROM event_questions q WHERE q.event_id = e.id) AS questions
  FROM events e LEFT JOIN ticket_types t ON t.event_id = e.id AND t.id = :ticket
  WHERE e.slug = :slug`;

/**
 * One read for the registration form's POST, which runs in a rush: the event by its slug, the
 * ticket type chosen (null for none of this event's, or no number), and the event's questions in
 * order. Three reads before; statements are the registration path's main cost after Remix.
 */
export async function findEventForRegistration(slug: string, ticketTypeId: number | null): Promise<RegistrationForm> {
  const row = firstRow<EventRow & Record<`ticket_${string}`, unknown> & { questions: string }>(
    await query({
      sql: EVENT_FOR_REGISTRATION_SQL,
      args: { slug, ticket: ticketTypeId !== null && Number.isSafeInteger(ticketTypeId) ? ticketTypeId : null },
    }),
  );
  if (!row) return { event: null, ticket: null, questions: [] };
  const questions = (JSON.parse(row.questions) as [number, string, string, number, number][])
    .map(([id, label, hint, required, position]): QuestionRow => ({ id, label, hint, required, position }))
    .map(toQuestion)
    .sort((a, b) => a.position - b.position || a.id - b.id);
  const ticket =
    row.ticket_id === null
      ? null
      : {
          ...toTicketType(Object.fromEntries(TICKET_COLUMNS.map((column) => [column, row[`ticket_${column}`]])) as TicketRow),
          lotteryClosesAt: row.ticket_lottery_closes_at as string | null,
          lotteryDrawnAt: row.ticket_lottery_drawn_at as string | null,
        };
  return { event: toEvent(row), ticket, questions };
}

/** The event, or a 404 page. */
export async function requireEventBySlug(slug: string | undefined): Promise<EventRecord> {
  const event = slug ? await findEventBySlug(slug) : null;
  if (!event) throw notFound("Event");
  return event;
}

export async function listUpcomingEvents(now = new Date()): Promise<EventRecord[]> {
  return rowsOf<EventRow>(
    await query({ sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE ends_at >= ? AND draft = 0 ORDER BY starts_at`, args: [nowIso(now)] }),
  ).map(toEvent);
}

export async function listEventsForOrganiser(email: string): Promise<EventRecord[]> {
  const rows = isAdmin(email)
    ? await query(`SELECT ${EVENT_COLUMNS} FROM events ORDER BY starts_at DESC`)
    : await query({
        sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE id IN (SELECT event_id FROM event_organisers WHERE email = ? AND role = 'organiser') ORDER BY starts_at DESC`,
        args: [email],
      });
  return rowsOf<EventRow>(rows).map(toEvent);
}

/** The events someone is in the team of, with their role (site admins organise every event). */
export async function listEventsForTeamMember(email: string): Promise<{ event: EventRecord; role: EventRole }[]> {
  if (isAdmin(email)) return (await listEventsForOrganiser(email)).map((event) => ({ event, role: "organiser" as const }));
  const rows = rowsOf<EventRow & { team_role: string }>(
    await query({
      sql: `SELECT ${EVENT_COLUMNS}, o.team_role FROM events JOIN (SELECT event_id, role AS team_role FROM event_organisers WHERE email = ?) o ON o.event_id = events.id ORDER BY starts_at DESC`,
      args: [email],
    }),
  );
  return rows.map((row) => ({ event: toEvent(row), role: row.team_role === "volunteer" ? ("volunteer" as const) : ("organiser" as const) }));
}

async function slugIsFree(tx: Transaction, slug: string, exceptId?: number) {
  const row = firstRow(await tx.execute({ sql: "SELECT id FROM events WHERE slug = ? AND id IS NOT ?", args: [slug, exceptId ?? null] }));
  return !row;
}

/**
 * Creates an event, as a draft, with its creator as its first organiser and (unless another is
 * given) its contact address.
 */
export async function createEvent(input: EventInput, organiserEmail: string, now = new Date()): Promise<EventRecord> {
  const id = await writeTransaction(async (tx) => {
    if (!(await slugIsFree(tx, input.slug))) throw new SlugTakenError(input.slug);
    const result = await tx.execute({
      sql: `INSERT INTO events (slug, name, summary, venue, starts_at, ends_at, time_zone, capacity, hold_minutes, offer_hours, contact_email, draft, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      args: [
        input.slug, input.name, input.summary, input.venue, nowIso(input.startsAt), nowIso(input.endsAt), input.timeZone, input.capacity,
        input.holdMinutes ?? null, input.offerHours ?? null, (input.contactEmail || organiserEmail).trim().toLowerCase(), nowIso(now), nowIso(now),
      ],
    });
    const eventId = Number(result.lastInsertRowid);
    if (input.privacy) await savePrivacySettings(eventId, input.privacy, tx);
    await tx.execute({
      sql: "INSERT INTO event_organisers (event_id, email, added_at) VALUES (?, ?, ?)",
      args: [eventId, organiserEmail.toLowerCase(), nowIso(now)],
    });
    return eventId;
  });
  return (await findEventById(id))!;
}

export async function findEventById(id: number): Promise<EventRecord | null> {
  const row = firstRow<EventRow>(await query({ sql: `SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`, args: [id] }));
  return row ? toEvent(row) : null;
}

export async function updateEvent(eventId: number, input: EventInput, now = new Date()): Promise<EventRecord> {
  await writeTransaction(async (tx) => {
    if (!(await slugIsFree(tx, input.slug, eventId))) throw new SlugTakenError(input.slug);
    if (input.moveSlots) await moveSlotsWithEvent(tx, eventId, input, now);
    await tx.execute({
      sql: `UPDATE events SET slug = ?, name = ?, summary = ?, venue = ?, starts_at = ?, ends_at = ?, time_zone = ?, capacity = ?, hold_minutes = ?, offer_hours = ?,
              contact_email = COALESCE(?, contact_email), updated_at = ?
            WHERE id = ?`,
      args: [
        input.slug, input.name, input.summary, input.venue, nowIso(input.startsAt), nowIso(input.endsAt), input.timeZone, input.capacity,
        input.holdMinutes ?? null, input.offerHours ?? null, input.contactEmail ? input.contactEmail.trim().toLowerCase() : null, nowIso(now), eventId,
      ],
    });
    if (input.privacy) await savePrivacySettings(eventId, input.privacy, tx);
  });
  return (await findEventById(eventId))!;
}

/** Publishes a draft: it is listed, its pages are public and registration can open. */
export async function publishEvent(eventId: number, now = new Date()): Promise<void> {
  await writeTransaction((tx) => tx.execute({ sql: "UPDATE events SET draft = 0, updated_at = ? WHERE id = ? AND draft = 1", args: [nowIso(now), eventId] }));
}

/**
 * Puts a published event back to draft: it is no longer listed, and its public pages, feeds and
 * exports answer 404 to everyone but its organisers. Registrations are untouched and nobody is
 * emailed. `updated_at` moves, so every cached public page and ETag of the event is dropped.
 */
export async function unpublishEvent(eventId: number, now = new Date()): Promise<void> {
  await writeTransaction((tx) => tx.execute({ sql: "UPDATE events SET draft = 1, updated_at = ? WHERE id = ? AND draft = 0", args: [nowIso(now), eventId] }));
}

export async function listTicketTypes(eventId: number): Promise<TicketType[]> {
  return rowsOf<TicketRow>(
    await query({
      sql: "SELECT id, event_id, name, quota, rule, allowed_domains, opens_at, closes_at, position FROM ticket_types WHERE event_id = ? ORDER BY position, id",
      args: [eventId],
    }),
  ).map(toTicketType);
}

export async function findTicketType(eventId: number, ticketTypeId: number): Promise<TicketType | null> {
  const row = firstRow<TicketRow>(
    await query({
      sql: "SELECT id, event_id, name, quota, rule, allowed_domains, opens_at, closes_at, position FROM ticket_types WHERE event_id = ? AND id = ?",
      args: [eventId, ticketTypeId],
    }),
  );
  return row ? toTicketType(row) : null;
}

export async function createTicketType(eventId: number, input: TicketTypeInput, now = new Date()): Promise<TicketType> {
  const id = await writeTransaction(async (tx) => {
    const position = Number(
      firstRow<{ next: number }>(await tx.execute({ sql: "SELECT COALESCE(MAX(position), 0) + 1 AS next FROM ticket_types WHERE event_id = ?", args: [eventId] }))!.next,
    );
    const result = await tx.execute({
      sql: `INSERT INTO ticket_types (event_id, name, quota, rule, allowed_domains, opens_at, closes_at, position, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [eventId, input.name, input.quota, input.rule, JSON.stringify(input.allowedDomains), input.opensAt && nowIso(input.opensAt), input.closesAt && nowIso(input.closesAt), position, nowIso(now)],
    });
    return Number(result.lastInsertRowid);
  });
  return (await findTicketType(eventId, id))!;
}

export async function updateTicketType(eventId: number, ticketTypeId: number, input: TicketTypeInput): Promise<TicketType> {
  await writeTransaction((tx) =>
    tx.execute({
      sql: `UPDATE ticket_types SET name = ?, quota = ?, rule = ?, allowed_domains = ?, opens_at = ?, closes_at = ? WHERE event_id = ? AND id = ?`,
      args: [input.name, input.quota, input.rule, JSON.stringify(input.allowedDomains), input.opensAt && nowIso(input.opensAt), input.closesAt && nowIso(input.closesAt), eventId, ticketTypeId],
    }),
  );
  return (await findTicketType(eventId, ticketTypeId))!;
}

/** Whether a ticket type is taking registrations at `now`, and if not, why. */
export function registrationWindow(ticket: Pick<TicketType, "opensAt" | "closesAt">, now = new Date()): "open" | "not-yet-open" | "closed" {
  const at = nowIso(now);
  if (ticket.opensAt && at < ticket.opensAt) return "not-yet-open";
  if (ticket.closesAt && at >= ticket.closesAt) return "closed";
  return "open";
}

export async function listRooms(eventId: number) {
  return rowsOf<{ id: number; name: string; capacity: number; step_free: number; has_screen: number; is_large: number | null; notes: string; position: number }>(
    await query({ sql: "SELECT id, name, capacity, step_free, has_screen, is_large, notes, position FROM rooms WHERE event_id = ? ORDER BY position, id", args: [eventId] }),
  ).map((r) => ({
    id: Number(r.id),
    name: r.name,
    capacity: Number(r.capacity),
    stepFree: !!r.step_free,
    hasScreen: !!r.has_screen,
    // Marked large or not by an organiser; null: not answered, so the capacity rule decides.
    large: r.is_large === null ? null : !!r.is_large,
    notes: r.notes,
    position: Number(r.position),
  }));
}

export async function listSlots(eventId: number) {
  return rowsOf<{ id: number; starts_at: string; ends_at: string; kind: "session" | "break"; label: string }>(
    await query({ sql: "SELECT id, starts_at, ends_at, kind, label FROM slots WHERE event_id = ? ORDER BY starts_at, id", args: [eventId] }),
  ).map((s) => ({ id: Number(s.id), startsAt: s.starts_at, endsAt: s.ends_at, kind: s.kind, label: s.label }));
}
