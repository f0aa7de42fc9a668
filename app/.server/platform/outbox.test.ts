import { describe, expect, it } from "vitest";
import { query, writeTransaction } from "./db";
import { configuredMailer, drainOutbox, outboxCounts, outboxPageAllowed, queueEmail, renderEmailHtml, retryDelayMs } from "./outbox";
import { startSmtpSink, useSmtpSinkAsAppMailer } from "../../../tests/support/smtp-sink";
import { resetEnvForTests } from "./env";

describe("the email outbox", () => {
  const smtp = useSmtpSinkAsAppMailer();

  it("makes every email name its event, by type: a message without eventId does not compile (tsc checks this file)", () => {
    // Was a test reading the source for `eventId` near each queueEmail( call.
    const withoutEvent = (tx: Parameters<typeof queueEmail>[0]) =>
      // @ts-expect-error eventId is required: the event's id, or null for an email about no event
      queueEmail(tx, { to: "someone@council.test", subject: "Hello", text: "Hi" });
    const aboutNoEvent = (tx: Parameters<typeof queueEmail>[0]) => queueEmail(tx, { eventId: null, to: "someone@council.test", subject: "Hello", text: "Hi" });
    expect([withoutEvent, aboutNoEvent].map((f) => typeof f)).toEqual(["function", "function"]);
  });

  it("sends a queued email through real SMTP, once", async () => {
    await writeTransaction((tx) => queueEmail(tx, { eventId: null, to: "once@woking.gov.uk", subject: "Hello", text: "Your place is confirmed: http://pitchgrid.test/r/abc" }));
    expect(await drainOutbox(configuredMailer())).toBe(1);
    expect(await drainOutbox(configuredMailer())).toBe(0);
    const received = smtp().messages.filter((m) => m.to.includes("once@woking.gov.uk"));
    expect(received).toHaveLength(1);
    expect(received[0].text).toContain("Your place is confirmed");
    expect(received[0].html).toContain('<a href="http://pitchgrid.test/r/abc"');
  });

  it("keeps emails through a mail outage and sends each exactly once when the server is back", async () => {
    smtp().setAccepting(false);
    await writeTransaction(async (tx) => {
      for (let i = 0; i < 3; i++) await queueEmail(tx, { eventId: null, to: `outage${i}@woking.gov.uk`, subject: `Outage ${i}`, text: "Held through an outage" });
    });
    expect(await drainOutbox(configuredMailer())).toBe(0);
    const failed = await query("SELECT attempts, last_error, status, next_attempt_at FROM email_outbox WHERE to_address LIKE 'outage%'");
    expect(failed.rows.every((r) => r.status === "pending" && Number(r.attempts) === 1 && String(r.last_error).length > 0)).toBe(true);

    // Not retried before its backoff is due...
    expect(await drainOutbox(configuredMailer())).toBe(0);
    smtp().setAccepting(true);
    // ...and sent once it is.
    const later = new Date(Date.now() + retryDelayMs(1) + 1000);
    expect(await drainOutbox(configuredMailer(), later)).toBe(3);
    expect(await drainOutbox(configuredMailer(), later)).toBe(0);
    for (let i = 0; i < 3; i++) expect(smtp().messages.filter((m) => m.to.includes(`outage${i}@woking.gov.uk`))).toHaveLength(1);
    expect((await outboxCounts()).pending ?? 0).toBe(0);
  });

  it("sends to the SMTP server SMTP_URL names now, not the one it named before", async () => {
    const other = await startSmtpSink();
    try {
      process.env.SMTP_URL = other.url;
      resetEnvForTests();
      await writeTransaction((tx) => queueEmail(tx, { eventId: null, to: "moved@woking.gov.uk", subject: "Moved", text: "To the new server" }));
      expect(await drainOutbox(configuredMailer())).toBe(1);
      expect(other.messages.filter((m) => m.to.includes("moved@woking.gov.uk"))).toHaveLength(1);
      expect(smtp().messages.filter((m) => m.to.includes("moved@woking.gov.uk"))).toHaveLength(0);
    } finally {
      process.env.SMTP_URL = smtp().url;
      resetEnvForTests();
      await other.close();
    }
  });

  it("backs off exponentially, capped at 30 minutes", () => {
    expect(retryDelayMs(1)).toBe(5_000);
    expect(retryDelayMs(2)).toBe(10_000);
    expect(retryDelayMs(5)).toBe(80_000);
    expect(retryDelayMs(30)).toBe(30 * 60_000);
  });

  it("cannot be made to inject headers through a subject or address", async () => {
    await writeTransaction((tx) => queueEmail(tx, { eventId: null, to: "victim@woking.gov.uk\r\nBcc: everyone@example.com", subject: "Hi\r\nBcc: everyone@example.com", text: "x" }));
    const row = (await query("SELECT to_address, subject FROM email_outbox ORDER BY id DESC LIMIT 1")).rows[0];
    expect(String(row.subject)).not.toMatch(/[\r\n]/);
    expect(String(row.to_address)).not.toMatch(/[\r\n]/);
  });

  it("escapes text in the HTML version", () => {
    const html = renderEmailHtml('Hello <script>alert(1)</script> & "friends"');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;");
    expect(html).not.toContain("<script>");
  });
});

describe("the /dev/outbox page", () => {
  it("is shown for a local trial and in development, never with real email or on a public address", () => {
    const local = { NODE_ENV: "production", PUBLIC_URL: "http://localhost:3000" };
    expect(outboxPageAllowed(local)).toBe(true);
    expect(outboxPageAllowed({ ...local, PUBLIC_URL: "http://127.0.0.1:41234" })).toBe(true);
    expect(outboxPageAllowed({ NODE_ENV: "development", PUBLIC_URL: "https://camp.example.org" })).toBe(true);
    expect(outboxPageAllowed({ ...local, PUBLIC_URL: "https://camp.example.org" })).toBe(false);
    expect(outboxPageAllowed({ ...local, PUBLIC_URL: "http://localhost.example.org" })).toBe(false);
    expect(outboxPageAllowed({ ...local, SMTP_URL: "smtp://127.0.0.1:2525" })).toBe(false);
    expect(outboxPageAllowed({ NODE_ENV: "development", PUBLIC_URL: "http://localhost:3000", SMTP_URL: "smtp://127.0.0.1:2525" })).toBe(false);
  });
});
