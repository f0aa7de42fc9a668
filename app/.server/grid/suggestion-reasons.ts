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

/** What "a large room" means for this event, in words for organisers (rooms page and suggest page). */
export function largeRoomRule(rooms: readonly { name: string; capacity: number; large?: boolean | null }[]): string | null {
  if (rooms.length === 0) return null;
  const names = (list: readonly { name: string }[]) => list.map((r) => r.name).join(", ");
  const parts = ["A session that asks for a larger room (a big audience, or space to move around) goes only in a large room: one you have marked large on its form."];
  const unanswered = rooms.filter((r) => r.large === null || r.large === undefined);
  if (unanswered.length < rooms.length) {
    const marked = rooms.filter((r) => r.large === true);
    parts.push(marked.length > 0 ? `Marked large: ${names(marked)}.` : "No room is marked large, so such a session is flagged wherever it goes.");
  }
  if (unanswered.length > 0) {
    const from = largeRoomThreshold([...rooms]);
    const bySize = unanswered.filter((r) => r.capacity >= from);
    parts.push(
      `${unanswered.length === rooms.length ? "No room is marked large or not yet, so rooms count" : `Rooms not marked either way (${names(unanswered)}) count`} by size: one of the biggest third of this event’s rooms (always at least the biggest): here, rooms for ${from} or more people (${bySize.length > 0 ? names(bySize) : "none of them"}). Answer “Is this a large room?” on a room’s form to decide yourself.`,
    );
  }
  return parts.join(" ");
}
