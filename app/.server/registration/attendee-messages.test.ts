import { describe, expect, it } from "vitest";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";
import { query, rowsOf } from "../platform";
import { audienceSizes, listSentMessages, messageAttendees } from "./attendee-messages";
import { findRegistrationByToken } from "./records";

type Email = { to_address: string; subject: string; text_body: string };
const emailsFor = async (subject: string) =>
  rowsOf<Email>(await query({ sql: "SELECT to_address, subject, text_body FROM email_outbox WHERE subject = ? ORDER BY to_address", args: [subject] }));

async function camp() {
  const { event, ticket } = await makeEvent({ organiser: "boss@guildford.gov.uk" });
  const people = {
    confirmed: await makeRegistration(event.id, ticket.id, { name: "Cam Confirmed", email: "cam@guildford.gov.uk" }),
    confirmed2: await makeRegistration(event.id, ticket.id, { name: "Cat Confirmed", email: "cat@guildford.gov.uk" }),
    held: await makeRegistration(event.id, ticket.id, { name: "Hal Held", email: "hal@guildford.gov.uk", status: "held" }),
    waiting: await makeRegistration(event.id, ticket.id, { name: "Wyn Waiting", email: "wyn@guildford.gov.uk", status: "waiting" }),
    offered: await makeRegistration(event.id, ticket.id, { name: "Ola Offered", email: "ola@guildford.gov.uk", status: "offered" }),
    cancelled: await makeRegistration(event.id, ticket.id, { name: "Cy Cancelled", email: "cy@guildford.gov.uk", status: "cancelled" }),
    erased: await makeRegistration(event.id, ticket.id, { name: "", email: "erased-1@erased.invalid", status: "erased" }),
  };
  const other = await makeEvent();
  await makeRegistration(other.event.id, other.ticket.id, { email: "elsewhere@guildford.gov.uk" });
  return { event, people };
}

describe("messages to attendees", () => {
  it("counts each group as it stands", async () => {
    const { event } = await camp();
    // Hal has not confirmed his address, so is in no group.
    expect(await audienceSizes(event.id)).toEqual({ confirmed: 2, waiting: 2, everyone: 4 });
  });

  it("sends each person in the group their own copy with their private link, and nobody else", async () => {
    const { event, people } = await camp();
    const result = await messageAttendees(event.id, "boss@guildford.gov.uk", { audience: "confirmed", subject: "Venue change", body: "We have moved to the Civic Hall.\nSame time.", sendKey: "key-confirmed-000001" });
    expect(result).toEqual({ recipients: 2, alreadySent: false });
    const sent = await emailsFor("Test Camp: Venue change");
    expect(sent.map((e) => e.to_address)).toEqual(["cam@guildford.gov.uk", "cat@guildford.gov.uk"]);
    expect(sent[0].text_body).toContain("Dear Cam Confirmed,");
    expect(sent[0].text_body).toContain("We have moved to the Civic Hall.\nSame time.");
    const link = /\/r\/([A-Za-z0-9_-]+)/.exec(sent[0].text_body)![1];
    expect((await findRegistrationByToken(link))!.id).toBe(people.confirmed.id);

    await messageAttendees(event.id, "boss@guildford.gov.uk", { audience: "waiting", subject: "Places may free up", body: "Keep an eye on your inbox.", sendKey: "key-waiting-0000001" });
    expect((await emailsFor("Test Camp: Places may free up")).map((e) => e.to_address)).toEqual(["ola@guildford.gov.uk", "wyn@guildford.gov.uk"]);
    await messageAttendees(event.id, "boss@guildford.gov.uk", { audience: "everyone", subject: "Hello all", body: "Thanks for signing up.", sendKey: "key-everyone-000001" });
    expect((await emailsFor("Test Camp: Hello all")).map((e) => e.to_address)).toEqual([
      "cam@guildford.gov.uk",
      "cat@guildford.gov.uk",
      "ola@guildford.gov.uk",
      "wyn@guildford.gov.uk",
    ]);
  });

  it("sends once for one preview, however often Send is pressed, and keeps a record without names", async () => {
    const { event } = await camp();
    const input = { audience: "confirmed" as const, subject: "Bring ID", body: "Please bring photo ID.", sendKey: "key-double-click-01" };
    const [first, second] = await Promise.all([messageAttendees(event.id, "boss@guildford.gov.uk", input), messageAttendees(event.id, "boss@guildford.gov.uk", input)]);
    expect([first.alreadySent, second.alreadySent].sort()).toEqual([false, true]);
    expect(second.recipients).toBe(2);
    expect(await emailsFor("Test Camp: Bring ID")).toHaveLength(2);
    expect(await listSentMessages(event.id)).toEqual([expect.objectContaining({ subject: "Bring ID", audience: "confirmed", recipients: 2, sentBy: "boss@guildford.gov.uk" })]);
  });
});
