import { DomainError, firstRow, notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { eventRoleOf, getAttendee, getSignedInEmail } from "../auth";
import type { EventRole } from "~/domain/event-roles";
import { loadSchedule, markScheduleChanged } from "../schedule";
import { checkNotesTemplate, NOTES_MAX_LENGTH, savedByLabel, sessionNotesUrl } from "~/domain/session-notes";
import { DEFAULT_SHOW_UP_RATIO, parseShowUpRatio } from "~/domain/attendance";

/**
 * Session notes (issue 17). Each session's notes are either at the link the event's template
 * makes (a shared document elsewhere), or on its notes page here: plain text that organisers,
 * the session's hosts and any attendee with a place may edit. Every save is kept as a numbered
 * version; a save made on an old version is refused (NotesConflict) and both texts are shown,
 * so nobody's words are silently lost.
 */

/** Who is saving: a member of the event's team (an organiser or a volunteer), or an attendee (host or not) with a place. */
type NotesEditor = { kind: "organiser"; email: string; role: EventRole } | { kind: "attendee"; registrationId: number; name: string };

/** A save made on an old version: the version now, who saved it and when, and its text. */
export class NotesConflict extends DomainError {
  constructor(readonly current: { version: number; body: string; savedBy: string; savedAt: string }) {
    super("conflict", `Someone saved these notes while you were editing (${current.savedBy}). Your text was not saved: it is below, beside the notes as they are now. Copy what you need into the notes and save again.`, "body");
  }
}

/**
 * Who on this request may edit notes of the event: a signed-in organiser or volunteer of it (the
 * team, named by email, with their role), else an attendee recognised on this device with a
 * confirmed place; null for everyone else.
 */
export async function notesEditorFor(request: Request, eventId: number): Promise<NotesEditor | null> {
  const email = await getSignedInEmail(request);
  const role = email ? await eventRoleOf(email, eventId) : null;
  if (email && role) return { kind: "organiser", email, role };
  const attendee = await getAttendee(request, eventId);
  if (attendee?.status === "confirmed") return { kind: "attendee", registrationId: attendee.registrationId, name: attendee.name };
  return null;
}

type VersionRow = {
  version: number;
  body: string;
  saved_at: string;
  saved_by_organiser: string | null;
  saved_by_role: string | null;
  saved_by_registration_id: number | null;
  name: string | null;
  status: string | null;
  is_host: number;
};

const VERSION_COLUMNS = `v.version, v.body, v.saved_at, v.saved_by_organiser, v.saved_by_role, v.saved_by_registration_id, r.name, r.status,
  EXISTS (SELECT 1 FROM pitch_hosts h WHERE h.pitch_id = v.pitch_id AND h.registration_id = v.saved_by_registration_id AND h.role <> 'co-host-invited') AS is_host`;
const VERSION_FROM = "FROM session_note_versions v LEFT JOIN registrations r ON r.id = v.saved_by_registration_id";

type NotesVersion = { version: number; body: string; savedAt: string; savedBy: string };

function toVersion(row: VersionRow, viewerIsOrganiser: boolean): NotesVersion {
  const erased = row.status === "erased" || row.status === "anonymised";
  return {
    version: Number(row.version),
    body: row.body,
    savedAt: row.saved_at,
    savedBy: savedByLabel(
      { organiser: row.saved_by_organiser, volunteer: row.saved_by_role === "volunteer", attendeeName: erased ? null : row.name, isHost: !!row.is_host },
      viewerIsOrganiser,
    ),
  };
}

type NotesSession = { pitchId: number; title: string; status: string; hosts: string[] };

async function requireNotesSession(eventId: number, pitchId: number): Promise<NotesSession> {
  const row = firstRow<{ id: number; title: string; status: string }>(await query({ sql: "SELECT id, title, status FROM pitches WHERE id = ? AND event_id = ?", args: [pitchId, eventId] }));
  if (!row || row.status !== "open") throw notFound("Session");
  const hosts = rowsOf<{ name: string }>(
    await query({
      sql: "SELECT r.name FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id WHERE h.pitch_id = ? AND h.role <> 'co-host-invited' AND r.status <> 'erased' ORDER BY h.added_at",
      args: [pitchId],
    }),
  ).map((h) => h.name);
  return { pitchId: Number(row.id), title: row.title, status: row.status, hosts };
}

type SessionNotes = {
  session: NotesSession;
  /** The organisers' template link when the event keeps notes elsewhere; null for notes here. */
  externalLink: string | null;
  /**
   * With a template: the links of sessions merged into this one, whose shared documents hold
   * notes too (notes kept here are carried over by the merge itself, see merged-notes.ts).
   */
  mergedLinks: { title: string; link: string }[];
  current: NotesVersion | null;
  /** Every save, newest first (text left out: see notesVersion). */
  history: Omit<NotesVersion, "body">[];
};

/** A session's notes as they are, and the list of saves. */
export async function loadSessionNotes(event: { id: number; slug: string }, pitchId: number, viewerIsOrganiser = false): Promise<SessionNotes> {
  const session = await requireNotesSession(event.id, pitchId);
  const [settings, rows, merged] = await Promise.all([
    notesSettings(event.id),
    query({ sql: `SELECT ${VERSION_COLUMNS} ${VERSION_FROM} WHERE v.pitch_id = ? ORDER BY v.version DESC`, args: [pitchId] }),
    query({ sql: "SELECT id, title FROM pitches WHERE event_id = ? AND merged_into_id = ? AND status = 'merged' ORDER BY id", args: [event.id, pitchId] }),
  ]);
  const versions = rowsOf<VersionRow>(rows).map((r) => toVersion(r, viewerIsOrganiser));
  return {
    session,
    externalLink: settings.template ? sessionNotesUrl(settings.template, event.slug, pitchId) : null,
    mergedLinks: settings.template ? rowsOf<{ id: number; title: string }>(merged).map((m) => ({ title: m.title, link: sessionNotesUrl(settings.template, event.slug, Number(m.id)) })) : [],
    current: versions[0] ?? null,
    history: versions.map(({ body: _body, ...rest }) => rest),
  };
}

/** One saved version of a session's notes, or a 404. */
export async function notesVersion(eventId: number, pitchId: number, version: number, viewerIsOrganiser = false): Promise<NotesVersion> {
  await requireNotesSession(eventId, pitchId);
  const row = firstRow<VersionRow>(await query({ sql: `SELECT ${VERSION_COLUMNS} ${VERSION_FROM} WHERE v.pitch_id = ? AND v.version = ?`, args: [pitchId, version] }));
  if (!row) throw notFound("That version of the notes");
  return toVersion(row, viewerIsOrganiser);
}

/**
 * Saves a new version of a session's notes, made from `baseVersion` (0 for none yet). Refused
 * with NotesConflict when someone saved since; saving the same text again adds nothing.
 */
export async function saveSessionNotes(eventId: number, pitchId: number, editor: NotesEditor, baseVersion: number, body: string, now = new Date()): Promise<{ version: number; changed: boolean }> {
  const text = body.replace(/\r\n?/g, "\n");
  if (text.length > NOTES_MAX_LENGTH) throw new DomainError("invalid", `Notes must be ${NOTES_MAX_LENGTH.toLocaleString("en-GB")} characters or fewer`, "body");
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) throw new DomainError("invalid", "Notes must be plain text: remove the control characters", "body");
  return writeTransaction(async (tx) => {
    const pitch = firstRow<{ status: string }>(await tx.execute({ sql: "SELECT status FROM pitches WHERE id = ? AND event_id = ?", args: [pitchId, eventId] }));
    if (!pitch || pitch.status !== "open") throw notFound("Session");
    if (editor.kind === "attendee") {
      const reg = firstRow<{ status: string }>(await tx.execute({ sql: "SELECT status FROM registrations WHERE id = ? AND event_id = ?", args: [editor.registrationId, eventId] }));
      if (reg?.status !== "confirmed") throw new DomainError("forbidden", "Only organisers, hosts and attendees with a place can edit these notes.");
    }
    if (settingsTemplate(await tx.execute({ sql: "SELECT notes_link_template FROM events WHERE id = ?", args: [eventId] }))) {
      throw new DomainError("conflict", "This event keeps its session notes at the organisers’ link, not here.", "body");
    }
    const current = firstRow<VersionRow>(
      await tx.execute({ sql: `SELECT ${VERSION_COLUMNS} ${VERSION_FROM} WHERE v.pitch_id = ? ORDER BY v.version DESC LIMIT 1`, args: [pitchId] }),
    );
    const currentVersion = current ? Number(current.version) : 0;
    if (currentVersion !== baseVersion) {
      throw new NotesConflict({ ...toVersion(current!, editor.kind === "organiser"), version: currentVersion });
    }
    if (current && current.body === text) return { version: currentVersion, changed: false };
    await tx.execute({
      sql: "INSERT INTO session_note_versions (pitch_id, version, body, saved_by_registration_id, saved_by_organiser, saved_by_role, saved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      args: [
        pitchId,
        currentVersion + 1,
        text,
        editor.kind === "attendee" ? editor.registrationId : null,
        editor.kind === "organiser" ? editor.email.toLowerCase() : null,
        editor.kind === "organiser" ? editor.role : null,
        nowIso(now),
      ],
    });
    return { version: currentVersion + 1, changed: true };
  });
}

function settingsTemplate(result: Awaited<ReturnType<typeof query>>): string | null {
  return firstRow<{ notes_link_template: string | null }>(result)?.notes_link_template ?? null;
}

/* The event's settings: the notes link template and the default show-up ratio ------------- */

type NotesSettings = { template: string | null; defaultShowUpRatio: number };

export async function notesSettings(eventId: number): Promise<NotesSettings> {
  const row = firstRow<{ notes_link_template: string | null; default_show_up_ratio: number | null }>(
    await query({ sql: "SELECT notes_link_template, default_show_up_ratio FROM events WHERE id = ?", args: [eventId] }),
  );
  if (!row) throw notFound("Event");
  return { template: row.notes_link_template, defaultShowUpRatio: row.default_show_up_ratio === null ? DEFAULT_SHOW_UP_RATIO : Number(row.default_show_up_ratio) };
}

/**
 * Sets the notes link template (empty: notes pages in Pitchgrid). Every session's notes link
 * changes with it, in feeds and exports too, so the schedule counts as changed.
 */
export async function setNotesTemplate(eventId: number, text: string, now = new Date()): Promise<string | null> {
  const checked = checkNotesTemplate(text);
  if (!checked.ok) throw new DomainError("invalid", checked.message, "notesTemplate");
  await writeTransaction(async (tx) => {
    const before = settingsTemplate(await tx.execute({ sql: "SELECT notes_link_template FROM events WHERE id = ?", args: [eventId] }));
    if (before === checked.template) return;
    await tx.execute({ sql: "UPDATE events SET notes_link_template = ? WHERE id = ?", args: [checked.template, eventId] });
    await markScheduleChanged(tx, eventId, now);
  });
  return checked.template;
}

/** Sets the show-up ratio used until the event has head counts (a decimal or a percentage). */
export async function setDefaultShowUpRatio(eventId: number, text: string): Promise<number> {
  const ratio = parseShowUpRatio(text);
  if (ratio === null) throw new DomainError("invalid", "Enter the default show-up ratio as a percentage from 5% to 200%, like 70%", "defaultShowUpRatio");
  await writeTransaction(async (tx) => {
    await tx.execute({ sql: "UPDATE events SET default_show_up_ratio = ? WHERE id = ?", args: [ratio, eventId] });
  });
  return ratio;
}

/* The archive: every session with its notes, after the event ------------------------------ */

type ArchivedSession = { pitchId: number; title: string; hosts: string[]; when: string; roomName: string; notesLink: string; notes: string | null; savedAt: string | null };

/** Every session on the grid, in grid order, with its current notes (or its template link). */
export async function notesArchive(eventId: number, describeSlot: (startsAt: string, endsAt: string, timeZone: string) => string): Promise<{ sessions: ArchivedSession[]; external: boolean } | null> {
  const schedule = await loadSchedule(eventId);
  if (!schedule) return null;
  const rows = rowsOf<{ pitch_id: number; body: string; saved_at: string }>(
    await query({
      sql: `SELECT v.pitch_id, v.body, v.saved_at FROM session_note_versions v JOIN pitches p ON p.id = v.pitch_id
            WHERE p.event_id = ? AND v.version = (SELECT MAX(version) FROM session_note_versions w WHERE w.pitch_id = v.pitch_id)`,
      args: [eventId],
    }),
  );
  const latest = new Map(rows.map((r) => [Number(r.pitch_id), r]));
  const slots = new Map(schedule.slots.filter((s) => s.kind === "session").map((s, i) => [s.id, { slot: s, order: i }]));
  const rooms = new Map(schedule.rooms.map((r, i) => [r.id, { room: r, order: i }]));
  const placed = schedule.sessions.filter((s) => s.status === "open" && s.slotId !== null && s.roomId !== null && slots.has(s.slotId) && rooms.has(s.roomId));
  placed.sort((a, b) => slots.get(a.slotId!)!.order - slots.get(b.slotId!)!.order || rooms.get(a.roomId!)!.order - rooms.get(b.roomId!)!.order);
  const external = !!schedule.notesTemplate;
  return {
    external,
    sessions: placed.map((s) => {
      const slot = slots.get(s.slotId!)!.slot;
      const notes = external ? undefined : latest.get(s.pitchId);
      return {
        pitchId: s.pitchId,
        title: s.title,
        hosts: s.hosts.map((h) => h.name),
        when: describeSlot(slot.startsAt, slot.endsAt, schedule.event.timeZone),
        roomName: rooms.get(s.roomId!)!.room.name,
        notesLink: sessionNotesUrl(schedule.notesTemplate, schedule.event.slug, s.pitchId),
        notes: notes?.body ?? null,
        savedAt: notes?.saved_at ?? null,
      };
    }),
  };
}
