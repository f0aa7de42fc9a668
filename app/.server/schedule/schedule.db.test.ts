import { beforeAll, describe, expect, it } from "vitest";
import { firstRow, getDb, query } from "../platform";
import { setCellClosed, setPublished, unschedulePitch } from "../grid";
import { editPitch, markInterest, unmarkInterest } from "../pitching";
import { registerForEvent } from "../registration";
import { PitchFormSchema } from "~/domain/pitch-rules";
import { seedDemoSchedule, type DemoSchedule } from "../../../tests/support/demo-schedule";
import { findScheduleVersion, loadSchedule } from "./schedule";

// The schedule version is read from the event's row (a counter moved by triggers, migration
// 0023) instead of counting every pitch, host and "I'd go" mark on each request: every kind of
// change the public pages show must still move it, in the transaction of the change.

let demo: DemoSchedule;
const slug = "version-camp";
const organiser = "organiser@council.test";

beforeAll(async () => {
  demo = await seedDemoSchedule(await getDb(), { slug, sessions: 12, rooms: 3, attendees: 30 });
});

async function state() {
  const row = firstRow<{ schedule_version: number }>(await query({ sql: "SELECT schedule_version FROM events WHERE id = ?", args: [demo.eventId] }))!;
  return { counter: Number(row.schedule_version), version: (await findScheduleVersion(slug))!.version };
}

async function expectMoved(change: () => Promise<unknown>) {
  const before = await state();
  await change();
  const after = await state();
  expect(after.counter).toBeGreaterThan(before.counter);
  expect(after.version).not.toBe(before.version);
}

const gridVersion = async () => (await loadSchedule(demo.eventId))!.gridVersion;

describe("the schedule version", () => {
  it("moves with a grid change: a session taken off the grid, a cell closed", async () => {
    await expectMoved(async () => unschedulePitch(demo.eventId, organiser, await gridVersion(), demo.pitchIds[0]));
    const schedule = (await loadSchedule(demo.eventId))!;
    const taken = new Set(schedule.sessions.map((s) => `${s.roomId}:${s.slotId}`));
    const free = demo.sessionSlotIds.flatMap((slotId) => demo.roomIds.map((roomId) => ({ roomId, slotId }))).find((c) => !taken.has(`${c.roomId}:${c.slotId}`))!;
    await expectMoved(async () => setCellClosed(demo.eventId, organiser, await gridVersion(), free.roomId, free.slotId, true));
  });

  it("moves with an \"I'd go\" mark taken back and given again", async () => {
    const mark = firstRow<{ pitch_id: number; registration_id: number }>(
      await query({ sql: "SELECT pitch_id, registration_id FROM pitch_interest WHERE pitch_id = ? LIMIT 1", args: [demo.pitchIds[1]] }),
    )!;
    await expectMoved(() => unmarkInterest(demo.eventId, Number(mark.pitch_id), Number(mark.registration_id)));
    await expectMoved(() => markInterest(demo.eventId, Number(mark.pitch_id), Number(mark.registration_id)));
  });

  it("moves with a pitch edit", async () => {
    await expectMoved(() =>
      editPitch(demo.eventId, demo.pitchIds[2], { kind: "organiser", email: organiser }, PitchFormSchema.parse({ title: "A new title", description: "New words.", format: "workshop", needs: [], avoidSlotIds: [], coHosts: "" })),
    );
  });

  it("moves with publication and unpublication", async () => {
    await expectMoved(async () => setPublished(demo.eventId, organiser, await gridVersion(), false));
    await expectMoved(async () => setPublished(demo.eventId, organiser, await gridVersion(), true));
  });

  it("moves when a host's name changes, which the grid shows", async () => {
    const host = demo.hostsOf.get(demo.pitchIds[3])![0];
    await expectMoved(() => query({ sql: "UPDATE registrations SET name = 'Renamed Host' WHERE id = ?", args: [host] }));
  });

  it("stays put for a change the schedule does not show: someone registering", async () => {
    const before = await state();
    const outcome = await registerForEvent(slug, { name: "New Person", email: "new.person@guildford.gov.uk", organisation: "Guildford Borough Council", jobRole: "", accessNeeds: "", dietaryNeeds: "", ticketTypeId: demo.ticketTypeId });
    expect(outcome).toBeTruthy();
    expect(await state()).toEqual(before);
  });
});
