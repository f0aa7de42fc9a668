import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, hashToken, looksLikeToken, newToken, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById, type EventRecord } from "../events";
import { feedbackAudience, type FeedbackAnswers } from "~/domain/feedback";
import { isUndeliverable } from "~/domain/people";
import { feedbackInvitationEmail } from "./emails";

/**
 * Feedback after the event (issue 17). An organiser sends the invitation once, after the event
 * has ended (an ask-first page; the event row records it was sent, in the same transaction as
 * the emails, so a second press sends nothing). Each person invited gets a link to a short form
 * about the event and the sessions they marked; an anonymous answer stores no link to them.
 */
type Executor = Pick<Transaction, "execute">;

type Invitees = { audience: "checked-in" | "confirmed"; people: { id: number; name: string; email: string }[] };

async function invitees(db: Executor, eventId: number): Promise<Invitees> {
  const checkedIn = Number(
    firstRow<{ n: number }>(
      await db.execute({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND status = 'confirmed' AND checked_in_at IS NOT NULL", args: [eventId] }),
    )?.n ?? 0,
  );
  const audience = feedbackAudience(checkedIn);
  const people = rowsOf<{ id: number; name: string; email: string }>(
    await db.execute({
      sql: `SELECT id, name, email FROM registrations WHERE event_id = ? AND status = 'confirmed' ${audience === "checked-in" ? "AND checked_in_at IS NOT NULL" : ""} ORDER BY id`,
      args: [eventId],
    }),
  )
    .map((p) => ({ id: Number(p.id), name: p.name, email: p.email }))
    .filter((p) => !isUndeliverable(p.email));
  return { audience, people };
}

type InvitationState = { ended: boolean; invitedAt: string | null; invitedBy: string | null; audience: "checked-in" | "confirmed"; count: number };

/** What the organiser's feedback pages say about the invitation: sent or not, and to whom it would go. */
export async function feedbackInvitationState(event: EventRecord, now = new Date()): Promise<InvitationState> {
  const row = firstRow<{ at: string | null; by: string | null }>(
    await query({ sql: "SELECT feedback_invited_at AS at, feedback_invited_by AS by FROM events WHERE id = ?", args: [event.id] }),
  );
  const { audience, people } = await invitees({ execute: query }, event.id);
  return { ended: Date.parse(event.endsAt) <= now.getTime(), invitedAt: row?.at ?? null, invitedBy: row?.by ?? null, audience, count: people.length };
}

/** Sends the invitation to everyone invited, once; refused before the event ends or when already sent. */
export async function sendFeedbackInvitations(eventId: number, organiserEmail: string, now = new Date()): Promise<number> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  if (Date.parse(event.endsAt) > now.getTime()) throw new DomainError("conflict", "You can invite feedback once the event has ended.");
  return writeTransaction(async (tx) => {
    const claimed = await tx.execute({
      sql: "UPDATE events SET feedback_invited_at = ?, feedback_invited_by = ? WHERE id = ? AND feedback_invited_at IS NULL",
      args: [nowIso(now), organiserEmail, eventId],
    });
    if (claimed.rowsAffected === 0) throw new DomainError("conflict", "The feedback invitation has already been sent.");
    const { people } = await invitees(tx, eventId);
    for (const person of people) {
      const token = newToken();
      await tx.execute({
        sql: "INSERT INTO feedback_links (token_hash, event_id, registration_id) VALUES (?, ?, ?) ON CONFLICT (event_id, registration_id) DO NOTHING",
        args: [hashToken(token), eventId, person.id],
      });
      await queueEmail(tx, { to: person.email, eventId, ...feedbackInvitationEmail(event, person.name, token) }, now);
    }
    return people.length;
  });
}

type FeedbackLink = { eventId: number; registrationId: number; used: boolean; event: EventRecord; sessions: { pitchId: number; title: string }[] };

async function findLink(db: Executor, slug: string | undefined, token: string | undefined): Promise<Omit<FeedbackLink, "event" | "sessions"> & { slug: string }> {
  if (!slug || !looksLikeToken(token)) throw notFound("Feedback link");
  const row = firstRow<{ event_id: number; registration_id: number; used: number; slug: string }>(
    await db.execute({
      sql: "SELECT l.event_id, l.registration_id, l.used, e.slug FROM feedback_links l JOIN events e ON e.id = l.event_id WHERE l.token_hash = ?",
      args: [hashToken(token)],
    }),
  );
  if (!row || row.slug !== slug) throw notFound("Feedback link");
  return { eventId: Number(row.event_id), registrationId: Number(row.registration_id), used: !!Number(row.used), slug: row.slug };
}

/** The sessions the person marked that were on the grid, in time order. */
async function markedSessions(db: Executor, registrationId: number): Promise<{ pitchId: number; title: string }[]> {
  return rowsOf<{ id: number; title: string }>(
    await db.execute({
      sql: `SELECT p.id, p.title FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id JOIN placements pl ON pl.pitch_id = p.id JOIN slots s ON s.id = pl.slot_id
            WHERE i.registration_id = ? AND p.status = 'open' ORDER BY s.starts_at, p.title`,
      args: [registrationId],
    }),
  ).map((r) => ({ pitchId: Number(r.id), title: r.title }));
}

/** What the feedback form shows for a link (404 for an unknown link or another event's). */
export async function feedbackLink(slug: string | undefined, token: string | undefined): Promise<FeedbackLink> {
  const link = await findLink({ execute: query }, slug, token);
  const event = (await findEventById(link.eventId))!;
  return { ...link, event, sessions: link.used ? [] : await markedSessions({ execute: query }, link.registrationId) };
}

/**
 * Stores an answer, once per link. Anonymous: the response has no registration id, and the link
 * is only marked used (no time), so nothing stored ties the answer to the person.
 */
export async function submitFeedback(slug: string | undefined, token: string | undefined, answers: FeedbackAnswers, now = new Date()) {
  await writeTransaction(async (tx) => {
    const link = await findLink(tx, slug, token);
    const used = await tx.execute({ sql: "UPDATE feedback_links SET used = 1 WHERE token_hash = ? AND used = 0", args: [hashToken(token!)] });
    if (used.rowsAffected === 0) throw new DomainError("conflict", "You have already given your feedback. Thank you.");
    const allowed = new Set((await markedSessions(tx, link.registrationId)).map((s) => s.pitchId));
    const response = await tx.execute({
      sql: "INSERT INTO feedback_responses (event_id, registration_id, useful, comment, answered_on) VALUES (?, ?, ?, ?, ?)",
      args: [link.eventId, answers.anonymous ? null : link.registrationId, answers.useful ? 1 : 0, answers.comment, nowIso(now).slice(0, 10)],
    });
    for (const session of answers.sessions) {
      if (!allowed.has(session.pitchId)) continue;
      await tx.execute({
        sql: "INSERT INTO feedback_session_responses (response_id, pitch_id, useful, comment) VALUES (?, ?, ?, ?)",
        args: [Number(response.lastInsertRowid), session.pitchId, session.useful === null ? null : session.useful ? 1 : 0, session.comment],
      });
    }
  });
}

type Comment = { text: string; by: string | null };
type FeedbackResults = {
  invited: number;
  answered: number;
  event: { useful: number; notUseful: number; comments: Comment[] };
  sessions: { pitchId: number; title: string; useful: number; notUseful: number; comments: Comment[] }[];
};

/** The organisers' view: counts for the event and per session, and every comment (named unless anonymous). */
export async function feedbackResults(eventId: number): Promise<FeedbackResults> {
  const [links, responses, sessionRows] = await Promise.all([
    query({ sql: "SELECT COUNT(*) AS invited, COALESCE(SUM(used), 0) AS answered FROM feedback_links WHERE event_id = ?", args: [eventId] }),
    query({
      sql: "SELECT f.useful, f.comment, r.name FROM feedback_responses f LEFT JOIN registrations r ON r.id = f.registration_id WHERE f.event_id = ? ORDER BY f.id",
      args: [eventId],
    }),
    query({
      sql: `SELECT p.id, p.title, s.useful, s.comment, r.name FROM feedback_session_responses s JOIN feedback_responses f ON f.id = s.response_id
            JOIN pitches p ON p.id = s.pitch_id LEFT JOIN registrations r ON r.id = f.registration_id
            WHERE f.event_id = ? ORDER BY p.title, p.id, f.id`,
      args: [eventId],
    }),
  ]);
  const counts = firstRow<{ invited: number; answered: number }>(links)!;
  const named = (name: string | null) => (name ? name : null);
  const all = rowsOf<{ useful: number; comment: string; name: string | null }>(responses);
  const sessions = new Map<number, FeedbackResults["sessions"][number]>();
  for (const row of rowsOf<{ id: number; title: string; useful: number | null; comment: string; name: string | null }>(sessionRows)) {
    const id = Number(row.id);
    const entry = sessions.get(id) ?? { pitchId: id, title: row.title, useful: 0, notUseful: 0, comments: [] };
    if (row.useful !== null) entry[Number(row.useful) ? "useful" : "notUseful"] += 1;
    if (row.comment) entry.comments.push({ text: row.comment, by: named(row.name) });
    sessions.set(id, entry);
  }
  return {
    invited: Number(counts.invited),
    answered: Number(counts.answered),
    event: {
      useful: all.filter((r) => Number(r.useful)).length,
      notUseful: all.filter((r) => !Number(r.useful)).length,
      comments: all.filter((r) => r.comment).map((r) => ({ text: r.comment, by: named(r.name) })),
    },
    sessions: [...sessions.values()],
  };
}

/** Rows for the CSV: one per answer about the event and one per answer about a session. */
export async function feedbackCsvRows(eventId: number): Promise<unknown[][]> {
  const rows = rowsOf<{ id: number; kind: string; title: string | null; useful: number | null; comment: string; name: string | null; answered_on: string }>(
    await query({
      sql: `SELECT f.id, 'event' AS kind, NULL AS title, f.useful, f.comment, r.name, f.answered_on FROM feedback_responses f
              LEFT JOIN registrations r ON r.id = f.registration_id WHERE f.event_id = ?
            UNION ALL
            SELECT f.id, 'session', p.title, s.useful, s.comment, r.name, f.answered_on FROM feedback_session_responses s
              JOIN feedback_responses f ON f.id = s.response_id JOIN pitches p ON p.id = s.pitch_id
              LEFT JOIN registrations r ON r.id = f.registration_id WHERE f.event_id = ?
            ORDER BY 1, 2, 3`,
      args: [eventId, eventId],
    }),
  );
  const useful = (v: number | null) => (v === null ? "" : Number(v) ? "yes" : "no");
  return [
    ["Answer", "About", "Session", "Useful", "Comment", "Name", "Answered on"],
    ...rows.map((r) => [Number(r.id), r.kind, r.title ?? "", useful(r.useful), r.comment, r.name || "Anonymous", r.answered_on]),
  ];
}
