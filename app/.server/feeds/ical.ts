// Over 400 lines on purpose: the three feeds (event, room, person) share one builder, one
// caching and conditional-request path and one entry selection; apart they would repeat them.
import { createHash } from "node:crypto";
import { DomainError, env, firstRow, hashToken, ifNoneMatchHits, looksLikeToken, newToken, query, rowsOf, weakEtag, withSecurityHeaders, writeTransaction } from "../platform";
import { finishIcs, ICAL_ZONES, icalEventTimes, vtimezone } from "./ical-zones";
import ical, { ICalEventStatus } from "ical-generator";
import { sessionNotesUrl } from "~/domain/session-notes";
import { FORMAT_LABELS, loadSchedule, type Schedule, type ScheduledSession, type ScheduleRoom, type ScheduleSlot } from "../schedule";

/**
 * iCalendar feeds of an event's published grid (RFC 5545): the whole event, one room, or one
 * attendee's sessions (hosting or marked "I'd go") at a secret URL. Subscribers poll them, so
 * each response carries an ETag and Last-Modified worked out from a few indexed columns, and a
 * conditional request is answered 304 without loading the schedule or building the feed.
 */

/** How often calendar apps are asked to poll (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
const FEED_REFRESH_MINUTES = 15;
/** How long a session that left the published grid stays in feeds as cancelled. */
const CANCELLED_VISIBLE_DAYS = 14;
// Part of every ETag: a release that changes what feeds contain must change their ETags too.
const FEED_FORMAT = "2"; // 2: notes links in DESCRIPTION and frab <links> (issue 17)

/** Feed and export bodies built since the process started (the 304 path must never build one). */
export const feedStats = { built: 0 };

/* Text ------------------------------------------------------------------------------------- */

// C0 and C1 control characters other than tab and line feed, which RFC 5545 TEXT and XML 1.0
// cannot carry, and bidirectional embedding, override and isolate characters, which can make
// a title display as something other than what it says.
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as exports carry it: line endings as \n, unsafe characters and lone surrogates removed. */
export function plainText(value: string): string {
  return value.replace(/\r\n?/g, "\n").replace(UNSAFE_CHARACTERS, "").replace(LONE_SURROGATES, "");
}

/** RFC 5545 TEXT escaping, for the calendar-level properties ical-generator writes unescaped. */
function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, "\\n");
}

/* Which sessions a feed holds (pure) ------------------------------------------------------- */

/** Where a session last was while the grid was published (kept by triggers in 0005_calendar.sql). */
export type LastPlacement = { roomId: number; slotId: number };

export type FeedEntry = {
  session: ScheduledSession;
  room: ScheduleRoom | null;
  slot: ScheduleSlot;
  cancelled: boolean;
};

type FeedFilter = { roomId?: number; pitchIds?: ReadonlySet<number> };

/**
 * The sessions a feed shows: nothing before the grid is first published; every open session placed in
 * a session slot of an existing room; and, as cancelled, every session that was on the
 * published grid but is no longer (unscheduled, withdrawn or merged) and changed within the
 * last CANCELLED_VISIBLE_DAYS, at the time and room it last had. While a grid that was
 * published is unpublished, every session it had is shown cancelled rather than dropped, so
 * subscribed calendars say so instead of silently losing the day.
 */
export function selectFeedEntries(schedule: Schedule, lastPlacements: ReadonlyMap<number, LastPlacement>, filter: FeedFilter, now: Date): FeedEntry[] {
  const published = schedule.publishedAt !== null;
  const rooms = new Map(schedule.rooms.map((r) => [r.id, r]));
  const slots = new Map(schedule.slots.map((s) => [s.id, s]));
  const cutoff = now.getTime() - CANCELLED_VISIBLE_DAYS * 86400_000;
  const entries: FeedEntry[] = [];
  for (const session of schedule.sessions) {
    if (filter.pitchIds && !filter.pitchIds.has(session.pitchId)) continue;
    const room = session.roomId === null ? undefined : rooms.get(session.roomId);
    const slot = session.slotId === null ? undefined : slots.get(session.slotId);
    let entry: FeedEntry | null = null;
    if (published && session.status === "open" && room && slot?.kind === "session") {
      entry = { session, room, slot, cancelled: false };
    } else {
      const last = lastPlacements.get(session.pitchId);
      const lastSlot = last ? slots.get(last.slotId) : undefined;
      if (last && lastSlot && Date.parse(session.updatedAt) >= cutoff) {
        entry = { session, room: rooms.get(last.roomId) ?? null, slot: lastSlot, cancelled: true };
      }
    }
    if (!entry) continue;
    if (filter.roomId !== undefined && entry.room?.id !== filter.roomId) continue;
    entries.push(entry);
  }
  const position = (room: ScheduleRoom | null) => (room ? room.position * 1e6 + room.id : Number.MAX_SAFE_INTEGER);
  return entries.sort((a, b) => a.slot.startsAt.localeCompare(b.slot.startsAt) || position(a.room) - position(b.room));
}

/**
 * SEQUENCE for a VEVENT. pitches.sequence rises on every change of title, time or room,
 * including unscheduling and placing again; a cancellation must outrank the version it cancels
 * and be outranked by the next placement, so the feed counts in twos: live 2n, cancelled 2n+1.
 */
export function feedSequence(pitchSequence: number, cancelled: boolean): number {
  return pitchSequence * 2 + (cancelled ? 1 : 0);
}

export function sessionUid(pitchId: number, publicUrl = env().PUBLIC_URL): string {
  return `pitch-${pitchId}@${new URL(publicUrl).hostname}`;
}

export function sessionUrl(slug: string, pitchId: number, publicUrl = env().PUBLIC_URL): string {
  return `${publicUrl}/events/${slug}/sessions/${pitchId}`;
}

/* Building a feed (pure) ------------------------------------------------------------------- */


type CalendarMeta = { name: string; description: string };

export function buildCalendar(schedule: Schedule, entries: FeedEntry[], meta: CalendarMeta, publicUrl = env().PUBLIC_URL): string {
  const { event } = schedule;
  const host = new URL(publicUrl).hostname;
  const calendar = ical({
    prodId: { company: host, product: "Pitchgrid", language: "EN" },
    name: escapeText(plainText(meta.name)),
    description: escapeText(plainText(meta.description)),
    url: `${publicUrl}/events/${event.slug}/schedule`,
    ttl: FEED_REFRESH_MINUTES * 60,
    timezone: ICAL_ZONES,
  });
  if (vtimezone(event.timeZone)) calendar.x("X-WR-TIMEZONE", event.timeZone);
  const venue = plainText(event.venue).trim();
  for (const { session, room, slot, cancelled } of entries) {
    const url = sessionUrl(event.slug, session.pitchId, publicUrl);
    const hosts = session.hosts.map((h) => plainText(h.name));
    const description = [
      cancelled ? "This session is no longer on the grid." : "",
      plainText(session.description).trim(),
      hosts.length ? `Hosted by ${hosts.join(", ")}` : "",
      `Format: ${FORMAT_LABELS[session.format]}`,
      url,
      // The notes link (issue 17); URL stays the session page.
      cancelled ? "" : `Notes: ${sessionNotesUrl(schedule.notesTemplate, event.slug, session.pitchId, publicUrl)}`,
    ].filter(Boolean);
    const changed = new Date(session.updatedAt);
    calendar.createEvent({
      id: sessionUid(session.pitchId, publicUrl),
      sequence: feedSequence(session.sequence, cancelled),
      // A published feed has no METHOD, so DTSTAMP is when the entry last changed (RFC 5545
      // 3.8.7.2): the same data gives the same bytes, which keeps ETags honest.
      stamp: changed,
      lastModified: changed,
      created: new Date(session.createdAt),
      ...icalEventTimes(slot.startsAt, slot.endsAt, event.timeZone),
      // The title alone: STATUS:CANCELLED says the rest, and clients add their own "Cancelled:".
      summary: plainText(session.title),
      description: description.join("\n\n"),
      location: [room ? plainText(room.name) : "", venue].filter(Boolean).join(", ") || null,
      url,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return finishIcs(calendar.toString());
}

/* Versions without building: ETag and Last-Modified ---------------------------------------- */

type FeedState = {
  eventId: number;
  slug: string;
  name: string;
  published: boolean;
  /** Everything the feed's content depends on, hashed into the ETag. */
  fingerprint: string;
  lastModified: Date;
};

type StateRow = {
  id: number;
  slug: string;
  name: string;
  updated_at: string;
  grid_published_at: string | null;
  schedule_changed_at: string | null;
  pitch_count: number;
  pitch_changed_at: string | null;
};

/**
 * One indexed query for what a feed depends on: the event's own details, publication, the
 * schedule's change time (bumped by every grid, room and slot change) and the newest pitch
 * change (titles, descriptions, hosts, withdrawals).
 */
/** By slug (the public feeds and exports), a draft event has none; by id (its own pages), it does. */
export async function findFeedState(where: { slug: string } | { eventId: number }): Promise<FeedState | null> {
  const row = firstRow<StateRow>(
    await query({
      sql: `SELECT e.id, e.slug, e.name, e.updated_at, e.grid_published_at, e.schedule_changed_at,
                   (SELECT COUNT(*) FROM pitches p WHERE p.event_id = e.id) AS pitch_count,
                   (SELECT MAX(p.updated_at) FROM pitches p WHERE p.event_id = e.id) AS pitch_changed_at
            FROM events e WHERE ${"slug" in where ? "e.slug = ? AND e.draft = 0" : "e.id = ?"}`,
      args: ["slug" in where ? where.slug : where.eventId],
    }),
  );
  if (!row) return null;
  const times = [row.updated_at, row.grid_published_at, row.schedule_changed_at, row.pitch_changed_at];
  return {
    eventId: Number(row.id),
    slug: row.slug,
    name: row.name,
    published: row.grid_published_at !== null,
    fingerprint: [row.id, ...times.map((t) => t ?? "-"), row.pitch_count].join("|"),
    lastModified: latest(times),
  };
}

function latest(times: (string | null)[]): Date {
  return new Date(Math.max(0, ...times.filter((t): t is string => !!t).map((t) => Date.parse(t))));
}

function httpDate(date: Date): string {
  return new Date(Math.floor(date.getTime() / 1000) * 1000).toUTCString();
}

/**
 * True when the subscriber already holds this version. If-None-Match wins when present (RFC
 * 9110 13.2.2); otherwise If-Modified-Since, at HTTP-date (whole second) precision.
 */
export function isFeedNotModified(request: Request, etag: string, lastModified: Date): boolean {
  const tags = request.headers.get("if-none-match");
  if (tags !== null) return ifNoneMatchHits(tags, etag);
  const since = Date.parse(request.headers.get("if-modified-since") ?? "");
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

type ExportResponseOptions = {
  state: FeedState;
  contentType: string;
  /** The feed's scope and anything beyond the event's state it depends on. */
  variant: string;
  /** Later change times the variant depends on (e.g. a person's marks). */
  alsoModifiedAt?: (string | null)[];
  filename: string;
  personal: boolean;
  now: Date;
  /** Builds the body as of `asOf` (the start of the current UTC day, part of the ETag). */
  build: (asOf: Date) => Promise<string>;
};

// Bodies by ETag. The ETag hashes everything a body is built from, so while it is current the
// body is too: every poll after a change but the first is served from here. Promises, so a
// burst of requests after a change builds once. Bounded; the oldest entry goes first.
const bodiesByEtag = new Map<string, Promise<string>>();
const MAX_CACHED_BODIES = 100;

function cachedBody(etag: string, build: () => Promise<string>): Promise<string> {
  let body = bodiesByEtag.get(etag);
  if (!body) {
    if (bodiesByEtag.size >= MAX_CACHED_BODIES) bodiesByEtag.delete(bodiesByEtag.keys().next().value!);
    feedStats.built++;
    body = build();
    bodiesByEtag.set(etag, body);
    body.catch(() => bodiesByEtag.delete(etag));
  }
  return body;
}

/**
 * A feed or export of the schedule with an ETag and Last-Modified from its state, answering a
 * conditional request with 304 before anything is loaded or built.
 */
export async function exportResponse(request: Request, options: ExportResponseOptions): Promise<Response> {
  const { state, now } = options;
  // Cancelled sessions drop out of feeds with time alone, so the day is part of the version
  // and bodies are built as of the day's start: the same ETag always means the same bytes.
  const day = Math.floor(now.getTime() / 86400_000);
  const asOf = new Date(day * 86400_000);
  const etag = weakEtag(createHash("sha256").update([FEED_FORMAT, env().PUBLIC_URL, options.variant, state.fingerprint, day].join("#")).digest("base64url").slice(0, 27));
  const lastModified = latest([state.lastModified.toISOString(), ...(options.alsoModifiedAt ?? [])]);
  const headers = withSecurityHeaders({
    ETag: etag,
    "Last-Modified": httpDate(lastModified),
    "Cache-Control": options.personal ? "private, no-cache" : "public, no-cache",
    // Calendars and schedule apps in the browser fetch these from other sites. A personal feed's
    // secret is its URL, which a page must already know to ask for it.
    "Access-Control-Allow-Origin": "*",
  });
  if (options.personal) headers.set("X-Robots-Tag", "noindex");
  if (isFeedNotModified(request, etag, lastModified)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", options.contentType);
  headers.set("Content-Disposition", `inline; filename="${options.filename}"`);
  return new Response(request.method === "HEAD" ? null : await cachedBody(etag, () => options.build(asOf)), { status: 200, headers });
}

const CALENDAR_TYPE = "text/calendar; charset=utf-8";

/** A feed or export that does not exist: the route's withErrorPage answers it with a plain 404. */
export function feedNotFound(message: string): never {
  throw new DomainError("not-found", message);
}

async function requireSchedule(eventId: number): Promise<Schedule> {
  return (await loadSchedule(eventId)) ?? feedNotFound("Event not found");
}

async function loadLastPlacements(eventId: number): Promise<Map<number, LastPlacement>> {
  const rows = rowsOf<{ pitch_id: number; room_id: number; slot_id: number }>(
    await query({ sql: "SELECT pitch_id, room_id, slot_id FROM published_placements WHERE event_id = ?", args: [eventId] }),
  );
  return new Map(rows.map((r) => [Number(r.pitch_id), { roomId: Number(r.room_id), slotId: Number(r.slot_id) }]));
}

async function buildFeed(eventId: number, filter: FeedFilter | ((schedule: Schedule) => Promise<FeedFilter>), meta: (schedule: Schedule) => CalendarMeta, asOf: Date) {
  const [schedule, last] = await Promise.all([requireSchedule(eventId), loadLastPlacements(eventId)]);
  const resolved = typeof filter === "function" ? await filter(schedule) : filter;
  return buildCalendar(schedule, selectFeedEntries(schedule, last, resolved, asOf), meta(schedule));
}

function eventDescription(schedule: Schedule, what: string): string {
  const venue = schedule.event.venue ? ` at ${schedule.event.venue}` : "";
  return `${what} of ${schedule.event.name}${venue}. Sessions move during the day: this calendar follows the published grid.`;
}

/* The three feeds -------------------------------------------------------------------------- */

export async function eventFeedResponse(request: Request, slug: string | undefined, now = new Date()): Promise<Response> {
  const state = (slug ? await findFeedState({ slug }) : null) ?? feedNotFound("Event not found");
  return exportResponse(request, {
    state,
    contentType: CALENDAR_TYPE,
    variant: "event",
    filename: `${state.slug}.ics`,
    personal: false,
    now,
    build: (asOf) => buildFeed(state.eventId, {}, (s) => ({ name: s.event.name, description: eventDescription(s, "Every session") }), asOf),
  });
}

export async function roomFeedResponse(request: Request, slug: string | undefined, roomIdParam: string | undefined, now = new Date()): Promise<Response> {
  const state = (slug ? await findFeedState({ slug }) : null) ?? feedNotFound("Event not found");
  const roomId = /^\d{1,9}$/.test(roomIdParam ?? "") ? Number(roomIdParam) : null;
  const room =
    roomId === null
      ? undefined
      : firstRow<{ id: number; name: string }>(await query({ sql: "SELECT id, name FROM rooms WHERE id = ? AND event_id = ?", args: [roomId, state.eventId] }));
  if (!room) feedNotFound("Room not found");
  return exportResponse(request, {
    state,
    contentType: CALENDAR_TYPE,
    variant: `room:${room.id}:${room.name}`,
    filename: `${state.slug}-room-${room.id}.ics`,
    personal: false,
    now,
    build: (asOf) =>
      buildFeed(state.eventId, { roomId: Number(room.id) }, (s) => ({ name: `${s.event.name}: ${room.name}`, description: eventDescription(s, `Sessions in ${room.name}`) }), asOf),
  });
}

type PersonalFeedRow = {
  registration_id: number;
  event_id: number;
  marks: string;
  marked_at: string | null;
  hosting: string;
  hosting_at: string | null;
};

/**
 * The personal feed behind /feeds/<token>.ics: a 404 for a malformed, unknown or reset token,
 * or one whose registration was erased, with no hint of which.
 */
export async function personalFeedResponse(request: Request, tokenParam: string | undefined, now = new Date()): Promise<Response> {
  const token = tokenParam?.endsWith(".ics") ? tokenParam.slice(0, -4) : null;
  if (!looksLikeToken(token)) feedNotFound("Calendar feed not found");
  const feed = firstRow<PersonalFeedRow>(
    await query({
      sql: `SELECT f.registration_id, r.event_id,
                   (SELECT COUNT(*) FROM pitch_interest i WHERE i.registration_id = r.id) AS marks,
                   (SELECT MAX(i.marked_at) FROM pitch_interest i WHERE i.registration_id = r.id) AS marked_at,
                   (SELECT COUNT(*) FROM pitch_hosts h WHERE h.registration_id = r.id) AS hosting,
                   (SELECT MAX(h.added_at) FROM pitch_hosts h WHERE h.registration_id = r.id) AS hosting_at
            FROM calendar_feeds f JOIN registrations r ON r.id = f.registration_id
            WHERE f.token_hash = ? AND r.status <> 'erased'`,
      args: [hashToken(token)],
    }),
  );
  if (!feed) feedNotFound("Calendar feed not found");
  const state = (await findFeedState({ eventId: Number(feed.event_id) })) ?? feedNotFound("Calendar feed not found");
  const registrationId = Number(feed.registration_id);
  return exportResponse(request, {
    state,
    contentType: CALENDAR_TYPE,
    variant: `person:${registrationId}:${feed.marks}:${feed.marked_at}:${feed.hosting}:${feed.hosting_at}`,
    alsoModifiedAt: [feed.marked_at, feed.hosting_at],
    filename: `${state.slug}-my-sessions.ics`,
    personal: true,
    now,
    build: (asOf) =>
      buildFeed(
        state.eventId,
        async (schedule) => ({ pitchIds: await personalPitchIds(schedule, registrationId) }),
        (s) => ({ name: `${s.event.name}: my sessions`, description: eventDescription(s, "The sessions you host or marked “I’d go”") }),
        asOf,
      ),
  });
}

/** The sessions a person hosts (any host role but a pending invitation) or marked "I'd go". */
async function personalPitchIds(schedule: Schedule, registrationId: number): Promise<Set<number>> {
  const ids = new Set(schedule.sessions.filter((s) => s.hosts.some((h) => h.registrationId === registrationId)).map((s) => s.pitchId));
  const marked = rowsOf<{ pitch_id: number }>(await query({ sql: "SELECT pitch_id FROM pitch_interest WHERE registration_id = ?", args: [registrationId] }));
  for (const row of marked) ids.add(Number(row.pitch_id));
  return ids;
}

/* Personal feed links ---------------------------------------------------------------------- */

export function personalFeedPath(token: string): string {
  return `/feeds/${token}.ics`;
}

/**
 * Whether the attendee has a personal feed link. The link itself cannot be shown again: only
 * its SHA-256 is stored, so it is shown once, when it is made, and can be replaced.
 */
export async function hasPersonalFeed(registrationId: number): Promise<boolean> {
  const row = firstRow<{ n: number }>(await query({ sql: "SELECT COUNT(*) AS n FROM calendar_feeds WHERE registration_id = ?", args: [registrationId] }));
  return Number(row?.n ?? 0) > 0;
}

/** Creates the attendee's personal feed link, or replaces it: the previous URL stops working. */
export async function resetPersonalFeed(registrationId: number, now = new Date()): Promise<string> {
  const token = newToken();
  await writeTransaction(async (tx) => {
    await tx.execute({
      sql: `INSERT INTO calendar_feeds (registration_id, token_hash, created_at) VALUES (?, ?, ?)
            ON CONFLICT (registration_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at`,
      args: [registrationId, hashToken(token), now.toISOString()],
    });
  });
  return token;
}

/* Subscribe links -------------------------------------------------------------------------- */

export type SubscribeLinks = { https: string; webcal: string; google: string; outlook: string };

/** Links that subscribe a calendar app to a feed (never a one-off import, which would not update). */
export function subscribeLinks(path: string, name: string, publicUrl = env().PUBLIC_URL): SubscribeLinks {
  const https = `${publicUrl}${path}`;
  const webcal = https.replace(/^https?:/, "webcal:");
  return {
    https,
    webcal,
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    outlook: `https://outlook.live.com/calendar/0/addfromweb?url=${encodeURIComponent(https)}&name=${encodeURIComponent(name)}`,
  };
}
