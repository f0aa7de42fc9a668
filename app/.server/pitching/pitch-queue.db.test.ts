import { describe, expect, it } from "vitest";
import { DomainError, query, rowsOf } from "../platform";
import { joinPitchQueue, pitchQueueVersion, pitchQueueView, queuePlaceByToken, queuePlaceForAttendee, savePitchQueueSettings, updatePitchQueue } from ".";
import { applyRetention, eraseRegistration } from "../registration";
import { recordStationPitch } from "./station";
import { stationPitchSchema } from "~/domain/pitch-queue";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";

const order = async (eventId: number) => (await pitchQueueView(eventId)).entries.map((e) => `${e.number}:${e.name}:${e.status}`);

describe("the pitch queue", () => {
  it("is closed to phones until opened, while the station can always add people", async () => {
    const { event } = await makeEvent();
    await expect(joinPitchQueue(event.id, { name: "Ann" }, "", "self")).rejects.toThrow(/not open yet/);
    expect(await joinPitchQueue(event.id, { name: "Ann" }, "", "station")).toMatchObject({ number: 1, token: null, already: false });
    await savePitchQueueSettings(event.id, { countdownSeconds: 45, joiningOpen: true });
    const bo = await joinPitchQueue(event.id, { name: "Bo" }, "Bins and AI", "self");
    expect(bo).toMatchObject({ number: 2, already: false });
    expect(bo.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const view = await pitchQueueView(event.id);
    expect(view.settings).toMatchObject({ joiningOpen: true, countdownSeconds: 45 });
    expect(view.next?.name).toBe("Ann");
    expect(view.current).toBeNull();
    const place = await queuePlaceByToken(event.id, bo.token);
    expect(place).toMatchObject({ position: 2, entry: { name: "Bo", title: "Bins and AI", status: "waiting" } });
    expect(await queuePlaceByToken(event.id, "not-a-token")).toBeNull();
  });

  it("calls people in order, marks them pitched or skipped, and knows who is next", async () => {
    const { event, ticket } = await makeEvent();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat" });
    await joinPitchQueue(event.id, { name: "Ann" }, "", "station");
    await joinPitchQueue(event.id, { registrationId: pat.id }, "", "station");
    await joinPitchQueue(event.id, { name: "Cy" }, "", "station");
    const before = await pitchQueueVersion(event.id);

    await expect(updatePitchQueue(event.id, "pitched", (await pitchQueueView(event.id)).next!.id)).rejects.toThrow(/no longer at the microphone/);
    expect(await updatePitchQueue(event.id, "start", null)).toMatchObject({ current: { name: "Ann" } });
    expect(await pitchQueueVersion(event.id)).not.toBe(before);
    await expect(updatePitchQueue(event.id, "start", null)).rejects.toThrow(/Ann is pitching now/);
    expect(await queuePlaceForAttendee(event.id, pat.id)).toMatchObject({ position: 1, current: { name: "Ann" } });

    const ann = (await pitchQueueView(event.id)).current!;
    expect(await updatePitchQueue(event.id, "pitched", ann.id)).toMatchObject({ finished: { name: "Ann" }, current: { name: "Pat" } });
    // A second tap from a page still showing Ann finishes nobody else.
    await expect(updatePitchQueue(event.id, "skipped", ann.id)).rejects.toThrow(DomainError);
    expect(await queuePlaceForAttendee(event.id, pat.id)).toMatchObject({ position: 0 });
    const patEntry = (await pitchQueueView(event.id)).current!;
    expect(await updatePitchQueue(event.id, "skipped", patEntry.id)).toMatchObject({ current: { name: "Cy" } });
    expect(await queuePlaceForAttendee(event.id, pat.id)).toMatchObject({ position: null, entry: { status: "skipped" } });
    const cy = (await pitchQueueView(event.id)).current!;
    expect(await updatePitchQueue(event.id, "pitched", cy.id)).toMatchObject({ current: null });
    expect(await order(event.id)).toEqual(["1:Ann:pitched", "2:Pat:skipped", "3:Cy:pitched"]);
    await expect(updatePitchQueue(event.id, "start", null)).rejects.toThrow(/Nobody is waiting/);
  });

  it("takes a waiting person off the queue, and lets a skipped attendee join again at the end", async () => {
    const { event, ticket } = await makeEvent();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat" });
    const first = await joinPitchQueue(event.id, { registrationId: pat.id }, "", "station");
    await joinPitchQueue(event.id, { name: "Bo" }, "", "station");
    await updatePitchQueue(event.id, "remove", first.entryId);
    await expect(updatePitchQueue(event.id, "remove", first.entryId)).rejects.toThrow(/not waiting/);
    const again = await joinPitchQueue(event.id, { registrationId: pat.id }, "", "station");
    expect(again).toMatchObject({ number: 3, already: false });
    expect(await queuePlaceForAttendee(event.id, pat.id)).toMatchObject({ position: 2 });
  });

  it("gives joins arriving together distinct numbers, and queues an attendee tapping twice once", async () => {
    const { event, ticket } = await makeEvent();
    await savePitchQueueSettings(event.id, { countdownSeconds: 30, joiningOpen: true });
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => makeRegistration(event.id, ticket.id, { name: `Person ${i}` })));
    const joins = await Promise.all([
      ...people.map((p) => joinPitchQueue(event.id, { registrationId: p.id }, "", "self")),
      ...people.slice(0, 6).map((p) => joinPitchQueue(event.id, { registrationId: p.id }, "", "self")),
      ...Array.from({ length: 8 }, (_, i) => joinPitchQueue(event.id, { name: `Walk-in ${i}` }, "", "self")),
    ]);
    expect(joins.filter((j) => j.already)).toHaveLength(6);
    const rows = rowsOf<{ number: number; registration_id: number | null }>(await query({ sql: "SELECT number, registration_id FROM pitch_queue_entries WHERE event_id = ? ORDER BY number", args: [event.id] }));
    expect(rows.map((r) => Number(r.number))).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.filter((r) => r.registration_id !== null).map((r) => r.registration_id)).size).toBe(12);
    // The second tap answers with the first tap's place.
    const firstJoin = joins[0];
    expect(joins[12]).toMatchObject({ entryId: firstJoin.entryId, number: firstJoin.number });
  });

  it("refuses someone without a confirmed place from the list", async () => {
    const { event, ticket } = await makeEvent();
    const waiting = await makeRegistration(event.id, ticket.id, { status: "waiting" });
    await expect(joinPitchQueue(event.id, { registrationId: waiting.id }, "", "station")).rejects.toThrow(/confirmed place/);
  });

  it("forgets names: an erased attendee's at once, typed names and who pitched with everyone else's", async () => {
    const startsAt = new Date(Date.now() - 100 * 86400_000);
    const { event, ticket } = await makeEvent({ startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3600_000) });
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Erased" });
    const host = await makeRegistration(event.id, ticket.id, { name: "Hana Host" });
    await joinPitchQueue(event.id, { registrationId: pat.id }, "Bins", "station");
    await joinPitchQueue(event.id, { name: "Wendy Typed" }, "Potholes", "station");
    await recordStationPitch(event, "o@council.test", stationPitchSchema.parse({ title: "Open data", hostRegistrationId: String(host.id), format: "discussion", pitchedBy: "Vic Volunteer" }));
    await eraseRegistration(pat.id);
    expect(await order(event.id)).toEqual(["1::waiting", "2:Wendy Typed:waiting"]);
    await applyRetention(new Date());
    expect(await order(event.id)).toEqual(["1::waiting", "2::waiting"]);
    const left = rowsOf<{ pitched_by: string }>(await query({ sql: "SELECT pitched_by FROM pitches WHERE event_id = ?", args: [event.id] }));
    expect(left).toEqual([{ pitched_by: "" }]);
  });
});
