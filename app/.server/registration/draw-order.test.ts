import { describe, expect, it } from "vitest";
import { drawOrder } from "./draw-order";

describe("lottery draw", () => {
  const entrants = Array.from({ length: 600 }, (_, i) => i + 1);

  it("is a permutation of the entrants", () => {
    const order = drawOrder(entrants, "seed-1");
    expect(order).toHaveLength(600);
    expect([...order].sort((a, b) => a - b)).toEqual(entrants);
  });

  it("is reproducible from the seed, whatever order the entrants were listed in", () => {
    const shuffledInput = [...entrants].reverse();
    expect(drawOrder(shuffledInput, "audit-me")).toEqual(drawOrder(entrants, "audit-me"));
  });

  it("differs between seeds and is not the registration order", () => {
    const a = drawOrder(entrants, "seed-a");
    const b = drawOrder(entrants, "seed-b");
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(entrants);
  });

  it("gives early and late registrants a fair chance of the first 250 places", () => {
    let earlyWins = 0;
    for (let run = 0; run < 40; run++) {
      const winners = new Set(drawOrder(entrants, `fairness-${run}`).slice(0, 250));
      earlyWins += entrants.slice(0, 300).filter((id) => winners.has(id)).length;
    }
    // Half the entrants registered early; they should win about half the places (5,000 of 10,000).
    expect(earlyWins).toBeGreaterThan(4700);
    expect(earlyWins).toBeLessThan(5300);
  });

  it("copes with no entrants and one entrant", () => {
    expect(drawOrder([], "x")).toEqual([]);
    expect(drawOrder([7], "x")).toEqual([7]);
  });
});
