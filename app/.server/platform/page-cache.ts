/**
 * Rendered HTML of public pages, kept per URL and ETag, so a rush of phones on the venue wifi
 * costs one React render per schedule version instead of one per request.
 *
 * Safe because a page's ETag already promises that everything it shows is the same for that
 * tag: the schedule loaders build it from the schedule version, the phase of the day and the
 * visitor's cookies, and a browser holding the tag is answered 304 on that promise. Only
 * requests without cookies (nobody signed in, nothing personal, no flash message) and responses
 * marked public are kept. The CSP nonce is the one part that differs per response: the kept
 * HTML has it swapped for the new one.
 *
 * Single flight: requests for a key that is being rendered wait for that render instead of
 * starting their own, so a burst of visitors right after a schedule change (or a cold start)
 * costs one render, not one each.
 */
const MAX_PAGES = 64;
const pages = new Map<string, { html: string; nonce: string }>();

export function renderedPageKey(request: Request, status: number, headers: Headers): string | null {
  if (request.method !== "GET" || status !== 200 || request.headers.has("cookie") || headers.has("set-cookie")) return null;
  const etag = headers.get("etag");
  if (!etag || !/(^|,)\s*public\s*(,|$)/.test(headers.get("cache-control") ?? "")) return null;
  const url = new URL(request.url);
  return `${url.pathname}${url.search} ${etag}`;
}

export function cachedPage(key: string, nonce: string): string | null {
  const hit = pages.get(key);
  if (!hit) return null;
  // Most recently used last, so the oldest goes first when the cache is full.
  pages.delete(key);
  pages.set(key, hit);
  return hit.html.replaceAll(hit.nonce, nonce);
}

export function rememberPage(key: string, html: string, nonce: string) {
  pages.set(key, { html, nonce });
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
}

type RenderedPage = { html: string; failed: boolean };
const inFlight = new Map<string, Promise<RenderedPage & { nonce: string }>>();
let renders = 0;

/**
 * The page for `key` with `nonce` in it: kept, or being rendered by another request (then wait
 * for it), or rendered now by `render` (and kept unless it failed). A waiter whose shared
 * render failed renders for itself.
 */
export async function renderPageOnce(key: string, nonce: string, render: (nonce: string) => Promise<RenderedPage>): Promise<RenderedPage> {
  const kept = cachedPage(key, nonce);
  if (kept !== null) return { html: kept, failed: false };
  const running = inFlight.get(key);
  if (running) {
    const shared = await running.catch(() => null);
    if (shared && !shared.failed) return { html: shared.html.replaceAll(shared.nonce, nonce), failed: false };
    return countedRender(nonce, render);
  }
  const flight = countedRender(nonce, render).then((page) => {
    if (!page.failed) rememberPage(key, page.html, nonce);
    return { ...page, nonce };
  });
  inFlight.set(key, flight);
  try {
    const { html, failed } = await flight;
    return { html, failed };
  } finally {
    inFlight.delete(key);
  }
}

function countedRender(nonce: string, render: (nonce: string) => Promise<RenderedPage>) {
  renders += 1;
  return render(nonce);
}

/** How many renders renderPageOnce started (tests). */
export function pageRenderCount(): number {
  return renders;
}

export function pageCacheSize(): number {
  return pages.size;
}

export function clearPageCacheForTests() {
  pages.clear();
  renders = 0;
}
