import { describe, expect, it } from "vitest";
import { marginSuggestion, turnoutCsvRows, turnoutReport, type TurnoutRow } from "./turnout";

const start = "2027-01-20T09:30:00.000Z";
const row = (over: Partial<TurnoutRow>): TurnoutRow => ({ ticketTypeName: "Council staff", councilName: "Guildford Borough Council", status: "confirmed", checkedIn: false, hadPlace: true, cancelledAt: null, ...over });

describe("turnoutReport", () => {
  it("counts holders, check-ins, no-shows and late cancellations per ticket type and council", () => {
    const report = turnoutReport(
      [
        row({ checkedIn: true }),
        row({ checkedIn: true, councilName: "Woking Borough Council" }),
        row({}),
        row({ ticketTypeName: "Suppliers", councilName: null, checkedIn: true }),
        // Cancelled 3 days before (late), 10 days before (not late), after the start (not counted), and never had a place.
        row({ status: "cancelled", cancelledAt: "2027-01-17T09:30:00.000Z" }),
        row({ status: "cancelled", cancelledAt: "2027-01-10T09:30:00.000Z" }),
        row({ status: "cancelled", cancelledAt: "2027-01-20T10:00:00.000Z" }),
        row({ status: "cancelled", hadPlace: false, cancelledAt: "2027-01-19T09:30:00.000Z" }),
      ],
      start,
    );
    expect(report.total).toEqual({ holding: 4, checkedIn: 3, noShows: 1, lateCancellations: 1, turnout: 0.75 });
    expect(report.byTicket.map((r) => [r.name, r.holding, r.checkedIn, r.lateCancellations])).toEqual([
      ["Council staff", 3, 2, 1],
      ["Suppliers", 1, 1, 0],
    ]);
    expect(report.byCouncil.map((r) => [r.name, r.holding, r.checkedIn])).toEqual([
      ["Guildford Borough Council", 2, 1],
      ["Not a council", 1, 1],
      ["Woking Borough Council", 1, 1],
    ]);
    expect(turnoutCsvRows(report).at(-1)).toEqual(["Total", "All", 4, 3, 1, 1, "75%"]);
    expect(turnoutCsvRows(report)[0][0]).toBe("Group");
  });
  it("has no turnout without holders", () => {
    expect(turnoutReport([], start).total.turnout).toBeNull();
  });
});

describe("marginSuggestion", () => {
  it("says so and suggests nothing without history", () => {
    expect(marginSuggestion([])).toEqual({ basis: expect.stringContaining("nothing to base a margin on"), margin: null });
  });
  it("shows its basis and suggests enough for the best past turnout to fill the room, capped", () => {
    const s = marginSuggestion([0.68, 0.74, 0.7]);
    expect(s.basis).toBe("3 past events, turnout 68–74%");
    expect(s.margin).toBe(0.25); // 1 / 0.74 - 1 = 35%, above the 25% cap
    expect(marginSuggestion([0.85, 0.9]).margin).toBeCloseTo(1 / 0.9 - 1);
    expect(marginSuggestion([0.9]).basis).toBe("1 past event, turnout 90%");
  });
});
