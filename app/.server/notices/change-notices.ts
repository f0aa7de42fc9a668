import type { Transaction } from "@libsql/client";
import { env, firstRow, hashToken, looksLikeToken, newToken, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { manageTokenFor } from "../registration";
import { netChange, type Cell, type NetChange, type Now } from "~/domain/change-notices";
import { changeNoticeEmail } from "./emails";

/**
 * Change notices (issue 17). Pending notices are written by database triggers (migration 0019)
 * in the same transaction as the grid change, whatever code makes it. This job sends each person
 * one email once their oldest pending notice is CHANGE_NOTICE_MINUTES old, listing the net change
 * of every session they host or marked, and deletes their notices, all in one write transaction:
 * run twice at once (two processes), or again after a crash, it sends each email once.
 */
type Executor = Pick<Transaction, "execute">;

type NoticeRow = {
  pitch_id: number;
  was_room_id: number | null;
  was_room_name: string | null;
  was_starts_at: string | null;
  was_ends_at: string | null;
};

type Person = { id: number; eventId: number; name: string; email: string; status: string; off: boolean };

const LIVE_STATUSES = new Set(["confirmed", "held", "offered", "waiting", "pending-approval", "lottery-entered"]);

function wasCell(row: NoticeRow): Cell | null {
  if (row.was_room_id === null || row.was_starts_at === null || row.was_ends_at === null) return null;
  return { roomId: Number(row.was_room_id), roomName: row.was_room_name ?? "a room", startsAt: row.was_starts_at, endsAt: row.was_ends_at };
}

async function cellOf(tx: Executor, pitchId: number, published: boolean): Promise<Cell | null> {
  if (!published) return null;
  const row = firstRow<{ room_id: number; name: string; starts_at: string; ends_at: string }>(
    await tx.execute({
      sql: "SELECT pl.room_id, r.name, s.starts_at, s.ends_at FROM placements pl JOIN rooms r ON r.id = pl.room_id JOIN slots s ON s.id = pl.slot_id WHERE pl.pitch_id = ?",
      args: [pitchId],
    }),
  );
  return row ? { roomId: Number(row.room_id), roomName: row.name, startsAt: row.starts_at, endsAt: row.ends_at } : null;
}

/** Where a session is now, as the public schedule shows it. */
async function nowOf(tx: Executor, pitch: { id: number; status: string; mergedIntoId: number | null }, published: boolean): Promise<Now> {
  if (pitch.status === "withdrawn") return { kind: "withdrawn" };
  if (pitch.status === "merged" && pitch.mergedIntoId !== null) {
    const into = firstRow<{ title: string }>(await tx.execute({ sql: "SELECT title FROM pitches WHERE id = ?", args: [pitch.mergedIntoId] }));
    return { kind: "merged", intoTitle: into?.title ?? "another session", intoCell: await cellOf(tx, pitch.mergedIntoId, published) };
  }
  const cell = await cellOf(tx, pitch.id, published);
  return cell ? { kind: "placed", cell } : { kind: "off" };
}

type Item = { title: string; change: NetChange; hosting: boolean };

type PersonOutcome = "sent" | "nothing" | "gone";

/**
 * One person's pending notices: in one write transaction, re-read them (another process may have
 * sent them), work out each session's net change, queue one email if anything changed for them,
 * and delete the notices. `cutoff`: only when their oldest notice is at least this old.
 */
async function sendForPerson(registrationId: number, cutoff: string, now: Date, crashAfterQueueing?: () => void): Promise<PersonOutcome> {
  return writeTransaction(async (tx) => {
    const due = firstRow<{ oldest: string | null }>(
      await tx.execute({ sql: "SELECT MIN(created_at) AS oldest FROM change_notices WHERE registration_id = ?", args: [registrationId] }),
    );
    if (!due?.oldest || due.oldest > cutoff) return "gone";
    const notices = rowsOf<NoticeRow>(
      await tx.execute({
        sql: "SELECT pitch_id, was_room_id, was_room_name, was_starts_at, was_ends_at FROM change_notices WHERE registration_id = ? ORDER BY id",
        args: [registrationId],
      }),
    );
    await tx.execute({ sql: "DELETE FROM change_notices WHERE registration_id = ?", args: [registrationId] });
    const row = firstRow<{ id: number; event_id: number; name: string; email: string; status: string; change_notices_off_at: string | null }>(
      await tx.execute({ sql: "SELECT id, event_id, name, email, status, change_notices_off_at FROM registrations WHERE id = ?", args: [registrationId] }),
    );
    if (!row) return "nothing";
    const person: Person = { id: Number(row.id), eventId: Number(row.event_id), name: row.name, email: row.email, status: row.status, off: !!row.change_notices_off_at };
    if (person.off || !LIVE_STATUSES.has(person.status)) return "nothing";
    const event = await findEventById(person.eventId);
    if (!event) return "nothing";
    const published = !!firstRow<{ at: string | null }>(await tx.execute({ sql: "SELECT grid_published_at AS at FROM events WHERE id = ?", args: [event.id] }))?.at;

    const items: (Item & { sortKey: string })[] = [];
    for (const notice of notices) {
      const pitchId = Number(notice.pitch_id);
      const pitch = firstRow<{ title: string; status: string; merged_into_id: number | null; hosting: number; marked: number }>(
        await tx.execute({
          sql: `SELECT p.title, p.status, p.merged_into_id,
                       EXISTS (SELECT 1 FROM pitch_hosts h WHERE h.pitch_id = p.id AND h.registration_id = ? AND h.role <> 'co-host-invited') AS hosting,
                       EXISTS (SELECT 1 FROM pitch_interest i WHERE i.pitch_id = p.id AND i.registration_id = ?) AS marked
                FROM pitches p WHERE p.id = ?`,
          args: [person.id, person.id, pitchId],
        }),
      );
      // Unmarked since, or no longer a host: not their session any more.
      if (!pitch || (!pitch.hosting && !pitch.marked)) continue;
      const hosting = !!pitch.hosting;
      const current = await nowOf(tx, { id: pitchId, status: pitch.status, mergedIntoId: pitch.merged_into_id === null ? null : Number(pitch.merged_into_id) }, published);
      // Hosts are emailed by the withdrawal or merge itself (or made it themselves).
      if (hosting && (current.kind === "withdrawn" || current.kind === "merged")) continue;
      const change = netChange(wasCell(notice), current);
      if (!change) continue;
      const sortCell = change.kind === "back" ? change.now : change.was;
      items.push({ title: pitch.title, change, hosting, sortKey: `${sortCell.startsAt}|${pitch.title}` });
    }
    if (items.length === 0) return "nothing";
    items.sort((a, b) => a.sortKey.localeCompare(b.sortKey));
    const manage = await manageTokenFor(tx, person.id, now);
    const unsubscribe = newToken();
    await tx.execute({
      sql: "INSERT INTO change_notice_unsubscribe_links (token_hash, registration_id, created_at) VALUES (?, ?, ?)",
      args: [hashToken(unsubscribe), person.id, nowIso(now)],
    });
    await queueEmail(tx, { eventId: event.id, to: person.email, ...changeNoticeEmail(event, person.name, items, { manage, unsubscribe }) }, now);
    crashAfterQueueing?.();
    return "sent";
  });
}

/**
 * A host who moves their own session (Open Space: placed, moved or taken off the grid) knows where
 * it is now, so they get no change notice about it: called in the transaction of their change, it
 * drops the notice the triggers just wrote for them (any pending one about that session is
 * superseded: they have just chosen where it goes). The session's other hosts and the people who
 * marked it are still told.
 */
export async function dropOwnMoveNotice(tx: Executor, registrationId: number, pitchId: number): Promise<void> {
  await tx.execute({ sql: "DELETE FROM change_notices WHERE registration_id = ? AND pitch_id = ?", args: [registrationId, pitchId] });
}

type NoticeRun = { emails: number; people: number };

/**
 * The periodic job: everyone whose oldest pending notice is at least `delayMinutes` old gets
 * their one email. `crashAfterQueueing` (tests only) throws inside a person's transaction after
 * their email is queued, as a crash would stop the process there.
 */
export async function sendDueChangeNotices(
  now = new Date(),
  options: { delayMinutes?: number; crashAfterQueueing?: () => void } = {},
): Promise<NoticeRun> {
  const delay = options.delayMinutes ?? env().CHANGE_NOTICE_MINUTES;
  const cutoff = nowIso(new Date(now.getTime() - delay * 60_000));
  const due = rowsOf<{ registration_id: number }>(
    await query({
      sql: "SELECT registration_id FROM change_notices GROUP BY registration_id HAVING MIN(created_at) <= ? ORDER BY MIN(created_at) LIMIT 500",
      args: [cutoff],
    }),
  );
  const result: NoticeRun = { emails: 0, people: 0 };
  for (const { registration_id } of due) {
    const outcome = await sendForPerson(Number(registration_id), cutoff, now, options.crashAfterQueueing);
    if (outcome === "gone") continue;
    result.people += 1;
    if (outcome === "sent") result.emails += 1;
  }
  return result;
}

type UnsubscribeLink = { registrationId: number; eventSlug: string; eventName: string; alreadyOff: boolean };

async function findUnsubscribeLink(db: Executor, slug: string | undefined, token: string | undefined): Promise<UnsubscribeLink> {
  if (!looksLikeToken(token) || !slug) throw notFound("Link");
  const row = firstRow<{ registration_id: number; slug: string; name: string; off: string | null; status: string }>(
    await db.execute({
      sql: `SELECT l.registration_id, e.slug, e.name, r.change_notices_off_at AS off, r.status
            FROM change_notice_unsubscribe_links l JOIN registrations r ON r.id = l.registration_id JOIN events e ON e.id = r.event_id
            WHERE l.token_hash = ?`,
      args: [hashToken(token)],
    }),
  );
  if (!row || row.slug !== slug || row.status === "erased") throw notFound("Link");
  return { registrationId: Number(row.registration_id), eventSlug: row.slug, eventName: row.name, alreadyOff: !!row.off };
}

/** What the unsubscribe page shows before the person confirms (opening the link changes nothing). */
export async function unsubscribeLink(slug: string | undefined, token: string | undefined): Promise<UnsubscribeLink> {
  return findUnsubscribeLink({ execute: query }, slug, token);
}

/**
 * Stops change notices for the person and event of this link (and drops those pending), or turns
 * them back on (`on`). Doing either twice is fine.
 */
export async function setChangeNotices(slug: string | undefined, token: string | undefined, on: boolean, now = new Date()): Promise<UnsubscribeLink> {
  return writeTransaction(async (tx) => {
    const link = await findUnsubscribeLink(tx, slug, token);
    if (on) {
      await tx.execute({ sql: "UPDATE registrations SET change_notices_off_at = NULL WHERE id = ?", args: [link.registrationId] });
    } else {
      await tx.execute({
        sql: "UPDATE registrations SET change_notices_off_at = COALESCE(change_notices_off_at, ?) WHERE id = ?",
        args: [nowIso(now), link.registrationId],
      });
      await tx.execute({ sql: "DELETE FROM change_notices WHERE registration_id = ?", args: [link.registrationId] });
    }
    return link;
  });
}
