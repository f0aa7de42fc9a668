/**
 * Pure checks of a grid (no database): everything an organiser must see before people walk
 * into the wrong room. Each warning is tied to the cells it concerns and also listed in a
 * summary, so nothing is only visible in one place.
 */
type WarningKind = "host-double-booked" | "host-avoid-time" | "over-capacity" | "need-unmet" | "interest-clash";

export type GridWarning = {
  /** Stable within one result ("w1", "w2", … in summary order), for links from cells. */
  id: string;
  kind: WarningKind;
  /**
   * hard: a problem the day cannot work with (a host in two rooms at once, an avoid time, an
   * unmet need, a room too small); soft: worth a look (people who want two sessions at once).
   */
  severity: "hard" | "soft";
  /** For interest clashes: how many people marked both. */
  people?: number;
  message: string;
  slotId: number;
  /** The cells the warning is shown on, as [roomId, slotId] keys (see cellKey). */
  cells: string[];
  pitchIds: number[];
};

/** `large`: marked large (or not) by an organiser; null or absent: the capacity rule decides. */
export type WarningRoom = { id: number; name: string; capacity: number; stepFree: boolean; hasScreen: boolean; large?: boolean | null };
export type WarningSession = {
  pitchId: number;
  title: string;
  hosts: { registrationId: number; name: string }[];
  interest: number;
  /**
   * Expected attendance (max of the show of hands and marks x the show-up ratio, see
   * app/domain/attendance.ts); when given, the room-size check uses it instead of the marks.
   */
  expected?: number;
  showOfHands?: number | null;
  needs: string[];
  avoidSlotIds: number[];
  roomId: number | null;
  slotId: number | null;
};
export type WarningInput = {
  rooms: WarningRoom[];
  sessions: WarningSession[];
  /** Who marked "I'd go" on what: used for clashes between sessions in one slot. */
  interestMarks: { pitchId: number; registrationId: number }[];
  /** How to name a slot in a message ("10:30am"). */
  slotNames: Record<number, string>;
  /** Interest clashes of fewer people than this are counted, not listed (default 3). */
  clashThreshold?: number;
};

export type GridWarnings = {
  summary: GridWarning[];
  byCell: Record<string, GridWarning[]>;
  /** Interest clashes below the threshold: how many pairs, and how many people in all. */
  quietClashes: { count: number; people: number };
};

export const DEFAULT_CLASH_THRESHOLD = 3;

/** Short names of each kind, for the markers on cells and the summary's groups. */
export const WARNING_KIND_LABELS: Record<WarningKind, string> = {
  "host-double-booked": "Host in two places",
  "host-avoid-time": "Host's avoid time",
  "need-unmet": "Need not met",
  "over-capacity": "Room too small",
  "interest-clash": "Interest clash",
};

export const cellKey = (roomId: number, slotId: number) => `${roomId}:${slotId}`;

/**
 * A "large room" is one an organiser marked large on its form. A room nobody has answered for
 * (made before rooms were asked, or copied from one) counts by capacity: one of the biggest third
 * of the event's rooms (at least the biggest one), so the need means the same thing at a 3-room
 * meet-up and an 8-room camp. This is that capacity threshold.
 */
export function largeRoomThreshold(rooms: { capacity: number }[]): number {
  if (rooms.length === 0) return Infinity;
  const capacities = rooms.map((r) => r.capacity).sort((a, b) => b - a);
  return capacities[Math.max(0, Math.ceil(capacities.length / 3) - 1)];
}

/** Whether a room takes sessions that need a large room: the organiser's answer, else the capacity rule. */
export function isLargeRoom(room: { capacity: number; large?: boolean | null }, largeFrom: number): boolean {
  return room.large ?? room.capacity >= largeFrom;
}

const NEED_LABELS: Record<string, string> = { "step-free": "step-free access", screen: "a screen", "large-room": "a large room" };

/** Which of a session's needs a room does not meet. Unknown needs are never silently passed: they are reported. */
export function unmetNeeds(needs: string[], room: WarningRoom, largeFrom: number): string[] {
  return needs.filter((need) => {
    if (need === "step-free") return !room.stepFree;
    if (need === "screen") return !room.hasScreen;
    if (need === "large-room") return !isLargeRoom(room, largeFrom);
    return true;
  });
}

const quote = (title: string) => `“${title}”`;

function listNames(names: string[]) {
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

export function gridWarnings(input: WarningInput): GridWarnings {
  const rooms = new Map(input.rooms.map((r) => [r.id, r]));
  const placed = input.sessions.filter((s): s is WarningSession & { roomId: number; slotId: number } => s.roomId !== null && s.slotId !== null && rooms.has(s.roomId));
  const largeFrom = largeRoomThreshold(input.rooms);
  const slotName = (slotId: number) => input.slotNames[slotId] ?? `slot ${slotId}`;
  const warnings: GridWarning[] = [];
  const threshold = Math.max(1, input.clashThreshold ?? DEFAULT_CLASH_THRESHOLD);
  const quietClashes = { count: 0, people: 0 };

  const bySlot = new Map<number, typeof placed>();
  for (const s of placed) bySlot.set(s.slotId, [...(bySlot.get(s.slotId) ?? []), s]);

  const slotIds = [...bySlot.keys()].sort((a, b) => a - b);
  for (const slotId of slotIds) {
    const sessions = bySlot.get(slotId)!.slice().sort((a, b) => a.roomId - b.roomId || a.pitchId - b.pitchId);

    // A host in two sessions at once: hard, whatever else is going on.
    const byHost = new Map<number, { name: string; sessions: typeof sessions }>();
    for (const s of sessions) {
      for (const h of s.hosts) {
        const entry = byHost.get(h.registrationId) ?? { name: h.name, sessions: [] };
        if (!entry.sessions.includes(s)) entry.sessions.push(s);
        byHost.set(h.registrationId, entry);
      }
    }
    for (const { name, sessions: hosted } of byHost.values()) {
      if (hosted.length < 2) continue;
      warnings.push({
        id: "",
        kind: "host-double-booked",
        severity: "hard",
        message: `${name} hosts ${listNames(hosted.map((s) => quote(s.title)))} at the same time (${slotName(slotId)})`,
        slotId,
        cells: hosted.map((s) => cellKey(s.roomId, slotId)),
        pitchIds: hosted.map((s) => s.pitchId),
      });
    }

    for (const s of sessions) {
      const room = rooms.get(s.roomId)!;
      const cell = cellKey(s.roomId, slotId);
      if (s.avoidSlotIds.includes(slotId)) {
        warnings.push({ id: "", kind: "host-avoid-time", severity: "hard", message: `The hosts of ${quote(s.title)} asked to avoid ${slotName(slotId)}`, slotId, cells: [cell], pitchIds: [s.pitchId] });
      }
      const expected = s.expected ?? s.interest;
      if (expected > room.capacity) {
        const basis = s.expected === undefined ? null : [`${s.interest} marked “I’d go”`, s.showOfHands != null ? `${s.showOfHands} raised a hand` : null].filter(Boolean).join(", ");
        warnings.push({
          id: "",
          kind: "over-capacity",
          severity: "hard",
          message: basis === null
            ? `${s.interest} people want ${quote(s.title)} but ${room.name} holds ${room.capacity}`
            : `About ${expected} people are expected at ${quote(s.title)} (${basis}) but ${room.name} holds ${room.capacity}`,
          slotId,
          cells: [cell],
          pitchIds: [s.pitchId],
        });
      }
      const unmet = unmetNeeds(s.needs, room, largeFrom);
      if (unmet.length > 0) {
        warnings.push({
          id: "",
          kind: "need-unmet",
          severity: "hard",
          message: `${quote(s.title)} needs ${listNames(unmet.map((n) => NEED_LABELS[n] ?? n))}, which ${room.name} does not have`,
          slotId,
          cells: [cell],
          pitchIds: [s.pitchId],
        });
      }
    }

    // Interest clashes: for each pair in the slot, the people who marked both.
    const markedBy = new Map<number, Set<number>>();
    for (const mark of input.interestMarks) {
      if (!sessions.some((s) => s.pitchId === mark.pitchId)) continue;
      const set = markedBy.get(mark.pitchId) ?? new Set<number>();
      set.add(mark.registrationId);
      markedBy.set(mark.pitchId, set);
    }
    for (let i = 0; i < sessions.length; i++) {
      for (let j = i + 1; j < sessions.length; j++) {
        const a = markedBy.get(sessions[i].pitchId);
        const b = markedBy.get(sessions[j].pitchId);
        if (!a || !b) continue;
        let both = 0;
        for (const id of a) if (b.has(id)) both++;
        if (both === 0) continue;
        if (both < threshold) {
          quietClashes.count++;
          quietClashes.people += both;
          continue;
        }
        warnings.push({
          id: "",
          kind: "interest-clash",
          severity: "soft",
          people: both,
          message: `${both} ${both === 1 ? "person wants" : "people want"} both ${quote(sessions[i].title)} and ${quote(sessions[j].title)} (${slotName(slotId)})`,
          slotId,
          cells: [cellKey(sessions[i].roomId, slotId), cellKey(sessions[j].roomId, slotId)],
          pitchIds: [sessions[i].pitchId, sessions[j].pitchId],
        });
      }
    }
  }

  const order: Record<WarningKind, number> = { "host-double-booked": 0, "host-avoid-time": 1, "need-unmet": 2, "over-capacity": 3, "interest-clash": 4 };
  // Hard warnings first, then by kind; the order within a kind follows the grid (slot by slot).
  const summary = warnings
    .map((w, index) => ({ w, index }))
    .sort((x, y) => (x.w.severity === y.w.severity ? 0 : x.w.severity === "hard" ? -1 : 1) || order[x.w.kind] - order[y.w.kind] || x.index - y.index)
    .map(({ w }, i) => ({ ...w, id: `w${i + 1}` }));
  const byCell: Record<string, GridWarning[]> = {};
  for (const w of summary) for (const cell of w.cells) (byCell[cell] ??= []).push(w);
  return { summary, byCell, quietClashes };
}
