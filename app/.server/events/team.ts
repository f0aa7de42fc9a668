import { firstRow, nowIso, query, queueEmail, rowsOf, writeTransaction } from "../platform";
import type { EventRole } from "~/domain/event-roles";
import { addedToTeamEmail } from "./emails";
import type { EventRecord } from "./events";

/** An event's team: its organisers and volunteers (event_organisers, role since 0025). */

/** The event's organisers (not its volunteers), in the order they were added. */
export async function listOrganisers(eventId: number): Promise<string[]> {
  return (await listEventTeam(eventId)).filter((m) => m.role === "organiser").map((m) => m.email);
}

/** The event's team: organisers and volunteers, in the order they were added. */
export async function listEventTeam(eventId: number): Promise<{ email: string; role: EventRole }[]> {
  return rowsOf<{ email: string; role: string }>(
    await query({ sql: "SELECT email, role FROM event_organisers WHERE event_id = ? ORDER BY added_at, email", args: [eventId] }),
  ).map((r) => ({ email: r.email, role: r.role === "volunteer" ? "volunteer" : "organiser" }));
}

/** What adding someone to the team did: added, made an organiser (they were a volunteer), or nothing (they already had that role or more). */
type TeamChange = "added" | "promoted" | "unchanged";

/** Adds a co-organiser (see addTeamMember); whether anything changed. */
export async function addOrganiser(event: Pick<EventRecord, "id" | "name" | "slug">, email: string, addedBy: string, now = new Date()): Promise<boolean> {
  return (await addTeamMember(event, email, addedBy, "organiser", now)) !== "unchanged";
}

/**
 * Adds a co-organiser (or, with role "volunteer", a volunteer) and, in the same transaction,
 * emails them that they were added, by whom, what they can do and where to sign in. Adding a
 * volunteer as an organiser makes them one (and emails them); adding someone who already has
 * that role, or an organiser as a volunteer, changes nothing and sends nothing.
 */
export async function addTeamMember(
  event: Pick<EventRecord, "id" | "name" | "slug">,
  email: string,
  addedBy: string,
  role: EventRole,
  now = new Date(),
): Promise<TeamChange> {
  const address = email.trim().toLowerCase();
  return writeTransaction(async (tx) => {
    const existing = firstRow<{ role: string }>(await tx.execute({ sql: "SELECT role FROM event_organisers WHERE event_id = ? AND email = ?", args: [event.id, address] }));
    let change: TeamChange;
    if (!existing) {
      await tx.execute({
        sql: "INSERT INTO event_organisers (event_id, email, added_at, role) VALUES (?, ?, ?, ?)",
        args: [event.id, address, nowIso(now), role],
      });
      change = "added";
    } else if (existing.role === "volunteer" && role === "organiser") {
      await tx.execute({ sql: "UPDATE event_organisers SET role = 'organiser' WHERE event_id = ? AND email = ?", args: [event.id, address] });
      change = "promoted";
    } else {
      return "unchanged";
    }
    await queueEmail(tx, { eventId: event.id, to: address, ...addedToTeamEmail(event, addedBy, role) }, now);
    return change;
  });
}

export class LastOrganiserError extends Error {
  constructor() {
    super("An event must keep at least one organiser.");
  }
}

/**
 * Removes one organiser or volunteer. The organisers are counted inside the same write
 * transaction as the delete, so two removals at once cannot both see "two organisers" and leave
 * the event with none; volunteers do not count, and removing one is always allowed.
 */
export async function removeOrganiser(eventId: number, email: string) {
  await writeTransaction(async (tx) => {
    const member = firstRow<{ role: string }>(await tx.execute({ sql: "SELECT role FROM event_organisers WHERE event_id = ? AND email = ?", args: [eventId, email] }));
    if (member?.role === "organiser") {
      const row = firstRow<{ n: number }>(await tx.execute({ sql: "SELECT COUNT(*) AS n FROM event_organisers WHERE event_id = ? AND role = 'organiser'", args: [eventId] }));
      if (Number(row?.n ?? 0) <= 1) throw new LastOrganiserError();
    }
    await tx.execute({ sql: "DELETE FROM event_organisers WHERE event_id = ? AND email = ?", args: [eventId, email] });
  });
}
