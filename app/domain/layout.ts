/**
 * Pages that need the whole window rather than GOV.UK's 960 px column (the organiser and public
 * grids, with up to a dozen rooms across) export `handle = wideLayout`; the root layout reads it.
 */
export const wideLayout = { wideLayout: true } as const;

export function isWideLayout(handle: unknown): boolean {
  return typeof handle === "object" && handle !== null && (handle as { wideLayout?: unknown }).wideLayout === true;
}
