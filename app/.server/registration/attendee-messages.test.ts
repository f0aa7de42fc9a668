import { describe, expect, it } from "vitest";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";
import { createTicketType } from "../events";
import { createPitch } from "../pitching";
import { PitchFormSchema } from "~/domain/pitch-rules";
import { addPerson } from "./add-person";
import { setCheckedIn } from "./capacity";
import { query, rowsOf } from "../platform";
import { audienceReach, audienceSizes, listSentMessages, messageAttendees } from "./attendee-messages";
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
    expect((await audienceSizes(event.id)).sizes).toEqual({ confirmed: 2, hosts: 0, "checked-in": 0, waiting: 2, everyone: 4 });
  });

  it("sends each person in the group their own copy with their private link, and nobody else", async () => {
    const { event, people } = await camp();
    const result = await messageAttendees(event.id, "boss@guildford.gov.uk", { audience: "confirmed", subject: "Venue change", body: "We have moved to the Civic Hall.\nSame time.", ticketTypeId: null, greeting: "name" as const, sendKey: "key-confirmed-000001" });
    expect(result).toEqual({ recipients: 2, alreadySent: false });
    const sent = await emailsFor("Test Camp: Venue change");
    expect(sent.map((e) => e.to_address)).toEqual(["cam@guildford.gov.uk", "cat@guildford.gov.uk"]);
    expect(sent[0].text_body).toContain("Dear Cam Confirmed,");
    expect(sent[0].text_body).toContain("We have moved to the Civic Hall.\nSame time.");
    const link = /\/r\/([A-Za-z0-9_-]+)/.exec(sent[0].text_body)![1];
    expect((await findRegistrationByToken(link))!.id).toBe(people.confirmed.id);

    await messageAttendees(event.id, "boss@guildford.gov.uk", { audience: "waiting", subject: "Places may free up", body: "Keep an eye on your inbox.", ticketTypeId: null, greeting: "name" as const, sendKey: "key-waiting-0000001" });
    expect((await emailsFor("Test Camp: Places may free up")).map((e) => e.to_address)).toEqual(["ola@guildford.gov.uk", "wyn@guildford.gov.uk"]);
    await messageAttendees(event.id, "boss@guildford.gov.uk", { audience: "everyone", subject: "Hello all", body: "Thanks for signing up.", ticketTypeId: null, greeting: "name" as const, sendKey: "key-everyone-000001" });
    expect((await emailsFor("Test Camp: Hello all")).map((e) => e.to_address)).toEqual([
      "cam@guildford.gov.uk",
      "cat@guildford.gov.uk",
      "ola@guildford.gov.uk",
      "wyn@guildford.gov.uk",
    ]);
  });

  it("sends once for one preview, however often Send is pressed, and keeps a record without names", async () => {
    const { event } = await camp();
    const input = { audience: "confirmed" as const, subject: "Bring ID", body: "Please bring photo ID.", ticketTypeId: null, greeting: "name" as const, sendKey: "key-double-click-01" };
    const [first, second] = await Promise.all([messageAttendees(event.id, "boss@guildford.gov.uk", input), messageAttendees(event.id, "boss@guildford.gov.uk", input)]);
    expect([first.alreadySent, second.alreadySent].sort()).toEqual([false, true]);
    expect(second.recipients).toBe(2);
    expect(await emailsFor("Test Camp: Bring ID")).toHaveLength(2);
    expect(await listSentMessages(event.id)).toEqual([expect.objectContaining({ subject: "Bring ID", audience: "confirmed", recipients: 2, sentBy: "boss@guildford.gov.uk" })]);
  });

  it("reaches hosts, one ticket type and people checked in, and never counts walk-ins without an email address (issue 15)", async () => {
    const { event, ticket } = await makeEvent({ organiser: "boss@guildford.gov.uk" });
    const speakers = await createTicketType(event.id, { name: "Speakers", quota: 10, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
    const host = await makeRegistration(event.id, ticket.id, { name: "Hana Host", email: "hana@guildford.gov.uk" });
    await makeRegistration(event.id, ticket.id, { name: "Nat Nohost", email: "nat@guildford.gov.uk" });
    const speaker = await makeRegistration(event.id, speakers.id, { name: "Sid Speaker", email: "sid@guildford.gov.uk" });
    const walkIn = await addPerson(event, "boss@guildford.gov.uk", { name: "Wally Walkin", email: "", organisation: "", ticketTypeId: speakers.id, reason: "", overCapacity: false, checkIn: true });
    if (!walkIn.added) throw new Error("not added");
    await setCheckedIn(event.id, speaker.id, true);
    const form = PitchFormSchema.parse({ title: "Open data for parish councils", description: "How small councils can publish.", format: "discussion", coHosts: "" });
    await createPitch(event.id, host.id, form);

    expect((await audienceSizes(event.id)).sizes).toMatchObject({ confirmed: 3, hosts: 1, "checked-in": 1 });
    expect((await audienceSizes(event.id)).tickets.get(speakers.id)).toBe(1);
    expect(await audienceReach(event.id, { audience: "ticket", ticketTypeId: speakers.id })).toEqual({ recipients: 1, noEmail: 1, sampleName: "Sid Speaker" });
    expect(await audienceReach(event.id, { audience: "confirmed", ticketTypeId: null })).toMatchObject({ recipients: 3, noEmail: 1 });

    const send = (audience: "hosts" | "ticket" | "checked-in", subject: string, key: string, greeting: "name" | "none" = "name") =>
      messageAttendees(event.id, "boss@guildford.gov.uk", { audience, ticketTypeId: audience === "ticket" ? speakers.id : null, greeting, subject, body: "Hello there, all.", sendKey: key });
    expect(await send("hosts", "For hosts", "key-hosts-00000001")).toEqual({ recipients: 1, alreadySent: false });
    expect((await emailsFor("Test Camp: For hosts")).map((e) => e.to_address)).toEqual(["hana@guildford.gov.uk"]);
    expect(await send("ticket", "For speakers", "key-ticket-0000001")).toEqual({ recipients: 1, alreadySent: false });
    expect((await emailsFor("Test Camp: For speakers")).map((e) => e.to_address)).toEqual(["sid@guildford.gov.uk"]);
    expect(await send("checked-in", "Wifi code", "key-checked-in-001", "none")).toEqual({ recipients: 1, alreadySent: false });
    const [wifi] = await emailsFor("Test Camp: Wifi code");
    expect(wifi.to_address).toBe("sid@guildford.gov.uk");
    expect(wifi.text_body.startsWith("Hello there, all.")).toBe(true);
    expect(wifi.text_body).not.toContain("Dear ");
    expect((await listSentMessages(event.id)).map((m) => m.audience)).toEqual(["checked-in", `ticket:${speakers.id}`, "hosts"]);
  });
});
