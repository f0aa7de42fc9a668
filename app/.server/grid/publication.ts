import type { Transaction } from "@libsql/client";
import { firstRow, nowIso, query } from "../platform";

/**
 * What publishing and unpublishing do to calendars. A subscribed calendar keeps whatever it last
 * read, so unpublishing must not make sessions vanish from feeds: while unpublished they are
 * listed as cancelled (calendar.ts), and each pitch's SEQUENCE must rise at each step so clients
 * take the newer state:
 * - unpublishing raises the sequence of every placed session (its cancelled entry then outranks
 *   the live one calendars hold);
 * - publishing again raises the sequence of every session calendars may hold (the last published
 *   grid), so the live entries outrank the cancelled ones.
 * The first publication raises nothing: no calendar holds anything yet.
 */
export async function raiseSequencesForPublication(tx: Pick<Transaction, "execute">, eventId: number, published: boolean, now: Date) {
  const sql = published
    ? "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id IN (SELECT pitch_id FROM published_placements WHERE event_id = ?)"
    : "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id IN (SELECT pitch_id FROM placements WHERE event_id = ?)";
  await tx.execute({ sql, args: [nowIso(now), eventId] });
}

type UnpublishSummary = {
  published: boolean;
  publishedAt: string | null;
  /** Open sessions on the public grid now: the public schedule stops showing them. */
  sessionsShown: number;
  /** Personal calendar feeds that exist: they, and the event and room feeds, list those sessions as cancelled. */
  personalFeeds: number;
};

/** What the "Unpublish the grid?" page tells the organiser before they confirm. */
export async function unpublishSummary(eventId: number): Promise<UnpublishSummary> {
  const row = firstRow<{ grid_published_at: string | null; shown: number; feeds: number }>(
    await query({
      sql: `SELECT e.grid_published_at,
                   (SELECT COUNT(*) FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.event_id = e.id AND p.status = 'open') AS shown,
                   (SELECT COUNT(*) FROM calendar_feeds f JOIN registrations r ON r.id = f.registration_id WHERE r.event_id = e.id) AS feeds
            FROM events e WHERE e.id = ?`,
      args: [eventId],
    }),
  );
  return {
    published: !!row?.grid_published_at,
    publishedAt: row?.grid_published_at ?? null,
    sessionsShown: Number(row?.shown ?? 0),
    personalFeeds: Number(row?.feeds ?? 0),
  };
}
