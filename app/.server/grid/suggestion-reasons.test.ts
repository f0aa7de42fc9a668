import { describe, expect, it } from "vitest";
import type { GridWarning } from "./warnings";
import { brokenRules, largeRoomRule, moveReasons } from "./suggestion-reasons";

const warning = (kind: GridWarning["kind"], pitchIds: number[], message: string): GridWarning => ({
  id: `${kind}:${pitchIds.join(",")}`,
  kind,
  severity: kind === "host-double-booked" ? "hard" : "soft",
  message,
  slotId: 1,
  cells: [],
  pitchIds,
});

describe("explaining a suggestion", () => {
  const warnings = [
    warning("host-double-booked", [1, 2], "Robin hosts “A” and “B” at the same time (10am)"),
    warning("host-avoid-time", [3], "The hosts of “C” asked to avoid 10am"),
    warning("over-capacity", [4], "40 people want “D” but Annexe holds 20"),
    warning("interest-clash", [5, 6], "3 people want both “E” and “F” (11am)"),
    warning("need-unmet", [7], "“G” needs step-free access, which Attic does not have"),
  ];

  it("lists the rules the grid now breaks, which the score does not show", () => {
    expect(brokenRules(warnings)).toEqual([
      "Robin hosts “A” and “B” at the same time (10am)",
      "The hosts of “C” asked to avoid 10am",
      "“G” needs step-free access, which Attic does not have",
    ]);
  });

  it("gives each move a reason from what the grid says about that session", () => {
    const moves = [
      { pitchId: 1, from: "Hall at 10am", to: "Hall at 11am" },
      { pitchId: 3, from: "Annexe at 10am", to: "Annexe at 2pm" },
      { pitchId: 4, from: "Annexe at 11am", to: "Hall at 2pm" },
      { pitchId: 5, from: "Hall at 11am", to: "Annexe at 3pm" },
      { pitchId: 8, from: null, to: "Hall at 3pm" },
      { pitchId: 9, from: "Hall at 4pm", to: null },
      { pitchId: 10, from: "Annexe at 4pm", to: "Hall at 4pm" },
    ];
    expect(Object.fromEntries(moveReasons(moves, warnings))).toEqual({
      1: "Keeps a rule the grid now breaks: Robin hosts “A” and “B” at the same time (10am)",
      3: "Keeps a rule the grid now breaks: The hosts of “C” asked to avoid 10am",
      4: "A bigger room: 40 people want “D” but Annexe holds 20",
      5: "Fewer clashes: now 3 people want both “E” and “F” (11am)",
      8: "It is not on the grid yet",
      9: "No cell fits it without breaking a rule or costing more than it gains",
      10: "Makes room for another change on this list",
    });
  });

  it("says what a large room is at this event", () => {
    const rooms = [
      { name: "Hall", capacity: 80 },
      { name: "Chamber", capacity: 60 },
      { name: "Annexe", capacity: 20 },
      { name: "Library", capacity: 12 },
      { name: "Snug", capacity: 6 },
    ];
    expect(largeRoomRule(rooms)).toContain("here, rooms for 60 or more people (Hall, Chamber)");
    expect(largeRoomRule([])).toBeNull();
    // Rooms the organisers marked: their answer, not the size.
    const marked = rooms.map((r) => ({ ...r, large: r.name === "Annexe" }));
    expect(largeRoomRule(marked)).toContain("Marked large: Annexe.");
    expect(largeRoomRule(marked)).not.toContain("biggest third");
    expect(largeRoomRule(rooms.map((r) => ({ ...r, large: false })))).toContain("No room is marked large");
    // Some answered, some not: both rules are explained.
    const some = rooms.map((r) => ({ ...r, large: r.name === "Snug" ? true : r.name === "Hall" ? false : null }));
    expect(largeRoomRule(some)).toContain("Marked large: Snug.");
    expect(largeRoomRule(some)).toContain("Rooms not marked either way (Chamber, Annexe, Library) count by size");
    expect(largeRoomRule(some)).toContain("here, rooms for 60 or more people (Chamber)");
  });
});
