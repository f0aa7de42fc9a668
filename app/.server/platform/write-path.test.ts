import { describe, expect, it } from "vitest";
import { query, writeTransaction } from "./db";
import { drainOutbox, queueEmail, type Mailer } from "./outbox";
import { addOrganiser, listOrganisers, removeOrganiser, LastOrganiserError, updateTicketType } from "../events";
import { setCheckedIn, setLotteryClosing } from "../registration";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import * as organisersPage from "../../routes/organise.$slug.organisers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The embedded driver runs SQLite on this thread. A write made outside the one write path while a
 * write transaction is open (and awaiting I/O) waits on the file lock synchronously, so the
 * transaction can never finish: the process froze for the 5 s busy timeout and the write then
 * failed with SQLITE_BUSY. Every write now queues behind the open transaction instead.
 */
describe("the one write path", () => {
  it("lets the email worker, ticket, organiser, check-in and lottery writes run while a long write transaction awaits I/O", async () => {
    const { event, ticket } = await makeEvent({ organiser: "first@council.test" });
    const person = await makeRegistration(event.id, ticket.id);
    await writeTransaction((tx) => queueEmail(tx, { eventId: null, to: "queued@woking.gov.uk", subject: "Queued", text: "Waiting to be sent" }));
    const sent: string[] = [];
    const mailer: Mailer = { send: async (message) => void sent.push(message.to) };

    let inside!: () => void;
    const opened = new Promise<void>((resolve) => (inside = resolve));
    const long = writeTransaction(async (tx) => {
      await tx.execute({ sql: "UPDATE events SET summary = 'Held by a long transaction' WHERE id = ?", args: [event.id] });
      inside();
      await sleep(300); // I/O while the write lock is held
    });
    await opened;

    const started = Date.now();
    const results = await Promise.allSettled([
      drainOutbox(mailer),
      updateTicketType(event.id, ticket.id, { ...ticket, name: "Renamed", opensAt: null, closesAt: null }),
      addOrganiser(event, "second@council.test", "organiser@council.test"),
      setCheckedIn(event.id, person.id, true),
      setLotteryClosing(event.id, ticket.id, new Date("2030-01-01T12:00:00Z")),
    ]);
    await long;
    const elapsed = Date.now() - started;

    expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(elapsed).toBeLessThan(2_000);
    expect(sent).toContain("queued@woking.gov.uk");
    const row = (await query({ sql: "SELECT name, lottery_closes_at FROM ticket_types WHERE id = ?", args: [ticket.id] })).rows[0];
    expect(row.name).toBe("Renamed");
    expect(row.lottery_closes_at).toBe("2030-01-01T12:00:00.000Z");
    expect(await listOrganisers(event.id)).toEqual(["first@council.test", "second@council.test"]);
    const checkedIn = (await query({ sql: "SELECT checked_in_at FROM registrations WHERE id = ?", args: [person.id] })).rows[0];
    expect(checkedIn.checked_in_at).not.toBeNull();
    expect((await query({ sql: "SELECT summary FROM events WHERE id = ?", args: [event.id] })).rows[0].summary).toBe("Held by a long transaction");
  });

  it("never leaves an event without an organiser when two are removed at once", async () => {
    for (let round = 0; round < 5; round++) {
      const { event } = await makeEvent({ organiser: "one@council.test" });
      await addOrganiser(event, "two@council.test", "organiser@council.test");
      const results = await Promise.allSettled([removeOrganiser(event.id, "one@council.test"), removeOrganiser(event.id, "two@council.test")]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(LastOrganiserError);
      expect(await listOrganisers(event.id)).toHaveLength(1);
    }
  });

  it("refuses to remove the last organiser, and removes one of several", async () => {
    const { event } = await makeEvent({ organiser: "only@council.test" });
    await expect(removeOrganiser(event.id, "only@council.test")).rejects.toBeInstanceOf(LastOrganiserError);
    await addOrganiser(event, "other@council.test", "organiser@council.test");
    await removeOrganiser(event.id, "only@council.test");
    expect(await listOrganisers(event.id)).toEqual(["other@council.test"]);
  });

  it("answers a refused removal on the organisers page with a GOV.UK error, not a server error", async () => {
    const { event } = await makeEvent({ organiser: "lead@council.test" });
    const cookie = await organiserCookie("lead@council.test");
    const remove = (email: string) =>
      organisersPage.action({
        request: new Request(`http://pitchgrid.test/organise/${event.slug}/organisers`, {
          method: "POST",
          body: new URLSearchParams({ intent: "remove", email }),
          headers: { origin: "http://pitchgrid.test", cookie },
        }),
        params: { slug: event.slug },
        context: {},
      });
    const refused = (await remove("lead@council.test")) as unknown as { data: { errors: Record<string, string[]> }; init: { status: number } };
    expect(refused.init.status).toBe(400);
    expect(refused.data.errors).toEqual({ form: ["An event must keep at least one organiser."] });
    await addOrganiser(event, "helper@council.test", "organiser@council.test");
    const removed = (await remove("helper@council.test")) as Response;
    expect(removed.status).toBe(303);
    expect(await listOrganisers(event.id)).toEqual(["lead@council.test"]);
  });
});
