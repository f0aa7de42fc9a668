import { afterAll, beforeAll } from "vitest";
import { resetEnvForTests } from "../../app/.server/platform";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

type SinkMessage = { to: string[]; subject: string; text: string; html: string; raw: string; parsed: ParsedMail };

/**
 * A real SMTP server on loopback that keeps every message it receives, so tests read emails
 * exactly as a mail client would get them.
 */
export async function startSmtpSink() {
  const messages: SinkMessage[] = [];
  const waiters: (() => void)[] = [];
  let acceptMail = true;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (!acceptMail) return callback(new Error("451 Temporary failure, try again later"));
        const raw = Buffer.concat(chunks).toString("utf8");
        const parsed = await simpleParser(raw);
        messages.push({
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          raw,
          parsed,
        });
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;

  async function waitFor(predicate: (m: SinkMessage) => boolean, timeoutMs = 15_000): Promise<SinkMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = messages.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`No matching email within ${timeoutMs} ms; got: ${messages.map((m) => `${m.to.join(",")}: ${m.subject}`).join(" | ") || "none"}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 250));
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor,
    /** The email sent to `address` whose subject matches, waiting for it to arrive. */
    waitForEmail: (address: string, subject: RegExp, timeoutMs?: number) =>
      waitFor((m) => m.to.includes(address.toLowerCase()) && subject.test(m.subject), timeoutMs),
    /** Simulates a mail outage: messages are refused with a temporary failure. */
    setAccepting(accepting: boolean) {
      acceptMail = accepting;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The first link in an email's text that starts with `prefix` (e.g. "http://127.0.0.1:4000/sign-in/verify"). */
export function linkIn(message: Pick<SinkMessage, "text" | "subject">, pathPart: string): string {
  const match = message.text.match(/https?:\/\/\S+/g)?.find((url) => url.includes(pathPart));
  if (!match) throw new Error(`No link containing ${pathPart} in email "${message.subject}":\n${message.text}`);
  return match;
}

/**
 * For in-process tests: a sink for this describe block, with the app's SMTP_URL pointing at it
 * while the block runs. Read the sink through the returned getter inside tests.
 */
export function useSmtpSinkAsAppMailer(): () => SmtpSink {
  let sink: SmtpSink | undefined;
  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    resetEnvForTests();
  });
  afterAll(async () => {
    delete process.env.SMTP_URL;
    resetEnvForTests();
    await sink?.close();
  });
  return () => {
    if (!sink) throw new Error("The SMTP sink starts in beforeAll: read it inside a test.");
    return sink;
  };
}
