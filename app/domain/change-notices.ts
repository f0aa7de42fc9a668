import { formatDate, formatTimeRange } from "./time";

/**
 * Change notices (issue 17): what one email tells a person about the sessions they host or
 * marked. Each pending notice holds where the session was when the first change not yet told
 * happened; the email compares that with where it is when the email is built, so a session
 * moved twice is one net change and a change undone meanwhile is no change at all.
 */

/** A session's place on the public schedule: a room and the slot's times. */
export type Cell = { roomId: number; roomName: string; startsAt: string; endsAt: string };

/** Where a session is now. `off`: not on the public schedule (unscheduled, or the grid is unpublished). */
export type Now =
  | { kind: "placed"; cell: Cell }
  | { kind: "off" }
  | { kind: "withdrawn" }
  | { kind: "merged"; intoTitle: string; intoCell: Cell | null };

export type NetChange =
  | { kind: "moved"; was: Cell; now: Cell }
  | { kind: "back"; now: Cell }
  | { kind: "off"; was: Cell }
  | { kind: "withdrawn"; was: Cell }
  | { kind: "merged"; was: Cell; intoTitle: string; intoCell: Cell | null };

const sameCell = (a: Cell, b: Cell) => a.roomId === b.roomId && a.startsAt === b.startsAt && a.endsAt === b.endsAt;

/** The net change from `was` (null: not on the public schedule) to `now`, or null when nothing changed for the reader. */
export function netChange(was: Cell | null, now: Now): NetChange | null {
  if (!was) return now.kind === "placed" ? { kind: "back", now: now.cell } : null;
  switch (now.kind) {
    case "placed":
      return sameCell(was, now.cell) ? null : { kind: "moved", was, now: now.cell };
    case "off":
      return { kind: "off", was };
    case "withdrawn":
      return { kind: "withdrawn", was };
    case "merged":
      return { kind: "merged", was, intoTitle: now.intoTitle, intoCell: now.intoCell };
  }
}

/** "11am to 11:45am on Saturday 12 December 2026, Room 2" in the event's time zone. */
function describeCell(cell: Cell, timeZone: string): string {
  return `${formatTimeRange(cell.startsAt, cell.endsAt, timeZone)} on ${formatDate(cell.startsAt, timeZone)}, ${cell.roomName}`;
}

/** The lines of one change in the email: the title, then was and now. */
export function changeLines(title: string, change: NetChange, timeZone: string, hosting: boolean): string {
  const head = `“${title}”${hosting ? " (you are hosting it)" : ""}`;
  const was = (cell: Cell) => `Was: ${describeCell(cell, timeZone)}`;
  switch (change.kind) {
    case "moved":
      return [head, was(change.was), `Now: ${describeCell(change.now, timeZone)}`].join("\n");
    case "back":
      return [head, `Back on the schedule: ${describeCell(change.now, timeZone)}`].join("\n");
    case "off":
      return [head, was(change.was), "Now: not on the schedule (the organisers may place it again)"].join("\n");
    case "withdrawn":
      return [head, was(change.was), "Now: cancelled (the session has been withdrawn)"].join("\n");
    case "merged":
      return [
        head,
        was(change.was),
        `Now: joined with “${change.intoTitle}”${change.intoCell ? `, ${describeCell(change.intoCell, timeZone)}` : ", which is not on the schedule yet"}`,
      ].join("\n");
  }
}
