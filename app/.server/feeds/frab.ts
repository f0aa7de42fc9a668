import { createHash } from "node:crypto";
import { utcToZoned, zoneOffsetMinutes, zonedToUtc } from "~/domain/time";
import { exportResponse, feedNotFound, findFeedState, plainText, selectFeedEntries, sessionUid, sessionUrl, type FeedEntry } from "./ical";
import { env } from "../platform";
import { sessionNotesUrl } from "~/domain/session-notes";
import { FORMAT_LABELS, loadSchedule, type Schedule } from "../schedule";

/**
 * The published grid in the "frab" schedule formats that conference apps (Giggity,
 * EventFahrplan, ConfClerk) and the c3voc tools read: schedule.xml (validated against the c3voc
 * schedule.xml.xsd) and schedule.json (against the c3voc schema.json). Both hold only open
 * sessions on the published grid; before publication, the days and rooms with no sessions.
 */

/* Stable identifiers ----------------------------------------------------------------------- */

// RFC 4122 name-based UUIDs (version 5, SHA-1) in the URL namespace.
const URL_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const hash = createHash("sha1").update(Buffer.from(namespace.replace(/-/g, ""), "hex")).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A session's GUID: derived from its calendar UID, so it never changes while the session lives. */
export function sessionGuid(pitchId: number, publicUrl = env().PUBLIC_URL): string {
  return uuidV5(`acct:${sessionUid(pitchId, publicUrl)}`);
}

export function roomGuid(roomId: number, publicUrl = env().PUBLIC_URL): string {
  return uuidV5(`acct:room-${roomId}@${new URL(publicUrl).hostname}`);
}

function personGuid(registrationId: number, publicUrl: string): string {
  return uuidV5(`acct:registration-${registrationId}@${new URL(publicUrl).hostname}`);
}

/* A neutral model of the export ------------------------------------------------------------ */

/** "2026-10-25T10:15:00+00:00": the event zone's wall time with its offset at that instant. */
export function zonedIso(instant: string, timeZone: string): string {
  const { date, time } = utcToZoned(instant, timeZone);
  const offset = zoneOffsetMinutes(timeZone, new Date(instant));
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `${date}T${time}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

function hoursMinutes(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** frab acronyms and slugs: lower-case letters, digits and underscores (both schemas agree on those). */
function acronymOf(slug: string): string {
  const acronym = slug.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  return acronym.padEnd(4, "_");
}

function slugOf(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "session";
}

type ExportSession = {
  guid: string;
  id: number;
  title: string;
  abstract: string;
  type: string;
  /** The format's label ("Show and tell"): frab readers group and colour sessions by track. */
  track: string;
  room: string;
  date: string;
  end: string;
  start: string;
  duration: string;
  slug: string;
  url: string;
  // Readers such as ConfClerk key speakers by the integer id and drop persons without one.
  persons: { id: number; name: string; guid: string }[];
  links: { url: string; title: string }[];
};

type ExportDay = { index: number; date: string; start: string; end: string; rooms: { name: string; guid: string; sessions: ExportSession[] }[] };

type ExportModel = {
  title: string;
  acronym: string;
  description: string;
  timeZone: string;
  /** The event's first and last dates ("2027-02-13"): readers such as ConfClerk take them as plain dates. */
  start: string;
  end: string;
  timeslotDuration: string;
  url: string;
  baseUrl: string;
  rooms: { name: string; guid: string; capacity: number }[];
  days: ExportDay[];
  version: string;
};

function datesBetween(first: string, last: string): string[] {
  const dates: string[] = [];
  for (let day = Date.parse(`${first}T00:00:00Z`); day <= Date.parse(`${last}T00:00:00Z`); day += 86400_000) {
    dates.push(new Date(day).toISOString().slice(0, 10));
  }
  return dates;
}

/** The export's content, shared by the XML and JSON writers. */
export function exportModel(schedule: Schedule, now: Date, publicUrl = env().PUBLIC_URL): ExportModel {
  const { event } = schedule;
  const tz = event.timeZone;
  const entries: FeedEntry[] = selectFeedEntries(schedule, new Map(), {}, now);
  const dateOf = (instant: string) => utcToZoned(instant, tz).date;

  // Every date from the event's first to its last, widened to any slot outside that range.
  const slotDates = schedule.slots.map((s) => dateOf(s.startsAt));
  const allDates = [dateOf(event.startsAt), dateOf(event.endsAt), ...slotDates].sort();
  const dates = datesBetween(allDates[0], allDates[allDates.length - 1]);

  const rooms = schedule.rooms.map((r) => ({ name: plainText(r.name), guid: roomGuid(r.id, publicUrl), capacity: r.capacity, id: r.id }));
  const days: ExportDay[] = dates.map((date, i) => {
    const instants = schedule.slots.filter((s) => dateOf(s.startsAt) === date);
    const starts = [...instants.map((s) => s.startsAt), ...(dateOf(event.startsAt) === date ? [event.startsAt] : [])].sort();
    const ends = [...instants.map((s) => s.endsAt), ...(dateOf(event.endsAt) === date ? [event.endsAt] : [])].sort();
    const dayStart = starts[0] ?? zonedToUtc(date, "00:00", tz).toISOString();
    const dayEnd = ends[ends.length - 1] ?? zonedToUtc(date, "23:59", tz).toISOString();
    return {
      index: i + 1,
      date,
      start: zonedIso(dayStart, tz),
      end: zonedIso(dayEnd, tz),
      rooms: rooms.map((room) => ({
        name: room.name,
        guid: room.guid,
        sessions: entries
          .filter((e) => e.room?.id === room.id && dateOf(e.slot.startsAt) === date)
          .map(({ session, slot }) => ({
            guid: sessionGuid(session.pitchId, publicUrl),
            id: session.pitchId,
            title: plainText(session.title),
            abstract: plainText(session.description),
            type: session.format,
            track: FORMAT_LABELS[session.format],
            room: room.name,
            date: zonedIso(slot.startsAt, tz),
            end: zonedIso(slot.endsAt, tz),
            start: utcToZoned(slot.startsAt, tz).time,
            duration: hoursMinutes(Date.parse(slot.endsAt) - Date.parse(slot.startsAt)),
            slug: `${acronymOf(event.slug)}-${session.pitchId}-${slugOf(session.title)}`,
            url: sessionUrl(event.slug, session.pitchId, publicUrl),
            persons: session.hosts.map((h) => ({ id: h.registrationId, name: plainText(h.name), guid: personGuid(h.registrationId, publicUrl) })),
            links: [
              { url: sessionUrl(event.slug, session.pitchId, publicUrl), title: "Session page" },
              { url: sessionNotesUrl(schedule.notesTemplate, event.slug, session.pitchId, publicUrl), title: "Session notes" },
            ],
          })),
      })),
    };
  });

  // The most common session length is the grid's unit.
  const lengths = new Map<number, number>();
  for (const slot of schedule.slots.filter((s) => s.kind === "session")) {
    const length = Date.parse(slot.endsAt) - Date.parse(slot.startsAt);
    lengths.set(length, (lengths.get(length) ?? 0) + 1);
  }
  const unit = [...lengths].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 3600_000;

  const model = {
    title: plainText(event.name),
    acronym: acronymOf(event.slug),
    description: plainText(event.summary),
    timeZone: tz,
    start: dateOf(event.startsAt),
    end: dateOf(event.endsAt),
    timeslotDuration: hoursMinutes(unit),
    url: `${publicUrl}/events/${event.slug}/schedule`,
    baseUrl: `${publicUrl}/events/${event.slug}/`,
    rooms: rooms.map(({ name, guid, capacity }) => ({ name, guid, capacity })),
    days,
  };
  // Apps compare versions to notice a new schedule: a digest of the content changes with it.
  const version = createHash("sha256").update(JSON.stringify(model)).digest("hex").slice(0, 12);
  return { ...model, version };
}

/* JSON ------------------------------------------------------------------------------------- */

export function buildFrabJson(model: ExportModel): string {
  const body = {
    $schema: "https://c3voc.de/schedule/schema.json",
    generator: { name: "Pitchgrid", version: "1" },
    schedule: {
      version: model.version,
      base_url: model.baseUrl,
      conference: {
        acronym: model.acronym,
        title: model.title,
        ...(model.description ? { description: model.description } : {}),
        start: model.start,
        end: model.end,
        daysCount: model.days.length,
        timeslot_duration: model.timeslotDuration,
        time_zone_name: model.timeZone,
        url: model.url,
        rooms: model.rooms.map((r) => ({ name: r.name, guid: r.guid, capacity: r.capacity })),
        days: model.days.map((day) => {
          const rooms: Record<string, unknown[]> = {};
          for (const room of day.rooms) {
            // Two rooms with one name share an entry: frab keys a day's rooms by name.
            const list = (rooms[room.name] ??= []);
            for (const s of room.sessions) {
              list.push({
                guid: s.guid,
                id: s.id,
                date: s.date,
                start: s.start,
                end: s.end,
                duration: s.duration,
                room: s.room,
                slug: s.slug,
                url: s.url,
                title: s.title,
                subtitle: "",
                track: s.track,
                type: s.type,
                language: "en",
                abstract: s.abstract,
                description: "",
                persons: s.persons.map((p) => ({ id: p.id, name: p.name, guid: p.guid })),
                links: s.links.map((link) => ({ url: link.url, title: link.title, type: "web" })),
                attachments: [],
              });
            }
          }
          return { index: day.index, date: day.date, day_start: day.start, day_end: day.end, rooms };
        }),
      },
    },
  };
  return JSON.stringify(body, null, 2);
}

/* XML -------------------------------------------------------------------------------------- */

function xmlText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function xmlAttr(value: string | number): string {
  return xmlText(String(value)).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

function element(name: string, value: string | number, indent: string): string {
  return `${indent}<${name}>${xmlText(String(value))}</${name}>`;
}

export function buildFrabXml(model: ExportModel): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<schedule>",
    '  <generator name="Pitchgrid" version="1"/>',
    element("url", model.url.replace(/\/schedule$/, "/schedule.xml"), "  "),
    element("version", model.version, "  "),
    "  <conference>",
    element("acronym", model.acronym, "    "),
    element("title", model.title, "    "),
    element("start", model.start, "    "),
    element("end", model.end, "    "),
    element("days", model.days.length, "    "),
    element("timeslot_duration", model.timeslotDuration, "    "),
    element("base_url", model.baseUrl, "    "),
    element("url", model.url, "    "),
    element("time_zone_name", model.timeZone, "    "),
    "  </conference>",
  ];
  for (const day of model.days) {
    lines.push(`  <day index="${day.index}" date="${day.date}" start="${xmlAttr(day.start)}" end="${xmlAttr(day.end)}">`);
    for (const room of day.rooms) {
      lines.push(`    <room name="${xmlAttr(room.name)}" guid="${room.guid}">`);
      for (const s of room.sessions) {
        const i = "        ";
        lines.push(
          `      <event guid="${s.guid}" id="${s.id}">`,
          element("room", s.room, i),
          element("title", s.title, i),
          element("subtitle", "", i),
          element("type", s.type, i),
          element("date", s.date, i),
          element("start", s.start, i),
          element("duration", s.duration, i),
          element("abstract", s.abstract, i),
          element("slug", s.slug, i),
          element("track", s.track, i),
          element("language", "en", i),
          element("description", "", i),
          `${i}<persons>`,
          ...s.persons.map((p) => `${i}  <person id="${p.id}" guid="${p.guid}">${xmlText(p.name)}</person>`),
          `${i}</persons>`,
          `${i}<links>`,
          ...s.links.map((link) => `${i}  <link href="${xmlAttr(link.url)}">${xmlText(link.title)}</link>`),
          `${i}</links>`,
          element("url", s.url, i),
          "      </event>",
        );
      }
      lines.push("    </room>");
    }
    lines.push("  </day>");
  }
  lines.push("</schedule>", "");
  return lines.join("\n");
}

/* Responses -------------------------------------------------------------------------------- */

async function frabResponse(request: Request, slug: string | undefined, format: "xml" | "json", now: Date): Promise<Response> {
  const state = (slug ? await findFeedState({ slug }) : null) ?? feedNotFound("Event not found");
  return exportResponse(request, {
    state,
    variant: `frab-${format}`,
    contentType: format === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8",
    filename: `${state.slug}-schedule.${format}`,
    personal: false,
    now,
    build: async (asOf) => {
      const schedule = (await loadSchedule(state.eventId)) ?? feedNotFound("Event not found");
      const model = exportModel(schedule, asOf);
      return format === "xml" ? buildFrabXml(model) : buildFrabJson(model);
    },
  });
}

export function frabXmlResponse(request: Request, slug: string | undefined, now = new Date()) {
  return frabResponse(request, slug, "xml", now);
}

export function frabJsonResponse(request: Request, slug: string | undefined, now = new Date()) {
  return frabResponse(request, slug, "json", now);
}
