/**
 * Pages that need the whole window rather than GOV.UK's 960 px column (the organiser and public
 * grids, with up to a dozen rooms across) export `handle = wideLayout`; the root layout reads it.
 */
export const wideLayout = { wideLayout: true } as const;

export function isWideLayout(handle: unknown): boolean {
  return typeof handle === "object" && handle !== null && (handle as { wideLayout?: unknown }).wideLayout === true;
}

/**
 * Pages that show a live state (the pitch projector) export `handle = liveWithoutScript(seconds)`:
 * the root layout adds a refresh inside <noscript>, so with JavaScript off the page reloads itself,
 * and with it on the page updates in place instead.
 */
export function liveWithoutScript(seconds: number) {
  return { wideLayout: true, refreshWithoutScriptSeconds: seconds } as const;
}

export function refreshWithoutScript(handle: unknown): number | null {
  const value = typeof handle === "object" && handle !== null ? (handle as { refreshWithoutScriptSeconds?: unknown }).refreshWithoutScriptSeconds : undefined;
  return typeof value === "number" && value > 0 ? value : null;
}
