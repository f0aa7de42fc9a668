import { describe, expect, it } from "vitest";
import { planSlots, SlotPlanSchema } from "./slot-plan";

const parse = (fields: Record<string, string>) => SlotPlanSchema.safeParse({ date: "2026-06-01", start: "10:00", length: "45", count: "4", ...fields });
const plan = (fields: Record<string, string>) => {
  const parsed = parse(fields);
  if (!parsed.success) throw new Error(parsed.error.message);
  return planSlots(parsed.data);
};
const times = (result: ReturnType<typeof planSlots>) => (result.ok ? result.slots.map((s) => `${s.start}-${s.end}${s.kind === "break" ? ` ${s.label}` : ""}`) : result.message);

describe("planning several slots at once", () => {
  it("lays sessions end to end, with a gap, and a break after one of them", () => {
    expect(times(plan({}))).toEqual(["10:00-10:45", "10:45-11:30", "11:30-12:15", "12:15-13:00"]);
    expect(times(plan({ gap: "15" }))).toEqual(["10:00-10:45", "11:00-11:45", "12:00-12:45", "13:00-13:45"]);
    expect(times(plan({ gap: "15", breakAfter: "2", breakLength: "60", breakLabel: "Lunch" }))).toEqual([
      "10:00-10:45",
      "11:00-11:45",
      "11:45-12:45 Lunch",
      "12:45-13:30",
      "13:45-14:30",
    ]);
  });

  it("refuses a plan that runs past midnight", () => {
    expect(plan({ start: "22:00", length: "60", count: "3" })).toMatchObject({ ok: false, field: "count" });
    expect(plan({ start: "22:00", length: "60", count: "2" })).toMatchObject({ ok: false, field: "count" });
    expect(plan({ start: "21:30", length: "60", count: "2" }).ok).toBe(true);
  });

  it("checks its fields, the break's position, length and label", () => {
    const issues = (fields: Record<string, string>) => {
      const parsed = parse(fields);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ count: "0" })).toEqual(["count: Add from 1 to 20 session slots at once"]);
    expect(issues({ length: "two" })).toEqual(["length: The session length must be a whole number of minutes"]);
    expect(issues({ breakAfter: "4", breakLength: "30", breakLabel: "Lunch" })).toEqual(["breakAfter: The break must come after one of the first 3 sessions"]);
    expect(issues({ breakAfter: "2" })).toEqual(["breakLength: Enter how long the break is, like 60", "breakLabel: Enter what happens in the break, for example Lunch"]);
  });
});
