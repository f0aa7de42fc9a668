import { query, rowsOf } from "../platform";
import type { RegistrationStatus } from "~/domain/registration-rules";
import { shownEmail } from "~/domain/people";
import { utcToZoned } from "~/domain/time";
import { answersByRegistration, listQuestions } from "../events";
import { FROM_REGISTRATIONS, REGISTRATION_COLUMNS, type Registration, type RegistrationRow, toRegistration } from "./records";

/** The organiser's view of registrations: the filtered list, counts and the CSV export. */

type RegistrationFilters = { ticketTypeId?: number | null; status?: RegistrationStatus | null; search?: string | null };

export async function listRegistrations(eventId: number, filters: RegistrationFilters = {}): Promise<Registration[]> {
  const where = ["r.event_id = :event", "r.status <> 'erased'"];
  const args: Record<string, string | number> = { event: eventId };
  if (filters.ticketTypeId) {
    where.push("r.ticket_type_id = :ticket");
    args.ticket = filters.ticketTypeId;
  }
  if (filters.status) {
    where.push("r.status = :status");
    args.status = filters.status;
  }
  if (filters.search?.trim()) {
    where.push("(r.name LIKE :search ESCAPE '\\' OR r.email LIKE :search ESCAPE '\\' OR r.organisation LIKE :search ESCAPE '\\')");
    args.search = `%${filters.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  return rowsOf<RegistrationRow>(
    await query({
      sql: `SELECT ${REGISTRATION_COLUMNS} ${FROM_REGISTRATIONS} WHERE ${where.join(" AND ")}
            ORDER BY CASE r.status WHEN 'waiting' THEN 1 ELSE 0 END, r.lottery_rank IS NULL, r.lottery_rank, r.waiting_since, r.created_at, r.id`,
      args,
    }),
  ).map(toRegistration);
}

/** How many live, verified registrations each council (or "Not a listed council") has, most first. */
export async function countsByCouncil(eventId: number): Promise<{ council: string; count: number }[]> {
  return rowsOf<{ council: string; n: number }>(
    await query({
      sql: `SELECT COALESCE(council_name, 'Not a listed council') AS council, COUNT(*) AS n FROM registrations
            WHERE event_id = ? AND status IN ('confirmed', 'offered', 'waiting', 'pending-approval', 'lottery-entered')
            GROUP BY council ORDER BY n DESC, council`,
      args: [eventId],
    }),
  ).map((r) => ({ council: r.council, count: Number(r.n) }));
}

export async function countsByStatus(eventId: number): Promise<Record<string, number>> {
  const rows = rowsOf<{ status: string; n: number }>(
    await query({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] }),
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** A time as a spreadsheet reads it, in the event's zone: "2026-03-28 09:05". */
function localTime(instant: string | null, timeZone: string): string {
  if (!instant) return "";
  const { date, time } = utcToZoned(instant, timeZone);
  return `${date} ${time}`;
}

/**
 * The registrations as CSV rows (header first), for the Excel-safe export: the rows the table
 * shows with the same filters, times in the event's time zone (named in the header).
 */
export async function registrationsCsvRows(event: { id: number; timeZone: string }, filters: RegistrationFilters = {}): Promise<unknown[][]> {
  const eventId = event.id;
  const [registrations, questions, answers] = await Promise.all([listRegistrations(eventId, filters), listQuestions(eventId), answersByRegistration(eventId)]);
  return [
    [
      "Name", "Email", "Organisation", "Role", "Council", "Ticket type", "Status", "Access needs", "Dietary needs", "Approval reason",
      `Registered at (${event.timeZone})`, `Checked in at (${event.timeZone})`,
      ...questions.map((q) => q.label),
    ],
    ...registrations.map((r) => [
      r.name,
      shownEmail(r.email),
      r.organisation,
      r.jobRole,
      r.councilName ?? "",
      r.ticketTypeName,
      r.status,
      r.accessNeeds,
      r.dietaryNeeds,
      r.approvalReason,
      localTime(r.createdAt, event.timeZone),
      localTime(r.checkedInAt, event.timeZone),
      ...questions.map((q) => answers.get(r.id)?.get(q.id) ?? ""),
    ]),
  ];
}
