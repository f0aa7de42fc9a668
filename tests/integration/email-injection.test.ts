import { describe, expect, it } from "vitest";
import { rememberAttendee } from "../../app/.server/attendee-session";
import { configuredMailer, drainOutbox } from "../../app/.server/email";
import * as register from "../../app/routes/events.$slug.register._index";
import * as newPitch from "../../app/routes/events.$slug.pitches.new";
import { makeEvent, makeRegistration } from "../support/factories";
import { useSmtpSinkAsAppMailer } from "../support/smtp-sink";

/**
 * Names, organisations and pitch titles reach email subjects and bodies. Typed with CR/LF and
 * header lines in them, through the real forms, they must not add a header or a recipient to
 * the message a real SMTP server receives (parsed here with mailparser, as a mail client would).
 */
const BASE = "http://pitchgrid.test";
const INJECT = (label: string) => `${label}\r\nBcc: leak@evil.example\r\nX-Injected: ${label}\n\rCc: leak-cc@evil.example`;

function post(path: string, fields: Record<string, string | string[]>, cookie = "") {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  return new Request(`${BASE}${path}`, { method: "POST", body, headers: { origin: BASE, cookie, "content-type": "application/x-www-form-urlencoded" } });
}

async function status(run: () => Promise<unknown>) {
  try {
    const value = await run();
    if (value instanceof Response) return value.status;
    return (value as { init?: { status?: number } })?.init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("email header injection through names and titles", () => {
  const smtp = useSmtpSinkAsAppMailer();

  it("keeps CR/LF and 'Bcc:' in a name, organisation, reason or pitch title out of the message headers", async () => {
    const organiser = "inject-organiser@guildford.gov.uk";
    const { event, ticket } = await makeEvent({ rule: "council-only", organiser });
    const open = await makeEvent({ organiser });
    const fields = (email: string, ticketTypeId: number) => ({
      name: INJECT("Eve"),
      organisation: INJECT("Evil Org"),
      jobRole: INJECT("Role"),
      email,
      ticketTypeId: String(ticketTypeId),
    });

    // A request for approval puts the name in the subject of the organisers' email.
    const asked = await status(() =>
      register.action({
        request: post(`/events/${event.slug}/register`, { ...fields("eve@nhs.net", ticket.id), intent: "request-approval", approvalRequest: INJECT("Reason") }),
        params: { slug: event.slug },
        context: {},
      }),
    );
    expect(asked).toBe(303);
    // A plain registration puts the name in the greeting.
    const registered = await status(() =>
      register.action({ request: post(`/events/${open.event.slug}/register`, { ...fields("eve@guildford.gov.uk", open.ticket.id), intent: "register" }), params: { slug: open.event.slug }, context: {} }),
    );
    expect(registered).toBe(303);
    // A pitch title goes into the co-host's invitation subject.
    const host = await makeRegistration(open.event.id, open.ticket.id, { name: INJECT("Host") });
    const coHost = await makeRegistration(open.event.id, open.ticket.id, { email: "cohost@guildford.gov.uk" });
    const cookie = String(new Headers(await rememberAttendee(new Request(BASE), host.id)).get("set-cookie")).split(";")[0];
    const pitched = await status(() =>
      newPitch.action({
        request: post(`/events/${open.event.slug}/pitches/new`, { title: INJECT("Title"), description: INJECT("Description"), format: "discussion", coHosts: coHost.email }, cookie),
        params: { slug: open.event.slug },
        context: {},
      }),
    );
    expect(pitched).toBe(303);

    const sent = await drainOutbox(configuredMailer());
    expect(sent).toBeGreaterThanOrEqual(4);
    await smtp().waitFor((m) => m.to.includes(organiser) && /Approval needed/.test(m.subject));
    await smtp().waitFor((m) => m.to.includes("cohost@guildford.gov.uk"));
    const messages = smtp().messages;
    expect(messages.length).toBe(sent);

    // Nobody else received anything, and no message carries an added header.
    const recipients = messages.flatMap((m) => m.to);
    expect(recipients.filter((r) => r.includes("evil.example"))).toEqual([]);
    for (const message of messages) {
      const headerBlock = message.raw.slice(0, message.raw.indexOf("\r\n\r\n"));
      expect(headerBlock, message.subject).not.toMatch(/^(bcc|cc|x-injected):/im);
      expect(message.parsed.headers.has("bcc"), message.subject).toBe(false);
      expect(message.parsed.headers.has("cc"), message.subject).toBe(false);
      expect(message.parsed.headers.has("x-injected"), message.subject).toBe(false);
      expect(message.parsed.subject ?? "").not.toMatch(/[\r\n]/);
    }

    // The text survives, flattened onto one line, so organisers still see what was typed.
    const approval = messages.find((m) => m.to.includes(organiser) && /Approval needed/.test(m.subject))!;
    expect(approval.subject).toMatch(/^Approval needed: Eve\s+Bcc: leak@evil\.example\s+X-Injected: Eve\s+Cc: leak-cc@evil\.example for /);
    const invitation = messages.find((m) => m.to.includes("cohost@guildford.gov.uk"))!;
    expect(invitation.subject).toContain("Title");
    expect(invitation.subject).not.toMatch(/[\r\n]/);
  });
});
