import { describe, expect, it } from "vitest";
import { generateInstance } from "../../../scripts/lib/instances";
import { optimise } from "./solver";
import { OptimiserTimeout, optimiseInWorker, optimiserRuns } from "./thread";

const workers = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort" || r === "Worker").length;

describe("the optimiser in a worker thread", () => {
  it("gives the same answer as the optimiser run in this thread", async () => {
    const instance = generateInstance("lgc", 3);
    const options = { seed: 7, maxSteps: 20_000, timeLimitMs: 60_000 };
    const runs = optimiserRuns();
    const inWorker = await optimiseInWorker(instance, options, 60_000);
    expect(inWorker).toEqual(optimise(instance, options));
    expect(optimiserRuns()).toBe(runs + 1);
  });

  it("stops a worker that has not answered within the hard timeout", async () => {
    const before = workers();
    const instance = generateInstance("large", 1);
    // Left alone this would search for about 50 s.
    const search = optimiseInWorker(instance, { seed: 1, maxSteps: 1e12, timeLimitMs: 60_000 }, 300);
    await expect(search).rejects.toBeInstanceOf(OptimiserTimeout);
    await expect(search).rejects.toThrow(/did not finish within 300 ms/);
    // The thread is terminated, not abandoned.
    for (let i = 0; i < 50 && workers() > before; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(workers()).toBe(before);
  });
});
