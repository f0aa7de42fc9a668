import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../platform";
import { findRegistration } from ".";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import * as organiserPage from "../../routes/organise.$slug.reconfirmation";
import {
  answerReconfirmation,
  findRound,
  flaggedRegistrationIds,
  reconfirmationFor,
  resendToUnanswered,
  roundCounts,
  runReconfirmationRounds,
  saveRound,
} from "./reconfirmation";

const DAY = 86_400_000;
const defaults = { sendDaysBefore: 7, deadlineDaysBefore: 3, reminder: true, silence: "release" as const };

/** An event 10 days ahead with three places taken and three people waiting (in waiting_since order, not id order). */
let eventsMade = 0;
async function fullEvent(silence: "release" | "flag" = "release") {
  // Each test's event starts a month before the previous test's, so the job, which takes every
  // event's due steps, finds nothing due in earlier tests' events at this test's times.
  const startsAt = new Date(Date.now() + (400 - 30 * eventsMade++) * DAY);
  const { event, ticket } = await makeEvent({ quota: 3, capacity: 3, startsAt });
  const holders = [];
  for (let i = 0; i < 3; i++) holders.push(await makeRegistration(event.id, ticket.id, { name: `Holder ${i}` }));
  const waiting = [];
  for (let i = 0; i < 3; i++) {
    const w = await makeRegistration(event.id, ticket.id, { status: "waiting", name: `Waiting ${i}` });
    waiting.push(w);
  }
  // The last to be inserted joined the list first.
  for (const [i, w] of waiting.entries()) {
    await query({ sql: "UPDATE registrations SET waiting_since = ?, confirmed_at = NULL WHERE id = ?", args: [new Date(Date.now() - (10 - i) * 60_000 * (i === 2 ? 100 : 1)).toISOString(), w.id] });
  }
  const round = await saveRound(event.id, { ...defaults, silence }, new Date());
  return { event, ticket, holders, waiting, round, startsAt };
}

const at = (startsAt: Date, daysBefore: number, plusMs = 0) => new Date(startsAt.getTime() - daysBefore * DAY + plusMs);

async function emailsTo(address: string) {
  return rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}

async function status(id: number) {
  return (await findRegistration(id))!.status;
}

describe("the reconfirmation round", () => {
  it("asks everyone holding a place once, at the send time, with yes and no links that land on pages", async () => {
    const { event, holders, waiting, round, startsAt } = await fullEvent();
    expect(round).toMatchObject({ sendAt: at(startsAt, 7).toISOString(), deadlineAt: at(startsAt, 3).toISOString(), reminderAt: at(startsAt, 4).toISOString(), silence: "release" });

    expect(await runReconfirmationRounds(at(startsAt, 7, -1000))).toEqual({ sent: 0, reminded: 0, released: 0 });
    expect(await runReconfirmationRounds(at(startsAt, 7, 1000))).toEqual({ sent: 3, reminded: 0, released: 0 });
    // Run again (another process, or the next minute): nobody is asked twice.
    expect(await runReconfirmationRounds(at(startsAt, 7, 61_000))).toEqual({ sent: 0, reminded: 0, released: 0 });

    const [ask] = await emailsTo(holders[0].email);
    expect(ask.subject).toBe(`Are you still coming to ${event.name}?`);
    expect(ask.text_body).toMatch(/Yes, I'm coming:\nhttp:\/\/pitchgrid\.test\/r\/[\w-]+\/still-coming\?answer=yes/);
    expect(ask.text_body).toMatch(/No, release my place:\nhttp:\/\/pitchgrid\.test\/r\/[\w-]+\/still-coming\?answer=no/);
    expect(ask.text_body).toContain("your place will be offered to the next person on the waiting list");
    expect(await emailsTo(waiting[0].email)).toEqual([]);
    expect(await roundCounts(event.id)).toEqual({ asked: 3, confirmed: 0, unanswered: 3, released: 0, saidNo: 0 });
  });

  it("releases a no at once, reminds only the silent, and at the deadline offers their places in the waiting list's order", async () => {
    const { event, holders, waiting, startsAt } = await fullEvent();
    await runReconfirmationRounds(at(startsAt, 7, 1000));
    // (Answered 4.5 days before, so the offer made then, open 48 hours, is still open at the deadline.)
    expect(await answerReconfirmation(holders[0].id, "yes", at(startsAt, 4.5))).toBe("kept");
    expect(await answerReconfirmation(holders[1].id, "no", at(startsAt, 4.5))).toBe("released");
    expect(await status(holders[1].id)).toBe("cancelled");
    // Waiting 2 joined the list first: the place is offered to them.
    expect(await Promise.all(waiting.map((w) => status(w.id)))).toEqual(["waiting", "waiting", "offered"]);
    expect((await emailsTo(holders[1].email)).at(-1)!.subject).toBe(`Your place at ${event.name} has been released`);

    expect(await runReconfirmationRounds(at(startsAt, 4, 1000))).toEqual({ sent: 0, reminded: 1, released: 0 });
    expect((await emailsTo(holders[2].email)).map((e) => e.subject)).toEqual([`Are you still coming to ${event.name}?`, `Reminder: are you still coming to ${event.name}?`]);
    expect(await emailsTo(holders[0].email)).toHaveLength(1);

    expect(await runReconfirmationRounds(at(startsAt, 3, 1000))).toEqual({ sent: 0, reminded: 0, released: 1 });
    expect(await status(holders[2].id)).toBe("cancelled");
    expect(await status(holders[0].id)).toBe("confirmed");
    expect(await Promise.all(waiting.map((w) => status(w.id)))).toEqual(["offered", "waiting", "offered"]);
    expect((await emailsTo(holders[2].email)).at(-1)!.text_body).toContain("did not hear from you by the deadline");
    expect(await roundCounts(event.id)).toEqual({ asked: 3, confirmed: 1, unanswered: 0, released: 2, saidNo: 1 });
    expect((await findRound(event.id))!.closedAt).not.toBeNull();

    // Done once: later runs release nothing and send nothing.
    const outbox = (await query("SELECT COUNT(*) AS n FROM email_outbox")).rows[0].n;
    expect(await runReconfirmationRounds(at(startsAt, 2))).toEqual({ sent: 0, reminded: 0, released: 0 });
    expect((await query("SELECT COUNT(*) AS n FROM email_outbox")).rows[0].n).toBe(outbox);
    // The released person cannot answer any more; the one who said yes may still say no.
    await expect(answerReconfirmation(holders[2].id, "yes", at(startsAt, 2))).rejects.toThrow(/already been released/);
    expect(await answerReconfirmation(holders[0].id, "no", at(startsAt, 2))).toBe("released");
    expect(await Promise.all(waiting.map((w) => status(w.id)))).toEqual(["offered", "offered", "offered"]);
  });

  it("only flags silence when told to", async () => {
    const { event, holders, startsAt } = await fullEvent("flag");
    await runReconfirmationRounds(at(startsAt, 7, 1000));
    expect((await emailsTo(holders[0].email))[0].text_body).not.toContain("will be offered");
    await answerReconfirmation(holders[0].id, "yes", at(startsAt, 6));
    expect(await runReconfirmationRounds(at(startsAt, 3, 1000))).toMatchObject({ released: 0 });
    expect(await Promise.all(holders.map((h) => status(h.id)))).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect([...(await flaggedRegistrationIds(event.id))].sort()).toEqual([holders[1].id, holders[2].id].sort());
    expect(await reconfirmationFor(holders[1].id)).toMatchObject({ answer: null, closed: true, releasedAt: null });
    // The organiser's page names them.
    const cookie = await organiserCookie("organiser@council.test");
    const page = (await organiserPage.loader({
      request: new Request(`http://pitchgrid.test/organise/${event.slug}/reconfirmation`, { headers: { cookie } }),
      params: { slug: event.slug },
      context: {},
    })) as Awaited<ReturnType<typeof organiserPage.loader>>;
    expect(page.flagged.map((p) => p.name)).toEqual(["Holder 1", "Holder 2"]);
    expect(page.counts).toMatchObject({ confirmed: 1, unanswered: 2, released: 0 });
  });

  it("releases each place once when the deadline step fails half-way and runs again (as after a restart), or runs twice at once", async () => {
    const { event, holders, waiting, startsAt } = await fullEvent();
    await runReconfirmationRounds(at(startsAt, 7, 1000));
    // Make the step fail after it has released the first place: queueing the second release email fails.
    await query("CREATE TRIGGER fail_second_release BEFORE INSERT ON email_outbox WHEN NEW.subject LIKE '%has been released' AND (SELECT COUNT(*) FROM registrations WHERE status = 'cancelled') >= 1 BEGIN SELECT RAISE(ABORT, 'disk gone'); END");
    await expect(runReconfirmationRounds(at(startsAt, 3, 1000))).rejects.toThrow(/disk gone/);
    // Nothing of the failed step is left: every place still held, nobody offered, the round open.
    expect(await Promise.all(holders.map((h) => status(h.id)))).toEqual(["confirmed", "confirmed", "confirmed"]);
    expect(await Promise.all(waiting.map((w) => status(w.id)))).toEqual(["waiting", "waiting", "waiting"]);
    expect((await findRound(event.id))!.closedAt).toBeNull();
    await query("DROP TRIGGER fail_second_release");

    const results = await Promise.all([runReconfirmationRounds(at(startsAt, 3, 60_000)), runReconfirmationRounds(at(startsAt, 3, 60_000))]);
    expect(results.map((r) => r.released).sort()).toEqual([0, 3]);
    expect(await Promise.all(waiting.map((w) => status(w.id)))).toEqual(["offered", "offered", "offered"]);
    for (const h of holders) expect((await emailsTo(h.email)).filter((e) => e.subject.endsWith("has been released"))).toHaveLength(1);
  });

  it("resends to the unanswered only, once per press, and refuses after the deadline", async () => {
    const { event, holders, startsAt } = await fullEvent();
    await expect(resendToUnanswered(event.id, at(startsAt, 8))).rejects.toThrow(/not been sent yet/);
    await runReconfirmationRounds(at(startsAt, 7, 1000));
    await answerReconfirmation(holders[0].id, "yes", at(startsAt, 6));
    expect(await resendToUnanswered(event.id, at(startsAt, 5))).toBe(2);
    expect(await resendToUnanswered(event.id, at(startsAt, 5, 60_000))).toBe(0);
    expect(await emailsTo(holders[0].email)).toHaveLength(1);
    expect(await emailsTo(holders[1].email)).toHaveLength(2);
    await runReconfirmationRounds(at(startsAt, 3, 1000));
    await expect(resendToUnanswered(event.id, at(startsAt, 2))).rejects.toThrow(/deadline has passed/);
  });

  it("does not ask people who took their place after the question went out, nor answer for someone never asked", async () => {
    const { event, ticket, startsAt } = await fullEvent();
    await runReconfirmationRounds(at(startsAt, 7, 1000));
    const late = await makeRegistration(event.id, ticket.id);
    await runReconfirmationRounds(at(startsAt, 4, 1000));
    expect(await emailsTo(late.email)).toEqual([]);
    await expect(answerReconfirmation(late.id, "no", at(startsAt, 4))).rejects.toThrow(/not asked/);
    await runReconfirmationRounds(at(startsAt, 3, 1000));
    expect(await status(late.id)).toBe("confirmed");
  });

  it("refuses a schedule whose deadline has passed, and any change once closed", async () => {
    const soon = await makeEvent({ startsAt: new Date(Date.now() + 10 * DAY) });
    await expect(saveRound(soon.event.id, { ...defaults, sendDaysBefore: 30, deadlineDaysBefore: 20 }, new Date())).rejects.toThrow(/already passed/);
    expect(await findRound(soon.event.id)).toBeNull();
    const { event, startsAt } = await fullEvent();
    await runReconfirmationRounds(at(startsAt, 3, 1000));
    await expect(saveRound(event.id, { ...defaults, deadlineDaysBefore: 1 }, at(startsAt, 2))).rejects.toThrow(/has closed/);
  });
});
