// Over 400 lines on purpose: the one read model every public page, feed and export is built from
// (loaded once per schedule version and cached), with its version counter beside it.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstRow, ifNoneMatchHits, query, rowsOf, weakEtag, forgetWhenDatabaseChanges, rememberPageCheck } from "../platform";
import { formatDate, formatDateTime, formatTime, formatTimeRange, utcToZoned } from "~/domain/time";
import { sessionNotesUrl } from "~/domain/session-notes";
import { DEFAULT_SHOW_UP_RATIO, expectedAttendance, showUpRatio, type ShowUpRatio } from "~/domain/attendance";
import type { NowAndNextStatus, SlotSummary } from "~/domain/now-and-next";
import { findEventById, listRooms, listSlots, type EventRecord } from "../events";

/**
 * The one read model of an event's schedule, shared by the public grid, calendar feeds, frab
 * exports and the optimiser: every live pitch (open, or withdrawn/merged for feeds that show
 * cancellations) with its hosts, interest and placement.
 */
export type ScheduleRoom = Awaited<ReturnType<typeof listRooms>>[number];
export type ScheduleSlot = Awaited<ReturnType<typeof listSlots>>[number];

export type ScheduledSession = {
  pitchId: number;
  title: string;
  description: string;
  format: "discussion" | "show-and-tell" | "workshop" | "other";
  needs: string[];
  avoidSlotIds: number[];
  status: "open" | "withdrawn" | "merged";
  sequence: number;
  createdAt: string;
  updatedAt: string;
  hosts: { registrationId: number; name: string; role: string }[];
  interest: number;
  roomId: number | null;
  slotId: number | null;
  pinned: boolean;
  /** A rough show of hands when it was pitched, and how many came (null: not recorded). */
  showOfHands?: number | null;
  headCount?: number | null;
};

export type Schedule = {
  event: EventRecord;
  publishedAt: string | null;
  changedAt: string | null;
  gridVersion: number;
  /** The organisers' notes link template, or null for notes pages in Pitchgrid. */
  notesTemplate?: string | null;
  /** The show-up ratio used until the event has head counts of its own. */
  defaultShowUpRatio?: number;
  rooms: ScheduleRoom[];
  slots: ScheduleSlot[];
  sessions: ScheduledSession[];
};

type PitchRow = {
  id: number;
  title: string;
  description: string;
  format: ScheduledSession["format"];
  needs: string;
  avoid_slot_ids: string;
  status: ScheduledSession["status"];
  sequence: number;
  created_at: string;
  updated_at: string;
  interest: number;
  room_id: number | null;
  slot_id: number | null;
  pinned: number | null;
  show_of_hands: number | null;
  head_count: number | null;
};

export async function loadSchedule(eventId: number): Promise<Schedule | null> {
  const event = await findEventById(eventId);
  if (!event) return null;
  const [meta, rooms, slots, pitches, hosts] = await Promise.all([
    query({ sql: "SELECT grid_version, grid_published_at, schedule_changed_at, notes_link_template, default_show_up_ratio FROM events WHERE id = ?", args: [eventId] }),
    listRooms(eventId),
    listSlots(eventId),
    query({
      sql: `SELECT p.id, p.title, p.description, p.format, p.needs, p.avoid_slot_ids, p.status, p.sequence, p.created_at, p.updated_at,
                   (SELECT COUNT(*) FROM pitch_interest i WHERE i.pitch_id = p.id) AS interest,
                   pl.room_id, pl.slot_id, pl.pinned, c.show_of_hands, c.head_count
            FROM pitches p LEFT JOIN placements pl ON pl.pitch_id = p.id LEFT JOIN session_counts c ON c.pitch_id = p.id
            WHERE p.event_id = ?
            ORDER BY p.id`,
      args: [eventId],
    }),
    query({
      sql: `SELECT h.pitch_id, h.registration_id, h.role, r.name FROM pitch_hosts h
            JOIN registrations r ON r.id = h.registration_id
            JOIN pitches p ON p.id = h.pitch_id
            WHERE p.event_id = ? AND h.role <> 'co-host-invited' AND r.status <> 'erased'
            ORDER BY h.added_at`,
      args: [eventId],
    }),
  ]);
  const m = firstRow<{ grid_version: number; grid_published_at: string | null; schedule_changed_at: string | null; notes_link_template: string | null; default_show_up_ratio: number }>(meta)!;
  const hostsByPitch = new Map<number, ScheduledSession["hosts"]>();
  for (const h of rowsOf<{ pitch_id: number; registration_id: number; role: string; name: string }>(hosts)) {
    const list = hostsByPitch.get(Number(h.pitch_id)) ?? [];
    list.push({ registrationId: Number(h.registration_id), name: h.name, role: h.role });
    hostsByPitch.set(Number(h.pitch_id), list);
  }
  return {
    event,
    publishedAt: m.grid_published_at,
    changedAt: m.schedule_changed_at,
    gridVersion: Number(m.grid_version),
    notesTemplate: m.notes_link_template,
    defaultShowUpRatio: Number(m.default_show_up_ratio),
    rooms,
    slots,
    sessions: rowsOf<PitchRow>(pitches).map((p) => ({
      pitchId: Number(p.id),
      title: p.title,
      description: p.description,
      format: p.format,
      needs: JSON.parse(p.needs) as string[],
      avoidSlotIds: JSON.parse(p.avoid_slot_ids) as number[],
      status: p.status,
      sequence: Number(p.sequence),
      createdAt: p.created_at,
      updatedAt: p.updated_at,
      hosts: hostsByPitch.get(Number(p.id)) ?? [],
      interest: Number(p.interest),
      roomId: p.room_id === null ? null : Number(p.room_id),
      slotId: p.slot_id === null ? null : Number(p.slot_id),
      pinned: !!p.pinned,
      showOfHands: p.show_of_hands === null ? null : Number(p.show_of_hands),
      headCount: p.head_count === null ? null : Number(p.head_count),
    })),
  };
}

/**
 * Expected attendance of each open session (issue 17): max(show of hands, marks x ratio), with
 * the event's own show-up ratio once it has head counts, else its default. Used by the grid's
 * capacity warnings and the optimiser.
 */
export function scheduleAttendance(schedule: Schedule): { ratio: ShowUpRatio; expected: Map<number, number> } {
  const open = schedule.sessions.filter((s) => s.status === "open");
  const ratio = showUpRatio(
    open.map((s) => ({ marks: s.interest, headCount: s.headCount })),
    schedule.defaultShowUpRatio ?? DEFAULT_SHOW_UP_RATIO,
  );
  return { ratio, expected: new Map(open.map((s) => [s.pitchId, expectedAttendance({ marks: s.interest, showOfHands: s.showOfHands }, ratio.ratio)])) };
}

/**
 * Call inside the transaction of any change visible on the public schedule (a placement, a
 * title, a room or slot): feeds and pages use this timestamp for ETag / Last-Modified.
 */
export async function markScheduleChanged(tx: { execute: (s: { sql: string; args: (string | number)[] }) => Promise<unknown> }, eventId: number, now = new Date()) {
  await tx.execute({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [now.toISOString(), eventId] });
}

/* ------------------------------------------------------------------------------------------ */
/* The public schedule: its version (for live updates and conditional requests), the grid as  */
/* visitors see it, "now and next", and an attendee's own sessions.                           */
/* ------------------------------------------------------------------------------------------ */

export const FORMAT_LABELS: Record<ScheduledSession["format"], string> = {
  discussion: "Discussion",
  "show-and-tell": "Show and tell",
  workshop: "Workshop",
  other: "Other",
};

/** What a visitor sees of one session: already formatted, so pages and their hydration data stay small. */
export type PublicSession = {
  id: number;
  title: string;
  hosts: string[];
  roomName: string;
  time: string;
  format: string;
  interest: number;
  /** Where its notes are: the notes page's path here, or the organisers' template link. */
  notes: string;
  /** The attendee looking hosts it or marked "I'd go"; null for everyone else. */
  mine: "hosting" | "marked" | null;
};

export type PublicGridRow =
  | { slotId: number; kind: "break"; time: string; label: string }
  | { slotId: number; kind: "session"; time: string; label: string; cells: (PublicSession | null)[] };

export type PublicGrid = {
  rooms: { id: number; name: string; capacity: number; stepFree: boolean; hasScreen: boolean }[];
  days: { date: string; rows: PublicGridRow[] }[];
  sessionCount: number;
};

/** The sessions an attendee hosts and those they marked "I'd go". */
type AttendeeMarks = { hosting: Set<number>; marked: Set<number> };

/** Only open sessions placed in a session slot of an existing room are on the public grid. */
function placedSessions(schedule: Schedule): Map<string, ScheduledSession> {
  const rooms = new Set(schedule.rooms.map((r) => r.id));
  const sessionSlots = new Set(schedule.slots.filter((s) => s.kind === "session").map((s) => s.id));
  const byCell = new Map<string, ScheduledSession>();
  for (const s of schedule.sessions) {
    if (s.status !== "open" || s.roomId === null || s.slotId === null) continue;
    if (!rooms.has(s.roomId) || !sessionSlots.has(s.slotId)) continue;
    byCell.set(`${s.roomId}:${s.slotId}`, s);
  }
  return byCell;
}

// Formatting with Intl costs more than the rest of a page's data put together, and slot times
// rarely change: remember each slot's wording (bounded, cleared when full).
const slotWording = new Map<string, { time: string; date: string }>();
function wordingOf(slot: { startsAt: string; endsAt: string }, timeZone: string) {
  const key = `${timeZone}|${slot.startsAt}|${slot.endsAt}`;
  let wording = slotWording.get(key);
  if (!wording) {
    if (slotWording.size > 5000) slotWording.clear();
    wording = { time: formatTimeRange(slot.startsAt, slot.endsAt, timeZone), date: formatDate(slot.startsAt, timeZone) };
    slotWording.set(key, wording);
  }
  return wording;
}

export function toPublicSession(schedule: Schedule, session: ScheduledSession, marks: AttendeeMarks | null): PublicSession {
  const room = schedule.rooms.find((r) => r.id === session.roomId);
  const slot = schedule.slots.find((s) => s.id === session.slotId);
  return {
    id: session.pitchId,
    title: session.title,
    hosts: session.hosts.map((h) => h.name),
    roomName: room?.name ?? "",
    time: slot ? wordingOf(slot, schedule.event.timeZone).time : "",
    format: FORMAT_LABELS[session.format],
    interest: session.interest,
    notes: sessionNotesUrl(schedule.notesTemplate, schedule.event.slug, session.pitchId),
    mine: marks?.hosting.has(session.pitchId) ? "hosting" : marks?.marked.has(session.pitchId) ? "marked" : null,
  };
}

/**
 * The grid as the public sees it: one table per day, rooms across, slots down, break slots as
 * a row of their own. Empty until the organisers publish (the caller shows a message instead).
 */
export function buildPublicGrid(schedule: Schedule, marks: AttendeeMarks | null): PublicGrid {
  const tz = schedule.event.timeZone;
  const byCell = placedSessions(schedule);
  const days: PublicGrid["days"] = [];
  for (const slot of schedule.slots) {
    const { date, time } = wordingOf(slot, tz);
    let day = days[days.length - 1];
    if (!day || day.date !== date) {
      day = { date, rows: [] };
      days.push(day);
    }
    if (slot.kind === "break") {
      day.rows.push({ slotId: slot.id, kind: "break", time, label: slot.label || "Break" });
    } else {
      const cells = schedule.rooms.map((room) => {
        const session = byCell.get(`${room.id}:${slot.id}`);
        return session ? toPublicSession(schedule, session, marks) : null;
      });
      day.rows.push({ slotId: slot.id, kind: "session", time, label: slot.label, cells });
    }
  }
  return {
    rooms: schedule.rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity, stepFree: r.stepFree, hasScreen: r.hasScreen })),
    days,
    sessionCount: byCell.size,
  };
}

/** What is on now and next in each room (the display and the /now page), with the day's status. */
export type NowAndNext = NowAndNextStatus & {
  /** The date in the event's zone at `now`, e.g. "Sunday 25 October 2026". */
  today: string;
  rooms: { id: number; name: string; now: PublicSession | null; next: PublicSession | null; nextTime: string | null }[];
};

/**
 * What is on now and next in each room at `now`, judged in the event's time zone: "today" is
 * the event-zone date, so a day that changes clocks (the last Sunday of October) still counts
 * from local midnight, and slot times come out in the clock time people see on the wall.
 */
export function nowAndNext(schedule: Schedule, now: Date, marks: AttendeeMarks | null = null): NowAndNext {
  const tz = schedule.event.timeZone;
  const at = now.getTime();
  const today = utcToZoned(now, tz).date;
  const slots = schedule.slots;
  const summary = (slot: ScheduleSlot): SlotSummary => ({
    time: wordingOf(slot, tz).time,
    kind: slot.kind,
    label: slot.label || (slot.kind === "break" ? "Break" : ""),
  });
  const emptyRooms = schedule.rooms.map((r) => ({ id: r.id, name: r.name, now: null, next: null, nextTime: null }));
  const base = { today: formatDate(now, tz), startsAt: null, startsToday: false, endedToday: false, current: null, next: null, rooms: emptyRooms };
  if (slots.length === 0) return { ...base, status: "no-slots" };

  const start = (s: ScheduleSlot) => Date.parse(s.startsAt);
  const end = (s: ScheduleSlot) => Date.parse(s.endsAt);
  const todays = slots.filter((s) => utcToZoned(s.startsAt, tz).date === today);
  const lastEnd = Math.max(...(todays.length ? todays : slots).map(end));
  if (at >= lastEnd && (todays.length > 0 || at >= Math.max(...slots.map(end)))) {
    return { ...base, status: "after", endedToday: todays.length > 0 };
  }

  const current = slots.find((s) => start(s) <= at && at < end(s)) ?? null;
  // "Next" starts once the current slot ends (or now, in a gap between slots).
  const after = current ? end(current) : at;
  const nextSlot = slots.find((s) => s !== current && start(s) >= after) ?? null;
  const nextSessionSlot = slots.find((s) => s !== current && s.kind === "session" && start(s) >= after) ?? null;
  const byCell = placedSessions(schedule);
  const sessionIn = (roomId: number, slot: ScheduleSlot | null) => {
    const session = slot ? byCell.get(`${roomId}:${slot.id}`) : undefined;
    return session ? toPublicSession(schedule, session, marks) : null;
  };
  // "Next in this room": the room's next session today, even when its next slot is empty.
  const laterToday = slots.filter((s) => s !== current && s.kind === "session" && start(s) >= after && utcToZoned(s.startsAt, tz).date === utcToZoned(nextSessionSlot?.startsAt ?? now, tz).date);
  const rooms = schedule.rooms.map((room) => {
    const slot = laterToday.find((s) => sessionIn(room.id, s) !== null) ?? null;
    return {
      id: room.id,
      name: room.name,
      now: current?.kind === "session" ? sessionIn(room.id, current) : null,
      next: sessionIn(room.id, slot),
      nextTime: slot ? wordingOf(slot, tz).time : null,
    };
  });
  const firstToday = todays.length ? Math.min(...todays.map(start)) : null;
  if (current === null && (firstToday === null || at < firstToday)) {
    const first = slots.find((s) => start(s) > at)!;
    const sameDay = utcToZoned(first.startsAt, tz).date === today;
    return {
      ...base,
      status: "before",
      startsAt: sameDay ? formatTime(first.startsAt, tz) : formatDateTime(first.startsAt, tz),
      startsToday: sameDay,
      next: summary(first),
      rooms,
    };
  }
  return { ...base, status: "during", current: current ? summary(current) : null, next: nextSlot ? summary(nextSlot) : null, rooms };
}

/** A room's door sheet: the room, then each day's slots with the session in this room (if any). */
type DoorSheet = {
  room: PublicGrid["rooms"][number];
  /** `day` is the date in the event's zone ("2026-10-25", for the address); `date` its words. */
  days: { day: string; date: string; rows: { slotId: number; time: string; kind: "session" | "break"; label: string; session: PublicSession | null }[] }[];
};

/** One room's column of the public grid, for the sheet on its door; null for a room not in it. */
export function roomDoorSheet(schedule: Schedule, grid: PublicGrid, roomId: number): DoorSheet | null {
  const index = grid.rooms.findIndex((r) => r.id === roomId);
  if (index < 0) return null;
  const startOf = new Map(schedule.slots.map((slot) => [slot.id, slot.startsAt]));
  return {
    room: grid.rooms[index],
    days: grid.days.map((day) => ({
      day: utcToZoned(startOf.get(day.rows[0].slotId) ?? "", schedule.event.timeZone).date,
      date: day.date,
      rows: day.rows.map((row) =>
        row.kind === "break"
          ? { slotId: row.slotId, time: row.time, kind: "break" as const, label: row.label, session: null }
          : { slotId: row.slotId, time: row.time, kind: "session" as const, label: row.label, session: row.cells[index] },
      ),
    })),
  };
}

/**
 * Which day a door sheet prints: the one asked for (`?day=2026-10-25`), or every day, one to a
 * sheet (`?day=all`); else today while the event is on, else its first day. Days are dates in the
 * event's zone; an unknown day is treated as not asked.
 */
export function doorSheetDay(days: string[], today: string, asked: string | null): string | "all" {
  if (asked === "all") return "all";
  if (asked && days.includes(asked)) return asked;
  return days.includes(today) ? today : (days[0] ?? "all");
}

/**
 * How much the venue display shrinks its type so every room fits one screen: full size for up
 * to 7 rooms (two lines each at 1080 px), then in proportion, down to half.
 */
export function displayScale(rooms: number): number {
  return Math.max(0.5, Math.min(1, 7 / Math.max(rooms, 1)));
}

type PublicScheduleEntry = { version: string; schedule: Schedule; grid: PublicGrid };
const publicSchedules = new Map<number, PublicScheduleEntry>();
forgetWhenDatabaseChanges(() => publicSchedules.clear());
const PUBLIC_CACHE_EVENTS = 200;

/**
 * The schedule and its public grid at this version, built once per version and shared by every
 * visitor until the version moves (400 phones reload the same grid): the version covers all
 * the grid shows, and a change made while building only makes the copy newer than its key.
 * Callers must not mutate what they get.
 */
export async function loadPublicSchedule(version: ScheduleVersion): Promise<PublicScheduleEntry | null> {
  const hit = publicSchedules.get(version.eventId);
  if (hit && hit.version === version.version) return hit;
  const schedule = await loadSchedule(version.eventId);
  if (!schedule) return null;
  const entry = { version: version.version, schedule, grid: buildPublicGrid(schedule, null) };
  publicSchedules.delete(version.eventId);
  if (publicSchedules.size >= PUBLIC_CACHE_EVENTS) publicSchedules.delete(publicSchedules.keys().next().value!);
  publicSchedules.set(version.eventId, entry);
  return entry;
}

/** The shared grid with this attendee's sessions marked (copies only the cells that change). */
export function personaliseGrid(grid: PublicGrid, marks: AttendeeMarks): PublicGrid {
  const mark = (session: PublicSession | null) => {
    if (!session) return null;
    const mine: PublicSession["mine"] = marks.hosting.has(session.id) ? "hosting" : marks.marked.has(session.id) ? "marked" : null;
    return mine === session.mine ? session : { ...session, mine };
  };
  return {
    ...grid,
    days: grid.days.map((day) => ({ ...day, rows: day.rows.map((row) => (row.kind === "session" ? { ...row, cells: row.cells.map(mark) } : row)) })),
  };
}

/** The sessions an attendee hosts (from the schedule) and marked "I'd go" (one small query). */
export async function attendeeMarks(schedule: Schedule, registrationId: number): Promise<AttendeeMarks> {
  const hosting = new Set(schedule.sessions.filter((s) => s.hosts.some((h) => h.registrationId === registrationId)).map((s) => s.pitchId));
  const marked = new Set(
    rowsOf<{ pitch_id: number }>(await query({ sql: "SELECT pitch_id FROM pitch_interest WHERE registration_id = ?", args: [registrationId] })).map((r) =>
      Number(r.pitch_id),
    ),
  );
  return { hosting, marked };
}

/* Versions and conditional requests --------------------------------------------------------- */

type ScheduleVersion = { eventId: number; timeZone: string; published: boolean; draft: boolean; version: string };

/**
 * A fingerprint of everything the public pages show, read from the event's row alone: its
 * schedule_version counter moves in the transaction of every such change (triggers of migration
 * 0023: the event, publication, pitches, hosts, "I'd go" marks, placements, rooms, slots, closed
 * cells). The row's creation and change times are hashed in too, so a counter that starts again
 * (an event deleted and made anew, a restored backup) does not give an old tag back to new content.
 * Public pages read it through auth's `requirePublicEvent(request, slug, findScheduleVersion)`,
 * which decides who sees a draft (`draft`, the event's own flag).
 */
export async function findScheduleVersion(slug: string): Promise<ScheduleVersion | null> {
  const row = firstRow<{ id: number; time_zone: string; draft: number; created_at: string; updated_at: string; grid_published_at: string | null; schedule_changed_at: string | null; schedule_version: number }>(
    await query({
      sql: "SELECT id, time_zone, draft, created_at, updated_at, grid_published_at, schedule_changed_at, schedule_version FROM events WHERE slug = ?",
      args: [slug],
    }),
  );
  if (!row) return null;
  const published = row.grid_published_at !== null;
  const source = [row.id, row.created_at, row.updated_at, row.grid_published_at ?? "unpublished", row.schedule_changed_at ?? "", row.schedule_version].join("|");
  return {
    eventId: Number(row.id),
    timeZone: row.time_zone,
    published,
    draft: Number(row.draft) === 1,
    version: createHash("sha256").update(source).digest("base64url").slice(0, 20),
  };
}

// A new build renders differently (asset names, wording), so its ETags must differ too; every
// process serving one build renders alike, so they must share them (a browser's next request
// may reach another process, or another machine behind the load balancer).
const BUILD_ID = createHash("sha256").update(readFileSync(fileURLToPath(import.meta.url))).digest("base64url").slice(0, 10);

/**
 * Caching headers for a schedule page (and the event page). Pages carry the signed-in organiser and the recognised
 * attendee (their highlights), both from cookies: a request with cookies gets an ETag that
 * includes them and is private to that browser; one without is the same for everyone.
 */
export function schedulePageCaching(request: Request, version: string, variant = ""): { etag: string; headers: Headers } {
  const cookie = request.headers.get("cookie") ?? "";
  const identity = cookie ? createHash("sha256").update(cookie).digest("base64url").slice(0, 12) : "public";
  const etag = pageEtag(version, identity, variant);
  const headers = new Headers({
    ETag: etag,
    "Cache-Control": cookie ? "private, no-cache" : "public, no-cache",
    Vary: "Cookie",
  });
  return { etag, headers };
}

const pageEtag = (version: string, identity: string, variant: string) => weakEtag(`${version}-${BUILD_ID}-${identity}${variant ? `-${variant}` : ""}`);

/**
 * For a public schedule page whose ETag is schedulePageCaching's with this `variant` and which
 * shows nothing else: lets the page cache answer it, while kept, without running its loader
 * (rememberPageCheck in platform/page-cache.ts). For a visitor without cookies its ETag is then
 * the published event's version (one read) with `variant`; a draft or a missing event has none.
 */
export function keepPublicPageCheck(request: Request, slug: string, variant = "") {
  rememberPageCheck(request, async () => {
    const version = await findScheduleVersion(slug);
    return version && !version.draft ? pageEtag(version.version, "public", variant) : null;
  });
}

/** True when the browser already holds this version (If-None-Match, weak or strong, or *). */
export function isNotModified(request: Request, etag: string): boolean {
  return ifNoneMatchHits(request.headers.get("if-none-match"), etag);
}

/** The ETag, Cache-Control and Vary a schedule loader set, for the route's `headers` export. */
export function cachingHeadersFrom(loaderHeaders: Headers): Headers {
  const headers = new Headers();
  for (const name of ["ETag", "Cache-Control", "Vary"]) {
    const value = loaderHeaders.get(name);
    if (value) headers.set(name, value);
  }
  return headers;
}

/**
 * Which part of the day `now` falls in: changes whenever a slot starts or ends and at local
 * midnight, so "now and next" can answer 304 until what it shows would change.
 */
export function dayPhase(slots: { startsAt: string; endsAt: string }[], now: Date, timeZone: string): string {
  const at = now.getTime();
  let passed = 0;
  for (const slot of slots) {
    if (Date.parse(slot.startsAt) <= at) passed++;
    if (Date.parse(slot.endsAt) <= at) passed++;
  }
  return `${utcToZoned(now, timeZone).date}.${passed}`;
}
