import { describe, expect, it } from "vitest";
import { rememberAttendee } from "../../app/.server/auth";
import { configuredMailer, drainOutbox, query, renderEmailHtml, rowsOf } from "../../app/.server/platform";
import { createPitch } from "../../app/.server/pitching";
import { APPROVAL_DIGEST_MINUTES, confirmPlace, registerForEvent, sendDueApprovalDigests } from "../../app/.server/registration";
import * as register from "../../app/routes/events.$slug.register._index";
import * as newPitch from "../../app/routes/events.$slug.pitches.new";
import { makeEvent, makeRegistration } from "../support/factories";
import { useSmtpSinkAsAppMailer } from "../support/smtp-sink";

/**
 * Names, organisations and pitch titles reach email bodies. The forms refuse line breaks,
 * control characters and bidi overrides in them; and if such text reached the domain anyway it
 * must not add a header or a recipient to the message a real SMTP server receives (parsed here
 * with mailparser, as a mail client would), nor appear in any subject. Approval requests reach
 * organisers as one digest; only our own links are ever clickable.
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

describe("single-line fields refuse line breaks, control characters and bidi overrides", () => {
  it("through the real registration and pitch forms, with a field error for the error summary", async () => {
    const { event, ticket } = await makeEvent({ organiser: "fields-organiser@guildford.gov.uk" });
    const good = { name: "Pat Example", email: "pat.fields@guildford.gov.uk", organisation: "Guildford Borough Council", jobRole: "Developer", ticketTypeId: String(ticket.id), intent: "register" };
    const send = (fields: Record<string, string>) => register.action({ request: post(`/events/${event.slug}/register`, fields), params: { slug: event.slug }, context: {} });
    const errorsOf = async (fields: Record<string, string>) => {
      const result = (await send(fields)) as { init?: { status?: number }; data?: { errors?: Record<string, string[]> } };
      expect(result.init?.status).toBe(400);
      return result.data!.errors!;
    };
    for (const bad of ["Pat\nExample", "Pat\r\nBcc: x@evil.example", "Pat\tExample", "Pat\u202Eelpmaxe", "Pat\u2066x\u2069", "Pat\u0000", "Pat\u2028Example", "Pat\u200BExample", "Pat\u0085"]) {
      expect((await errorsOf({ ...good, name: bad })).name, JSON.stringify(bad)).toEqual(["Name must be one line of text, without line breaks or hidden formatting characters"]);
    }
    expect((await errorsOf({ ...good, organisation: "Evil\nOrg" })).organisation).toEqual(["Organisation must be one line of text, without line breaks or hidden formatting characters"]);
    expect((await errorsOf({ ...good, jobRole: "Lead\u202D" })).jobRole).toEqual(["Role must be one line of text, without line breaks or hidden formatting characters"]);
    expect(rowsOf(await query({ sql: "SELECT id FROM registrations WHERE event_id = ?", args: [event.id] }))).toHaveLength(0);
    // Ordinary names from every script, with emoji joined by ZWJ, and a Persian name with ZWNJ, are fine.
    expect(await status(() => send({ ...good, name: "Zoë O’Neill-Smith 👩\u200D💻" }))).toBe(303);
    expect(await status(() => send({ ...good, email: "maryam@guildford.gov.uk", name: "مریم\u200Cها" }))).toBe(303);

    const host = await makeRegistration(event.id, ticket.id, { email: "fields-host@guildford.gov.uk" });
    const cookie = String(new Headers(await rememberAttendee(new Request(BASE), host.id)).get("set-cookie")).split(";")[0];
    const pitched = (await newPitch.action({
      request: post(`/events/${event.slug}/pitches/new`, { title: "Open data\nBcc: x@evil.example", description: "Two\nlines are fine here", format: "discussion", coHosts: "" }, cookie),
      params: { slug: event.slug },
      context: {},
    })) as { init?: { status?: number }; data?: { errors?: Record<string, string[]> } };
    expect(pitched.init?.status).toBe(400);
    expect(pitched.data!.errors!.title).toEqual(["Title must be one line of text, without line breaks or hidden formatting characters"]);
  });
});

describe("email header injection when text reaches the domain unchecked", () => {
  const smtp = useSmtpSinkAsAppMailer();

  it("keeps CR/LF and 'Bcc:' in a name, organisation, reason or pitch title out of the message headers, and out of every subject", async () => {
    const organiser = "inject-organiser@guildford.gov.uk";
    const { event, ticket } = await makeEvent({ rule: "council-only", organiser });
    const open = await makeEvent({ organiser });
    const details = (email: string, ticketTypeId: number) => ({
      name: INJECT("Eve"),
      organisation: INJECT("Evil Org"),
      jobRole: INJECT("Role"),
      accessNeeds: "",
      dietaryNeeds: "",
      email,
      ticketTypeId,
    });
    // Past the forms (a bug, an import, an old row): the emails must still be safe.
    const asked = await registerForEvent(event.slug, { ...details("eve@nhs.net", ticket.id), approvalRequest: INJECT("Reason") });
    expect((await confirmPlace(asked.verifyToken)).ok).toBe(true);
    const registered = await registerForEvent(open.event.slug, details("eve@guildford.gov.uk", open.ticket.id));
    expect((await confirmPlace(registered.verifyToken)).ok).toBe(true);
    const host = await makeRegistration(open.event.id, open.ticket.id, { name: INJECT("Host") });
    const coHost = await makeRegistration(open.event.id, open.ticket.id, { email: "cohost@guildford.gov.uk" });
    await createPitch(open.event.id, host.id, { title: INJECT("Title"), description: INJECT("Description"), format: "discussion", needs: [], avoidSlotIds: [], coHosts: [coHost.email] });

    const sent = await drainOutbox(configuredMailer());
    expect(sent).toBeGreaterThanOrEqual(6);
    await smtp().waitFor((m) => m.to.includes(organiser) && /Approval requests waiting/.test(m.subject));
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
      // No subject carries anything a registrant or attendee typed.
      expect(message.subject, message.subject).not.toMatch(/Eve|Evil|Reason|Title|Host|Bcc|leak/);
    }
    // The organisers' digest names nobody and quotes nothing.
    const digest = messages.find((m) => m.to.includes(organiser) && /Approval requests waiting/.test(m.subject))!;
    expect(digest.subject).toBe(`Approval requests waiting for ${event.name}`);
    expect(digest.text).not.toMatch(/Eve|Reason|nhs\.net|leak/);
    expect(digest.text).toContain(`/organise/${event.slug}/registrations?status=pending-approval`);
  });
});

describe("approval requests: one digest for organisers, not one email per request", () => {
  it("twenty approval requests send organisers at most one email (and none before the addresses are verified)", async () => {
    const organiser = "digest-organiser@guildford.gov.uk";
    const { event, ticket } = await makeEvent({ rule: "council-only", organiser });
    const toOrganiser = async () =>
      rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [organiser] }));
    for (let i = 0; i < 20; i++) {
      const result = await status(() =>
        register.action({
          request: post(`/events/${event.slug}/register`, {
            name: `Requester ${i}`,
            email: `requester${i}@supplier.example`,
            organisation: "Supplier Ltd",
            ticketTypeId: String(ticket.id),
            intent: "request-approval",
            approvalRequest: `Approval needed: click https://evil.example/login?${i} to approve`,
          }),
          params: { slug: event.slug },
          context: {},
        }),
      );
      expect(result).toBe(303);
    }
    // Unverified requests reach nobody but the address typed.
    expect(await toOrganiser()).toHaveLength(0);

    const now = new Date();
    for (let i = 0; i < 20; i++) {
      const [email] = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ? ORDER BY id DESC", args: [`requester${i}@supplier.example`] }));
      const token = /confirm\?token=([A-Za-z0-9_-]+)/.exec(email.text_body)![1];
      expect(await confirmPlace(token, now)).toMatchObject({ ok: true, status: "pending-approval" });
    }
    const digests = await toOrganiser();
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toBe(`Approval requests waiting for ${event.name}`);
    expect(digests[0].text_body).toContain("1 request for a place is waiting");
    expect(digests[0].text_body).not.toContain("evil.example");

    // The periodic job sends nothing more within the hour, then one digest for the rest.
    await sendDueApprovalDigests(new Date(now.getTime() + 30 * 60_000));
    expect(await toOrganiser()).toHaveLength(1);
    await sendDueApprovalDigests(new Date(now.getTime() + (APPROVAL_DIGEST_MINUTES + 1) * 60_000));
    const after = await toOrganiser();
    expect(after).toHaveLength(2);
    expect(after[1].text_body).toContain("20 requests for places are waiting");
    // Nothing new since: no more email.
    await sendDueApprovalDigests(new Date(now.getTime() + 3 * APPROVAL_DIGEST_MINUTES * 60_000));
    expect(await toOrganiser()).toHaveLength(2);
  });
});

describe("links in email", () => {
  it("makes only our own links clickable: a URL typed in a reason, a name or a message is never an <a>", async () => {
    const html = renderEmailHtml(
      [
        "Dear Pat https://evil.example/login,",
        "Their reason: see http://pitchgrid.test.evil.example/r/x and http://pitchgrid.test@evil.example/ and https://evil.example/?a=1&b=2",
        "Your private link:\nhttp://pitchgrid.test/r/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
      ].join("\n\n"),
      "http://pitchgrid.test",
    );
    expect(html).toContain('<a href="http://pitchgrid.test/r/abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"');
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).not.toMatch(/href="[^"]*evil/);
    expect(html).toContain("https://evil.example/?a=1&amp;b=2");
  });

  it("in the emails the app queues: a URL in a name or a reason is plain text, our links are links", async () => {
    const organiser = "links-organiser@guildford.gov.uk";
    const { event, ticket } = await makeEvent({ rule: "council-only", organiser });
    const asked = await registerForEvent(event.slug, {
      name: "Pat https://evil.example/login",
      email: "pat.links@supplier.example",
      organisation: "Supplier Ltd",
      jobRole: "",
      accessNeeds: "",
      dietaryNeeds: "",
      ticketTypeId: ticket.id,
      approvalRequest: "Details at https://evil.example/phish",
    });
    await confirmPlace(asked.verifyToken);
    const emails = rowsOf<{ to_address: string; html_body: string }>(
      await query({ sql: "SELECT to_address, html_body FROM email_outbox WHERE to_address IN (?, ?)", args: ["pat.links@supplier.example", organiser] }),
    );
    expect(emails.length).toBeGreaterThanOrEqual(3);
    for (const email of emails) {
      expect(email.html_body, email.to_address).not.toMatch(/<a [^>]*href="https?:\/\/evil/);
      expect(email.html_body, email.to_address).toMatch(/<a href="http:\/\/pitchgrid\.test\//);
    }
    expect(emails.some((e) => e.html_body.includes("https://evil.example/login"))).toBe(true);
  });
});
