import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../platform";
import { setCheckedIn } from ".";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";
import { holdPlace, joinStandby, releaseToStandby, runStandby, saveStandbySettings, standbyEntryByToken, standbyView, updateStandbyEntry } from "./standby";

/** A 5-seat event starting at 09:30 London time (winter, so UTC) in the future, all places taken. */
async function fullDay(offsetDays: number) {
  const startsAt = new Date(Date.UTC(2030, 0, 10 + offsetDays, 9, 30));
  const { event, ticket } = await makeEvent({ quota: 5, capacity: 5, startsAt, timeZone: "Europe/London" });
  const people = [];
  for (let i = 0; i < 5; i++) people.push(await makeRegistration(event.id, ticket.id, { name: `Holder ${i}` }));
  return { event, people, startsAt };
}

const statuses = async (eventId: number) => (await standbyView(eventId)).entries.map((e) => `${e.number}:${e.status}`);

describe("standby at the door", () => {
  it("numbers people in the order they join, and calls nobody before the cut-off", async () => {
    const { event, startsAt } = await fullDay(0);
    expect(await joinStandby(event.id, { name: "Ann", email: null }, "desk")).toEqual({ number: 1, token: null });
    await expect(joinStandby(event.id, { name: "Bo", email: null }, "door")).rejects.toThrow(/not open to join/);
    await saveStandbySettings(event.id, { cutoff: "10:15", joiningOpen: true });
    const door = await joinStandby(event.id, { name: "Bo", email: "bo@example.org" }, "door");
    expect(door.number).toBe(2);
    expect(await standbyEntryByToken(event.id, door.token)).toEqual({ number: 2, status: "waiting", name: "Bo" });
    const view = await standbyView(event.id);
    expect(view.list.cutoffAt).toBe(new Date(startsAt.getTime() + 45 * 60_000).toISOString());
    expect(view.next!.number).toBe(1);
    expect(await runStandby(new Date(startsAt.getTime() + 44 * 60_000))).toMatchObject({ released: 0, called: 0 });
    expect(await statuses(event.id)).toEqual(["1:waiting", "2:waiting"]);
  });

  it("at the cut-off gives the seats of people not checked in (less held places) to standby in order, once, and emails those who gave an address", async () => {
    const { event, people, startsAt } = await fullDay(1);
    await saveStandbySettings(event.id, { cutoff: "10:15", joiningOpen: true });
    for (const p of people.slice(0, 2)) await setCheckedIn(event.id, p.id, true);
    await holdPlace(event.id, people[2].id, true, "organiser@council.test");
    for (const name of ["Ann", "Bo", "Cy"]) await joinStandby(event.id, { name, email: `${name.toLowerCase()}@example.org` }, "desk");
    // Five seats: two checked in, one held: two for standby.
    const cutoff = new Date(startsAt.getTime() + 45 * 60_000);
    expect(await runStandby(cutoff)).toMatchObject({ released: 1, called: 2 });
    expect(await statuses(event.id)).toEqual(["1:called", "2:called", "3:waiting"]);
    const email = rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = 'ann@example.org'" }));
    expect(email).toHaveLength(1);
    expect(email[0].subject).toContain("number 1, come to the desk");
    // Again (another process, the next tick, a restart): nobody more is called, no second email.
    expect(await runStandby(new Date(cutoff.getTime() + 15_000))).toMatchObject({ released: 0, called: 0 });
    expect(await releaseToStandby(event.id, new Date(cutoff.getTime() + 20_000))).toBe(0);
    expect(rowsOf(await query({ sql: "SELECT id FROM email_outbox WHERE to_address = 'ann@example.org'" }))).toHaveLength(1);

    // Bo is not here: the seat goes to Cy. Ann comes: seated.
    const view = await standbyView(event.id);
    await updateStandbyEntry(event.id, view.entries[1].id, "gone");
    await updateStandbyEntry(event.id, view.entries[0].id, "seated");
    expect(await statuses(event.id)).toEqual(["1:seated", "2:gone", "3:called"]);
    // The held place is let go: the next to join is called at once.
    await holdPlace(event.id, people[2].id, false, "organiser@council.test");
    await joinStandby(event.id, { name: "Di", email: null }, "desk");
    expect(await statuses(event.id)).toEqual(["1:seated", "2:gone", "3:called", "4:called"]);
    expect((await standbyView(event.id)).seats.free).toBe(0);
  });

  it("releases early by hand, without waiting for the cut-off, and refuses to move a cut-off after it", async () => {
    const { event, people } = await fullDay(2);
    await saveStandbySettings(event.id, { cutoff: "10:15", joiningOpen: false });
    await joinStandby(event.id, { name: "Ann", email: null }, "desk");
    for (const p of people.slice(0, 4)) await setCheckedIn(event.id, p.id, true);
    expect(await releaseToStandby(event.id)).toBe(1);
    expect(await statuses(event.id)).toEqual(["1:called"]);
    await expect(saveStandbySettings(event.id, { cutoff: "10:30", joiningOpen: true })).rejects.toThrow(/already been released/);
    await saveStandbySettings(event.id, { cutoff: "10:15", joiningOpen: true });
    expect((await standbyView(event.id)).list.joiningOpen).toBe(true);
  });

  it("forgets standby names and emails a day after the event", async () => {
    const { event, startsAt } = await fullDay(3);
    await joinStandby(event.id, { name: "Ann", email: "ann3@example.org" }, "desk");
    const dayAfter = new Date(startsAt.getTime() + 8 * 3600_000 + 86_400_000 + 60_000);
    expect((await runStandby(dayAfter)).forgotten).toBeGreaterThanOrEqual(1);
    expect((await standbyView(event.id)).entries).toEqual([expect.objectContaining({ number: 1, name: "", email: null })]);
  });
});
