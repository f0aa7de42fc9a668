import { randomBytes } from "node:crypto";
import { firstRow, notFound, nowIso, parsePositiveId, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { freePlaces } from "~/domain/registration-rules";
import { emailKeySql } from "~/domain/email-identity";
import { type LotteryRulesInput, PLAIN_RULES } from "~/domain/lottery-rules";
import { organisationKey, parseRules } from "./lottery-caps";
import { drawRecordSchema, type DrawRecord, type Entrant, lotteryRulesSchema, oneEntryPerPerson, weightedDraw } from "./weighted-lottery";
import { drawWaitingEmail } from "./emails/lottery";
import { manageTokenFor } from "./manage-links";
import { placeCounts } from "./places";
import { RegistrationChangeRefused } from "./records";
import { offerFreePlaces } from "./waiting-list";

/** The lottery: closing time, the seeded draw (recorded so anyone can re-run it), and the periodic draw job. */

export async function setLotteryClosing(eventId: number, ticketTypeId: number, closesAt: Date | null) {
  const result = await writeTransaction((tx) =>
    tx.execute({
      sql: "UPDATE ticket_types SET lottery_closes_at = ? WHERE id = ? AND event_id = ? AND lottery_drawn_at IS NULL",
      args: [closesAt ? nowIso(closesAt) : null, ticketTypeId, eventId],
    }),
  );
  if (result.rowsAffected !== 1) throw new RegistrationChangeRefused("The draw for this ticket type has already happened.");
}

type LotteryDraw = { seed: string; entrantIds: number[]; drawnOrder: number[]; places: number; winners: number; drawnAt: string; drawnBy: string; record: DrawRecord };

/**
 * The organiser's rules for a ticket type's draw (weights and caps), or null for a plain draw.
 * Refused once the draw has happened: the published record keeps the rules it was drawn with.
 */
export async function saveLotteryRules(eventId: number, ticketTypeId: number, rules: LotteryRulesInput | null) {
  const checked = rules === null ? null : lotteryRulesSchema.parse(rules);
  const result = await writeTransaction((tx) =>
    tx.execute({
      sql: "UPDATE ticket_types SET lottery_rules = ? WHERE id = ? AND event_id = ? AND lottery_drawn_at IS NULL",
      args: [checked === null ? null : JSON.stringify(checked), ticketTypeId, eventId],
    }),
  );
  if (result.rowsAffected !== 1) throw new RegistrationChangeRefused("The draw for this ticket type has already happened: its rules can no longer change.");
}

export async function lotteryRulesOf(ticketTypeId: number): Promise<LotteryRulesInput | null> {
  const row = firstRow<{ lottery_rules: string | null }>(await query({ sql: "SELECT lottery_rules FROM ticket_types WHERE id = ?", args: [ticketTypeId] }));
  return parseRules(row?.lottery_rules ?? null);
}

type EntrantRow = { id: number; email: string; council_name: string | null; first_timer_declared: number; supplier_declared: number; had_place_before: number };

/**
 * The entrants as the published record shows them: entry numbers 1, 2, 3… in registration order
 * (so the draw, which takes entrants in id order, gives the same order), organisations as
 * pseudonymous groups ("org-1", numbered by first entry), and the facts the rules use. No names,
 * emails or domains.
 */
function pseudonymousEntrants(rows: EntrantRow[]) {
  const groups = new Map<string, string>();
  const entrants: Entrant[] = rows.map((r, index) => {
    const key = organisationKey({ councilName: r.council_name, email: r.email });
    if (!groups.has(key)) groups.set(key, `org-${groups.size + 1}`);
    return {
      id: index + 1,
      domain: groups.get(key)!,
      council: r.council_name !== null,
      firstTimer: !!Number(r.first_timer_declared) || !Number(r.had_place_before),
      supplier: !!Number(r.supplier_declared),
    };
  });
  return entrants;
}

/**
 * Draws the lottery of a ticket type whose applications have closed, with the organiser's
 * weights and caps (weightedDraw; equal chances without rules). One entry per person: the
 * registrations' one-live-per-address rule (plus-tags removed) already holds, and is applied
 * again here. The first places in draw order get an offer (the caps may leave places empty, and
 * keep holding for later offers); everyone else joins the waiting list in draw order. The record
 * (seed, rules, pseudonymous entrants, order) is stored and published so anyone can re-run it.
 */
export async function drawLottery(ticketTypeId: number, drawnBy: string, now = new Date(), seed = randomBytes(16).toString("hex")): Promise<LotteryDraw> {
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const ticket = firstRow<{ event_id: number; lottery_closes_at: string | null; lottery_drawn_at: string | null; lottery_rules: string | null }>(
      await tx.execute({ sql: "SELECT event_id, lottery_closes_at, lottery_drawn_at, lottery_rules FROM ticket_types WHERE id = ?", args: [ticketTypeId] }),
    );
    if (!ticket?.lottery_closes_at) throw new RegistrationChangeRefused("This ticket type is not a lottery.");
    if (ticket.lottery_drawn_at) throw new RegistrationChangeRefused("The draw for this ticket type has already happened.");
    if (ticket.lottery_closes_at > at) throw new RegistrationChangeRefused("Applications are still open; the draw happens after they close.");
    const eventId = Number(ticket.event_id);
    const rules = parseRules(ticket.lottery_rules) ?? PLAIN_RULES;
    // A first-timer had no place (ever confirmed) at an earlier event that shares an organiser
    // with this one, under the same address (plus-tag removed), or said so on the form.
    const rows = rowsOf<EntrantRow>(
      await tx.execute({
        sql: `SELECT r.id, r.email, r.council_name, r.first_timer_declared, r.supplier_declared,
                EXISTS (SELECT 1 FROM registrations p JOIN events pe ON pe.id = p.event_id
                        WHERE pe.starts_at < e.starts_at AND p.event_id <> r.event_id AND p.confirmed_at IS NOT NULL
                          AND ${emailKeySql("p.email")} = ${emailKeySql("r.email")}
                          AND EXISTS (SELECT 1 FROM event_organisers a JOIN event_organisers b ON b.email = a.email WHERE a.event_id = pe.id AND b.event_id = r.event_id AND a.role = 'organiser' AND b.role = 'organiser')
                ) AS had_place_before
              FROM registrations r JOIN events e ON e.id = r.event_id
              WHERE r.ticket_type_id = ? AND r.status = 'lottery-entered' ORDER BY r.id`,
        args: [ticketTypeId],
      }),
    );
    const people = oneEntryPerPerson(rows.map((r) => ({ ...r, id: Number(r.id) })));
    const entrantIds = people.map((r) => r.id);
    const entrants = pseudonymousEntrants(people);
    const counts = await placeCounts(tx, ticketTypeId, eventId, at);
    const places = Math.min(entrants.length, freePlaces(counts));
    const drawn = weightedDraw(entrants, rules, places, seed);
    const order = drawn.order.map((entry) => entrantIds[entry - 1]);
    for (const [index, id] of order.entries()) {
      await tx.execute({
        sql: "UPDATE registrations SET status = 'waiting', waiting_since = ?, lottery_rank = ?, updated_at = ? WHERE id = ? AND status = 'lottery-entered'",
        args: [at, index + 1, at, id],
      });
    }
    const record: DrawRecord = { version: 1, seed, places, rules, entrants, order: drawn.order, winners: drawn.winners };
    await tx.execute({ sql: "UPDATE ticket_types SET lottery_drawn_at = ? WHERE id = ?", args: [at, ticketTypeId] });
    await tx.execute({
      sql: "INSERT INTO lottery_draws (ticket_type_id, seed, entrant_ids, drawn_order, places, drawn_at, drawn_by, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
      args: [ticketTypeId, seed, JSON.stringify(entrantIds), JSON.stringify(order), places, at, drawnBy, JSON.stringify(record)],
    });
    // The winners are the front of the waiting list: offers go out in draw order, within the caps.
    await offerFreePlaces(tx, eventId, now);
    const event = (await findEventById(eventId))!;
    const stillWaiting = rowsOf<{ id: number; email: string; name: string; lottery_rank: number }>(
      await tx.execute({
        sql: "SELECT id, email, name, lottery_rank FROM registrations WHERE ticket_type_id = ? AND status = 'waiting' AND lottery_rank IS NOT NULL ORDER BY lottery_rank",
        args: [ticketTypeId],
      }),
    );
    for (const [index, person] of stillWaiting.entries()) {
      const manageToken = await manageTokenFor(tx, Number(person.id));
      const email = drawWaitingEmail(event, { name: person.name, number: index + 1, ticketTypeId, manageToken });
      await queueEmail(tx, { eventId: event.id, to: person.email, ...email }, now);
    }
    return { seed, entrantIds, drawnOrder: order, places, winners: drawn.winners, drawnAt: at, drawnBy, record };
  });
}

/** The published record of a ticket type's draw (null before the draw, or for a draw made before records). */
async function findDrawRecord(eventId: number, ticketTypeId: number): Promise<{ record: DrawRecord; drawnAt: string; ticketName: string } | null> {
  const row = firstRow<{ record: string | null; drawn_at: string; name: string }>(
    await query({
      sql: "SELECT d.record, d.drawn_at, t.name FROM lottery_draws d JOIN ticket_types t ON t.id = d.ticket_type_id WHERE t.event_id = ? AND t.id = ?",
      args: [eventId, ticketTypeId],
    }),
  );
  if (!row?.record) return null;
  return { record: drawRecordSchema.parse(JSON.parse(row.record)), drawnAt: row.drawn_at, ticketName: row.name };
}

export async function findLotteryDraw(ticketTypeId: number): Promise<Omit<LotteryDraw, "winners" | "record"> | null> {
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

type LotterySettings = { closesAt: string | null; drawnAt: string | null; seed: string | null; published: boolean };

/** Each ticket type's lottery closing time and draw (and whether its record is published), for the organiser and event pages. */
export async function lotterySettings(eventId: number): Promise<Map<number, LotterySettings>> {
  const rows = rowsOf<{ id: number; lottery_closes_at: string | null; lottery_drawn_at: string | null; seed: string | null; published: number | null }>(
    await query({
      sql: `SELECT t.id, t.lottery_closes_at, t.lottery_drawn_at, d.seed, d.record IS NOT NULL AS published FROM ticket_types t LEFT JOIN lottery_draws d ON d.ticket_type_id = t.id WHERE t.event_id = ?`,
      args: [eventId],
    }),
  );
  return new Map(rows.map((r) => [Number(r.id), { closesAt: r.lottery_closes_at, drawnAt: r.lottery_drawn_at, seed: r.seed, published: !!Number(r.published ?? 0) }]));
}

/** The published draw of an event's ticket type, or a 404: for the public draw page and its download (the route checks the event is public). */
export async function requirePublishedDraw(event: EventRecord, ticketParam: string | undefined) {
  const ticketTypeId = parsePositiveId(ticketParam);
  const draw = ticketTypeId ? await findDrawRecord(event.id, ticketTypeId) : null;
  if (!draw) throw notFound("Draw record");
  return { event, ticketTypeId: ticketTypeId!, ...draw };
}

/** The downloadable record: what `npm run lottery:verify -- <file>` re-runs, with where it came from. */
export function drawRecordDownload(draw: Awaited<ReturnType<typeof requirePublishedDraw>>) {
  return {
    ...draw.record,
    event: draw.event.name,
    ticketType: draw.ticketName,
    drawnAt: draw.drawnAt,
    howToCheck: "npm run lottery:verify -- <this file> (in a copy of Pitchgrid) re-runs the draw from the seed, rules and entrants and says whether it gives this order.",
  };
}

/** A person's entry number in their ticket type's published draw (the record is pseudonymous), or null. */
export async function drawEntryNumber(registrationId: number, ticketTypeId: number): Promise<number | null> {
  const row = firstRow<{ entrant_ids: string; record: string | null }>(await query({ sql: "SELECT entrant_ids, record FROM lottery_draws WHERE ticket_type_id = ?", args: [ticketTypeId] }));
  if (!row?.record) return null;
  const index = (JSON.parse(row.entrant_ids) as number[]).indexOf(registrationId);
  return index < 0 ? null : index + 1;
}
