import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../platform";
import { placePitch, setPublished, swapPitches, undoLastChange, unschedulePitch, updateSlot } from "../grid";
import { mergePitches, withdrawPitch } from "../pitching";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";
import { sendDueChangeNotices, setChangeNotices } from "./change-notices";

const stopChangeNotices = (slug: string, token: string) => setChangeNotices(slug, token, false);

const ORGANISER = "notices-organiser@council.test";
const MINUTE = 60_000;
/** The job as it would run once everyone's notices are old enough (they are written with the real clock). */
const later = () => new Date(Date.now() + 6 * MINUTE);

let eventId: number;
let slug: string;
let hall: number;
let side: number;
let nine: number;
let ten: number;
let eleven: number;
let host: { id: number; email: string };
let marker: { id: number; email: string };
let both: { id: number; email: string };
let stranger: { id: number; email: string };
let talk: number;
let workshop: number;

async function version() {
  return Number(firstRow<{ v: number }>(await query({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
}
async function emailsTo(address: string) {
  return rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}
async function pending(registrationId: number) {
  return Number(firstRow<{ n: number }>(await query({ sql: "SELECT COUNT(*) AS n FROM change_notices WHERE registration_id = ?", args: [registrationId] }))!.n);
}
const move = async (pitchId: number, roomId: number, slotId: number) => placePitch(eventId, ORGANISER, await version(), pitchId, roomId, slotId);

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
  eventId = event.id;
  slug = event.slug;
  hall = await makeRoom(eventId, { name: "Hall" });
  side = await makeRoom(eventId, { name: "Side room" });
  nine = await makeSlot(eventId, new Date("2030-06-01T09:00:00Z"));
  ten = await makeSlot(eventId, new Date("2030-06-01T10:00:00Z"));
  eleven = await makeSlot(eventId, new Date("2030-06-01T11:00:00Z"));
  host = await makeRegistration(eventId, ticket.id, { name: "Hana Host" });
  marker = await makeRegistration(eventId, ticket.id, { name: "Mo Marker" });
  both = await makeRegistration(eventId, ticket.id, { name: "Bo Both" });
  stranger = await makeRegistration(eventId, ticket.id, { name: "Stan Stranger" });
  talk = await makeGridPitch(eventId, { title: "Open data", hostIds: [host.id], interestIds: [marker.id, both.id] });
  workshop = await makeGridPitch(eventId, { title: "Map club", hostIds: [both.id], interestIds: [marker.id] });
  await move(talk, hall, nine);
  await move(workshop, side, nine);
  await setPublished(eventId, ORGANISER, await version(), true);
});

describe("change notices", () => {
  it("batch every change for a person into one email after the delay, with old and new times in the event's zone, once", async () => {
    await move(talk, hall, ten);
    await move(workshop, hall, eleven);
    // Not yet: the oldest notice is younger than the delay.
    expect(await sendDueChangeNotices(new Date(), { delayMinutes: 5 })).toEqual({ emails: 0, people: 0 });
    expect(await emailsTo(marker.email)).toEqual([]);

    const run = await sendDueChangeNotices(later(), { delayMinutes: 5 });
    expect(run.emails).toBeGreaterThanOrEqual(3);
    const [mail, ...more] = await emailsTo(marker.email);
    expect(more).toEqual([]);
    expect(mail.subject).toBe("2 sessions have changed at Test Camp");
    // June in London is BST: 09:00 UTC is 10am there.
    expect(mail.text_body).toContain("“Open data”\nWas: 10am to 10:45am on Saturday 1 June 2030, Hall\nNow: 11am to 11:45am on Saturday 1 June 2030, Hall");
    expect(mail.text_body).toContain("“Map club”\nWas: 10am to 10:45am on Saturday 1 June 2030, Side room\nNow: midday to 12:45pm on Saturday 1 June 2030, Hall");
    expect(mail.text_body).toContain("Times are Europe/London time.");
    expect(mail.text_body).toMatch(/http:\/\/pitchgrid\.test\/r\/[\w-]{43}\/calendar/);
    expect(mail.text_body.match(/http:\/\/pitchgrid\.test\/events\/[^/]+\/unsubscribe\/[\w-]{43}/g)).toHaveLength(1);

    // The host of one and the marker-and-host of both get one email each; someone unrelated none.
    expect((await emailsTo(host.email)).map((m) => m.subject)).toEqual(["A session has changed at Test Camp"]);
    expect((await emailsTo(host.email))[0].text_body).toContain("“Open data” (you are hosting it)");
    expect(await emailsTo(both.email)).toHaveLength(1);
    expect(await emailsTo(stranger.email)).toEqual([]);

    // Run again: nothing more.
    expect(await sendDueChangeNotices(later(), { delayMinutes: 5 })).toEqual({ emails: 0, people: 0 });
    expect(await emailsTo(marker.email)).toHaveLength(1);
  });

  it("tells the net change of a session moved twice, and nothing when a change is undone before the email goes", async () => {
    await move(talk, side, ten);
    await move(talk, hall, eleven);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    const [mail] = await emailsTo(host.email);
    expect(mail.text_body).toContain("Was: 10am to 10:45am on Saturday 1 June 2030, Hall\nNow: midday to 12:45pm on Saturday 1 June 2030, Hall");
    expect(mail.text_body).not.toContain("Side room");

    // Moved and moved back (swap, then Undo): no email, and nothing left pending.
    await swapPitches(eventId, ORGANISER, await version(), talk, workshop);
    await undoLastChange(eventId, ORGANISER, await version());
    expect(await pending(marker.id)).toBe(2);
    expect(await sendDueChangeNotices(later(), { delayMinutes: 5 })).toMatchObject({ emails: 0 });
    expect(await pending(marker.id)).toBe(0);
    expect(await emailsTo(marker.email)).toHaveLength(1);
  });

  it("sends one email per person when two runs happen at once", async () => {
    await move(talk, hall, ten);
    const runs = await Promise.all([sendDueChangeNotices(later(), { delayMinutes: 5 }), sendDueChangeNotices(later(), { delayMinutes: 5 })]);
    expect(runs.reduce((sum, r) => sum + r.emails, 0)).toBeGreaterThanOrEqual(3);
    for (const person of [host, marker, both]) expect(await emailsTo(person.email)).toHaveLength(1);
  });

  it("after a crash midway, sends what was not sent and nothing twice", async () => {
    await move(talk, hall, ten);
    let queued = 0;
    const crash = () => {
      queued += 1;
      if (queued === 2) throw new Error("process killed");
    };
    await expect(sendDueChangeNotices(later(), { delayMinutes: 5, crashAfterQueueing: crash })).rejects.toThrow("process killed");
    const sentBefore = (await Promise.all([host, marker, both].map((p) => emailsTo(p.email)))).map((m) => m.length);
    // The first person's email and notices were committed together; the second's rolled back together.
    expect(sentBefore.reduce((a, b) => a + b, 0)).toBe(1);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    for (const person of [host, marker, both]) expect(await emailsTo(person.email)).toHaveLength(1);
  });

  it("tells markers a withdrawn or unscheduled session is off, but not hosts of a withdrawal (they are told by it)", async () => {
    await withdrawPitch(eventId, talk, { kind: "organiser", email: ORGANISER });
    await unschedulePitch(eventId, ORGANISER, await version(), workshop);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    const [mail] = await emailsTo(marker.email);
    expect(mail.text_body).toContain("“Open data”\nWas: 10am to 10:45am on Saturday 1 June 2030, Hall\nNow: cancelled (the session has been withdrawn)");
    expect(mail.text_body).toContain("“Map club”\nWas: 10am to 10:45am on Saturday 1 June 2030, Side room\nNow: not on the schedule");
    // The host had the withdrawal email only.
    expect((await emailsTo(host.email)).map((m) => m.subject)).toEqual(["Your session at Test Camp has been withdrawn"]);
  });

  it("tells people when a slot's time changes, and when a session comes back after they were told it was off", async () => {
    await updateSlot(eventId, nine, { date: "2030-06-01", start: "10:15", end: "11:00", kind: "session", label: "" });
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    expect((await emailsTo(host.email))[0].text_body).toContain("Was: 10am to 10:45am on Saturday 1 June 2030, Hall\nNow: 10:15am to 11am on Saturday 1 June 2030, Hall");

    await unschedulePitch(eventId, ORGANISER, await version(), talk);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    await move(talk, side, ten);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    const mails = await emailsTo(host.email);
    expect(mails).toHaveLength(3);
    expect(mails[2].text_body).toContain("Back on the schedule: 11am to 11:45am on Saturday 1 June 2030, Side room");
  });

  it("tells nobody about changes to a grid that is not published, nor about the first publication", async () => {
    await setPublished(eventId, ORGANISER, await version(), false);
    await move(talk, side, eleven);
    await move(workshop, hall, eleven);
    await setPublished(eventId, ORGANISER, await version(), true);
    // Unpublished then published: people hear the net change from the grid they last saw.
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    expect((await emailsTo(host.email))[0].text_body).toContain("Was: 10am to 10:45am on Saturday 1 June 2030, Hall\nNow: midday to 12:45pm on Saturday 1 June 2030, Side room");

    const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z") });
    const room = await makeRoom(event.id);
    const slot = await makeSlot(event.id, new Date("2030-06-01T09:00:00Z"));
    const other = await makeSlot(event.id, new Date("2030-06-01T10:00:00Z"));
    const person = await makeRegistration(event.id, ticket.id);
    const pitch = await makeGridPitch(event.id, { hostIds: [person.id] });
    await placePitch(event.id, ORGANISER, 0, pitch, room, slot);
    await placePitch(event.id, ORGANISER, 1, pitch, room, other);
    await setPublished(event.id, ORGANISER, 2, true);
    expect(await pending(person.id)).toBe(0);
  });

  it("stops for someone who unsubscribes, and drops what was pending for them", async () => {
    await move(talk, hall, ten);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    const token = (await emailsTo(marker.email))[0].text_body.match(/\/unsubscribe\/([\w-]{43})/)![1];
    await move(talk, hall, eleven);
    await stopChangeNotices(slug, token);
    await stopChangeNotices(slug, token);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    expect(await emailsTo(marker.email)).toHaveLength(1);
    expect(await emailsTo(host.email)).toHaveLength(2);
    // The link is for this event only.
    await expect(stopChangeNotices("another-event", token)).rejects.toMatchObject({ kind: "not-found" });
  });

  it("tells a merged session's markers where it joined, and nobody about a new session placed on the published grid", async () => {
    const fresh = await makeGridPitch(eventId, { title: "Brand new", interestIds: [marker.id] });
    await move(fresh, hall, eleven);
    expect(await pending(marker.id)).toBe(0);
    await mergePitches(eventId, workshop, talk, new Date(), ORGANISER);
    await sendDueChangeNotices(later(), { delayMinutes: 5 });
    const [mail] = await emailsTo(marker.email);
    expect(mail.subject).toBe("A session has changed at Test Camp");
    expect(mail.text_body).toContain("“Open data”\nWas: 10am to 10:45am on Saturday 1 June 2030, Hall\nNow: joined with “Map club”, 10am to 10:45am on Saturday 1 June 2030, Side room");
    // The host of the merged session is told by the merge itself, not again here.
    expect((await emailsTo(host.email)).filter((m) => m.subject.includes("changed at"))).toEqual([]);
  });
});
