import { firstRow, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { LIVE, type RegistrationStatus } from "~/domain/registration-rules";
import { eventLines, manageParagraph } from "./emails";
import { manageTokenFor } from "./manage-links";
import { AUDIENCES, type Audience } from "~/domain/message-form";

/**
 * Organisers' messages to an event's attendees ("the venue has changed", "bring ID"): one email
 * per person, each with their private link, queued in one transaction with the record of the
 * message, so either everyone in the group is sent it or nobody is.
 */
type MessageInput = { audience: Audience; subject: string; body: string; sendKey: string };
type SentMessage = { id: number; sentBy: string; audience: Audience; subject: string; recipients: number; sentAt: string };

/**
 * The registration statuses in each group; "everyone" is every live registration whose address
 * is verified ('held' is not: it may be an address someone invented, and nobody asked us to
 * write to it beyond the one confirmation link).
 */
const AUDIENCE_STATUSES: Record<Audience, readonly RegistrationStatus[]> = {
  confirmed: ["confirmed"],
  waiting: ["waiting", "offered"],
  everyone: [...LIVE].filter((status) => status !== "held"),
};

function audienceSql(audience: Audience) {
  const statuses = AUDIENCE_STATUSES[audience];
  return { sql: `status IN (${statuses.map(() => "?").join(", ")})`, args: [...statuses] as string[] };
}

/** How many people each group holds now, for the form: one count per status, summed per group. */
export async function audienceSizes(eventId: number): Promise<Record<Audience, number>> {
  const rows = rowsOf<{ status: RegistrationStatus; n: number }>(
    await query({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] }),
  );
  const count = (statuses: readonly RegistrationStatus[]) => rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
  return Object.fromEntries((Object.keys(AUDIENCES) as Audience[]).map((audience) => [audience, count(AUDIENCE_STATUSES[audience])])) as Record<Audience, number>;
}

/**
 * Sends the message to everyone in the group now. The send key (made when the organiser
 * previewed it) makes a second Send of the same preview a no-op that reports the first.
 */
export async function messageAttendees(eventId: number, sentBy: string, input: MessageInput, now = new Date()): Promise<{ recipients: number; alreadySent: boolean }> {
  const event = await findEventById(eventId);
  if (!event) throw notFound("Event");
  const at = nowIso(now);
  return writeTransaction(async (tx) => {
    const recorded = await tx.execute({
      sql: `INSERT INTO attendee_messages (event_id, send_key, sent_by, audience, subject, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (event_id, send_key) DO NOTHING`,
      args: [eventId, input.sendKey, sentBy, input.audience, input.subject, input.body, at],
    });
    if (recorded.rowsAffected === 0) {
      const earlier = firstRow<{ recipients: number }>(
        await tx.execute({ sql: "SELECT recipients FROM attendee_messages WHERE event_id = ? AND send_key = ?", args: [eventId, input.sendKey] }),
      );
      return { recipients: Number(earlier?.recipients ?? 0), alreadySent: true };
    }
    const where = audienceSql(input.audience);
    const people = rowsOf<{ id: number; name: string; email: string }>(
      await tx.execute({ sql: `SELECT id, name, email FROM registrations WHERE event_id = ? AND ${where.sql} ORDER BY id`, args: [eventId, ...where.args] }),
    );
    for (const person of people) {
      const token = await manageTokenFor(tx, Number(person.id));
      await queueEmail(
        tx,
        {
          eventId: event.id,
          to: person.email,
          subject: `${event.name}: ${input.subject}`,
          text: [`Dear ${person.name},`, input.body, `From the organisers of ${event.name}.`, eventLines(event), manageParagraph(token)].join("\n\n"),
        },
        now,
      );
    }
    await tx.execute({ sql: "UPDATE attendee_messages SET recipients = ? WHERE id = ?", args: [people.length, Number(recorded.lastInsertRowid)] });
    return { recipients: people.length, alreadySent: false };
  });
}

export async function listSentMessages(eventId: number, limit = 50): Promise<SentMessage[]> {
  return rowsOf<{ id: number; sent_by: string; audience: Audience; subject: string; recipients: number; sent_at: string }>(
    await query({ sql: "SELECT id, sent_by, audience, subject, recipients, sent_at FROM attendee_messages WHERE event_id = ? ORDER BY id DESC LIMIT ?", args: [eventId, limit] }),
  ).map((r) => ({ id: Number(r.id), sentBy: r.sent_by, audience: r.audience, subject: r.subject, recipients: Number(r.recipients), sentAt: r.sent_at }));
}
