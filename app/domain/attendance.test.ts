import { describe, expect, it } from "vitest";
import { expectedAttendance, parseCount, parseShowUpRatio, ratioLabel, showUpRatio } from "./attendance";

describe("expectedAttendance", () => {
  it("is marks x ratio, rounded to whole people", () => {
    expect(expectedAttendance({ marks: 10 }, 0.7)).toBe(7);
    expect(expectedAttendance({ marks: 5 }, 0.7)).toBe(4); // 3.5, not 3.4999…
    expect(expectedAttendance({ marks: 3 }, 0.5)).toBe(2);
    expect(expectedAttendance({ marks: 0 }, 0.7)).toBe(0);
  });
  it("never falls below the show of hands", () => {
    expect(expectedAttendance({ marks: 10, showOfHands: 25 }, 0.7)).toBe(25);
    expect(expectedAttendance({ marks: 40, showOfHands: 25 }, 0.7)).toBe(28);
    expect(expectedAttendance({ marks: 4, showOfHands: null }, 1.5)).toBe(6);
  });
});

describe("showUpRatio", () => {
  it("uses the default until a counted session has marks", () => {
    expect(showUpRatio([], 0.7)).toMatchObject({ ratio: 0.7, source: "default", countedSessions: 0 });
    expect(showUpRatio([{ marks: 10, headCount: null }], 0.6)).toMatchObject({ ratio: 0.6, source: "default" });
    expect(showUpRatio([{ marks: 0, headCount: 12 }], 0.6)).toMatchObject({ ratio: 0.6, source: "default", countedSessions: 1, counted: 12 });
  });
  it("is the sum of head counts over the sum of marks of the counted sessions only", () => {
    const r = showUpRatio([
      { marks: 20, headCount: 10 },
      { marks: 10, headCount: 8 },
      { marks: 50, headCount: null }, // not counted: left out
    ]);
    expect(r).toMatchObject({ source: "event", countedSessions: 2, counted: 18, marks: 30 });
    expect(r.ratio).toBeCloseTo(0.6);
    expect(ratioLabel(r.ratio)).toBe("60%");
  });
  it("can be above 1 when more came than marked", () => {
    expect(showUpRatio([{ marks: 4, headCount: 10 }]).ratio).toBe(2.5);
  });
});

describe("parseShowUpRatio", () => {
  it("reads decimals and percentages from 5% to 200%", () => {
    expect(parseShowUpRatio("0.7")).toBe(0.7);
    expect(parseShowUpRatio(" 70% ")).toBe(0.7);
    expect(parseShowUpRatio("70")).toBe(0.7);
    expect(parseShowUpRatio("1.2")).toBe(1.2);
    expect(parseShowUpRatio(".5")).toBe(0.5);
    for (const bad of ["", "0", "0.01", "250%", "abc", "-0.5", "0.7.1", "1e3"]) expect(parseShowUpRatio(bad), bad).toBeNull();
  });
});

describe("parseCount", () => {
  it("reads whole numbers from 0 to 10,000", () => {
    expect(parseCount(" 23 ")).toBe(23);
    expect(parseCount("0")).toBe(0);
    for (const bad of ["", "-1", "2.5", "ten", "10001", "1 2"]) expect(parseCount(bad), bad).toBeNull();
  });
});
