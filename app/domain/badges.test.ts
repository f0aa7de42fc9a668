import { describe, expect, it } from "vitest";
import { badgeAffiliation, badgeLayout, badgeNameSize, badgePages, badgeSelection } from "./badges";

describe("badge rules", () => {
  it("read the layout and selection from a form, defaulting to A4 sheets of everyone", () => {
    expect([badgeLayout("single"), badgeLayout("sheet"), badgeLayout(null), badgeLayout("SINGLE"), badgeLayout("<x>")]).toEqual(["single", "sheet", "sheet", "sheet", "sheet"]);
    expect([badgeSelection("new"), badgeSelection("all"), badgeSelection(undefined), badgeSelection("everyone")]).toEqual(["new", "all", "all", "all"]);
  });

  it("put 8 badges on an A4 sheet (the last sheet partly filled), or one to a page", () => {
    const people = Array.from({ length: 19 }, (_, i) => i);
    const sheets = badgePages(people, "sheet");
    expect(sheets.map((s) => s.length)).toEqual([8, 8, 3]);
    expect(sheets.flat()).toEqual(people);
    expect(badgePages(people, "single")).toHaveLength(19);
    expect(badgePages([], "sheet")).toEqual([]);
  });

  it("print the organisation typed, else the council the address belongs to", () => {
    expect(badgeAffiliation({ organisation: "Guildford Borough Council", councilName: "Guildford" })).toBe("Guildford Borough Council");
    expect(badgeAffiliation({ organisation: "  ", councilName: "Guildford Borough Council" })).toBe("Guildford Borough Council");
    expect(badgeAffiliation({ organisation: "", councilName: null })).toBe("");
  });

  it("shrink long names", () => {
    expect(badgeNameSize("Sam Jones")).toBe("normal");
    expect(badgeNameSize("Christopher Fitzgerald")).toBe("long");
    expect(badgeNameSize("Wolfeschlegelsteinhausenberger")).toBe("longer");
    expect(badgeNameSize("Maria Fernanda de los Angeles Gutierrez")).toBe("longer");
  });
});
