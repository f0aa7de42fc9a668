/**
 * Turnout after an event (issue 16): who held a place at the start of the day, who checked in,
 * who cancelled late and who did not come, per ticket type and per council. Pure: the rows come
 * from the registrations that survive the retention job (statuses, ticket types, council names
 * and check-ins are kept; names are not), so these counts survive it too.
 */

/** A cancellation this close to the start (or closer) counts as late: too late to fill easily. */
export const LATE_CANCELLATION_DAYS = 7;

export type TurnoutRow = {
  ticketTypeName: string;
  councilName: string | null;
  /** What the person typed as their organisation ('' once the retention job has run). */
  organisation?: string;
  status: string;
  checkedIn: boolean;
  hadPlace: boolean;
  cancelledAt: string | null;
};

export type TurnoutCounts = { holding: number; checkedIn: number; noShows: number; lateCancellations: number; turnout: number | null };

const empty = (): TurnoutCounts => ({ holding: 0, checkedIn: 0, noShows: 0, lateCancellations: 0, turnout: null });

function add(counts: TurnoutCounts, row: TurnoutRow, lateFrom: string, startsAt: string) {
  if (row.status === "confirmed") {
    counts.holding += 1;
    if (row.checkedIn) counts.checkedIn += 1;
    else counts.noShows += 1;
  } else if (row.status === "cancelled" && row.hadPlace && row.cancelledAt && row.cancelledAt >= lateFrom && row.cancelledAt <= startsAt) {
    counts.lateCancellations += 1;
  }
}

function finish(counts: TurnoutCounts): TurnoutCounts {
  return { ...counts, turnout: counts.holding > 0 ? counts.checkedIn / counts.holding : null };
}

/**
 * The organisation a row counts under: its council when it has one (the register's name, so
 * "Guildford BC" and "Guildford Borough Council" are one), else what the person typed, tidied
 * (spaces collapsed; letter case ignored when grouping), else "Not given".
 */
function organisationName(row: Pick<TurnoutRow, "councilName" | "organisation">): string {
  if (row.councilName) return row.councilName;
  const typed = (row.organisation ?? "").trim().replace(/\s+/g, " ");
  return typed === "" ? "Not given" : typed;
}

/** Totals, per ticket type, per council ("Not a council" for everyone else) and per organisation, largest first. */
export function turnoutReport(rows: readonly TurnoutRow[], eventStartsAt: string) {
  const lateFrom = new Date(Date.parse(eventStartsAt) - LATE_CANCELLATION_DAYS * 86_400_000).toISOString();
  const total = empty();
  const byTicket = new Map<string, TurnoutCounts>();
  const byCouncil = new Map<string, TurnoutCounts>();
  const byOrganisation = new Map<string, TurnoutCounts>();
  const organisationShown = new Map<string, string>();
  for (const row of rows) {
    add(total, row, lateFrom, eventStartsAt);
    const ticket = byTicket.get(row.ticketTypeName) ?? empty();
    add(ticket, row, lateFrom, eventStartsAt);
    byTicket.set(row.ticketTypeName, ticket);
    const councilKey = row.councilName ?? "Not a council";
    const council = byCouncil.get(councilKey) ?? empty();
    add(council, row, lateFrom, eventStartsAt);
    byCouncil.set(councilKey, council);
    const name = organisationName(row);
    const key = name.toLowerCase();
    if (!organisationShown.has(key)) organisationShown.set(key, name);
    const organisation = byOrganisation.get(key) ?? empty();
    add(organisation, row, lateFrom, eventStartsAt);
    byOrganisation.set(key, organisation);
  }
  const sorted = (map: Map<string, TurnoutCounts>) =>
    [...map.entries()]
      .map(([name, counts]) => ({ name, ...finish(counts) }))
      .filter((r) => r.holding + r.lateCancellations > 0)
      .sort((a, b) => b.holding - a.holding || a.name.localeCompare(b.name, "en-GB"));
  const named = new Map([...byOrganisation].map(([key, counts]) => [organisationShown.get(key)!, counts]));
  return { total: finish(total), byTicket: sorted(byTicket), byCouncil: sorted(byCouncil), byOrganisation: sorted(named) };
}

type TurnoutReport = ReturnType<typeof turnoutReport>;

export const percent = (share: number | null) => (share === null ? "–" : `${Math.round(share * 100)}%`);

/** The report as CSV rows (header first): one row per ticket type and per council, then the total. */
export function turnoutCsvRows(report: TurnoutReport & { standbySeated?: number }): unknown[][] {
  const line = (group: string, name: string, c: TurnoutCounts) => [group, name, c.holding, c.checkedIn, c.noShows, c.lateCancellations, percent(c.turnout)];
  return [
    ["Group", "Name", "Holding a place", "Checked in", "No-shows", "Late cancellations", "Turnout"],
    ...report.byTicket.map((r) => line("Ticket type", r.name, r)),
    ...report.byCouncil.map((r) => line("Council", r.name, r)),
    ...report.byOrganisation.map((r) => line("Organisation", r.name, r)),
    line("Total", "All", report.total),
    ...(report.standbySeated ? [["Standby", "Seated from standby", report.standbySeated, report.standbySeated, "", "", ""]] : []),
  ];
}

/**
 * The margin above capacity an organiser could allocate, from the turnout of their past events
 * (enough that the best past turnout would just fill the room; at most maxMargin), with the
 * basis shown. No history: no suggestion.
 */
export function marginSuggestion(pastTurnouts: readonly number[], maxMargin = 0.25): { basis: string; margin: number | null } {
  if (pastTurnouts.length === 0) return { basis: "No past events of yours in Pitchgrid have check-ins yet, so there is nothing to base a margin on.", margin: null };
  const low = Math.min(...pastTurnouts);
  const high = Math.max(...pastTurnouts);
  const range = Math.round(low * 100) === Math.round(high * 100) ? percent(low) : `${Math.round(low * 100)}–${Math.round(high * 100)}%`;
  const margin = high <= 0 ? maxMargin : Math.min(maxMargin, Math.max(0, 1 / high - 1));
  return { basis: `${pastTurnouts.length} past ${pastTurnouts.length === 1 ? "event" : "events"}, turnout ${range}`, margin };
}
