import { describe, expect, it } from "vitest";
import { allocatedCapacity, allocatedQuota, capacityWording, cutBelowTakenWarning, marginFormSchema, placesWording, quotasExceedCapacity } from "./capacity";

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

describe("places allocated above capacity (turnout-aware places)", () => {
  const none = { percent: null, places: null };
  it("adds a percentage (rounded down) or a number of places, and nothing without a margin", () => {
    expect(allocatedCapacity(200, none)).toBe(200);
    expect(allocatedCapacity(200, { percent: 10, places: null })).toBe(220);
    expect(allocatedCapacity(45, { percent: 10, places: null })).toBe(49);
    expect(allocatedCapacity(200, { percent: null, places: 15 })).toBe(215);
  });

  it("raises each ticket type's quota in the same proportion, so the mix stays", () => {
    const margin = { percent: null, places: 10 };
    expect(allocatedQuota(30, 40, margin)).toBe(37);
    expect(allocatedQuota(10, 40, margin)).toBe(12);
    expect(allocatedQuota(40, 40, margin)).toBe(50);
    expect(allocatedQuota(40, 40, none)).toBe(40);
    expect(allocatedQuota(100, 200, { percent: 25, places: null })).toBe(125);
  });

  it("says truthfully on the event page how many places are given and why", () => {
    expect(capacityWording(200, none)).toBe("200 in total");
    expect(capacityWording(200, { percent: 10, places: null })).toBe("200 at the venue. Up to 220 places are given, because some people with a place usually do not come");
  });

  it("reads the organiser's form: none, a percentage 1–100 or places, with GOV.UK messages for bad input", () => {
    expect(marginFormSchema.parse({ marginKind: "none", margin: "abc" })).toEqual(none);
    expect(marginFormSchema.parse({ marginKind: "percent", margin: " 12 " })).toEqual({ percent: 12, places: null });
    expect(marginFormSchema.parse({ marginKind: "places", margin: "30" })).toEqual({ percent: null, places: 30 });
    const issues = (form: Record<string, string>) => {
      const parsed = marginFormSchema.safeParse(form);
      return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ marginKind: "percent", margin: "150" })).toEqual(["margin: Enter the margin as a whole percentage from 1 to 100, like 10"]);
    expect(issues({ marginKind: "places", margin: "-3" })).toEqual(["margin: Enter the margin as a whole number of places from 1 to 100,000, like 20"]);
    expect(issues({ marginKind: "places", margin: "" })).toHaveLength(1);
    expect(issues({ margin: "10" })).toEqual(["marginKind: Choose whether to allocate places above capacity"]);
  });
});
