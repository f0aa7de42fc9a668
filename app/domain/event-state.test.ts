import { describe, expect, it } from "vitest";
import { eventIsPast, eventState } from "./event-state";

describe("whether an event takes registrations (issue 15)", () => {
  // Ends 23:30 on 1 June in New York, which is already 2 June in UTC.
  const lateInNewYork = { endsAt: "2026-06-02T03:30:00.000Z", timeZone: "America/New_York", draft: false };

  it("stays open all of its last day in its own time zone, and closes the day after", () => {
    expect(eventIsPast(lateInNewYork, new Date("2026-06-02T03:59:00.000Z"))).toBe(false); // 23:59 on 1 June in New York
    expect(eventIsPast(lateInNewYork, new Date("2026-06-02T04:00:00.000Z"))).toBe(true); // 00:00 on 2 June in New York
    expect(eventState({ ...lateInNewYork, timeZone: "Europe/London" }, new Date("2026-06-02T12:00:00.000Z"))).toBe("open"); // ends 04:30 on 2 June in London
  });

  it("is a draft until published, whatever its date", () => {
    expect(eventState({ ...lateInNewYork, draft: true }, new Date("2026-01-01T00:00:00.000Z"))).toBe("draft");
    expect(eventState(lateInNewYork, new Date("2026-01-01T00:00:00.000Z"))).toBe("open");
    expect(eventState(lateInNewYork, new Date("2027-01-01T00:00:00.000Z"))).toBe("past");
  });
});
