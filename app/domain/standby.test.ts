import { describe, expect, it } from "vitest";
import { cutoffDue, nextToCall, seatsForStandby, standbyPersonSchema, standbySettingsSchema } from "./standby";

describe("seatsForStandby", () => {
  const counts = { released: true, capacity: 10, checkedIn: 6, heldNotCheckedIn: 1, standbyCalledOrSeated: 1 };
  it("is capacity less checked in, held and standby already called or seated, once released", () => {
    expect(seatsForStandby(counts)).toBe(2);
    expect(seatsForStandby({ ...counts, released: false })).toBe(0);
    expect(seatsForStandby({ ...counts, checkedIn: 12 })).toBe(0);
  });
});

describe("nextToCall", () => {
  it("calls those waiting, lowest number first, as many as there are seats", () => {
    const entries = [
      { number: 3, status: "waiting" as const },
      { number: 1, status: "gone" as const },
      { number: 2, status: "waiting" as const },
      { number: 4, status: "called" as const },
      { number: 5, status: "waiting" as const },
    ];
    expect(nextToCall(entries, 2).map((e) => e.number)).toEqual([2, 3]);
    expect(nextToCall(entries, 0)).toEqual([]);
    expect(nextToCall(entries, 9).map((e) => e.number)).toEqual([2, 3, 5]);
  });
});

describe("cutoffDue", () => {
  it("is due once the cut-off has come, and never after the release", () => {
    expect(cutoffDue({ cutoffAt: "2027-01-20T10:15:00.000Z", releasedAt: null }, "2027-01-20T10:14:59.000Z")).toBe(false);
    expect(cutoffDue({ cutoffAt: "2027-01-20T10:15:00.000Z", releasedAt: null }, "2027-01-20T10:15:00.000Z")).toBe(true);
    expect(cutoffDue({ cutoffAt: "2027-01-20T10:15:00.000Z", releasedAt: "2027-01-20T10:00:00.000Z" }, "2027-01-20T10:16:00.000Z")).toBe(false);
    expect(cutoffDue({ cutoffAt: null, releasedAt: null }, "2027-01-20T10:16:00.000Z")).toBe(false);
  });
});

describe("forms", () => {
  it("takes a name and an optional email, and a 24-hour cut-off or none", () => {
    expect(standbyPersonSchema.parse({ name: " Sam ", email: "" })).toEqual({ name: "Sam", email: null });
    expect(standbyPersonSchema.parse({ name: "Sam", email: "Sam@Example.org" }).email).toBe("sam@example.org");
    expect(standbyPersonSchema.safeParse({ name: "Sam\u202e", email: "" }).success).toBe(false);
    expect(standbyPersonSchema.safeParse({ name: "Sam", email: "not an email" }).success).toBe(false);
    expect(standbySettingsSchema.parse({ cutoff: "10:15", joiningOpen: "yes" })).toEqual({ cutoff: "10:15", joiningOpen: true });
    expect(standbySettingsSchema.safeParse({ cutoff: "25:00" }).success).toBe(false);
  });
});
