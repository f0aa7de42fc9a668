import { describe, expect, it } from "vitest";
import {
  currentPitcher,
  formatCountdown,
  nextPitcher,
  ordinal,
  positionSentence,
  queueAddSchema,
  queuePosition,
  queueSettingsSchema,
  secondsLeft,
  stationPitchSchema,
  waitingInOrder,
  type QueueStatus,
} from "./pitch-queue";

const q = (...pairs: [number, QueueStatus][]) => pairs.map(([number, status]) => ({ number, status }));

describe("the pitch queue's order", () => {
  it("waits in joining order whatever order the rows come in, skipping people done or gone", () => {
    const entries = q([5, "waiting"], [2, "pitched"], [3, "waiting"], [4, "left"], [1, "current"], [6, "skipped"], [7, "waiting"]);
    expect(waitingInOrder(entries).map((e) => e.number)).toEqual([3, 5, 7]);
    expect(currentPitcher(entries)?.number).toBe(1);
    expect(nextPitcher(entries)?.number).toBe(3);
  });

  it("has no current or next pitcher when nobody is waiting", () => {
    const entries = q([1, "pitched"], [2, "skipped"]);
    expect(currentPitcher(entries)).toBeNull();
    expect(nextPitcher(entries)).toBeNull();
  });

  it("gives each person their place: 0 at the microphone, 1 next, null once done", () => {
    const entries = q([1, "pitched"], [2, "current"], [3, "left"], [4, "waiting"], [6, "waiting"], [9, "waiting"]);
    expect(queuePosition(entries, 2)).toBe(0);
    expect(queuePosition(entries, 4)).toBe(1);
    expect(queuePosition(entries, 9)).toBe(3);
    expect(queuePosition(entries, 1)).toBeNull();
    expect(queuePosition(entries, 3)).toBeNull();
    expect(queuePosition(entries, 42)).toBeNull();
  });

  it("says where someone stands in words", () => {
    expect(positionSentence(0, "current")).toBe("It is your turn: you are pitching now.");
    expect(positionSentence(1, "waiting")).toBe("You are 1st in the queue: you are next.");
    expect(positionSentence(4, "waiting")).toBe("You are 4th in the queue.");
    expect(positionSentence(null, "pitched")).toBe("You have pitched. Thank you!");
    expect(positionSentence(null, "skipped")).toMatch(/missed your turn/);
    expect(positionSentence(null, "left")).toBe("You are not in the queue.");
  });

  it("writes ordinals as people say them", () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal)).toEqual(["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st", "111th", "112th"]);
  });
});

describe("the countdown", () => {
  const start = "2030-01-10T10:00:00.000Z";
  it("counts down from the event's seconds and stops at zero", () => {
    expect(secondsLeft(null, 30, new Date(start))).toBe(30);
    expect(secondsLeft(start, 30, new Date("2030-01-10T10:00:00.900Z"))).toBe(30);
    expect(secondsLeft(start, 30, new Date("2030-01-10T10:00:12.000Z"))).toBe(18);
    expect(secondsLeft(start, 30, new Date("2030-01-10T10:01:00.000Z"))).toBe(0);
    // A clock a little behind the server's never shows more than the whole countdown.
    expect(secondsLeft(start, 30, new Date("2030-01-10T09:59:50.000Z"))).toBe(30);
  });
  it("formats minutes and seconds", () => {
    expect([0, 5, 30, 65, 600].map(formatCountdown)).toEqual(["0:00", "0:05", "0:30", "1:05", "10:00"]);
  });
});

describe("the station's forms", () => {
  const base = { title: "Open data in planning", format: "discussion", hostRegistrationId: "12" };
  it("takes a host from the list, or a walk-in's name, never both or neither", () => {
    expect(stationPitchSchema.parse({ ...base, needs: ["screen", "screen"] })).toMatchObject({ hostRegistrationId: 12, walkInName: "", needs: ["screen"], pitchedBy: "", entryId: null });
    expect(stationPitchSchema.parse({ ...base, hostRegistrationId: "", walkInName: "  Wendy   Walkin " })).toMatchObject({ hostRegistrationId: null, walkInName: "Wendy Walkin" });
    const neither = stationPitchSchema.safeParse({ ...base, hostRegistrationId: "" });
    expect(neither.success ? [] : neither.error.issues.map((i) => [i.path.join("."), i.message])).toEqual([["hostRegistrationId", "Choose the host, or type a walk-in’s name"]]);
    const both = stationPitchSchema.safeParse({ ...base, walkInName: "Wendy" });
    expect(both.success ? [] : both.error.issues.map((i) => i.path.join("."))).toEqual(["walkInName"]);
  });
  it("refuses a short title, an unknown format and a two-line name", () => {
    const bad = stationPitchSchema.safeParse({ title: "ab", format: "lecture", hostRegistrationId: "", walkInName: "Wendy\nWalkin" });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join(".")).sort()).toEqual(["format", "title", "walkInName"]);
  });
  it("adds someone to the queue by name or from the list", () => {
    expect(queueAddSchema.parse({ queueName: "Ann", queueRegistrationId: "" })).toEqual({ queueName: "Ann", queueRegistrationId: null, queueTitle: "" });
    expect(queueAddSchema.parse({ queueRegistrationId: "7", queueTitle: "Bins" })).toEqual({ queueName: "", queueRegistrationId: 7, queueTitle: "Bins" });
    expect(queueAddSchema.safeParse({ queueName: "", queueRegistrationId: "" }).success).toBe(false);
    expect(queueAddSchema.safeParse({ queueName: "Ann", queueRegistrationId: "7" }).success).toBe(false);
  });
  it("keeps the countdown between 5 seconds and 10 minutes", () => {
    expect(queueSettingsSchema.parse({ countdownSeconds: "45", joiningOpen: "yes" })).toEqual({ countdownSeconds: 45, joiningOpen: true });
    expect(queueSettingsSchema.parse({ countdownSeconds: "30" })).toEqual({ countdownSeconds: 30, joiningOpen: false });
    for (const bad of ["", "4", "601", "thirty", "-5"]) expect(queueSettingsSchema.safeParse({ countdownSeconds: bad }).success).toBe(false);
  });
});
