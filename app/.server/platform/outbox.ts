import { chmod, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Transaction } from "@libsql/client";
import nodemailer, { type Transporter } from "nodemailer";
import { nowIso, query, rowsOf, writeTransaction } from "./db";
import { env, isLocalUrl } from "./env";
// Relative, not "~/": scripts run this file through tsx from any directory (the backup test runs it from a temporary one).
import { isUndeliverable } from "../../domain/people";

type EmailAttachment = { filename: string; contentType: string; content: string };
/** A calendar invitation carried as text/calendar with a METHOD, as Outlook and Gmail expect. */
type CalendarPart = { method: "REQUEST" | "CANCEL" | "PUBLISH"; filename: string; content: string };

type EmailMessage = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
  calendar?: CalendarPart;
  /**
   * The event the email is about: its contact address becomes the Reply-To (looked up in the
   * same statement that queues the email). Required, so the type checker makes every email name
   * its event; null only for an email about no event (the organiser's sign-in link).
   */
  eventId: number | null;
  /** Filled in by the outbox from the event's contact address; callers give eventId. */
  replyTo?: string;
};

type Executor = Pick<Transaction, "execute">;

/** Subjects and addresses are single header lines: no CR or LF may reach them. */
function headerSafe(value: string) {
  return value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

/**
 * Queues an email in the same transaction as the change that causes it. The worker sends it;
 * a mail outage delays the email, never loses the change.
 */
export async function queueEmail(tx: Executor, message: EmailMessage, now = new Date()) {
  // A walk-in added without an address, or an erased person: nobody to write to.
  if (isUndeliverable(message.to)) return;
  const parts = { attachments: message.attachments ?? [], calendar: message.calendar ?? null };
  await tx.execute({
    sql: `INSERT INTO email_outbox (to_address, subject, text_body, html_body, attachments, next_attempt_at, created_at, reply_to)
          VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT NULLIF(contact_email, '') FROM events WHERE id = ?))`,
    args: [
      headerSafe(message.to),
      headerSafe(message.subject),
      message.text,
      message.html ?? renderEmailHtml(message.text),
      JSON.stringify(parts),
      nowIso(now),
      nowIso(now),
      message.eventId ?? null,
    ],
  });
  kickOutboxWorker();
}

function headerSafeOrUndefined(value: string | null) {
  return value ? headerSafe(value) : undefined;
}

function escapeHtml(text: string) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Whether a URL in an email is one of ours (it starts with PUBLIC_URL). Only ours become links:
 * an address someone typed into a name, title or message stays plain text, so an email from us
 * never carries a clickable link to somewhere else.
 */
function isOurLink(escapedUrl: string, publicUrl: string) {
  const ours = escapeHtml(publicUrl.replace(/\/+$/, ""));
  return escapedUrl === ours || escapedUrl.startsWith(`${ours}/`) || escapedUrl.startsWith(`${ours}?`);
}

/** Plain, GOV.UK Notify-like HTML: paragraphs, our own links made clickable, nothing else. */
export function renderEmailHtml(text: string, publicUrl = env().PUBLIC_URL): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((block) =>
      escapeHtml(block)
        .replace(/(https?:\/\/[^\s<]+)/g, (url) => (isOurLink(url, publicUrl) ? `<a href="${url}" style="color:#1d70b8">${url}</a>` : url))
        .replace(/\n/g, "<br>"),
    )
    .map((block) => `<p style="margin:0 0 20px 0">${block}</p>`)
    .join("\n");
  return `<!doctype html><html lang="en"><body style="font-family:Arial,sans-serif;font-size:19px;line-height:1.3;color:#0b0c0c;margin:0;padding:20px;max-width:580px">
<div style="border-bottom:10px solid #1d70b8;margin-bottom:20px;padding-bottom:10px;font-weight:bold;font-size:28px">Pitchgrid</div>
${paragraphs}
</body></html>`;
}

type OutboxRow = {
  id: number;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments: string;
  attempts: number;
  reply_to: string | null;
};

export type Mailer = { send(message: Omit<EmailMessage, "eventId"> & { id: number }): Promise<void> };

// One transport per SMTP_URL: a transport made for another URL (the setting changed, or tests
// each start their own SMTP server in one process) would keep sending to the old server.
let transport: { url: string; transporter: Transporter } | undefined;

function smtpMailer(url: string): Mailer {
  if (transport?.url !== url) {
    transport?.transporter.close();
    transport = { url, transporter: nodemailer.createTransport(url) };
  }
  const { transporter } = transport;
  return {
    async send(message) {
      await transporter.sendMail({
        from: env().MAIL_FROM,
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        text: message.text,
        html: message.html,
        attachments: message.attachments?.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })),
        icalEvent: message.calendar
          ? { method: message.calendar.method, filename: message.calendar.filename, content: message.calendar.content }
          : undefined,
      });
    },
  };
}

/**
 * Without SMTP_URL, each email is written to OUTBOX_DIR as JSON, readable at /dev/outbox. The
 * files hold private links, so the folder and files are the owner's only (0700 and 0600, also
 * when the folder was already there).
 */
function folderMailer(dir: string): Mailer {
  return {
    async send(message) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      const file = path.join(dir, `${Date.now()}-${String(message.id).padStart(6, "0")}.json`);
      await writeFile(file, JSON.stringify({ ...message, from: env().MAIL_FROM, sentAt: new Date().toISOString() }, null, 2), { mode: 0o600 });
      await chmod(file, 0o600);
    },
  };
}

export function configuredMailer(): Mailer {
  const { SMTP_URL, OUTBOX_DIR } = env();
  return SMTP_URL ? smtpMailer(SMTP_URL) : folderMailer(OUTBOX_DIR);
}

export function retryDelayMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

const MAX_EMAIL_ATTEMPTS = 25;

/** What an email row keeps of its content once it will not be sent again: nothing. */
const CLEARED_BODY = "text_body = '', html_body = NULL, attachments = '[]'";

/**
 * Sends every due email once. Each row is claimed (pending -> sending) before sending and marked
 * sent after, so two workers never send the same row; a failure schedules a retry with backoff.
 * Returns how many were sent.
 */
export async function drainOutbox(mailer: Mailer = configuredMailer(), now = new Date(), batch = 50): Promise<number> {
  // A row left 'sending' by a crashed process is retried after ten minutes.
  // Every write here goes through writeTransaction, and none is held open across mailer.send.
  await writeTransaction((tx) =>
    tx.execute({
      sql: "UPDATE email_outbox SET status = 'pending' WHERE status = 'sending' AND next_attempt_at <= ?",
      args: [nowIso(new Date(now.getTime() - 10 * 60_000))],
    }),
  );
  const due = rowsOf<OutboxRow>(
    await query({
      sql: `SELECT id, to_address, subject, text_body, html_body, attachments, attempts, reply_to FROM email_outbox
            WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`,
      args: [nowIso(now), batch],
    }),
  );
  let sent = 0;
  for (const row of due) {
    const claimed = await writeTransaction((tx) =>
      tx.execute({
        sql: "UPDATE email_outbox SET status = 'sending', next_attempt_at = ? WHERE id = ? AND status = 'pending'",
        args: [nowIso(now), row.id],
      }),
    );
    if (claimed.rowsAffected !== 1) continue;
    const parts = JSON.parse(row.attachments) as { attachments: EmailAttachment[]; calendar: CalendarPart | null };
    try {
      await mailer.send({
        id: row.id,
        to: row.to_address,
        replyTo: headerSafeOrUndefined(row.reply_to),
        subject: row.subject,
        text: row.text_body,
        html: row.html_body ?? undefined,
        attachments: parts.attachments,
        calendar: parts.calendar ?? undefined,
      });
      // Once sent, the body and attachments (private links, names, needs) are not kept: the row
      // keeps who it went to, its subject and when, for the organisers' and operators' records.
      // (In a write transaction, so the freed text is zeroed on a file database: see db.ts.)
      await writeTransaction((tx) =>
        tx.execute({ sql: `UPDATE email_outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, ${CLEARED_BODY} WHERE id = ?`, args: [nowIso(), row.id] }),
      );
      sent += 1;
    } catch (error) {
      const attempts = row.attempts + 1;
      await writeTransaction((tx) =>
        tx.execute({
          // An email that will not be tried again ('failed') keeps no body either.
          sql: `UPDATE email_outbox SET status = ?, attempts = ?, last_error = ?, next_attempt_at = ?${attempts >= MAX_EMAIL_ATTEMPTS ? `, ${CLEARED_BODY}` : ""} WHERE id = ?`,
          args: [
            attempts >= MAX_EMAIL_ATTEMPTS ? "failed" : "pending",
            attempts,
            String((error as Error).message).slice(0, 500),
            nowIso(new Date(Date.now() + retryDelayMs(attempts))),
            row.id,
          ],
        }),
      );
    }
  }
  return sent;
}

// The worker: runs in the app process, wakes when an email is queued and every few seconds.
let workerTimer: NodeJS.Timeout | undefined;
let draining: Promise<void> | undefined;
let stopped = true;

function kickOutboxWorker() {
  if (stopped) return;
  setImmediate(runWorkerOnce);
}

function runWorkerOnce() {
  if (draining || stopped) return;
  draining = (async () => {
    try {
      while (!stopped && (await drainOutbox()) > 0) {
        /* keep going while there is work */
      }
    } catch (error) {
      console.error("Email outbox worker:", error);
    } finally {
      draining = undefined;
    }
  })();
}

export function startOutboxWorker(intervalMs = 2_000) {
  if (!stopped) return;
  stopped = false;
  workerTimer = setInterval(runWorkerOnce, intervalMs);
  workerTimer.unref();
  runWorkerOnce();
}

/** Stops taking new work and waits for an email being sent to finish. */
export async function stopOutboxWorker() {
  stopped = true;
  if (workerTimer) clearInterval(workerTimer);
  await draining;
}

type OutboxEntry = EmailMessage & { id: number; sentAt: string; file: string };

/**
 * Whether /dev/outbox may be shown. It holds everyone's sign-in and private links, so: never
 * when real email is configured, and in production only while the app runs on this machine
 * (PUBLIC_URL on localhost, as `npm start` leaves it) — a trial, not a deployment that forgot
 * SMTP_URL.
 */
export function outboxPageAllowed(config: { NODE_ENV: string; SMTP_URL?: string; PUBLIC_URL: string }): boolean {
  if (config.SMTP_URL) return false;
  if (config.NODE_ENV !== "production") return true;
  return isLocalUrl(config.PUBLIC_URL);
}

/** The local outbox folder's messages, newest first (for /dev/outbox). */
export async function readLocalOutbox(limit = 100): Promise<OutboxEntry[]> {
  const dir = env().OUTBOX_DIR;
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => f.endsWith(".json")).sort().reverse().slice(0, limit);
  } catch {
    return [];
  }
  return Promise.all(
    files.map(async (file) => ({ ...(JSON.parse(await readFile(path.join(dir, file), "utf8")) as EmailMessage & { id: number; sentAt: string }), file })),
  );
}

/** For tests: how many emails are waiting and how many were sent. */
export async function outboxCounts() {
  const rows = rowsOf<{ status: string; n: number }>(await query("SELECT status, COUNT(*) AS n FROM email_outbox GROUP BY status"));
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

