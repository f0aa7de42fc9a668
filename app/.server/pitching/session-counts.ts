import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, notFound, nowIso, query, writeTransaction } from "../platform";
import { getAttendee, getSignedInEmail, isEventTeamMember } from "../auth";
import { loadSchedule, scheduleAttendance } from "../schedule";
import type { ShowUpRatio } from "~/domain/attendance";

/**
 * Show of hands and head counts (issue 17). A volunteer or organiser enters a rough show of
 * hands when a session is pitched (kept apart from "I'd go" marks); after the session a host or
 * organiser enters how many came. Counts are per session, hold no personal data, and feed the
 * event's show-up ratio and expected attendance (app/domain/attendance.ts).
 */

async function requireOpenPitch(tx: Transaction, eventId: number, pitchId: number): Promise<{ title: string }> {
  const row = firstRow<{ status: string; title: string }>(await tx.execute({ sql: "SELECT status, title FROM pitches WHERE id = ? AND event_id = ?", args: [pitchId, eventId] }));
  if (!row || row.status !== "open") throw notFound("Session");
  return { title: row.title };
}

function checkCount(count: number | null, field: string) {
  if (count !== null && (!Number.isInteger(count) || count < 0 || count > 10_000)) throw new DomainError("invalid", "Enter a whole number of people from 0 to 10,000", field);
}

/** Records (or with null, clears) a pitch's show of hands; says which pitch (its title, for the confirmation). */
export async function setShowOfHands(eventId: number, pitchId: number, count: number | null, now = new Date()): Promise<{ title: string }> {
  checkCount(count, "showOfHands");
  return writeTransaction(async (tx) => {
    const pitch = await requireOpenPitch(tx, eventId, pitchId);
    await tx.execute({
      sql: `INSERT INTO session_counts (pitch_id, event_id, show_of_hands, show_of_hands_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (pitch_id) DO UPDATE SET show_of_hands = excluded.show_of_hands, show_of_hands_at = excluded.show_of_hands_at`,
      args: [pitchId, eventId, count, count === null ? null : nowIso(now)],
    });
    return pitch;
  });
}

/** Records (or with null, clears) how many came to a session. */
export async function setHeadCount(eventId: number, pitchId: number, count: number | null, now = new Date()): Promise<void> {
  checkCount(count, "headCount");
  await writeTransaction(async (tx) => {
    await requireOpenPitch(tx, eventId, pitchId);
    await tx.execute({
      sql: `INSERT INTO session_counts (pitch_id, event_id, head_count, head_count_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (pitch_id) DO UPDATE SET head_count = excluded.head_count, head_count_at = excluded.head_count_at`,
      args: [pitchId, eventId, count, count === null ? null : nowIso(now)],
    });
  });
}

/**
 * Who may enter a session's head count on this request: a signed-in organiser or volunteer of the event, or
 * a host or co-host of the session recognised on this device; null for anyone else.
 */
export async function headCounterFor(request: Request, eventId: number, pitchId: number): Promise<{ kind: "organiser" | "host" } | null> {
  const email = await getSignedInEmail(request);
  if (email && (await isEventTeamMember(email, eventId))) return { kind: "organiser" };
  const attendee = await getAttendee(request, eventId);
  if (attendee?.status !== "confirmed") return null;
  const host = firstRow(
    await query({ sql: "SELECT 1 FROM pitch_hosts WHERE pitch_id = ? AND registration_id = ? AND role IN ('host', 'co-host')", args: [pitchId, attendee.registrationId] }),
  );
  return host ? { kind: "host" } : null;
}

type AttendanceRow = {
  pitchId: number;
  title: string;
  roomId: number | null;
  slotId: number | null;
  capacity: number | null;
  marks: number;
  showOfHands: number | null;
  headCount: number | null;
  expected: number;
};

/** Every open session with its marks, show of hands, head count and expected attendance, and the event's ratio. */
export async function eventAttendance(eventId: number): Promise<{ rows: AttendanceRow[]; ratio: ShowUpRatio; defaultRatio: number } | null> {
  const schedule = await loadSchedule(eventId);
  if (!schedule) return null;
  const { ratio, expected } = scheduleAttendance(schedule);
  const rooms = new Map(schedule.rooms.map((r) => [r.id, r]));
  const slotOrder = new Map(schedule.slots.map((s, i) => [s.id, i]));
  const roomOrder = new Map(schedule.rooms.map((r, i) => [r.id, i]));
  const open = schedule.sessions.filter((s) => s.status === "open");
  const placed = (s: (typeof open)[number]) => s.slotId !== null && slotOrder.has(s.slotId) && s.roomId !== null && rooms.has(s.roomId);
  open.sort((a, b) => {
    if (placed(a) !== placed(b)) return placed(a) ? -1 : 1;
    if (!placed(a)) return b.interest - a.interest || a.pitchId - b.pitchId;
    return slotOrder.get(a.slotId!)! - slotOrder.get(b.slotId!)! || roomOrder.get(a.roomId!)! - roomOrder.get(b.roomId!)!;
  });
  return {
    ratio,
    defaultRatio: schedule.defaultShowUpRatio ?? ratio.ratio,
    rows: open.map((s) => ({
      pitchId: s.pitchId,
      title: s.title,
      roomId: placed(s) ? s.roomId : null,
      slotId: placed(s) ? s.slotId : null,
      capacity: placed(s) ? rooms.get(s.roomId!)!.capacity : null,
      marks: s.interest,
      showOfHands: s.showOfHands ?? null,
      headCount: s.headCount ?? null,
      expected: expected.get(s.pitchId) ?? 0,
    })),
  };
}

/** A pitch's show of hands and head count (null when not recorded). */
export async function sessionCounts(pitchId: number): Promise<{ showOfHands: number | null; headCount: number | null }> {
  const row = firstRow<{ show_of_hands: number | null; head_count: number | null }>(await query({ sql: "SELECT show_of_hands, head_count FROM session_counts WHERE pitch_id = ?", args: [pitchId] }));
  return { showOfHands: row?.show_of_hands == null ? null : Number(row.show_of_hands), headCount: row?.head_count == null ? null : Number(row.head_count) };
}
