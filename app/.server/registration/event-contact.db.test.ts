import { describe, expect, it } from "vitest";
import { makeEvent, registrationInput } from "../../../tests/support/factories";
import { useSmtpSinkAsAppMailer } from "../../../tests/support/smtp-sink";
import { configuredMailer, drainOutbox, query, rowsOf } from "../platform";
import { updateEvent } from "../events";
import { confirmPlace, registerForEvent } from ".";

/** Issue 15: each event's contact address is the Reply-To of its emails and the ORGANIZER of its invitations. */
describe("an event's contact address", () => {
  const smtp = useSmtpSinkAsAppMailer();

  it("is the Reply-To of the emails about the event and the ORGANIZER (mailto) of the invitation", async () => {
    const { event, ticket } = await makeEvent({ contactEmail: "Events@Guildford.gov.uk" });
    expect(event.contactEmail).toBe("events@guildford.gov.uk");
    const registered = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "reply.to@woking.gov.uk" }));
    expect(await confirmPlace(registered.verifyToken)).toMatchObject({ ok: true, status: "confirmed" });
    const queued = rowsOf<{ reply_to: string | null }>(await query({ sql: "SELECT reply_to FROM email_outbox WHERE to_address = ?", args: ["reply.to@woking.gov.uk"] }));
    expect(queued.map((row) => row.reply_to)).toEqual(["events@guildford.gov.uk", "events@guildford.gov.uk"]);

    while ((await drainOutbox(configuredMailer())) > 0) {
      /* send everything queued */
    }
    const received = smtp().messages.filter((m) => m.to.includes("reply.to@woking.gov.uk"));
    expect(received).toHaveLength(2);
    for (const message of received) expect(message.parsed.replyTo?.value[0]?.address).toBe("events@guildford.gov.uk");
    const confirmed = received.find((m) => m.subject.includes("confirmed"))!;
    const unfolded = confirmed.raw.replace(/\r?\n[ \t]/g, "");
    expect(unfolded).toMatch(/ORGANIZER;CN="?[^:]*:mailto:events@guildford\.gov\.uk/i);
    expect(unfolded).not.toMatch(/ORGANIZER[^\r\n]*no-reply/i);
  });

  it("defaults to the creating organiser's address, and an organiser can change it", async () => {
    const { event, ticket } = await makeEvent({ organiser: "creator@woking.gov.uk" });
    expect(event.contactEmail).toBe("creator@woking.gov.uk");
    const changed = await updateEvent(event.id, { ...event, startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt), contactEmail: "desk@woking.gov.uk" });
    expect(changed.contactEmail).toBe("desk@woking.gov.uk");
    // Saving the form without the field keeps it.
    const kept = await updateEvent(event.id, { ...changed, startsAt: new Date(changed.startsAt), endsAt: new Date(changed.endsAt), contactEmail: "" });
    expect(kept.contactEmail).toBe("desk@woking.gov.uk");
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "second@woking.gov.uk" }));
    const [row] = rowsOf<{ reply_to: string }>(await query({ sql: "SELECT reply_to FROM email_outbox WHERE to_address = ?", args: ["second@woking.gov.uk"] }));
    expect(row.reply_to).toBe("desk@woking.gov.uk");
  });
});
