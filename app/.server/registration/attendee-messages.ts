import { firstRow, notFound, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import { findEventById } from "../events";
import { LIVE, type RegistrationStatus } from "~/domain/registration-rules";
import { messageEmail } from "./emails/messages";
import { manageTokenFor } from "./manage-links";
import { AUDIENCES, type Audience, type Greeting } from "~/domain/message-form";

/**
 * Organisers' messages to an event's attendees ("the venue has changed", "bring ID"): one email
 * per person, each with their private link, queued in one transaction with the record of the
 * message, so either everyone in the group is sent it or nobody is.
 */
type MessageInput = { audience: Audience; ticketTypeId: number | null; greeting: Greeting; subject: string; body: string; sendKey: string };
type SentMessage = { id: number; sentBy: string; audience: string; subject: string; recipients: number; sentAt: string };
type AudienceChoice = { audience: Audience; ticketTypeId: number | null };

/**
 * Who is in each group; "everyone" is every live registration whose address is verified
 * ('held' is not: it may be an address someone invented, and nobody asked us to write to it
 * beyond the one confirmation link). Hosts, one ticket type and checked in are people with a place.
 */
const EVERYONE = [...LIVE].filter((status) => status !== "held");

function audienceWhere(choice: AudienceChoice): { sql: string; args: (string | number)[] } {
  const statuses = (list: readonly RegistrationStatus[]) => ({ sql: `r.status IN (${list.map(() => "?").join(", ")})`, args: [...list] as string[] });
  switch (choice.audience) {
    case "confirmed":
      return statuses(["confirmed"]);
    case "waiting":
      return statuses(["waiting", "offered"]);
    case "everyone":
      return statuses(EVERYONE);
    case "checked-in":
      return { sql: "r.status = 'confirmed' AND r.checked_in_at IS NOT NULL", args: [] };
    case "ticket":
      return { sql: "r.status = 'confirmed' AND r.ticket_type_id = ?", args: [choice.ticketTypeId ?? 0] };
    case "hosts":
      return {
        sql: `r.status = 'confirmed' AND EXISTS (SELECT 1 FROM pitch_hosts h JOIN pitches p ON p.id = h.pitch_id
                WHERE h.registration_id = r.id AND h.role <> 'co-host-invited' AND p.status = 'open')`,
        args: [],
      };
  }
}

/** Walk-ins added without an address (and erased people) are in a group but get no email. */
const DELIVERABLE = "r.email NOT LIKE '%.invalid'";

/** Who a choice reaches now: how many get the email, how many have no address, and the first name (for the preview). */
export async function audienceReach(eventId: number, choice: AudienceChoice): Promise<{ recipients: number; noEmail: number; sampleName: string | null }> {
  const where = audienceWhere(choice);
  const row = firstRow<{ recipients: number; no_email: number; first_id: number | null }>(
    await query({
      sql: `SELECT SUM(CASE WHEN ${DELIVERABLE} THEN 1 ELSE 0 END) AS recipients, SUM(CASE WHEN ${DELIVERABLE} THEN 0 ELSE 1 END) AS no_email,
                   MIN(CASE WHEN ${DELIVERABLE} THEN r.id END) AS first_id
            FROM registrations r WHERE r.event_id = ? AND ${where.sql}`,
      args: [eventId, ...where.args],
    }),
  );
  const sample = row?.first_id == null ? null : firstRow<{ name: string }>(await query({ sql: "SELECT name FROM registrations WHERE id = ?", args: [row.first_id] }));
  return { recipients: Number(row?.recipients ?? 0), noEmail: Number(row?.no_email ?? 0), sampleName: sample?.name ?? null };
}

/** How many people each group would email now, for the form (one ticket type: per ticket type). */
export async function audienceSizes(eventId: number): Promise<{ sizes: Record<Exclude<Audience, "ticket">, number>; tickets: Map<number, number> }> {
  const groups = (Object.keys(AUDIENCES) as Audience[]).filter((a): a is Exclude<Audience, "ticket"> => a !== "ticket");
  const counts = await Promise.all(groups.map((audience) => audienceReach(eventId, { audience, ticketTypeId: null })));
  const perTicket = rowsOf<{ ticket_type_id: number; n: number }>(
    await query({ sql: `SELECT r.ticket_type_id, COUNT(*) AS n FROM registrations r WHERE r.event_id = ? AND r.status = 'confirmed' AND ${DELIVERABLE} GROUP BY r.ticket_type_id`, args: [eventId] }),
  );
  return {
    sizes: Object.fromEntries(groups.map((audience, i) => [audience, counts[i].recipients])) as Record<Exclude<Audience, "ticket">, number>,
    tickets: new Map(perTicket.map((r) => [Number(r.ticket_type_id), Number(r.n)])),
  };
}

/** The email template, offered to the messages page for its preview (the template is in emails/messages.ts). */
export { messageEmail };

/** How an audience is recorded and listed: "ticket:<id>" for one ticket type. */
function audienceKey(choice: AudienceChoice) {
  return choice.audience === "ticket" ? `ticket:${choice.ticketTypeId}` : choice.audience;
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
      args: [eventId, input.sendKey, sentBy, audienceKey(input), input.subject, input.body, at],
    });
    if (recorded.rowsAffected === 0) {
      const earlier = firstRow<{ recipients: number }>(
        await tx.execute({ sql: "SELECT recipients FROM attendee_messages WHERE event_id = ? AND send_key = ?", args: [eventId, input.sendKey] }),
      );
      return { recipients: Number(earlier?.recipients ?? 0), alreadySent: true };
    }
    const where = audienceWhere(input);
    const people = rowsOf<{ id: number; name: string; email: string }>(
      await tx.execute({ sql: `SELECT r.id, r.name, r.email FROM registrations r WHERE r.event_id = ? AND ${where.sql} AND ${DELIVERABLE} ORDER BY r.id`, args: [eventId, ...where.args] }),
    );
    for (const person of people) {
      const token = await manageTokenFor(tx, Number(person.id));
      await queueEmail(
        tx,
        {
          eventId: event.id,
          to: person.email,
          ...messageEmail(event, input, person, token),
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
  ).map((r) => ({ id: Number(r.id), sentBy: r.sent_by, audience: String(r.audience), subject: r.subject, recipients: Number(r.recipients), sentAt: r.sent_at }));
}
