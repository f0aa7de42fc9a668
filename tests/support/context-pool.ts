import type { Browser, BrowserContext, BrowserContextOptions, CDPSession, Page } from "playwright-core";

/**
 * Browser contexts that the journey files of one vitest worker reuse, so that a test asking for
 * a fresh context gets an emptied one instead of a new one.
 *
 * Why: in Chromium a new context means a new renderer process that compiles the app's
 * JavaScript afresh, about 1.7 s of CPU for the first page against 0.25 s for a page in a warm
 * one (measured on this 2-core machine), and the journeys open 80-odd contexts. Each pooled
 * context keeps one page of its own open on a 127.0.0.1 address (`keeperUrl`): every app the
 * tests start is on 127.0.0.1, the same site, so new pages of the context join that page's warm
 * renderer and the context's memory cache.
 *
 * What a test sees is what a fresh context gives it: no cookies, no local storage, IndexedDB or
 * cache storage (cleared for every origin the lease visited), no pages but its own, online, and
 * the viewport it asked for. A lease that changed something that cannot be undone (a fake clock,
 * init scripts, routes, permissions, extra headers, or a registered service worker) is closed
 * for real when it ends instead of going back to the pool.
 */

/** Context methods after which a context is not handed out again. */
const IRREVERSIBLE = new Set(["on", "once", "addListener", "setDefaultTimeout", "setDefaultNavigationTimeout", "clock", "addInitScript", "exposeBinding", "exposeFunction", "route", "routeFromHAR", "routeWebSocket", "setExtraHTTPHeaders", "grantPermissions", "setGeolocation", "setHTTPCredentials"]);

type Pooled = { context: BrowserContext; key: string; keeper: Page; cdp: CDPSession };

export type ContextPool = {
  /** A context with these options, fresh as far as a test can tell; `close()` on it gives it back. */
  lease(options?: BrowserContextOptions): Promise<BrowserContext>;
  /** Ends every lease still open (a file's `browser.close()`). */
  releaseAll(): Promise<void>;
  /** How many real contexts the pool has made. */
  contextsMade(): number;
};

/** `keeperUrl`: a blank page on 127.0.0.1; `preparePage`: run on every page a test opens. */
export function createContextPool(browser: Browser, keeperUrl: () => Promise<string>, preparePage: (page: Page) => void): ContextPool {
  const idle: Pooled[] = [];
  const open = new Set<() => Promise<void>>();
  let made = 0;

  async function create(options: BrowserContextOptions, key: string): Promise<Pooled> {
    const context = await browser.newContext(options);
    made++;
    const keeper = await context.newPage();
    await keeper.goto(await keeperUrl());
    return { context, key, keeper, cdp: await context.newCDPSession(keeper) };
  }

  async function lease(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    // The viewport is set on each page; everything else must match.
    const { viewport, ...rest } = options;
    const key = JSON.stringify(rest);
    const index = idle.findIndex((p) => p.key === key);
    const pooled = index >= 0 ? idle.splice(index, 1)[0] : await create(options, key);
    const { context, keeper, cdp } = pooled;
    const size = viewport === undefined ? { width: 1280, height: 720 } : viewport;
    const origins = new Set<string>();
    const pages = new Set<Page>();
    let reusable = true;
    let ended = false;
    const onRequest = (request: { isNavigationRequest(): boolean; url(): string }) => {
      if (request.isNavigationRequest()) origins.add(new URL(request.url()).origin);
    };
    context.on("request", onRequest);

    const adopt = (page: Page) => {
      if (page === keeper || pages.has(page)) return;
      pages.add(page);
      page.context = () => proxy;
      preparePage(page);
    };
    // Pages the app opens itself (a link with target=_blank) belong to the lease too.
    const onPage = (page: Page) => adopt(page);
    context.on("page", onPage);

    const end = async () => {
      if (ended) return;
      ended = true;
      open.delete(end);
      context.off("request", onRequest);
      context.off("page", onPage);
      for (const page of pages) await page.close().catch(() => undefined);
      if (context.serviceWorkers().length > 0) reusable = false;
      if (!reusable) {
        await context.close().catch(() => undefined);
        return;
      }
      try {
        await context.clearCookies();
        await context.setOffline(false);
        for (const origin of origins) {
          await cdp.send("Storage.clearDataForOrigin", { origin, storageTypes: "local_storage,indexeddb,cache_storage,service_workers,file_systems,websql" });
        }
        idle.push(pooled);
      } catch {
        await context.close().catch(() => undefined);
      }
    };
    open.add(end);

    const proxy: BrowserContext = new Proxy(context, {
      get(target, property) {
        if (property === "close") return end;
        if (property === "newPage")
          return async () => {
            const page = await target.newPage();
            adopt(page);
            if (size) await page.setViewportSize(size);
            return page;
          };
        if (property === "pages") return () => [...pages].filter((p) => !p.isClosed());
        if (typeof property === "string" && IRREVERSIBLE.has(property)) reusable = false;
        const value = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    return proxy;
  }

  return {
    lease,
    async releaseAll() {
      for (const end of [...open]) await end();
    },
    contextsMade: () => made,
  };
}
