import { describe, expect, it } from "vitest";
import { SIMULATION_DEFAULTS, STRATEGIES, seededRandom, simulateDay, simulateTurnout, suggestedMargin } from "./turnout-simulation";

const strategy = (key: string) => STRATEGIES.find((s) => s.key === key)!;

describe("turnout simulation", () => {
  it("gives the same figures for the same seed and different ones for another", () => {
    const a = simulateTurnout({ runs: 50, seed: 7 });
    const b = simulateTurnout({ runs: 50, seed: 7 });
    const c = simulateTurnout({ runs: 50, seed: 8 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it("leaves no seat empty and turns nobody away when everyone comes and nobody waits", () => {
    const p = { ...SIMULATION_DEFAULTS, waitingList: 0, arriveBeforeCutoff: 1, arriveBeforeHalfPast: 0 };
    const day = simulateDay(strategy("plain"), 1, 0, p, seededRandom(1));
    expect(day).toMatchObject({ emptySeats: 0, turnedAway: 0, allocated: 200, turnoutOfHolders: 1 });
  });

  it("fills nothing without a waiting list: the empty seats are the no-shows", () => {
    const p = { ...SIMULATION_DEFAULTS, waitingList: 0, walkIns: 0, lateCancellation: 0, arriveBeforeCutoff: 1, arriveBeforeHalfPast: 0 };
    const day = simulateDay(strategy("plain"), 0.5, 0, p, seededRandom(3));
    expect(day.emptySeats).toBe(200 - Math.round(day.turnoutOfHolders * 200));
    expect(day.emptySeats).toBeGreaterThan(70);
    expect(day.emptySeats).toBeLessThan(130);
  });

  it("turns away the arrivals beyond capacity when a margin overshoots", () => {
    const p = { ...SIMULATION_DEFAULTS, waitingList: 0, arriveBeforeCutoff: 1, arriveBeforeHalfPast: 0, comerSaysYes: 1 };
    const day = simulateDay(strategy("reconfirm-margin"), 1, 0.1, p, seededRandom(4));
    expect(day.allocated).toBe(220);
    expect(day.turnedAway).toBe(20);
    expect(day.emptySeats).toBe(0);
  });

  it("releases silent places only when told to (flag mode keeps them)", () => {
    const p = { ...SIMULATION_DEFAULTS, waitingList: 0, comerSaysYes: 0, releasedStillComes: 1, lateCancellation: 0 };
    const released = simulateDay(strategy("reconfirm"), 1, 0, p, seededRandom(5));
    const flagged = simulateDay(strategy("reconfirm-flag"), 1, 0, p, seededRandom(5));
    expect(released.releasedCameAnyway).toBe(200);
    expect(released.emptySeats).toBe(200);
    expect(flagged.releasedCameAnyway).toBe(0);
    expect(flagged.emptySeats).toBeLessThan(20);
  });

  it("suggests a margin from the best past turnout, none without history, capped", () => {
    expect(suggestedMargin([], 0.25)).toBe(0);
    expect(suggestedMargin([0.8, 0.9], 0.25)).toBeCloseTo(1 / 0.9 - 1);
    expect(suggestedMargin([0.5], 0.25)).toBe(0.25);
    expect(suggestedMargin([1], 0.25)).toBe(0);
  });

  it("meets the issue's target: reconfirmation plus standby at least halves the empty seats of today's waiting list", () => {
    const rows = simulateTurnout({ runs: 1000, seed: 16 });
    const plain = rows.find((r) => r.strategy.key === "plain")!;
    const both = rows.find((r) => r.strategy.key === "reconfirm-standby")!;
    const margin = rows.find((r) => r.strategy.key === "reconfirm-margin")!;
    expect(both.emptySeats.mean).toBeLessThanOrEqual(plain.emptySeats.mean / 2);
    // The margin, suggested from past turnout, turns nobody away on its own in these runs.
    expect(margin.turnedAway.runsWithAny).toBe(0);
  });
});
