import { randomBytes } from "node:crypto";
import { firstRow, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { freePlaces } from "~/domain/registration-rules";
import { drawOrder } from "./draw-order";
import { eventLines, manageParagraph } from "./emails";
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
          eventId: event.id,
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
