import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../platform";
import { findEventById } from "../events";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";
import { feedbackCsvRows, feedbackInvitationState, feedbackLink, feedbackResults, sendFeedbackInvitations, submitFeedback } from "./feedback";

const ORGANISER = "feedback-organiser@council.test";
let eventId: number;
let slug: string;
let ticketId: number;
let people: { id: number; email: string }[];
let talk: number;
let other: number;

async function tokenFor(email: string) {
  const [mail] = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ? AND subject LIKE 'How was%'", args: [email] }));
  return mail.text_body.match(/\/feedback\/([\w-]{43})/)![1];
}

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date(Date.now() - 2 * 86400_000), endsAt: new Date(Date.now() - 86400_000) });
  eventId = event.id;
  slug = event.slug;
  ticketId = ticket.id;
  people = [];
  for (const name of ["Ann", "Bob", "Cat"]) people.push(await makeRegistration(eventId, ticketId, { name }));
  await makeRegistration(eventId, ticketId, { name: "Wai Ting", status: "waiting" });
  const room = await makeRoom(eventId);
  talk = await makeGridPitch(eventId, { title: "Open data", interestIds: [people[0].id, people[1].id] });
  other = await makeGridPitch(eventId, { title: "Not marked by Ann" });
  const slot = await makeSlot(eventId, new Date(Date.now() - 2 * 86400_000 + 3600_000));
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [talk, eventId, room, slot, new Date().toISOString()] });
});

describe("the feedback invitation", () => {
  it("goes once, after the event, to everyone confirmed when nobody was checked in", async () => {
    const { event: future } = await makeEvent({ organiser: ORGANISER });
    await expect(sendFeedbackInvitations(future.id, ORGANISER)).rejects.toThrow("once the event has ended");

    const event = (await findEventById(eventId))!;
    expect(await feedbackInvitationState(event)).toMatchObject({ ended: true, invitedAt: null, audience: "confirmed", count: 3 });
    // Pressed twice at once: one sends, the other is refused.
    const outcomes = await Promise.allSettled([sendFeedbackInvitations(eventId, ORGANISER), sendFeedbackInvitations(eventId, ORGANISER)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(["fulfilled", "rejected"]);
    for (const p of people) {
      const mails = rowsOf(await query({ sql: "SELECT 1 FROM email_outbox WHERE to_address = ? AND subject = 'How was Test Camp?'", args: [p.email] }));
      expect(mails).toHaveLength(1);
    }
    expect((await feedbackInvitationState(event)).invitedAt).not.toBeNull();
  });

  it("goes only to those checked in when the event used check-in", async () => {
    await query({ sql: "UPDATE registrations SET checked_in_at = ? WHERE id = ?", args: [new Date().toISOString(), people[2].id] });
    expect(await sendFeedbackInvitations(eventId, ORGANISER)).toBe(1);
    expect(rowsOf(await query({ sql: "SELECT 1 FROM email_outbox WHERE subject = 'How was Test Camp?' AND to_address IN (?, ?)", args: [people[0].email, people[1].email] }))).toEqual([]);
  });
});

describe("answering", () => {
  it("offers the sessions the person marked, stores an anonymous answer with no link to them, once", async () => {
    await sendFeedbackInvitations(eventId, ORGANISER);
    const token = await tokenFor(people[0].email);
    const link = await feedbackLink(slug, token);
    expect(link.sessions).toEqual([{ pitchId: talk, title: "Open data" }]);
    await submitFeedback(slug, token, {
      useful: true,
      comment: "Great",
      anonymous: true,
      sessions: [
        { pitchId: talk, useful: true, comment: "Loved it" },
        { pitchId: other, useful: false, comment: "not theirs" },
      ],
    });
    const stored = rowsOf<{ registration_id: number | null; answered_on: string }>(await query({ sql: "SELECT registration_id, answered_on FROM feedback_responses WHERE event_id = ?", args: [eventId] }));
    expect(stored).toEqual([{ registration_id: null, answered_on: new Date().toISOString().slice(0, 10) }]);
    const linkRow = firstRow<Record<string, unknown>>(await query({ sql: "SELECT * FROM feedback_links WHERE registration_id = ?", args: [people[0].id] }))!;
    expect(Object.keys(linkRow).sort()).toEqual(["event_id", "registration_id", "token_hash", "used"]);
    await expect(submitFeedback(slug, token, { useful: false, comment: "", anonymous: false, sessions: [] })).rejects.toThrow("already given");
    expect((await feedbackLink(slug, token)).used).toBe(true);

    await submitFeedback(slug, await tokenFor(people[1].email), { useful: false, comment: "=HYPERLINK(\"x\")", anonymous: false, sessions: [{ pitchId: talk, useful: false, comment: "" }] });
    expect(await feedbackResults(eventId)).toEqual({
      invited: 3,
      answered: 2,
      event: { useful: 1, notUseful: 1, comments: [{ text: "Great", by: null }, { text: "=HYPERLINK(\"x\")", by: "Bob" }] },
      sessions: [{ pitchId: talk, title: "Open data", useful: 1, notUseful: 1, comments: [{ text: "Loved it", by: null }] }],
    });
    const csv = await feedbackCsvRows(eventId);
    expect(csv[0]).toEqual(["Answer", "About", "Session", "Useful", "Comment", "Name", "Answered on"]);
    expect(csv.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[5]])).toEqual([
      ["event", "", "yes", "Great", "Anonymous"],
      ["session", "Open data", "yes", "Loved it", "Anonymous"],
      ["event", "", "no", "=HYPERLINK(\"x\")", "Bob"],
      ["session", "Open data", "no", "", "Bob"],
    ]);
  });

  it("refuses a made-up token or one used on another event's address", async () => {
    await sendFeedbackInvitations(eventId, ORGANISER);
    const token = await tokenFor(people[0].email);
    await expect(feedbackLink(slug, "x".repeat(43))).rejects.toMatchObject({ kind: "not-found" });
    await expect(feedbackLink("another-event", token)).rejects.toMatchObject({ kind: "not-found" });
    await expect(submitFeedback("another-event", token, { useful: true, comment: "", anonymous: true, sessions: [] })).rejects.toMatchObject({ kind: "not-found" });
  });
});
