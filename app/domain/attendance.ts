/**
 * Expected attendance (issue 17): how many people a session will really draw, for the grid's
 * capacity warnings and the optimiser. "I'd go" marks overstate it (people mark more than they
 * attend), so marks are scaled by the event's show-up ratio; a rough show of hands taken when
 * the session was pitched is a floor. Pure: no database.
 *
 *   expected = max(show of hands, round(marks x ratio))
 *
 * The ratio is the event's own once it has head counts (sum of people counted / sum of marks of
 * the sessions counted), else the event's default (0.7 unless the organisers change it).
 */

export const DEFAULT_SHOW_UP_RATIO = 0.7;
const MIN_SHOW_UP_RATIO = 0.05;
export const MAX_SHOW_UP_RATIO = 2;

/** Expected attendance of one session: whole people, never below the show of hands. */
export function expectedAttendance(session: { marks: number; showOfHands?: number | null }, ratio: number): number {
  // The small epsilon keeps 10 x 0.7 (7.000000000000001) and 5 x 0.7 (3.4999999999999996) honest.
  const scaled = Math.max(0, Math.round(session.marks * ratio + 1e-9));
  return Math.max(session.showOfHands ?? 0, scaled);
}

export type ShowUpRatio = {
  ratio: number;
  /** "event": from this event's head counts; "default": no usable counts yet. */
  source: "event" | "default";
  /** The sessions with a head count, and the people counted and marks they had. */
  countedSessions: number;
  counted: number;
  marks: number;
};

/**
 * The event's show-up ratio from its head counts: sessions without a count are left out, and
 * until the counted sessions have at least one mark between them the default is used.
 */
export function showUpRatio(sessions: readonly { marks: number; headCount?: number | null }[], defaultRatio = DEFAULT_SHOW_UP_RATIO): ShowUpRatio {
  let countedSessions = 0;
  let counted = 0;
  let marks = 0;
  for (const s of sessions) {
    if (s.headCount === null || s.headCount === undefined) continue;
    countedSessions++;
    counted += s.headCount;
    marks += s.marks;
  }
  if (marks === 0) return { ratio: defaultRatio, source: "default", countedSessions, counted, marks };
  return { ratio: counted / marks, source: "event", countedSessions, counted, marks };
}

/** A ratio as people read it: 0.7 is "70%". */
export function ratioLabel(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

/**
 * The default ratio as typed on the settings form: a decimal ("0.7") or a percentage ("70%",
 * "70"); null when it is not a number from 5% to 200%.
 */
export function parseShowUpRatio(text: string): number | null {
  const t = text.trim();
  const match = /^(\d{1,3}(?:\.\d{1,4})?|\.\d{1,4})\s*(%?)$/.exec(t);
  if (!match) return null;
  const value = Number(match[1]);
  // "70" and "70%" are percentages; "0.7" and "1.2" are ratios.
  const ratio = match[2] === "%" || value > MAX_SHOW_UP_RATIO ? value / 100 : value;
  if (!(ratio >= MIN_SHOW_UP_RATIO && ratio <= MAX_SHOW_UP_RATIO)) return null;
  return Math.round(ratio * 10000) / 10000;
}

/** A count typed on a phone: a whole number from 0 to 10,000, or null. */
export function parseCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,5}$/.test(t)) return null;
  const n = Number(t);
  return n <= 10_000 ? n : null;
}

/** One sentence saying how expected attendance is worked out now, for organiser pages. */
export function showUpSentence(r: ShowUpRatio): string {
  const how = `Room sizes are checked against expected attendance: the show of hands, or “I’d go” marks × ${ratioLabel(r.ratio)}, whichever is more`;
  if (r.source === "event") {
    return `${how} (this event’s show-up ratio: ${r.counted} counted in ${r.countedSessions} ${r.countedSessions === 1 ? "session" : "sessions"} with ${r.marks} marks).`;
  }
  return `${how} (the event’s default, until sessions have head counts).`;
}
