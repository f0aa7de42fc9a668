import { randomBytes } from "node:crypto";
import { readdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import type { Transaction } from "@libsql/client";
import { env, firstRow, nowIso, query, rowsOf, writeTransaction } from "../platform";
import type { LawfulBasis } from "~/domain/privacy-notice";
import { keepOrganisationTurnout } from "./turnout";

/**
 * Privacy: what erasing a person reaches, and the per-event retention job (needs erased a set
 * time after the event, everything else that identifies a person anonymised later, counts kept).
 */
type Executor = Pick<Transaction, "execute">;

type PrivacySettings = {
  controllerName: string;
  privacyContact: string;
  lawfulBasis: LawfulBasis;
  needsRetentionDays: number;
  personalRetentionDays: number;
  needsErasedAt: string | null;
  personalAnonymisedAt: string | null;
};

type RetentionEvent = { id: number; name: string; endsAt: string } & PrivacySettings;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When each retention step is due for an event (pure: no database). */
export function retentionDates(event: { endsAt: string; needsRetentionDays: number; personalRetentionDays: number }) {
  const end = Date.parse(event.endsAt);
  return {
    needsDueAt: new Date(end + event.needsRetentionDays * DAY_MS).toISOString(),
    personalDueAt: new Date(end + event.personalRetentionDays * DAY_MS).toISOString(),
  };
}

type SettingsRow = {
  id: number;
  name: string;
  ends_at: string;
  controller_name: string;
  privacy_contact: string;
  lawful_basis: LawfulBasis;
  needs_retention_days: number;
  personal_retention_days: number;
  needs_erased_at: string | null;
  personal_anonymised_at: string | null;
};

const SETTINGS_COLUMNS =
  "id, name, ends_at, controller_name, privacy_contact, lawful_basis, needs_retention_days, personal_retention_days, needs_erased_at, personal_anonymised_at";

function toRetentionEvent(row: SettingsRow): RetentionEvent {
  return {
    id: Number(row.id),
    name: row.name,
    endsAt: row.ends_at,
    controllerName: row.controller_name,
    privacyContact: row.privacy_contact,
    lawfulBasis: row.lawful_basis,
    needsRetentionDays: Number(row.needs_retention_days),
    personalRetentionDays: Number(row.personal_retention_days),
    needsErasedAt: row.needs_erased_at,
    personalAnonymisedAt: row.personal_anonymised_at,
  };
}

export async function findPrivacySettings(eventId: number): Promise<RetentionEvent | null> {
  const row = firstRow<SettingsRow>(await query({ sql: `SELECT ${SETTINGS_COLUMNS} FROM events WHERE id = ?`, args: [eventId] }));
  return row ? toRetentionEvent(row) : null;
}

/** Saves an event's privacy settings (in the caller's transaction when one is given). */
/** The site's address for privacy questions when an event names none. */
export function siteContactAddress() {
  const from = env().MAIL_FROM;
  return from.match(/<([^>]+)>/)?.[1] ?? from;
}

// ---------------------------------------------------------------------------------------------
// Erasing a person's traces

type Person = { id: number; email: string; name: string };

/** Text that identifies the person in other people's emails and in outbox files. */
function needlesFor(person: Pick<Person, "email" | "name">): string[] {
  const needles = [person.email.trim().toLowerCase()];
  // A name of one or two letters would match unrelated text; longer names are searched whole.
  if (person.name.trim().length >= 3) needles.push(person.name.trim().toLowerCase());
  return needles.filter(Boolean);
}

/**
 * Removes what links a person to anything outside their registration row, in the caller's
 * transaction: private links and the calendar feed, answers, hosting (a pitch left without
 * hosts stays, shown as "Host removed", when it is on the grid; an unplaced one is withdrawn
 * when `withdrawOrphanPitches`), "I'd go" marks (unless kept for counts), and emails: unsent ones
 * to or about them are deleted, sent ones lose the address (their bodies were cleared on sending).
 * The caller blanks the registration row itself.
 */
export async function removePersonalTraces(
  tx: Executor,
  person: Person,
  options: { now: Date; withdrawOrphanPitches: boolean; keepMarks: boolean },
) {
  const at = nowIso(options.now);
  await tx.execute({ sql: "DELETE FROM manage_links WHERE registration_id = ?", args: [person.id] });
  await tx.execute({ sql: "DELETE FROM calendar_feeds WHERE registration_id = ?", args: [person.id] });
  await tx.execute({ sql: "DELETE FROM registration_answers WHERE registration_id = ?", args: [person.id] });
  // Change notices and feedback links (issue 17); feedback they gave stays, no longer tied to them.
  await tx.execute({ sql: "DELETE FROM change_notices WHERE registration_id = ?", args: [person.id] });
  await tx.execute({ sql: "DELETE FROM change_notice_unsubscribe_links WHERE registration_id = ?", args: [person.id] });
  await tx.execute({ sql: "DELETE FROM feedback_links WHERE registration_id = ?", args: [person.id] });
  await tx.execute({ sql: "UPDATE feedback_responses SET registration_id = NULL WHERE registration_id = ?", args: [person.id] });
  if (!options.keepMarks) await tx.execute({ sql: "DELETE FROM pitch_interest WHERE registration_id = ?", args: [person.id] });
  // Their place in the pitch queue keeps its number and status (the queue's order), not their name.
  await tx.execute({ sql: "UPDATE pitch_queue_entries SET name = '', title = '', token_hash = NULL WHERE registration_id = ?", args: [person.id] });

  const hosted = rowsOf<{ pitch_id: number }>(
    await tx.execute({ sql: "SELECT pitch_id FROM pitch_hosts WHERE registration_id = ? AND role <> 'co-host-invited'", args: [person.id] }),
  ).map((r) => Number(r.pitch_id));
  await tx.execute({ sql: "DELETE FROM pitch_hosts WHERE registration_id = ?", args: [person.id] });
  await tx.execute({ sql: "UPDATE pitches SET created_by_registration_id = NULL WHERE created_by_registration_id = ?", args: [person.id] });
  for (const pitchId of hosted) {
    await tx.execute({ sql: "UPDATE pitches SET updated_at = ? WHERE id = ?", args: [at, pitchId] });
    if (!options.withdrawOrphanPitches) continue;
    // Nobody left to run it and not on the grid: withdrawn. On the grid it stays ("Host removed"),
    // since others planned their day around it; the organisers can withdraw it.
    await tx.execute({
      sql: `UPDATE pitches SET status = 'withdrawn', sequence = sequence + 1
            WHERE id = ? AND status = 'open'
              AND NOT EXISTS (SELECT 1 FROM pitch_hosts WHERE pitch_id = pitches.id AND role <> 'co-host-invited')
              AND NOT EXISTS (SELECT 1 FROM placements WHERE pitch_id = pitches.id)`,
      args: [pitchId],
    });
  }

  // Emails to them: unsent ones go; sent ones keep only that an email went, and when.
  await tx.execute({ sql: "DELETE FROM email_outbox WHERE to_address = ? COLLATE NOCASE AND status <> 'sent'", args: [person.email] });
  await tx.execute({
    sql: "UPDATE email_outbox SET to_address = 'erased', text_body = '', html_body = NULL, attachments = '[]', last_error = NULL WHERE to_address = ? COLLATE NOCASE",
    args: [person.email],
  });
  // Emails to others about them (approval requests to organisers, co-host invitations): found by
  // their address or name as a whole word ("Ann" must not catch "planning"); unsent ones go, sent
  // ones (bodies already cleared) lose a subject that names them.
  for (const needle of needlesFor(person)) {
    const candidates = rowsOf<{ id: number; status: string; subject: string; text_body: string }>(
      await tx.execute({
        sql: "SELECT id, status, subject, text_body FROM email_outbox WHERE instr(lower(text_body), ?) > 0 OR instr(lower(subject), ?) > 0",
        args: [needle, needle],
      }),
    );
    for (const row of candidates) {
      if (!mentions(`${row.subject}\n${row.text_body}`, needle)) continue;
      await tx.execute(
        row.status === "sent"
          ? { sql: "UPDATE email_outbox SET subject = 'Erased', text_body = '', html_body = NULL, attachments = '[]' WHERE id = ?", args: [row.id] }
          : { sql: "DELETE FROM email_outbox WHERE id = ?", args: [row.id] },
      );
    }
  }
}

function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === "object") return Object.values(value).flatMap(stringsIn);
  return [];
}

/** Whether the text holds the needle as a whole word (not inside a longer word or address). */
export function mentions(text: string, needle: string): boolean {
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}_.@-])${escaped}($|[^\\p{L}\\p{N}_@-])`, "iu").test(text);
}

/** An address that is no one's: keeps the row's uniqueness, identifies nobody. */
export function placeholderEmail(kind: "erased" | "anonymised", registrationId: number) {
  return `${kind}-${registrationId}@erased.invalid`;
}

/** A manage-token hash no token has: the registration's links stop working. */
export function revokedTokenHash(kind: "erased" | "anonymised") {
  return `${kind}-${randomBytes(16).toString("hex")}`;
}

/**
 * Deletes local outbox files (OUTBOX_DIR, used when no SMTP_URL is set) that are addressed to
 * or mention any of these people. Outside any transaction: call it after the change committed.
 */
export async function deleteOutboxFilesAbout(people: Pick<Person, "email" | "name">[]): Promise<number> {
  const needles = people.flatMap(needlesFor);
  if (needles.length === 0) return 0;
  const dir = env().OUTBOX_DIR;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(".json"));
  } catch {
    return 0;
  }
  let deleted = 0;
  for (const file of files) {
    const full = path.join(dir, file);
    let text: string;
    try {
      text = (await readFile(full, "utf8")).toLowerCase();
    } catch {
      continue;
    }
    // JSON escapes line breaks and some characters: search every string it holds, unescaped.
    let parsed = text;
    try {
      parsed = stringsIn(JSON.parse(text)).join("\n");
    } catch {
      /* not JSON: search the raw text */
    }
    if (needles.some((n) => mentions(parsed, n) || mentions(text, n))) {
      await unlink(full).catch(() => undefined);
      deleted += 1;
    }
  }
  return deleted;
}

// ---------------------------------------------------------------------------------------------
// The retention job

const ANONYMISE_BATCH = 50;

type RetentionResult = { needsErased: number; anonymised: number; events: number };

/**
 * For every event whose retention dates have passed: erases access and dietary needs, answers to
 * the organisers' questions and approval requests (needs step), then anonymises everyone
 * (personal step): names, emails, organisations, roles, links, feeds, hosting, emails. Statuses,
 * ticket types, council names, check-ins and "I'd go" marks stay, for counts. Idempotent: a
 * second run finds nothing left to change.
 */
export async function applyRetention(now = new Date()): Promise<RetentionResult> {
  const at = nowIso(now);
  const due = rowsOf<SettingsRow>(
    await query({
      // Only events with something left to do, so a run over years of past events stays cheap.
      sql: `SELECT ${SETTINGS_COLUMNS} FROM events e
            WHERE (julianday(ends_at) + needs_retention_days <= julianday(:at) AND (needs_erased_at IS NULL
                    OR EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND (r.access_needs <> '' OR r.dietary_needs <> '' OR r.approval_reason <> ''))
                    OR EXISTS (SELECT 1 FROM registration_answers a JOIN registrations r ON r.id = a.registration_id WHERE r.event_id = e.id)))
               OR (julianday(ends_at) + personal_retention_days <= julianday(:at) AND (personal_anonymised_at IS NULL
                    OR EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = e.id AND r.email NOT LIKE '%@erased.invalid')))`,
      args: { at },
    }),
  ).map(toRetentionEvent);
  const result: RetentionResult = { needsErased: 0, anonymised: 0, events: 0 };
  for (const event of due) {
    const { needsDueAt, personalDueAt } = retentionDates(event);
    const anonymise = personalDueAt <= at;
    const eraseNeeds = needsDueAt <= at || anonymise;
    if (eraseNeeds) {
      await writeTransaction(async (tx) => {
        const needs = await tx.execute({
          sql: `UPDATE registrations SET access_needs = '', dietary_needs = '', approval_reason = ''
                WHERE event_id = ? AND (access_needs <> '' OR dietary_needs <> '' OR approval_reason <> '')`,
          args: [event.id],
        });
        const answers = await tx.execute({
          sql: "DELETE FROM registration_answers WHERE registration_id IN (SELECT id FROM registrations WHERE event_id = ?)",
          args: [event.id],
        });
        result.needsErased += needs.rowsAffected + answers.rowsAffected;
        await tx.execute({ sql: "UPDATE events SET needs_erased_at = ? WHERE id = ? AND needs_erased_at IS NULL", args: [at, event.id] });
      });
    }
    if (anonymise) {
      // Counts per organisation are kept before the first organisation is blanked.
      await writeTransaction((tx) => keepOrganisationTurnout(tx, event.id));
      // In batches, so registrations and sign-ins for other events never wait long for the lock.
      for (;;) {
        const scrubbed = await writeTransaction(async (tx) => {
          const people = rowsOf<Person>(
            await tx.execute({
              sql: "SELECT id, email, name FROM registrations WHERE event_id = ? AND email NOT LIKE '%@erased.invalid' ORDER BY id LIMIT ?",
              args: [event.id, ANONYMISE_BATCH],
            }),
          ).map((p) => ({ id: Number(p.id), email: p.email, name: p.name }));
          for (const person of people) {
            await removePersonalTraces(tx, person, { now, withdrawOrphanPitches: false, keepMarks: true });
            await tx.execute({
              sql: `UPDATE registrations SET email = ?, name = '', organisation = '', job_role = '', pronouns = '', access_needs = '', dietary_needs = '',
                      approval_reason = '', manage_token_hash = ?, verify_token_hash = NULL WHERE id = ?`,
              args: [placeholderEmail("anonymised", person.id), revokedTokenHash("anonymised"), person.id],
            });
          }
          if (people.length === 0) {
            // Names typed into the pitch queue, and who pitched for a host, go with everyone else's.
            await tx.execute({ sql: "UPDATE pitch_queue_entries SET name = '', title = '', token_hash = NULL WHERE event_id = ?", args: [event.id] });
            await tx.execute({ sql: "UPDATE pitches SET pitched_by = '' WHERE event_id = ?", args: [event.id] });
            await tx.execute({ sql: "UPDATE events SET personal_anonymised_at = ? WHERE id = ? AND personal_anonymised_at IS NULL", args: [at, event.id] });
          }
          return people;
        });
        if (scrubbed.length === 0) break;
        result.anonymised += scrubbed.length;
        await deleteOutboxFilesAbout(scrubbed);
      }
    }
    result.events += 1;
  }
  // Used or expired organiser sign-in links name an organiser's address: gone after a day.
  await writeTransaction((tx) =>
    tx.execute({ sql: "DELETE FROM sign_in_tokens WHERE expires_at < ?", args: [nowIso(new Date(now.getTime() - DAY_MS))] }),
  );
  return result;
}
