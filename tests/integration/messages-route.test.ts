import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../../app/.server/platform";
import * as messages from "../../app/routes/organise.$slug.messages";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";

/** The message page as a browser without JavaScript uses it: preview, then send, once. */
const BASE = "http://pitchgrid.test";
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });

async function call(run: () => Promise<unknown>): Promise<{ status: number; location: string | null; data: Record<string, unknown> | null }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, location: value.headers.get("location"), data: null };
  if (value && typeof value === "object" && "init" in value && "data" in value) {
    const wrapped = value as { data: Record<string, unknown>; init: { status?: number } | null };
    return { status: wrapped.init?.status ?? 200, location: null, data: wrapped.data };
  }
  return { status: 200, location: null, data: value as Record<string, unknown> };
}

describe("/organise/:slug/messages", () => {
  it("checks the message, previews who gets it, then sends it once", async () => {
    const { event, ticket } = await makeEvent({ organiser: "sender@guildford.gov.uk" });
    await makeRegistration(event.id, ticket.id, { email: "one@guildford.gov.uk" });
    await makeRegistration(event.id, ticket.id, { email: "two@guildford.gov.uk" });
    const cookie = await organiserCookie("sender@guildford.gov.uk");
    const path = `/organise/${event.slug}/messages`;
    const params = { slug: event.slug };
    const act = (fields: Record<string, string>, who = cookie) => call(() => messages.action({ request: post(path, fields, who), params, context: {} }));

    const empty = await act({ intent: "preview" });
    expect(empty.status).toBe(400);
    expect(empty.data!.errors).toEqual({ audience: ["Choose who the message is for"], subject: ["Enter a subject"], body: ["Enter the message"] });
    const tooLong = await act({ intent: "preview", audience: "confirmed", subject: "x".repeat(151), body: "A long enough message." });
    expect((tooLong.data!.errors as Record<string, string[]>).subject).toEqual(["Subject must be 150 characters or fewer"]);
    const nobody = await act({ intent: "preview", audience: "waiting", subject: "Hello", body: "A long enough message." });
    expect((nobody.data!.errors as Record<string, string[]>).audience).toEqual(["Nobody is in that group yet: choose another"]);

    const preview = await act({ intent: "preview", audience: "confirmed", subject: "Doors open at 9", body: "See you on Saturday." });
    expect(preview.status).toBe(200);
    const shown = preview.data!.preview as { recipients: number; sendKey: string };
    expect(shown.recipients).toBe(2);
    const count = async () => rowsOf(await query({ sql: "SELECT id FROM email_outbox WHERE subject = 'Test Camp: Doors open at 9'", args: [] })).length;
    expect(await count()).toBe(0);

    const noKey = await act({ intent: "send", audience: "confirmed", subject: "Doors open at 9", body: "See you on Saturday." });
    expect(noKey.status).toBe(400);
    expect(await count()).toBe(0);

    const stranger = await organiserCookie("stranger@woking.gov.uk");
    const send = { intent: "send", audience: "confirmed", subject: "Doors open at 9", body: "See you on Saturday.", sendKey: shown.sendKey };
    expect((await act(send, stranger)).status).toBe(403);
    const sent = await act(send);
    expect(sent).toMatchObject({ status: 303, location: path });
    expect(await count()).toBe(2);
    expect((await act(send)).status).toBe(303);
    expect(await count()).toBe(2);

    const page = await call(() => messages.loader({ request: new Request(`${BASE}${path}`, { headers: { cookie } }), params, context: {} }));
    expect(page.data).toMatchObject({ sizes: { confirmed: 2, waiting: 0, everyone: 2 }, sent: [expect.objectContaining({ subject: "Doors open at 9", recipients: 2 })] });
  });

  it("previews the whole email as sent, with the greeting the organiser chose, and says who has no email address (issue 15)", async () => {
    const { event, ticket } = await makeEvent({ organiser: "sender@guildford.gov.uk" });
    await makeRegistration(event.id, ticket.id, { name: "Ada Attendee", email: "ada@guildford.gov.uk" });
    await query({
      sql: "INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, status, manage_token_hash, created_at, updated_at, confirmed_at) VALUES (?, ?, 'walk-in-1@no-email.invalid', 'Wally Walkin', '', 'confirmed', 'x', '2026-01-01', '2026-01-01', '2026-01-01')",
      args: [event.id, ticket.id],
    });
    const cookie = await organiserCookie("sender@guildford.gov.uk");
    const path = `/organise/${event.slug}/messages`;
    const params = { slug: event.slug };
    const act = (fields: Record<string, string>) => call(() => messages.action({ request: post(path, fields, cookie), params, context: {} }));

    const named = await act({ intent: "preview", audience: "confirmed", greeting: "name", subject: "Doors open at 9", body: "Hello everyone,\nSee you on Saturday." });
    const preview = named.data!.preview as { recipients: number; noEmail: number; email: { subject: string; text: string } };
    expect(preview).toMatchObject({ recipients: 1, noEmail: 1 });
    expect(preview.email.subject).toBe("Test Camp: Doors open at 9");
    expect(preview.email.text).toMatch(/^Dear Ada Attendee,\n\nHello everyone,\nSee you on Saturday\.\n\nFrom the organisers of Test Camp\.\n\nEvent: Test Camp\n/);
    expect(preview.email.text).toContain("To see, change or cancel your registration, use your private link");
    const plain = await act({ intent: "preview", audience: "confirmed", greeting: "none", subject: "Doors open at 9", body: "Hello everyone,\nSee you on Saturday." });
    expect((plain.data!.preview as { email: { text: string } }).email.text.startsWith("Hello everyone,")).toBe(true);

    const ticketless = await act({ intent: "preview", audience: "ticket", subject: "Speakers", body: "A long enough message." });
    expect((ticketless.data!.errors as Record<string, string[]>).ticketTypeId).toEqual(["Choose the ticket type"]);
    const page = await call(() => messages.loader({ request: new Request(`${BASE}${path}`, { headers: { cookie } }), params, context: {} }));
    expect(page.data).toMatchObject({ sizes: { confirmed: 1 }, tickets: [{ id: ticket.id, name: "Standard", people: 1 }] });
  });
});
