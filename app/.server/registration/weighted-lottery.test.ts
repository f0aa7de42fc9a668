import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { oneEntryPerPerson, verifyDraw, weightedDraw, type DrawRecord, type Entrant, type LotteryRules } from "./weighted-lottery";

const plain: LotteryRules = { weights: { firstTimer: 1, unrepresentedCouncil: 1 }, capPerDomain: null, supplierCap: null };

/** 40 entrants: 4 councils x 8 people (half first-timers), and 8 suppliers. */
const entrants: Entrant[] = Array.from({ length: 40 }, (_, i) =>
  i < 32
    ? { id: 100 + i, domain: ["guildford.gov.uk", "woking.gov.uk", "kent.gov.uk", "leeds.gov.uk"][i % 4], council: true, firstTimer: i % 2 === 0, supplier: false }
    : { id: 100 + i, domain: `supplier${i}.example`, council: false, firstTimer: false, supplier: true },
);

describe("the weighted lottery", () => {
  it("orders everyone once, the same for the same seed and record order, differently for another seed", () => {
    const a = weightedDraw(entrants, plain, 10, "seed-1");
    expect([...a.order].sort((x, y) => x - y)).toEqual(entrants.map((e) => e.id));
    expect(a.winners).toBe(10);
    expect(weightedDraw([...entrants].reverse(), plain, 10, "seed-1")).toEqual(a);
    expect(weightedDraw(entrants, plain, 10, "seed-2").order).not.toEqual(a.order);
  });

  it("caps places per council domain and for suppliers, leaving places empty rather than break a cap", () => {
    const rules = { ...plain, capPerDomain: 2, supplierCap: 1 };
    for (const seed of ["a", "b", "c", "d", "e"]) {
      const { order, winners } = weightedDraw(entrants, rules, 12, seed);
      const won = order.slice(0, winners).map((id) => entrants.find((e) => e.id === id)!);
      expect(winners).toBe(9); // 4 councils x 2 + 1 supplier
      for (const domain of new Set(won.map((e) => e.domain))) expect(won.filter((e) => e.domain === domain).length).toBeLessThanOrEqual(2);
      expect(won.filter((e) => e.supplier)).toHaveLength(1);
    }
  });

  it("gives first-timers and unrepresented councils the advantage their weights say", () => {
    const share = (rules: LotteryRules, pick: (e: Entrant) => boolean) => {
      let hits = 0;
      let places = 0;
      for (let s = 0; s < 400; s++) {
        const { order, winners } = weightedDraw(entrants, rules, 8, `w${s}`);
        hits += order.slice(0, winners).filter((id) => pick(entrants.find((e) => e.id === id)!)).length;
        places += winners;
      }
      return hits / places;
    };
    const firstTimer = (e: Entrant) => e.firstTimer;
    // 16 of 40 are first-timers: 40% of places with no weight, about 16x3/(16x3+24) = 67% with weight 3.
    expect(share(plain, firstTimer)).toBeGreaterThan(0.35);
    expect(share(plain, firstTimer)).toBeLessThan(0.45);
    expect(share({ ...plain, weights: { firstTimer: 3, unrepresentedCouncil: 1 } }, firstTimer)).toBeGreaterThan(0.6);
    // 4 places among 4 councils of 8 people: all 4 councils get one in about 11% of draws without
    // a weight (24/31 x 16/30 x 8/29), about 70% with weight 10 for unrepresented councils.
    const allFour = (weight: number) => {
      let count = 0;
      for (let s = 0; s < 200; s++) {
        const { order } = weightedDraw(entrants.slice(0, 32), { ...plain, weights: { firstTimer: 1, unrepresentedCouncil: weight } }, 4, `c${s}`);
        if (new Set(order.slice(0, 4).map((id) => entrants.find((e) => e.id === id)!.domain)).size === 4) count += 1;
      }
      return count;
    };
    expect(allFour(1)).toBeLessThan(40);
    expect(allFour(10)).toBeGreaterThan(120);
  });

  it("re-runs a published record, and `npm run lottery:verify` says whether it matches", async () => {
    const rules = { weights: { firstTimer: 2, unrepresentedCouncil: 3 }, capPerDomain: 3, supplierCap: 2 };
    const draw = weightedDraw(entrants, rules, 15, "published-seed");
    const record: DrawRecord = { version: 1, seed: "published-seed", places: 15, rules, entrants, ...draw };
    expect(verifyDraw(record).matches).toBe(true);
    const tampered = { ...record, order: [record.order[1], record.order[0], ...record.order.slice(2)] };
    expect(verifyDraw(tampered).matches).toBe(false);

    const dir = mkdtempSync(path.join(tmpdir(), "pitchgrid-lottery-"));
    writeFileSync(path.join(dir, "good.json"), JSON.stringify(record));
    writeFileSync(path.join(dir, "bad.json"), JSON.stringify(tampered));
    const run = (file: string) =>
      promisify(execFile)(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/lottery-verify.ts", path.join(dir, file)]).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const good = await run("good.json");
    expect(good).toMatchObject({ code: 0 });
    expect(good.out).toContain("The order matches the record.");
    const bad = await run("bad.json");
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("DOES NOT match");
  });

  it("keeps one entry per person, plus-tags and case removed", () => {
    const kept = oneEntryPerPerson([
      { id: 3, email: "Pat+lottery@guildford.gov.uk" },
      { id: 1, email: "pat@guildford.gov.uk" },
      { id: 2, email: "sam@guildford.gov.uk" },
      { id: 4, email: "pat+2@woking.gov.uk" },
    ]);
    expect(kept.map((e) => e.id)).toEqual([1, 2, 4]);
  });
});
