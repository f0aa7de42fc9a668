import { describe, expect, it } from "vitest";
import { nowAndNextMessage, slotLine, type NowAndNextStatus } from "./now-and-next";

const view = (over: Partial<NowAndNextStatus>): NowAndNextStatus => ({ status: "during", startsAt: null, startsToday: false, endedToday: false, current: null, next: null, ...over });
const session = (time: string) => ({ time, kind: "session" as const, label: "" });
const lunch = { time: "12pm to 1pm", kind: "break" as const, label: "Lunch" };

describe("now and next wording (the venue display and /now)", () => {
  it("names the slot on now and the next one, a break by its label", () => {
    expect(slotLine(view({ current: session("10:15am to 11am"), next: session("11:10am to 11:55am") }))).toBe("Now: 10:15am to 11am. Next: 11:10am to 11:55am.");
    expect(slotLine(view({ current: session("11:10am to 11:55am"), next: lunch }))).toBe("Now: 11:10am to 11:55am. Next: Lunch, 12pm to 1pm.");
    expect(slotLine(view({ current: lunch, next: null }))).toBe("Now: Lunch, 12pm to 1pm. This is the last slot of the day.");
  });

  it("before the day and between slots", () => {
    expect(slotLine(view({ status: "before", startsAt: "9am", startsToday: true }))).toBe("The day has not started yet. It starts at 9am.");
    expect(slotLine(view({ status: "before", startsAt: "Monday 26 October 2026 at 9am" }))).toBe("The day has not started yet. It starts on Monday 26 October 2026 at 9am.");
    expect(slotLine(view({ next: lunch }))).toBe("Between sessions. Next: Lunch, 12pm to 1pm.");
    expect(slotLine(view({}))).toBe("Between sessions.");
  });

  it("says why there is nothing to show, and nothing while sessions are on", () => {
    expect(nowAndNextMessage(null)).toBe("The organisers have not published the grid yet.");
    expect(nowAndNextMessage(view({ status: "no-slots" }))).toBe("The organisers have not set the times of the day yet.");
    expect(nowAndNextMessage(view({ status: "after", endedToday: true }))).toBe("Today’s sessions have finished. Thank you for coming.");
    expect(nowAndNextMessage(view({ status: "after" }))).toBe("This event has finished.");
    expect(nowAndNextMessage(view({ status: "before" }))).toBeNull();
    expect(nowAndNextMessage(view({}))).toBeNull();
  });
});
