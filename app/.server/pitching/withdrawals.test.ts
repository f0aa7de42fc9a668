import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../platform";
import { listGridHistory, placePitch } from "../grid";
import { withdrawPitch } from ".";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";
import { restorePitch } from "./withdrawals";
import * as organiserPitchRoute from "../../routes/organise.$slug.pitches.$id";
import { organiserCookie } from "../../../tests/support/sessions";
import { run } from "../../../tests/support/route-call";

const ORGANISER = "organiser@council.test";
let eventId: number;
let ticketId: number;
let room: number;
let slot: number;

async function placement(pitchId: number) {
  return firstRow<{ room_id: number; slot_id: number; pinned: number }>(await query({ sql: "SELECT room_id, slot_id, pinned FROM placements WHERE pitch_id = ?", args: [pitchId] })) ?? null;
}
async function pitchRow(id: number) {
  return firstRow<{ status: string; sequence: number }>(await query({ sql: "SELECT status, sequence FROM pitches WHERE id = ?", args: [id] }))!;
}
async function gridVersion() {
  return Number(firstRow<{ v: number }>(await query({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
}
async function subjectsTo(address: string) {
  return rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] })).map((r) => r.subject);
}

beforeEach(async () => {
  const made = await makeEvent();
  eventId = made.event.id;
  ticketId = made.ticket.id;
  room = await makeRoom(eventId, { name: "Hall" });
  slot = await makeSlot(eventId, new Date(Date.parse(made.event.startsAt) + 3600_000));
});

describe("withdrawing and restoring a scheduled session", () => {
  it("records the withdrawal with its cell, and restoring puts it back there, emails its host and records that too", async () => {
    const host = await makeRegistration(eventId, ticketId, { name: "Hana Host" });
    const pitch = await makeGridPitch(eventId, { title: "Open data", hostIds: [host.id] });
    await placePitch(eventId, ORGANISER, 0, pitch, room, slot);
    const before = await pitchRow(pitch);

    await withdrawPitch(eventId, pitch, { kind: "organiser", email: ORGANISER });
    expect(await placement(pitch)).toBeNull();
    expect(await gridVersion()).toBe(2);
    let history = await listGridHistory(eventId);
    expect(history[0]).toMatchObject({ kind: "withdraw", organiserEmail: ORGANISER, description: expect.stringMatching(/^Withdrew “Open data” \(it was in Hall at /) });

    const restored = await restorePitch(eventId, pitch, "second@council.test");
    expect(restored.placedIn).toMatch(/^Hall at /);
    expect(await placement(pitch)).toMatchObject({ room_id: room, slot_id: slot });
    const after = await pitchRow(pitch);
    expect(after.status).toBe("open");
    // Withdrawn (+1) then restored (+1): calendars take the restored entry over the cancelled one.
    expect(Number(after.sequence)).toBe(Number(before.sequence) + 2);
    history = await listGridHistory(eventId);
    expect(history[0]).toMatchObject({ kind: "restore", organiserEmail: "second@council.test", description: expect.stringMatching(/^Restored “Open data” to Hall at /) });
    expect(await subjectsTo(host.email)).toEqual([expect.stringMatching(/has been withdrawn$/), expect.stringMatching(/is back$/)]);
  });

  it("restores to the sessions not yet on the grid when its cell has been taken", async () => {
    const pitch = await makeGridPitch(eventId, { title: "Open data" });
    const other = await makeGridPitch(eventId, { title: "Notify" });
    await placePitch(eventId, ORGANISER, 0, pitch, room, slot);
    await withdrawPitch(eventId, pitch, { kind: "organiser", email: ORGANISER });
    await placePitch(eventId, ORGANISER, await gridVersion(), other, room, slot);
    const restored = await restorePitch(eventId, pitch, ORGANISER);
    expect(restored.placedIn).toBeNull();
    expect(await placement(pitch)).toBeNull();
    expect((await pitchRow(pitch)).status).toBe("open");
    expect((await listGridHistory(eventId))[0].description).toMatch(/^Restored “Open data” to the sessions not yet on the grid \(Hall at .* is no longer free\)$/);
  });

  it("refuses to restore an open pitch, and restores one its host withdrew (no cell to go back to)", async () => {
    const host = await makeRegistration(eventId, ticketId);
    const pitch = await makeGridPitch(eventId, { title: "Mine", hostIds: [host.id] });
    await expect(restorePitch(eventId, pitch, ORGANISER)).rejects.toThrow(/not withdrawn/);
    await withdrawPitch(eventId, pitch, { kind: "attendee", registrationId: host.id });
    expect((await restorePitch(eventId, pitch, ORGANISER)).placedIn).toBeNull();
    expect((await pitchRow(pitch)).status).toBe("open");
  });
});

describe("the limit of five open pitches per host", () => {
  it("refuses to restore a pitch whose host has five open pitches meanwhile, changing nothing, with a clear message on the organiser's page", async () => {
    const { event } = await makeEvent({ organiser: ORGANISER });
    const [ticketRow] = rowsOf<{ id: number }>(await query({ sql: "SELECT id FROM ticket_types WHERE event_id = ?", args: [event.id] }));
    const host = await makeRegistration(event.id, Number(ticketRow.id), { name: "Sam Host" });
    const pitch = await makeGridPitch(event.id, { title: "First idea", hostIds: [host.id] });
    await withdrawPitch(event.id, pitch, { kind: "organiser", email: ORGANISER });
    const others = [];
    for (let i = 0; i < 5; i++) others.push(await makeGridPitch(event.id, { title: `Idea ${i}`, hostIds: [host.id] }));
    const historyBefore = (await listGridHistory(event.id)).length;
    await expect(restorePitch(event.id, pitch, ORGANISER)).rejects.toThrow("“First idea” cannot be restored: Sam Host already has 5 open pitches, the most anyone can have. Withdraw or merge one of them first, then try again.");
    expect((await pitchRow(pitch)).status).toBe("withdrawn");
    expect((await listGridHistory(event.id)).length).toBe(historyBefore);
    expect(await subjectsTo(host.email)).toEqual([expect.stringMatching(/has been withdrawn$/)]);
    // Through the organiser's pitch page (no JavaScript): the form's error summary says why.
    const cookie = await organiserCookie(ORGANISER);
    const path = `/organise/${event.slug}/pitches/${pitch}`;
    const request = new Request(`http://pitchgrid.test${path}`, { method: "POST", body: new URLSearchParams({ intent: "restore" }), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
    const refused = await run(() => organiserPitchRoute.action({ request, params: { slug: event.slug, id: String(pitch) }, context: {} }));
    expect(refused).toMatchObject({ status: 409, body: { errors: { form: [expect.stringContaining("Sam Host already has 5 open pitches")] } } });
    // One of the others withdrawn: now it can come back.
    await withdrawPitch(event.id, others[0], { kind: "organiser", email: ORGANISER });
    await restorePitch(event.id, pitch, ORGANISER);
    expect((await pitchRow(pitch)).status).toBe("open");
  });
});
