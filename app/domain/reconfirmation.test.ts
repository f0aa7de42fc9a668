import { describe, expect, it } from "vitest";
import { answerRefusal, dueSteps, reconfirmationSchema, releasedAtDeadline, roundTimes, type RoundState } from "./reconfirmation";

const start = new Date("2027-01-20T09:30:00Z");

describe("roundTimes", () => {
  it("counts back from the event's start, with the reminder a day before the deadline", () => {
    const t = roundTimes(start, { sendDaysBefore: 7, deadlineDaysBefore: 3, reminder: true });
    expect(t.sendAt.toISOString()).toBe("2027-01-13T09:30:00.000Z");
    expect(t.deadlineAt.toISOString()).toBe("2027-01-17T09:30:00.000Z");
    expect(t.reminderAt!.toISOString()).toBe("2027-01-16T09:30:00.000Z");
  });
  it("puts the reminder halfway when the round is shorter than two days, and none when not wanted", () => {
    expect(roundTimes(start, { sendDaysBefore: 2, deadlineDaysBefore: 1, reminder: true }).reminderAt!.toISOString()).toBe("2027-01-18T21:30:00.000Z");
    expect(roundTimes(start, { sendDaysBefore: 7, deadlineDaysBefore: 3, reminder: false }).reminderAt).toBeNull();
  });
});

describe("dueSteps", () => {
  const round: RoundState = {
    sendAt: "2027-01-13T09:30:00.000Z",
    reminderAt: "2027-01-16T09:30:00.000Z",
    deadlineAt: "2027-01-17T09:30:00.000Z",
    sentAt: null,
    remindedAt: null,
    closedAt: null,
  };
  it("does nothing before the send time, then sends once", () => {
    expect(dueSteps(round, "2027-01-13T09:29:59.000Z")).toEqual([]);
    expect(dueSteps(round, "2027-01-13T09:30:00.000Z")).toEqual(["send"]);
    expect(dueSteps({ ...round, sentAt: "2027-01-13T09:30:10.000Z" }, "2027-01-14T00:00:00.000Z")).toEqual([]);
  });
  it("reminds once after the reminder time, and only if the question went out", () => {
    const sent = { ...round, sentAt: "2027-01-13T09:30:10.000Z" };
    expect(dueSteps(sent, "2027-01-16T10:00:00.000Z")).toEqual(["remind"]);
    expect(dueSteps({ ...sent, remindedAt: "2027-01-16T10:00:00.000Z" }, "2027-01-16T11:00:00.000Z")).toEqual([]);
    // A process that was down from before the send time until after the reminder time sends, and does not remind.
    expect(dueSteps(round, "2027-01-16T10:00:00.000Z")).toEqual(["send"]);
    expect(dueSteps({ ...round, sentAt: "2027-01-16T10:00:00.000Z" }, "2027-01-16T10:01:00.000Z")).toEqual([]);
  });
  it("closes at the deadline without sending or reminding, and never twice", () => {
    expect(dueSteps(round, "2027-01-17T09:30:00.000Z")).toEqual(["close"]);
    expect(dueSteps({ ...round, sentAt: "x" }, "2027-01-18T00:00:00.000Z")).toEqual(["close"]);
    expect(dueSteps({ ...round, sentAt: "x", closedAt: "2027-01-17T09:30:30.000Z" }, "2027-01-18T00:00:00.000Z")).toEqual([]);
  });
});

describe("releasedAtDeadline", () => {
  const people = [
    { registrationId: 5, answer: null, releasedAt: null, holdsPlace: true },
    { registrationId: 2, answer: "no" as const, releasedAt: null, holdsPlace: true },
    { registrationId: 3, answer: "yes" as const, releasedAt: null, holdsPlace: true },
    { registrationId: 4, answer: "no" as const, releasedAt: "2027-01-14T00:00:00.000Z", holdsPlace: false },
    { registrationId: 1, answer: null, releasedAt: null, holdsPlace: false },
  ];
  it("releases no and silence (when silence releases), in registration order, never twice or a place already gone", () => {
    expect(releasedAtDeadline(people, "release")).toEqual([2, 5]);
  });
  it("releases only no when silence is only flagged", () => {
    expect(releasedAtDeadline(people, "flag")).toEqual([2]);
  });
});

describe("answerRefusal", () => {
  it("lets someone asked and holding a place answer, before or after the deadline, and nobody else", () => {
    expect(answerRefusal({ asked: true, holdsPlace: true, releasedAt: null }, { closedAt: null })).toBeNull();
    expect(answerRefusal({ asked: true, holdsPlace: true, releasedAt: null }, { closedAt: "x" })).toBeNull();
    expect(answerRefusal({ asked: false, holdsPlace: true, releasedAt: null }, null)).toMatch(/not asked/);
    expect(answerRefusal({ asked: true, holdsPlace: false, releasedAt: "x" }, { closedAt: null })).toMatch(/already been released/);
    expect(answerRefusal({ asked: true, holdsPlace: false, releasedAt: null }, { closedAt: null })).toMatch(/no longer hold/);
  });
});

describe("reconfirmationSchema", () => {
  it("accepts the defaults and refuses a deadline before the question", () => {
    expect(reconfirmationSchema.safeParse({ sendDaysBefore: "7", deadlineDaysBefore: "3", reminder: "yes", silence: "release" }).data).toEqual({
      sendDaysBefore: 7,
      deadlineDaysBefore: 3,
      reminder: true,
      silence: "release",
    });
    const bad = reconfirmationSchema.safeParse({ sendDaysBefore: "3", deadlineDaysBefore: "3", reminder: "no", silence: "flag" });
    expect(bad.error!.issues[0]).toMatchObject({ path: ["deadlineDaysBefore"] });
    expect(reconfirmationSchema.safeParse({ sendDaysBefore: "seven", deadlineDaysBefore: "3", reminder: "no", silence: "flag" }).success).toBe(false);
  });
});
