import { cellKey, gridWarnings, type WarningRoom, type WarningSession } from "./warnings";

/**
 * Open Space self-placement (issue 17), as a pure rule with no database: which cells the host of
 * a session may put it in themselves. A cell is free for it when it is a session slot's cell, is
 * not closed, holds no other open session, and putting the session there raises no problem
 * (a hard grid warning) about it: a host in two places at once, the hosts' avoid time, a need
 * the room does not meet, or a room smaller than the session's expected attendance. Those are
 * the grid's own warning rules (gridWarnings), run on the one slot the cell is in, so a host is
 * held to exactly what organisers are warned about.
 */
export type OpenSpaceGrid = {
  rooms: WarningRoom[];
  /** Session slots (not breaks), in grid order. */
  sessionSlotIds: number[];
  /** Closed cells, as cellKey(roomId, slotId). */
  closedCells: string[];
  /** Open sessions, placed or not, each with its expected attendance. */
  sessions: WarningSession[];
  slotNames: Record<number, string>;
};

type Verdict = { ok: true } | { ok: false; reason: string };

export function openSpaceVerdict(grid: OpenSpaceGrid, pitchId: number, roomId: number, slotId: number): Verdict {
  const session = grid.sessions.find((s) => s.pitchId === pitchId);
  if (!session) return { ok: false, reason: "This session is not open, so it cannot be placed." };
  const room = grid.rooms.find((r) => r.id === roomId);
  if (!room || !grid.sessionSlotIds.includes(slotId)) return { ok: false, reason: "That is not a cell of this event’s grid." };
  const slotName = grid.slotNames[slotId] ?? "that time";
  const where = `${room.name} at ${slotName}`;
  if (session.roomId === roomId && session.slotId === slotId) return { ok: false, reason: `“${session.title}” is already in ${where}.` };
  if (grid.closedCells.includes(cellKey(roomId, slotId))) return { ok: false, reason: `${where} is closed.` };
  const occupant = grid.sessions.find((s) => s.pitchId !== pitchId && s.roomId === roomId && s.slotId === slotId);
  if (occupant) return { ok: false, reason: `${where} has just been taken by “${occupant.title}”.` };
  // The slot as it would be: the others already there, and this session in the cell.
  const inSlot = grid.sessions.filter((s) => s.pitchId !== pitchId && s.slotId === slotId && s.roomId !== null);
  const result = gridWarnings({
    rooms: grid.rooms,
    sessions: [...inSlot, { ...session, roomId, slotId }],
    interestMarks: [],
    slotNames: grid.slotNames,
  });
  const problem = result.summary.find((w) => w.severity === "hard" && w.pitchIds.includes(pitchId));
  return problem ? { ok: false, reason: `${where} does not suit this session: ${problem.message}.` } : { ok: true };
}

/** Every cell the host may choose, slot by slot, then room by room (the grid's order). */
export function openSpaceCells(grid: OpenSpaceGrid, pitchId: number): { roomId: number; slotId: number }[] {
  const cells: { roomId: number; slotId: number }[] = [];
  for (const slotId of grid.sessionSlotIds) {
    for (const room of grid.rooms) if (openSpaceVerdict(grid, pitchId, room.id, slotId).ok) cells.push({ roomId: room.id, slotId });
  }
  return cells;
}
