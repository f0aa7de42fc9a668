import { describe, expect, it } from "vitest";
import { cutBelowTakenWarning, placesWording, quotasExceedCapacity } from "./capacity";

describe("what the public pages say about places", () => {
  it("says how many are left, never against a quota that may have been cut", () => {
    expect(placesWording({ placesLeft: 1, waiting: 0 })).toBe("1 place left");
    expect(placesWording({ placesLeft: 34, waiting: 0 })).toBe("34 places left");
    expect(placesWording({ placesLeft: 0, waiting: 4 })).toBe("Full: 4 on the waiting list");
    expect(placesWording({ placesLeft: 0, waiting: 0 })).toBe("Full: you can join the waiting list");
    // Places freed while people wait go to them first.
    expect(placesWording({ placesLeft: 2, waiting: 3 })).toBe("Full: 3 on the waiting list");
  });
});

describe("warnings before cutting places", () => {
  it("warns when a quota or capacity goes below the places taken, not otherwise", () => {
    expect(cutBelowTakenWarning("quota", "Standard", 10, 10)).toBeNull();
    expect(cutBelowTakenWarning("quota", "Standard", 1, 12)).toBe(
      "12 people have a place with Standard, more than the 1 you entered. Nobody loses their place, but no new place is given until fewer than 1 hold one. Save again to confirm, or enter at least 12.",
    );
    expect(cutBelowTakenWarning("capacity", "LocalGovCamp", 50, 51)).toMatch(/^51 people have a place at LocalGovCamp/);
  });
  it("notes when quotas add up to more than the event's places", () => {
    expect(quotasExceedCapacity([50, 50], 100)).toBeNull();
    expect(quotasExceedCapacity([100, 50], 100)).toMatch(/add up to 150, more than the event’s 100/);
  });
});
