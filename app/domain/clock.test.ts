import { describe, expect, it } from "vitest";
import { CLOCK_TEXT_SOURCE, clockText } from "./clock";

describe("the venue display's clock", () => {
  it("shows the time in the event's zone with minutes, across the clocks going back", () => {
    // 25 October 2026: BST ends at 01:00 UTC.
    expect(clockText(new Date("2026-10-25T00:30:00Z"), "Europe/London")).toBe("1:30am");
    expect(clockText(new Date("2026-10-25T01:30:00Z"), "Europe/London")).toBe("1:30am");
    expect(clockText(new Date("2026-10-25T10:30:00Z"), "Europe/London")).toBe("10:30am");
    expect(clockText(new Date("2026-07-01T09:05:00Z"), "Europe/London")).toBe("10:05am");
    expect(clockText(new Date("2026-07-01T11:00:00Z"), "Europe/London")).toBe("12:00pm");
    expect(clockText(new Date("2026-07-01T23:00:00Z"), "Europe/London")).toBe("12:00am");
    expect(clockText(new Date("2026-07-01T22:59:00Z"), "Europe/London")).toBe("11:59pm");
    expect(clockText(new Date("2026-07-01T09:05:00Z"), "Asia/Kathmandu")).toBe("2:50pm");
  });

  it("the inline script's copy gives the same text every 17 minutes over days with clock changes, in several zones", () => {
    const scriptClock = new Function(`${CLOCK_TEXT_SOURCE}\nreturn clockText;`)() as (date: Date, zone: string) => string;
    let compared = 0;
    for (const zone of ["Europe/London", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe", "UTC"]) {
      for (const start of ["2026-10-24T00:00:00Z", "2026-03-28T00:00:00Z", "2026-04-04T00:00:00Z"]) {
        for (let t = Date.parse(start); t < Date.parse(start) + 2 * 86_400_000; t += 17 * 60_000) {
          expect(scriptClock(new Date(t), zone)).toBe(clockText(new Date(t), zone));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(2500);
  });
});
