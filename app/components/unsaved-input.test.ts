import { describe, expect, it } from "vitest";
import { hasUnsavedInput, isEdited } from "./unsaved-input";

const input = (over: Record<string, unknown> = {}) => ({ tagName: "INPUT", type: "text", value: "", defaultValue: "", form: {}, ...over });
const doc = (fields: ReturnType<typeof input>[], active: ReturnType<typeof input> | null = null) => ({ activeElement: active, querySelectorAll: () => fields });

describe("unsaved input (the pitch station holds its live reload while it is there)", () => {
  it("a text field edited, a box ticked or unticked, another option chosen", () => {
    expect(isEdited(input())).toBe(false);
    expect(isEdited(input({ value: "Bins", defaultValue: "Bins" }))).toBe(false);
    expect(isEdited(input({ value: "Bins and AI", defaultValue: "Bins" }))).toBe(true);
    expect(isEdited(input({ tagName: "TEXTAREA", type: undefined, value: "x" }))).toBe(true);
    expect(isEdited(input({ type: "checkbox", checked: true, defaultChecked: true }))).toBe(false);
    expect(isEdited(input({ type: "checkbox", checked: false, defaultChecked: true }))).toBe(true);
    expect(isEdited(input({ type: "radio", checked: true, defaultChecked: false }))).toBe(true);
    const options = (selected: number, byDefault: number) => [0, 1, 2].map((i) => ({ selected: i === selected, defaultSelected: i === byDefault }));
    expect(isEdited({ tagName: "SELECT", options: options(0, 0) })).toBe(false);
    expect(isEdited({ tagName: "SELECT", options: options(2, 0) })).toBe(true);
  });

  it("ignores hidden fields and buttons, whatever their value", () => {
    expect(isEdited(input({ type: "hidden", value: "7", defaultValue: "" }))).toBe(false);
    expect(isEdited(input({ type: "submit", value: "record", defaultValue: "" }))).toBe(false);
  });

  it("holds while a form field has focus or any field is edited, not while a button has focus", () => {
    const untouched = [input({ value: "a", defaultValue: "a" }), input({ type: "checkbox", checked: true, defaultChecked: true })];
    expect(hasUnsavedInput(doc(untouched))).toBe(false);
    expect(hasUnsavedInput(doc(untouched, untouched[0]))).toBe(true);
    expect(hasUnsavedInput(doc(untouched, input({ type: "submit" })))).toBe(false);
    // A field outside any form (none on the station, but a search box say) does not hold it.
    expect(hasUnsavedInput(doc(untouched, input({ form: null })))).toBe(false);
    expect(hasUnsavedInput(doc([...untouched, input({ value: "typed" })]))).toBe(true);
  });
});
