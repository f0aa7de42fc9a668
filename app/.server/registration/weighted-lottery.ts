import { createHash } from "node:crypto";
import { z } from "zod";

/**
 * A fairer lottery (issue 16), as pure functions: weights for first-timers and for councils not
 * yet represented in the draw, a cap of places per email domain (one council) and for suppliers,
 * and a draw anyone can re-run from its published record (`npm run lottery:verify -- file.json`).
 * Randomness comes only from SHA-256 of the seed and a counter, and entrants are taken in id
 * order, so the same record always gives the same order on any machine.
 *
 * drawLottery (lottery.ts) draws every lottery with it, with the organiser's rules per ticket
 * type, and publishes the record.
 */

export const lotteryRulesSchema = z.object({
  /** Multipliers (1 = no advantage). */
  weights: z.object({ firstTimer: z.number().min(1).max(10), unrepresentedCouncil: z.number().min(1).max(10) }),
  /** At most this many places per email domain (one council), or no cap. */
  capPerDomain: z.number().int().min(1).nullable(),
  /** At most this many places for suppliers, or no cap. */
  supplierCap: z.number().int().min(0).nullable(),
});
export type LotteryRules = z.infer<typeof lotteryRulesSchema>;

const entrantSchema = z.object({ id: z.number().int(), domain: z.string(), council: z.boolean(), firstTimer: z.boolean(), supplier: z.boolean() });
export type Entrant = z.infer<typeof entrantSchema>;

export const drawRecordSchema = z.object({
  version: z.literal(1),
  seed: z.string().min(1),
  places: z.number().int().min(0),
  rules: lotteryRulesSchema,
  entrants: z.array(entrantSchema),
  /** Everyone in draw order: the first `winners` have places, the rest wait in this order. */
  order: z.array(z.number().int()),
  winners: z.number().int().min(0),
});
export type DrawRecord = z.infer<typeof drawRecordSchema>;

/** Uniform in [0, 1) from the seed and a counter (53 bits of SHA-256). */
function uniforms(seed: string) {
  let counter = 0;
  return () => {
    const digest = createHash("sha256").update(`${seed}:${counter++}`).digest();
    return (digest.readUIntBE(0, 6) * 32 + (digest[6] >> 3)) / 2 ** 53;
  };
}

/**
 * The draw: places are filled one at a time, each entrant still eligible (under the caps) chosen
 * with probability proportional to their weight; a council entrant's weight is multiplied while
 * their domain has no place yet. When the places are filled (or the caps leave nobody eligible),
 * everyone left is ordered the same way without the caps: that is the waiting list.
 */
export function weightedDraw(entrants: readonly Entrant[], rules: LotteryRules, places: number, seed: string): { order: number[]; winners: number } {
  const random = uniforms(seed);
  const left = [...entrants].sort((a, b) => a.id - b.id);
  const perDomain = new Map<string, number>();
  let suppliers = 0;
  const order: number[] = [];
  let winners = 0;
  const weight = (e: Entrant, forPlace: boolean) =>
    (e.firstTimer ? rules.weights.firstTimer : 1) * (forPlace && e.council && !perDomain.has(e.domain) ? rules.weights.unrepresentedCouncil : 1);
  const eligible = (e: Entrant) =>
    (rules.capPerDomain === null || (perDomain.get(e.domain) ?? 0) < rules.capPerDomain) && (!e.supplier || rules.supplierCap === null || suppliers < rules.supplierCap);
  let filling = places > 0;
  while (left.length > 0) {
    const pool = filling ? left.filter(eligible) : left;
    if (filling && pool.length === 0) {
      filling = false;
      continue;
    }
    const total = pool.reduce((sum, e) => sum + weight(e, filling), 0);
    let r = random() * total;
    let chosen = pool[pool.length - 1];
    for (const e of pool) {
      r -= weight(e, filling);
      if (r < 0) {
        chosen = e;
        break;
      }
    }
    left.splice(left.indexOf(chosen), 1);
    order.push(chosen.id);
    if (filling) {
      winners += 1;
      perDomain.set(chosen.domain, (perDomain.get(chosen.domain) ?? 0) + 1);
      if (chosen.supplier) suppliers += 1;
      if (winners >= places) filling = false;
    }
  }
  return { order, winners };
}

/** Re-runs a published draw from its record: whether it gives the same order and winners. */
export function verifyDraw(record: DrawRecord): { matches: boolean; order: number[]; winners: number } {
  const again = weightedDraw(record.entrants, record.rules, record.places, record.seed);
  const matches = again.winners === record.winners && again.order.length === record.order.length && again.order.every((id, i) => id === record.order[i]);
  return { matches, ...again };
}

/**
 * One person, one entry: addresses equal once lower-cased and stripped of a plus-tag
 * (pat+lottery@council.gov.uk is pat@council.gov.uk). The earliest entry (lowest id) is kept.
 */
export function oneEntryPerPerson<T extends { id: number; email: string }>(entries: readonly T[]): T[] {
  const seen = new Set<string>();
  return [...entries]
    .sort((a, b) => a.id - b.id)
    .filter((e) => {
      const [local, domain] = e.email.toLowerCase().split("@");
      const key = `${local.split("+")[0]}@${domain}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}
