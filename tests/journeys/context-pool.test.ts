import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContextPool, type ContextPool } from "../support/context-pool";
import { blankPageUrl, sharedApp, sharedBrowserEndpoint, type SharedApp } from "../support/shared-app";

/**
 * The journeys lease emptied contexts instead of new ones (tests/support/context-pool.ts): what
 * one test leaves in a context must not reach the next, or a journey could pass on another's
 * cookies or storage.
 */
let browser: Browser;
let pool: ContextPool;
let app: SharedApp;

beforeAll(async () => {
  browser = await chromium.connect(await sharedBrowserEndpoint());
  pool = createContextPool(browser, async () => blankPageUrl(), () => undefined);
  app = await sharedApp();
});

afterAll(async () => {
  await pool.releaseAll();
  await browser.close();
});

describe("a pooled browser context", () => {
  it("comes back empty: no cookies, storage or pages of the last lease, online, at the size asked for", async () => {
    const first = await pool.lease({ viewport: { width: 375, height: 740 } });
    await first.addCookies([{ name: "left_behind", value: "1", url: app.url }]);
    const page = await first.newPage();
    await page.goto(`${app.url}/healthz`);
    await page.evaluate(() => {
      localStorage.setItem("left_behind", "1");
      document.cookie = "also_left=1";
    });
    await first.setOffline(true);
    await first.close();

    const second = await pool.lease({ viewport: { width: 1000, height: 700 } });
    expect(pool.contextsMade()).toBe(1);
    expect(await second.cookies()).toEqual([]);
    expect(second.pages()).toEqual([]);
    const again = await second.newPage();
    expect(again.viewportSize()).toEqual({ width: 1000, height: 700 });
    await again.goto(`${app.url}/healthz`);
    expect(await again.evaluate(() => [localStorage.getItem("left_behind"), document.cookie, navigator.onLine])).toEqual([null, "", true]);
    expect(again.context()).toBe(second);
    await second.close();
  });

  it("is made afresh for other options, and after a lease that changed what cannot be undone", async () => {
    const withoutJavaScript = await pool.lease({ javaScriptEnabled: false });
    expect(pool.contextsMade()).toBe(2);
    await withoutJavaScript.close();

    const clocked = await pool.lease();
    expect(pool.contextsMade()).toBe(2);
    await clocked.clock.install({ time: new Date("2026-10-25T10:29:30Z") });
    await clocked.close();
    const next = await pool.lease();
    expect(pool.contextsMade()).toBe(3);
    const page = await next.newPage();
    await page.goto(`${app.url}/healthz`);
    expect(await page.evaluate(() => Date.now())).toBeGreaterThan(new Date("2026-10-25T10:29:30Z").getTime() + 60_000);
    await next.close();
  });
});
