import { beforeEach, describe, expect, it } from "vitest";
import { SlotPlanSchema } from "~/domain/slot-plan";
import { zonedToUtc } from "~/domain/time";
import { listSlots } from "../events";
import { VenueRefused } from "./venue";
import { makeEvent, makeSlot } from "../../../tests/support/factories";
import { createSlotsFromPlan } from "./bulk-slots";

const LONDON = "Europe/London";
let eventId: number;
const plan = (fields: Record<string, string>) => SlotPlanSchema.parse({ date: "2026-06-01", start: "10:00", length: "45", count: "3", ...fields });

beforeEach(async () => {
  const { event } = await makeEvent({ startsAt: zonedToUtc("2026-06-01", "09:00", LONDON), endsAt: zonedToUtc("2026-06-01", "17:00", LONDON) });
  eventId = event.id;
});

describe("adding several slots at once", () => {
  it("adds sessions and a break in one go, in the event's zone (BST)", async () => {
    expect(await createSlotsFromPlan(eventId, plan({ gap: "15", breakAfter: "2", breakLength: "60", breakLabel: "Lunch" }))).toEqual({ sessions: 3, breaks: 1 });
    const slots = await listSlots(eventId);
    expect(slots.map((s) => [s.startsAt, s.endsAt, s.kind, s.label])).toEqual([
      ["2026-06-01T09:00:00.000Z", "2026-06-01T09:45:00.000Z", "session", ""],
      ["2026-06-01T10:00:00.000Z", "2026-06-01T10:45:00.000Z", "session", ""],
      ["2026-06-01T10:45:00.000Z", "2026-06-01T11:45:00.000Z", "break", "Lunch"],
      ["2026-06-01T11:45:00.000Z", "2026-06-01T12:30:00.000Z", "session", ""],
    ]);
  });

  it("adds none when one would overlap a slot the event already has, and says which", async () => {
    await makeSlot(eventId, zonedToUtc("2026-06-01", "11:00", LONDON), 30);
    const error = await createSlotsFromPlan(eventId, plan({ gap: "15" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VenueRefused);
    expect((error as VenueRefused).message).toBe("The slot 11:00 to 11:45 cannot be added: this overlaps the session slot 11am to 11:30am: session slots cannot overlap. No slots were added");
    expect(await listSlots(eventId)).toHaveLength(1);
  });

  it("refuses a day that is not the event's", async () => {
    const error = (await createSlotsFromPlan(eventId, plan({ date: "2026-06-02" })).catch((e: unknown) => e)) as VenueRefused;
    expect(error.field).toBe("date");
    expect(await listSlots(eventId)).toHaveLength(0);
  });
});
