import { beforeEach, describe, expect, it } from "vitest";
import { DomainError, firstRow, query, resetRateLimitsForTests, rowsOf } from "../platform";
import {
  answerCoHostInvitation,
  createPitch,
  editPitch,
  findPitch,
  listPitchesForOrganiser,
  markInterest,
  mergePitches,
  PitchRefused,
  setPitchingOpen,
  unmarkInterest,
  withdrawPitch,
} from ".";
import { PitchFormSchema, type PitchInput } from "~/domain/pitch-rules";
import { loadSchedule } from "../schedule";
import { makeEvent, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";

const input = (overrides: Partial<Record<keyof PitchInput, unknown>> = {}): PitchInput =>
  PitchFormSchema.parse({ title: "Open data in planning", description: "Let us share what works.", format: "discussion", needs: [], avoidSlotIds: [], coHosts: "", ...overrides });

async function emailsTo(address: string) {
  return rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}

async function pitchRow(id: number) {
  return firstRow<{ status: string; sequence: number; updated_at: string; merged_into_id: number | null }>(
    await query({ sql: "SELECT status, sequence, updated_at, merged_into_id FROM pitches WHERE id = ?", args: [id] }),
  )!;
}

async function scheduleChangedAt(eventId: number) {
  return firstRow<{ at: string | null }>(await query({ sql: "SELECT schedule_changed_at AS at FROM events WHERE id = ?", args: [eventId] }))!.at;
}

async function place(eventId: number, pitchId: number) {
  const room = await makeRoom(eventId);
  const slot = await makeSlot(eventId, new Date("2026-11-28T10:30:00Z"));
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [pitchId, eventId, room, slot, new Date().toISOString()] });
}

beforeEach(() => resetRateLimitsForTests());

describe("creating pitches", () => {
  it("stores the pitch with its host and invites co-hosts by email with their private link", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id, { name: "Amara Okafor" });
    const friend = await makeRegistration(event.id, ticket.id, { name: "Ben Whitfield" });
    const slot = await makeSlot(event.id, new Date("2026-11-28T15:00:00Z"));
    const pitch = await createPitch(event.id, host.id, input({ coHosts: friend.email.toUpperCase(), needs: ["screen"], avoidSlotIds: [String(slot)] }));
    expect(pitch).toMatchObject({ title: "Open data in planning", status: "open", needs: ["screen"], avoidSlotIds: [slot], interest: 0, placed: false });
    expect(pitch.hosts.map((h) => [h.name, h.role])).toEqual([
      ["Amara Okafor", "host"],
      ["Ben Whitfield", "co-host-invited"],
    ]);
    const [invite] = await emailsTo(friend.email);
    expect(invite.subject).toBe(`Will you co-host a session at ${event.name}?`);
    expect(invite.text_body).toContain("Amara Okafor has asked you to co-host");
    expect(invite.text_body).toMatch(/http:\/\/pitchgrid\.test\/r\/[A-Za-z0-9_-]{20,}/);
    expect(invite.text_body).toContain(`/events/${event.slug}/pitches/${pitch.id}`);
  });

  it("lets the co-host accept, after which they are listed as a host; declining removes the invitation", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const yes = await makeRegistration(event.id, ticket.id, { name: "Yes Person" });
    const no = await makeRegistration(event.id, ticket.id, { name: "No Person" });
    const pitch = await createPitch(event.id, host.id, input({ coHosts: `${yes.email}, ${no.email}` }));
    await answerCoHostInvitation(event.id, pitch.id, yes.id, true);
    await answerCoHostInvitation(event.id, pitch.id, no.id, false);
    const after = (await findPitch(event.id, pitch.id))!;
    expect(after.hosts.map((h) => [h.name, h.role])).toEqual([
      ["Pat Example", "host"],
      ["Yes Person", "co-host"],
    ]);
    await expect(answerCoHostInvitation(event.id, pitch.id, no.id, true)).rejects.toThrow(PitchRefused);
    const schedule = (await loadSchedule(event.id))!;
    expect(schedule.sessions[0].hosts.map((h) => h.name)).toEqual(["Pat Example", "Yes Person"]);
  });

  it("refuses co-hosts who are not confirmed attendees of this event, and the host themself", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const elsewhere = await makeRegistration(other.event.id, other.ticket.id);
    const waiting = await makeRegistration(event.id, ticket.id, { status: "waiting" });
    for (const coHosts of [elsewhere.email, waiting.email, "nobody@leeds.gov.uk", host.email]) {
      const error = await createPitch(event.id, host.id, input({ coHosts })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PitchRefused);
      expect((error as PitchRefused).field).toBe("coHosts");
    }
    expect(await listPitchesForOrganiser(event.id)).toEqual([]);
  });

  it("refuses avoided times that are not this event's session slots", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const lunch = await makeSlot(event.id, new Date("2026-11-28T12:00:00Z"), 60, "break", "Lunch");
    const foreign = await makeSlot(other.event.id, new Date("2026-11-28T10:00:00Z"));
    for (const id of [lunch, foreign]) {
      await expect(createPitch(event.id, host.id, input({ avoidSlotIds: [String(id)] }))).rejects.toMatchObject({ field: "avoidSlotIds" });
    }
  });

  it("allows at most five open pitches per person; a withdrawn one frees a place", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createPitch(event.id, host.id, input({ title: `Pitch number ${i}` })));
    await expect(createPitch(event.id, host.id, input({ title: "One too many" }))).rejects.toThrow(/already have 5 open pitches/);
    await withdrawPitch(event.id, made[0].id, { kind: "attendee", registrationId: host.id });
    await expect(createPitch(event.id, host.id, input({ title: "Now allowed" }))).resolves.toMatchObject({ title: "Now allowed" });
  });

  it("holds the limit when six pitches arrive at once", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const results = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => createPitch(event.id, host.id, input({ title: `Rush ${i}` }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
  });

  it("refuses people who are not confirmed attendees of the event (403)", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    const cancelled = await makeRegistration(event.id, ticket.id, { status: "cancelled" });
    const elsewhere = await makeRegistration(other.event.id, other.ticket.id);
    for (const id of [cancelled.id, elsewhere.id, 999_999]) {
      const error = await createPitch(event.id, id, input()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).status).toBe(403);
    }
  });

  it("is closed to attendees when the organiser closes pitching, but an organiser can still add one for someone", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    await setPitchingOpen(event.id, false);
    await expect(createPitch(event.id, host.id, input())).rejects.toThrow(/Pitching is closed/);
    const pitch = await createPitch(event.id, host.id, input({ title: "Pitched at the station" }), { kind: "organiser", email: "organiser@council.test" });
    expect(pitch.hosts[0]).toMatchObject({ registrationId: host.id, role: "host" });
    await expect(createPitch(event.id, 123456, input(), { kind: "organiser", email: "organiser@council.test" })).rejects.toMatchObject({ field: "hostRegistrationId" });
  });

});

describe("editing and withdrawing", () => {
  it("lets the host edit: a new title raises the sequence and marks the schedule changed", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const pitch = await createPitch(event.id, host.id, input());
    const before = await pitchRow(pitch.id);
    await editPitch(event.id, pitch.id, { kind: "attendee", registrationId: host.id }, input({ description: "Only the description" }), new Date(Date.now() + 1000));
    const descriptionOnly = await pitchRow(pitch.id);
    expect(descriptionOnly.sequence).toBe(before.sequence);
    expect(descriptionOnly.updated_at > before.updated_at).toBe(true);
    const at = new Date(Date.now() + 2000);
    await editPitch(event.id, pitch.id, { kind: "attendee", registrationId: host.id }, input({ title: "Open data in planning and housing" }), at);
    expect((await pitchRow(pitch.id)).sequence).toBe(before.sequence + 1);
    expect(await scheduleChangedAt(event.id)).toBe(at.toISOString());
  });

  it("refuses edits by anyone but the hosts (403)", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const stranger = await makeRegistration(event.id, ticket.id);
    const pitch = await createPitch(event.id, host.id, input());
    const error = await editPitch(event.id, pitch.id, { kind: "attendee", registrationId: stranger.id }, input({ title: "Hijacked" })).catch((e: unknown) => e);
    expect((error as Response).status).toBe(403);
    const withdraw = await withdrawPitch(event.id, pitch.id, { kind: "attendee", registrationId: stranger.id }).catch((e: unknown) => e);
    expect((withdraw as Response).status).toBe(403);
    expect((await findPitch(event.id, pitch.id))!.title).toBe("Open data in planning");
  });

  it("sends the host to an organiser once the pitch is on the grid; the organiser can still withdraw it, which frees the cell and emails the host", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const pitch = await createPitch(event.id, host.id, input());
    await place(event.id, pitch.id);
    await expect(editPitch(event.id, pitch.id, { kind: "attendee", registrationId: host.id }, input({ title: "Changed" }))).rejects.toThrow(/Ask an organiser/);
    await expect(withdrawPitch(event.id, pitch.id, { kind: "attendee", registrationId: host.id })).rejects.toThrow(/Ask an organiser/);
    const before = await pitchRow(pitch.id);
    const at = new Date(Date.now() + 1000);
    await withdrawPitch(event.id, pitch.id, { kind: "organiser", email: "organiser@council.test" }, at);
    const after = await pitchRow(pitch.id);
    expect(after.status).toBe("withdrawn");
    expect(after.sequence).toBe(before.sequence + 1);
    expect(after.updated_at).toBe(at.toISOString());
    expect(await scheduleChangedAt(event.id)).toBe(at.toISOString());
    expect(firstRow(await query({ sql: "SELECT 1 FROM placements WHERE pitch_id = ?", args: [pitch.id] }))).toBeUndefined();
    const [email] = await emailsTo(host.email);
    expect(email.subject).toBe(`Your session at ${event.name} has been withdrawn`);
    expect(email.text_body).toContain("taken it off the grid");
    expect(email.text_body).toMatch(/\/r\/[A-Za-z0-9_-]{20,}/);
  });

  it("lets an organiser rename a pitch already on the grid: sequence up, schedule changed, still placed", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const pitch = await createPitch(event.id, host.id, input());
    await place(event.id, pitch.id);
    const before = await pitchRow(pitch.id);
    const at = new Date(Date.now() + 5000);
    await editPitch(event.id, pitch.id, { kind: "organiser", email: "organiser@council.test" }, input({ title: "Open data in planning (room change)" }), at);
    expect(await pitchRow(pitch.id)).toMatchObject({ sequence: before.sequence + 1, updated_at: at.toISOString() });
    expect(await scheduleChangedAt(event.id)).toBe(at.toISOString());
    expect((await findPitch(event.id, pitch.id))!.placed).toBe(true);
  });

  it("replaces the co-host list on edit: new people are invited, removed ones dropped", async () => {
    const { event, ticket } = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const a = await makeRegistration(event.id, ticket.id, { name: "A" });
    const b = await makeRegistration(event.id, ticket.id, { name: "B" });
    const pitch = await createPitch(event.id, host.id, input({ coHosts: a.email }));
    await answerCoHostInvitation(event.id, pitch.id, a.id, true);
    await editPitch(event.id, pitch.id, { kind: "attendee", registrationId: host.id }, input({ coHosts: b.email }));
    expect((await findPitch(event.id, pitch.id))!.hosts.map((h) => [h.name, h.role])).toEqual([
      ["Pat Example", "host"],
      ["B", "co-host-invited"],
    ]);
    expect(await emailsTo(b.email)).toHaveLength(1);
  });
});

describe("I'd go", () => {
  it("counts 100 people marking at once exactly once each, however often their marks arrive", async () => {
    const { event, ticket } = await makeEvent({ quota: 200 });
    const host = await makeRegistration(event.id, ticket.id);
    const pitch = await createPitch(event.id, host.id, input());
    const people = await Promise.all(Array.from({ length: 100 }, () => makeRegistration(event.id, ticket.id)));
    const marks = [...people, ...people.slice(0, 40)].map((p) => markInterest(event.id, pitch.id, p.id));
    await Promise.all(marks);
    expect((await findPitch(event.id, pitch.id))!.interest).toBe(100);
    const rows = rowsOf<{ n: number }>(await query({ sql: "SELECT COUNT(*) AS n FROM pitch_interest WHERE pitch_id = ?", args: [pitch.id] }));
    expect(Number(rows[0].n)).toBe(100);
    // Unmarking and marking again at the same time settles with each person at most once.
    await Promise.all(people.slice(0, 50).flatMap((p) => [unmarkInterest(event.id, pitch.id, p.id), markInterest(event.id, pitch.id, p.id)]));
    expect((await findPitch(event.id, pitch.id))!.interest).toBe(100);
    await Promise.all(people.slice(0, 30).map((p) => unmarkInterest(event.id, pitch.id, p.id)));
    expect((await findPitch(event.id, pitch.id))!.interest).toBe(70);
  });

  it("refuses marks from non-attendees, other events' attendees and cancelled ones, and on closed pitches", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    const host = await makeRegistration(event.id, ticket.id);
    const pitch = await createPitch(event.id, host.id, input());
    const cancelled = await makeRegistration(event.id, ticket.id, { status: "cancelled" });
    const elsewhere = await makeRegistration(other.event.id, other.ticket.id);
    for (const id of [cancelled.id, elsewhere.id, 424242]) {
      const error = await markInterest(event.id, pitch.id, id).catch((e: unknown) => e);
      expect((error as Response).status).toBe(403);
    }
    const missing = await markInterest(event.id, 999_999, host.id).catch((e: unknown) => e);
    expect((missing as Response).status).toBe(404);
    const otherPitch = await createPitch(other.event.id, elsewhere.id, input());
    expect(((await markInterest(event.id, otherPitch.id, host.id).catch((e: unknown) => e)) as Response).status).toBe(404);
    await withdrawPitch(event.id, pitch.id, { kind: "attendee", registrationId: host.id });
    expect(((await markInterest(event.id, pitch.id, host.id).catch((e: unknown) => e)) as Response).status).toBe(409);
    expect((await findPitch(event.id, pitch.id))!.interest).toBe(0);
  });

});

describe("merging duplicates", () => {
  it("combines interest and hosts, counts someone who marked both once, and retires the duplicate", async () => {
    const { event, ticket } = await makeEvent();
    const amara = await makeRegistration(event.id, ticket.id, { name: "Amara" });
    const ben = await makeRegistration(event.id, ticket.id, { name: "Ben" });
    const voters = await Promise.all(Array.from({ length: 5 }, () => makeRegistration(event.id, ticket.id)));
    const kept = await createPitch(event.id, amara.id, input({ title: "Open data" }));
    const duplicate = await createPitch(event.id, ben.id, input({ title: "Opening up our data" }));
    await place(event.id, duplicate.id);
    for (const v of voters.slice(0, 3)) await markInterest(event.id, kept.id, v.id);
    for (const v of voters.slice(2)) await markInterest(event.id, duplicate.id, v.id);
    const before = await pitchRow(duplicate.id);

    const merged = await mergePitches(event.id, kept.id, duplicate.id);
    expect(merged.interest).toBe(5);
    expect(merged.hosts.map((h) => [h.name, h.role])).toEqual([
      ["Amara", "host"],
      ["Ben", "co-host"],
    ]);
    const gone = await pitchRow(duplicate.id);
    expect(gone).toMatchObject({ status: "merged", merged_into_id: kept.id, sequence: before.sequence + 1 });
    expect(firstRow(await query({ sql: "SELECT 1 FROM placements WHERE pitch_id = ?", args: [duplicate.id] }))).toBeUndefined();
    const [email] = await emailsTo(ben.email);
    expect(email.subject).toBe(`Your session at ${event.name} has been combined with a similar one`);
    expect(email.text_body).toContain(`/events/${event.slug}/pitches/${kept.id}`);

    // The organiser list shows the merge; the grid read model counts the kept pitch's interest.
    const list = await listPitchesForOrganiser(event.id);
    expect(list.find((p) => p.id === duplicate.id)).toMatchObject({ status: "merged", mergedIntoId: kept.id, placed: false });
    expect((await loadSchedule(event.id))!.sessions.find((s) => s.pitchId === kept.id)!.interest).toBe(5);
    // A second merge of the same duplicate, or a pitch into itself, is refused.
    await expect(mergePitches(event.id, kept.id, duplicate.id)).rejects.toThrow(/already been withdrawn or merged/);
    await expect(mergePitches(event.id, kept.id, kept.id)).rejects.toThrow(/two different/);
  });

  it("refuses to merge pitches of another event", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    const a = await createPitch(event.id, (await makeRegistration(event.id, ticket.id)).id, input());
    const b = await createPitch(other.event.id, (await makeRegistration(other.event.id, other.ticket.id)).id, input());
    await expect(mergePitches(event.id, a.id, b.id)).rejects.toThrow(/this event/);
    expect((await pitchRow(b.id)).status).toBe("open");
  });
});
