import { largeRoomThreshold, type GridWarning } from "./warnings";

/**
 * Why "Suggest a grid" moves what it moves, and what the grid as it is breaks (issue 14). The
 * score compares clashes, overflow and moves; it does not show that the grid now breaks rules
 * the suggestion never breaks (a host in two rooms at once, a time the hosts asked to avoid, a
 * need the room does not meet), so "Now 12, Suggested 20" looked like a worse grid. Pure.
 */

/** Warnings for rules every suggestion keeps: the grid now may break them, a suggestion never does. */
const RULE_KINDS: ReadonlySet<GridWarning["kind"]> = new Set(["host-double-booked", "host-avoid-time", "need-unmet"]);

export function brokenRules(warnings: readonly GridWarning[]): string[] {
  return warnings.filter((w) => RULE_KINDS.has(w.kind)).map((w) => w.message);
}

type Move = { pitchId: number; from: string | null; to: string | null };

/** One plain reason per move, from what the grid now says about that session. */
export function moveReasons(moves: readonly Move[], warnings: readonly GridWarning[]): Map<number, string> {
  const about = (pitchId: number, kinds: GridWarning["kind"][]) => warnings.find((w) => kinds.includes(w.kind) && w.pitchIds.includes(pitchId));
  const reasons = new Map<number, string>();
  for (const move of moves) {
    const rule = about(move.pitchId, ["host-double-booked", "host-avoid-time", "need-unmet"]);
    const full = about(move.pitchId, ["over-capacity"]);
    const clash = about(move.pitchId, ["interest-clash"]);
    let reason: string;
    if (move.to === null) reason = "No cell fits it without breaking a rule or costing more than it gains";
    else if (rule) reason = `Keeps a rule the grid now breaks: ${rule.message}`;
    else if (move.from === null) reason = "It is not on the grid yet";
    else if (full) reason = `A bigger room: ${full.message}`;
    else if (clash) reason = `Fewer clashes: now ${clash.message.charAt(0).toLowerCase()}${clash.message.slice(1)}`;
    else reason = "Makes room for another change on this list";
    reasons.set(move.pitchId, reason);
  }
  return reasons;
}

/** What "a large room" means for this event, in words for organisers. */
export function largeRoomRule(rooms: readonly { name: string; capacity: number }[]): string | null {
  if (rooms.length === 0) return null;
  const from = largeRoomThreshold([...rooms]);
  const large = rooms.filter((r) => r.capacity >= from).map((r) => r.name);
  return `A session that needs a large room goes in one of the biggest third of this event’s rooms (always at least the biggest): here, rooms for ${from} or more people (${large.join(", ")}). Change a room’s capacity to change which rooms count.`;
}
