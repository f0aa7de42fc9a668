import { DomainError, firstRow, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { badgeAffiliation, type BadgeSelection } from "~/domain/badges";

/** One name badge: the name large, pronouns if given, the organisation or council. */
type Badge = { id: number; name: string; pronouns: string; affiliation: string };

type BadgeList = {
  /** When "Mark as printed" was last pressed (the time of the list printed then); null: never. */
  printedAt: string | null;
  /** When this list was made: what "Mark as printed" records for it. */
  listedAt: string;
  /** Everyone with a confirmed place, and those confirmed since `printedAt`. */
  total: number;
  newSincePrint: number;
  badges: Badge[];
};

/**
 * The badges to print for an event: every attendee with a confirmed place (people who
 * registered, were added at the desk or took a standby seat), in name order, or only those
 * confirmed after the last print (walk-ins and late confirmations).
 */
export async function listBadges(eventId: number, which: BadgeSelection, now = new Date()): Promise<BadgeList> {
  const listedAt = nowIso(now);
  const printed = firstRow<{ badges_printed_at: string | null }>(await query({ sql: "SELECT badges_printed_at FROM events WHERE id = ?", args: [eventId] }));
  const printedAt = printed?.badges_printed_at ?? null;
  const rows = rowsOf<{ id: number; name: string; pronouns: string; organisation: string; council_name: string | null; confirmed: string }>(
    await query({
      sql: `SELECT id, name, pronouns, organisation, council_name, COALESCE(confirmed_at, updated_at) AS confirmed
            FROM registrations WHERE event_id = ? AND status = 'confirmed'
            ORDER BY name COLLATE NOCASE, id`,
      args: [eventId],
    }),
  );
  const isNew = (r: { confirmed: string }) => printedAt === null || r.confirmed > printedAt;
  const chosen = which === "new" ? rows.filter(isNew) : rows;
  return {
    printedAt,
    listedAt,
    total: rows.length,
    newSincePrint: rows.filter(isNew).length,
    badges: chosen.map((r) => ({ id: Number(r.id), name: r.name, pronouns: r.pronouns, affiliation: badgeAffiliation({ organisation: r.organisation, councilName: r.council_name }) })),
  };
}

/**
 * "Mark as printed": records the time the printed list was made (never later than now, and
 * never moving back), so the next "only new" print has the people confirmed after it.
 * Returns the time recorded.
 */
export async function markBadgesPrinted(eventId: number, listedAt: string, now = new Date()): Promise<string> {
  const at = Date.parse(listedAt);
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(listedAt) || Number.isNaN(at)) throw new DomainError("invalid", "Open the badges to print again, then mark them as printed.");
  const recorded = nowIso(new Date(Math.min(at, now.getTime())));
  return writeTransaction(async (tx) => {
    await tx.execute({
      sql: "UPDATE events SET badges_printed_at = ? WHERE id = ? AND (badges_printed_at IS NULL OR badges_printed_at < ?)",
      args: [recorded, eventId, recorded],
    });
    const row = firstRow<{ badges_printed_at: string | null }>(await tx.execute({ sql: "SELECT badges_printed_at FROM events WHERE id = ?", args: [eventId] }));
    return row?.badges_printed_at ?? recorded;
  });
}
