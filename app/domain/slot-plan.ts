import { z } from "zod";
import { dateInput, gatherDates, timeInput } from "~/domain/date-input";

/**
 * "Add several slots at once": a day's session slots from a start time, a length, a count and
 * the gap between them, with an optional break (lunch) after one of them. Pure and browser-safe:
 * it works in the event's local wall-clock times; the server turns them into UTC and checks each
 * slot as if added one by one (validateSlot).
 */
type PlannedSlot = { date: string; start: string; end: string; kind: "session" | "break"; label: string };

const minutes = (what: string, min: number, max: number) =>
  z
    .string({ required_error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .regex(/^\d{1,4}$/, `The ${what} must be a whole number of minutes`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `The ${what} must be from ${min} to ${max} minutes`);
const optionalMinutes = (what: string, max: number) =>
  z
    .string()
    .trim()
    .default("")
    .refine((v) => v === "" || (/^\d{1,4}$/.test(v) && Number(v) <= max), `The ${what} must be a whole number of minutes, up to ${max}`)
    .transform((v) => (v === "" ? 0 : Number(v)));

export const SlotPlanSchema = z
  .preprocess(
    gatherDates(["date"]),
    z.object({
    date: dateInput({ label: "Date", missing: "Enter the date of the slots" }),
    start: timeInput("first start time"),
    length: minutes("session length", 5, 480),
    count: z
      .string({ required_error: "Enter how many session slots" })
      .trim()
      .regex(/^\d{1,2}$/, "Enter how many session slots, like 6")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 20, "Add from 1 to 20 session slots at once"),
    gap: optionalMinutes("gap between sessions", 120),
    breakAfter: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || /^\d{1,2}$/.test(v), "Enter after which session the break comes, like 3, or leave it blank")
      .transform((v) => (v === "" ? null : Number(v))),
    breakLength: optionalMinutes("break length", 240),
    breakLabel: z.string().trim().max(60, "Label must be 60 characters or fewer").default(""),
    }),
  )
  .superRefine((plan, ctx) => {
    if (plan.breakAfter === null) return;
    if (plan.breakAfter < 1 || plan.breakAfter >= plan.count) ctx.addIssue({ code: "custom", path: ["breakAfter"], message: `The break must come after one of the first ${plan.count - 1} sessions` });
    if (plan.breakLength === 0) ctx.addIssue({ code: "custom", path: ["breakLength"], message: "Enter how long the break is, like 60" });
    if (plan.breakLabel === "") ctx.addIssue({ code: "custom", path: ["breakLabel"], message: "Enter what happens in the break, for example Lunch" });
  });

export type SlotPlan = z.output<typeof SlotPlanSchema>;

function toMinutes(time: string) {
  const [h, m] = time.split(":").map(Number);
  return h * 60 + m;
}
function toTime(total: number) {
  return `${String(Math.floor(total / 60)).padStart(2, "0")}:${String(total % 60).padStart(2, "0")}`;
}

/** The slots a plan makes, in order, or why it cannot (it would run past midnight). */
export function planSlots(plan: SlotPlan): { ok: true; slots: PlannedSlot[] } | { ok: false; field: string; message: string } {
  const slots: PlannedSlot[] = [];
  let at = toMinutes(plan.start);
  for (let i = 1; i <= plan.count; i++) {
    slots.push({ date: plan.date, start: toTime(at), end: toTime(at + plan.length), kind: "session", label: "" });
    at += plan.length;
    if (plan.breakAfter === i) {
      slots.push({ date: plan.date, start: toTime(at), end: toTime(at + plan.breakLength), kind: "break", label: plan.breakLabel });
      at += plan.breakLength;
    } else if (i < plan.count) {
      at += plan.gap;
    }
    if (at > 24 * 60 - 1) {
      return { ok: false, field: "count", message: `These slots would run past midnight: the last one would end after 23:59. Start earlier, or add fewer` };
    }
  }
  return { ok: true, slots };
}
