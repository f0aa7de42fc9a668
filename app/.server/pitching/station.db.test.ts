import { describe, expect, it } from "vitest";
import { firstRow, query } from "../platform";
import { joinPitchQueue, listPitchesForOrganiser, pitchQueueView, recordStationPitch, stationPitches, updatePitchQueue, WALK_IN_REASON } from ".";
import { stationPitchSchema } from "~/domain/pitch-queue";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";

const input = (fields: Record<string, unknown>) => stationPitchSchema.parse({ format: "discussion", hostRegistrationId: "", ...fields });

describe("recording a pitch at the station", () => {
  it("records a registered host's pitch, who stood up for them, and who typed it, in the pool", async () => {
    const { event, ticket } = await makeEvent();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    const outcome = await recordStationPitch(event, "volunteer@council.test", input({ title: "Bins and AI", hostRegistrationId: String(pat.id), needs: ["screen"], pitchedBy: "Vic Volunteer" }));
    expect(outcome).toMatchObject({ hostName: "Pat Host", walkInAdded: false, calledNext: null, pitch: { title: "Bins and AI", needs: ["screen"], status: "open", placed: false } });
    const row = firstRow<{ pitched_by: string; station_recorded_by: string }>(await query({ sql: "SELECT pitched_by, station_recorded_by FROM pitches WHERE id = ?", args: [outcome.pitch.id] }))!;
    expect(row).toEqual({ pitched_by: "Vic Volunteer", station_recorded_by: "volunteer@council.test" });
    expect(await stationPitches(event.id)).toEqual([expect.objectContaining({ title: "Bins and AI", hosts: "Pat Host", pitchedBy: "Vic Volunteer" })]);
    const pool = (await listPitchesForOrganiser(event.id)).filter((p) => p.title === "Bins and AI");
    expect(pool).toHaveLength(1);
  });

  it("adds a typed walk-in as a checked-in person who hosts, and reuses someone with that name", async () => {
    const { event, ticket } = await makeEvent({ rule: "council-only", quota: 1 });
    await makeRegistration(event.id, ticket.id, { name: "Full House" });
    const walkIn = await recordStationPitch(event, "organiser@council.test", input({ title: "Walk-in ideas", walkInName: "Wendy Walkin" }));
    expect(walkIn).toMatchObject({ hostName: "Wendy Walkin", walkInAdded: true });
    const person = firstRow<{ status: string; checked_in_at: string | null; added_reason: string; added_by: string }>(
      await query({ sql: "SELECT status, checked_in_at, added_reason, added_by FROM registrations WHERE id = ?", args: [walkIn.pitch.hosts[0].registrationId] }),
    )!;
    expect(person).toMatchObject({ status: "confirmed", added_by: "organiser@council.test" });
    expect(person.checked_in_at).not.toBeNull();
    expect(person.added_reason).toContain(WALK_IN_REASON);
    // Typing the same name again (any case) finds Wendy rather than adding a second Wendy.
    const again = await recordStationPitch(event, "organiser@council.test", input({ title: "More walk-in ideas", walkInName: "wendy walkin" }));
    expect(again).toMatchObject({ walkInAdded: false });
    expect(again.pitch.hosts[0].registrationId).toBe(walkIn.pitch.hosts[0].registrationId);
  });

  it("refuses a typed name two people share, and a host without a place", async () => {
    const { event, ticket } = await makeEvent();
    await makeRegistration(event.id, ticket.id, { name: "Sam Smith" });
    await makeRegistration(event.id, ticket.id, { name: "Sam Smith" });
    await expect(recordStationPitch(event, "o@council.test", input({ title: "Twins", walkInName: "Sam Smith" }))).rejects.toThrow(/2 people called Sam Smith/);
    const waiting = await makeRegistration(event.id, ticket.id, { status: "waiting" });
    await expect(recordStationPitch(event, "o@council.test", input({ title: "Nope", hostRegistrationId: String(waiting.id) }))).rejects.toThrow(/confirmed attendee/);
  });

  it("marks the queue's current pitcher as pitched and calls the next, in the pitch's transaction", async () => {
    const { event, ticket } = await makeEvent();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat" });
    const first = await joinPitchQueue(event.id, { registrationId: pat.id }, "Bins", "station");
    await joinPitchQueue(event.id, { name: "Bo" }, "", "station");
    await updatePitchQueue(event.id, "start", null);
    const outcome = await recordStationPitch(event, "o@council.test", input({ title: "Bins and AI", hostRegistrationId: String(pat.id), entryId: String(first.entryId) }));
    expect(outcome.calledNext).toBe("Bo");
    const view = await pitchQueueView(event.id);
    expect(view.entries[0]).toMatchObject({ status: "pitched", pitchId: outcome.pitch.id, pitchTitle: "Bins and AI" });
    expect(view.current?.name).toBe("Bo");
    // Recording again for Pat's finished place is refused, and no second pitch is left behind.
    await expect(recordStationPitch(event, "o@council.test", input({ title: "Bins again", hostRegistrationId: String(pat.id), entryId: String(first.entryId) }))).rejects.toThrow(/no longer waiting/);
    expect((await listPitchesForOrganiser(event.id)).map((p) => p.title)).toEqual(["Bins and AI"]);
  });
});
