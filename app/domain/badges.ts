/**
 * Name badges (issue 17): which layout, who is on them, and how they fall onto printed pages.
 * Pure rules shared by the organiser's badge page and the print view.
 */

/** "sheet": A4, 8 badges (2 across, 4 down); "single": one badge a page, for badge printers. */
type BadgeLayout = "sheet" | "single";
/** Every confirmed attendee, or only those confirmed since the last "Mark as printed". */
export type BadgeSelection = "all" | "new";

const BADGES_PER_SHEET = 8;

/** The layout a form or address asks for; anything else is the A4 sheet. */
export function badgeLayout(value: string | null | undefined): BadgeLayout {
  return value === "single" ? "single" : "sheet";
}

/** Who a form or address asks for; anything else is everyone. */
export function badgeSelection(value: string | null | undefined): BadgeSelection {
  return value === "new" ? "new" : "all";
}

/** The line under the name: the organisation the person typed, else the council their address is from. */
export function badgeAffiliation(person: { organisation: string; councilName: string | null }): string {
  return person.organisation.trim() || person.councilName?.trim() || "";
}

/** Long names get smaller type so they stay on two lines of a badge. */
export function badgeNameSize(name: string): "normal" | "long" | "longer" {
  const longestWord = Math.max(0, ...name.split(/\s+/).map((w) => w.length));
  if (name.length > 32 || longestWord > 16) return "longer";
  if (name.length > 20 || longestWord > 12) return "long";
  return "normal";
}

/** The badges of each printed page, in order: 8 to an A4 sheet, or one to a page. */
export function badgePages<T>(badges: T[], layout: BadgeLayout): T[][] {
  const size = layout === "single" ? 1 : BADGES_PER_SHEET;
  const pages: T[][] = [];
  for (let i = 0; i < badges.length; i += size) pages.push(badges.slice(i, i + size));
  return pages;
}
