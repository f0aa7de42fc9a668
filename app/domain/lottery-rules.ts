import { z } from "zod";
import { dateInput, gatherDates, timeInput } from "./date-input";

/**
 * The organiser's rules for a ticket type's draw (issue 16): weights for first-timers and for
 * councils not yet represented among the places drawn, a cap of places per organisation (council,
 * or email domain) and a cap for suppliers. Browser-safe: the form's schema and labels. The draw
 * itself is app/.server/registration/weighted-lottery.ts.
 */
export type LotteryRulesInput = {
  weights: { firstTimer: number; unrepresentedCouncil: number };
  capPerDomain: number | null;
  supplierCap: number | null;
};

export const PLAIN_RULES: LotteryRulesInput = { weights: { firstTimer: 1, unrepresentedCouncil: 1 }, capPerDomain: null, supplierCap: null };

export const LOTTERY_RULES_FIELD_ORDER = ["weightFirstTimer", "weightNewCouncil", "capPerDomain", "supplierCap"];

const weight = (what: string) =>
  z
    .string()
    .trim()
    .default("1")
    .transform((value) => (value === "" ? "1" : value))
    .refine((value) => /^\d{1,2}$/.test(value) && Number(value) >= 1 && Number(value) <= 10, `${what} must be a whole number from 1 to 10, like 2 (1 means no advantage)`)
    .transform(Number);

const optionalCap = (what: string, min: number, example: number) =>
  z
    .string()
    .trim()
    .default("")
    .refine((value) => value === "" || (/^\d{1,6}$/.test(value) && Number(value) >= min && Number(value) <= 100_000), `${what} must be a whole number from ${min} to 100,000, like ${example}, or empty for no cap`)
    .transform((value) => (value === "" ? null : Number(value)));

export const lotteryRulesFormSchema = z
  .object({
    weightFirstTimer: weight("The weight for first-timers"),
    weightNewCouncil: weight("The weight for councils not yet represented"),
    capPerDomain: optionalCap("The cap per organisation", 1, 3),
    supplierCap: optionalCap("The cap for suppliers", 0, 10),
  })
  .transform(
    (form): LotteryRulesInput => ({
      weights: { firstTimer: form.weightFirstTimer, unrepresentedCouncil: form.weightNewCouncil },
      capPerDomain: form.capPerDomain,
      supplierCap: form.supplierCap,
    }),
  );

export function lotteryRulesFormValues(rules: LotteryRulesInput | null): Record<string, string> {
  const r = rules ?? PLAIN_RULES;
  return {
    weightFirstTimer: String(r.weights.firstTimer),
    weightNewCouncil: String(r.weights.unrepresentedCouncil),
    capPerDomain: r.capPerDomain === null ? "" : String(r.capPerDomain),
    supplierCap: r.supplierCap === null ? "" : String(r.supplierCap),
  };
}

/** The rules in words, for the organiser and the published draw page. */
export function lotteryRulesWording(rules: LotteryRulesInput): string[] {
  const lines: string[] = [];
  lines.push(rules.weights.firstTimer === 1 ? "First-timers: no extra weight." : `First-timers (no earlier place at these organisers’ events, or said so on the form): ${rules.weights.firstTimer} times the chance.`);
  lines.push(
    rules.weights.unrepresentedCouncil === 1
      ? "Councils not yet represented: no extra weight."
      : `People from a council with no place drawn yet: ${rules.weights.unrepresentedCouncil} times the chance.`,
  );
  lines.push(rules.capPerDomain === null ? "No cap per organisation." : `At most ${rules.capPerDomain} ${rules.capPerDomain === 1 ? "place" : "places"} per organisation (council, or email domain).`);
  lines.push(rules.supplierCap === null ? "No cap for suppliers." : `At most ${rules.supplierCap} ${rules.supplierCap === 1 ? "place" : "places"} for people who work for a supplier.`);
  return lines;
}

/** The lottery's closing date and time (GOV.UK date input and a time box), on the Registrations page and the ticket type's own page. */
export const lotteryClosingFields = z.object({
  lotteryDate: dateInput({ label: "Closing date", missing: "Enter the date applications close" }),
  lotteryTime: timeInput("closing time"),
});
export const lotteryClosingSchema = z.preprocess(gatherDates(["lotteryDate"]), lotteryClosingFields);
