import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkDate, dateAnchor, dateInput, datePartValues, gatherDates, optionalDateInput, parseTime, timeInput } from "./date-input";

const words = { label: "Date of the event", missing: "Enter the date of the event" };
const check = (day: string, month: string, year: string) => checkDate({ day, month, year }, words);

describe("a date typed in three boxes (GOV.UK date input)", () => {
  it("reads day, month and year, with month names and without leading zeros", () => {
    expect(check("27", "3", "2026")).toEqual({ ok: true, date: "2026-03-27" });
    expect(check(" 07 ", "03", "2026")).toEqual({ ok: true, date: "2026-03-07" });
    expect(check("1", "Sept", "2026")).toEqual({ ok: true, date: "2026-09-01" });
    expect(check("1", "december", "2026")).toEqual({ ok: true, date: "2026-12-01" });
    expect(check("29", "2", "2028")).toEqual({ ok: true, date: "2028-02-29" });
  });

  it("says what is missing, and which boxes", () => {
    expect(check("", "", "")).toMatchObject({ ok: false, blank: true, message: "Enter the date of the event", parts: ["day", "month", "year"] });
    expect(check("27", "", "2026")).toMatchObject({ message: "Date of the event must include a month", parts: ["month"] });
    expect(check("", "", "2026")).toMatchObject({ message: "Date of the event must include a day and month", parts: ["day", "month"] });
  });

  it("refuses dates that cannot be, blaming the box that is wrong", () => {
    expect(check("31", "2", "2026")).toMatchObject({ message: "Date of the event must be a real date", parts: ["day"] });
    expect(check("29", "2", "2026")).toMatchObject({ message: "Date of the event must be a real date", parts: ["day"] });
    expect(check("12", "13", "2026")).toMatchObject({ message: "Date of the event must be a real date", parts: ["month"] });
    expect(check("x", "y", "2026")).toMatchObject({ message: "Date of the event must be a real date", parts: ["day", "month"] });
    expect(check("12", "3", "26")).toMatchObject({ message: "Year must include 4 numbers", parts: ["year"] });
  });

  it("links the error summary to the first box in error, the day when the whole date is wrong", () => {
    expect(dateAnchor({ "startDate-day": "27", "startDate-month": "", "startDate-year": "2026" }, "startDate")).toBe("startDate-month");
    expect(dateAnchor({ "startDate-day": "", "startDate-month": "", "startDate-year": "" }, "startDate")).toBe("startDate-day");
    // A real date refused for another reason (an end before the start): all boxes, the day first.
    expect(dateAnchor({ "startDate-day": "27", "startDate-month": "3", "startDate-year": "2026" }, "startDate")).toBe("startDate-day");
  });

  it("gives the boxes' values for a stored date", () => {
    expect(datePartValues("startDate", "2026-03-07")).toEqual({ "startDate-day": "7", "startDate-month": "3", "startDate-year": "2026" });
  });

  it("parses as part of a form, keeping the error on the field's own name, and still takes a single ISO date", () => {
    const schema = z.preprocess(gatherDates(["startDate", "endDate"]), z.object({ startDate: dateInput(words), endDate: optionalDateInput({ label: "End date", missing: "Enter the end date" }) }));
    expect(schema.parse({ "startDate-day": "27", "startDate-month": "3", "startDate-year": "2026", "endDate-day": "", "endDate-month": "", "endDate-year": "" })).toEqual({ startDate: "2026-03-27", endDate: null });
    expect(schema.parse({ startDate: "2026-03-27" })).toEqual({ startDate: "2026-03-27", endDate: null });
    const failed = schema.safeParse({ "startDate-day": "27", "startDate-year": "2026", "endDate-day": "1" });
    expect(failed.success ? [] : failed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "startDate: Date of the event must include a month",
      "endDate: End date must include a month and year",
    ]);
  });
});

describe("a time typed as text", () => {
  it("accepts the ways people write times", () => {
    const cases: [string, string][] = [
      ["14:30", "14:30"],
      ["9:30", "09:30"],
      ["9.30", "09:30"],
      ["930", "09:30"],
      ["0930", "09:30"],
      ["1430", "14:30"],
      ["9", "09:00"],
      ["14", "14:00"],
      ["2pm", "14:00"],
      ["2:30 pm", "14:30"],
      ["2.30p.m.", "14:30"],
      ["12pm", "12:00"],
      ["12am", "00:00"],
      ["11AM", "11:00"],
      ["midday", "12:00"],
      ["00:00", "00:00"],
      ["23:59", "23:59"],
    ];
    for (const [typed, time] of cases) expect([typed, parseTime(typed)]).toEqual([typed, time]);
  });

  it("refuses what is not a time", () => {
    for (const typed of ["24:00", "9:60", "13pm", "0am", "half nine", "9:3", "12345", "-1"]) expect([typed, parseTime(typed)]).toEqual([typed, null]);
  });

  it("gives GOV.UK's messages", () => {
    const issues = (value: string) => {
      const result = z.object({ startTime: timeInput("start time") }).safeParse({ startTime: value });
      return result.success ? result.data.startTime : result.error.issues.map((i) => i.message);
    };
    expect(issues("")).toEqual(["Enter the start time"]);
    expect(issues("25:00")).toEqual(["Enter the start time in the format 14:30"]);
    expect(issues("2pm")).toBe("14:00");
  });
});
