import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page, type Request } from "playwright-core";
import { createContextPool, type ContextPool } from "./context-pool";
import { blankPageUrl, sharedBrowserEndpoint } from "./shared-app";

/**
 * A connection to the Chromium that the test files run by this vitest worker share, one file
 * after another (launched by vitest's main process, tests/support/shared-services.ts, on the
 * worker's first request; two files running at once never share one), instead of a Chromium per
 * file. Its `newContext()` leases an emptied context from the worker's pool
 * (tests/support/context-pool.ts): cookies, storage and pages are the test's own, as in a new
 * context, without a cold renderer each time. `close()` gives back this file's contexts; the
 * connection stays for the worker's next file, and the shared Chromium is closed after the
 * project.
 */
export async function launchBrowser(): Promise<Browser> {
  const { browser, pool } = await (connection ??= connect());
  return new Proxy(browser, {
    get(target, property) {
      if (property === "newContext") return (options?: BrowserContextOptions) => pool.lease(options);
      if (property === "close") return () => pool.releaseAll();
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

let connection: Promise<{ browser: Browser; pool: ContextPool }> | undefined;

async function connect() {
  const browser = await chromium.connect(await sharedBrowserEndpoint());
  browser.on("disconnected", () => (connection = undefined));
  return { browser, pool: createContextPool(browser, async () => blankPageUrl(), readWholeDocuments) };
}

/** A browser context, with JavaScript on or off, as a phone or a laptop. */
export async function newContext(browser: Browser, options: { javaScriptEnabled?: boolean; phone?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.phone ? { width: 375, height: 740 } : { width: 1280, height: 900 },
  });
}

/**
 * Collects console errors and page errors (hydration mismatches, React key warnings,
 * uncaught exceptions). Tests assert the list is empty.
 *
 * It also makes the page leave only once its own requests have finished: `goto`, `reload` and
 * `close` on this page first wait for `settled`. A document that navigates or closes while one
 * of its fetches is still reading its body aborts it, and the page's script logs that abort
 * (Remix's eager route discovery logs "Failed to fetch manifest patches AbortError:
 * BodyStreamBuffer was aborted" for the manifest it fetches for every link it renders), which
 * this list would count: a race between the journey and the page, not a fault of the app.
 */
export function trackConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    // A form with mistakes is answered 400 by design (GOV.UK error summary); Chrome logs that.
    if (/status of 400 \(Bad Request\)/.test(message.text())) return;
    if (message.type() === "error" || (message.type() === "warning" && /Warning:|hydrat/i.test(message.text()))) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  leaveOnlyWhenSettled(page);
  return errors;
}

const inFlight = new WeakMap<Page, Set<Request>>();

/** Follows the page's own fetches (route data, manifest patches, live-update polls) from now on. */
function followRequests(page: Page): Set<Request> {
  const followed = inFlight.get(page);
  if (followed) return followed;
  const current = new Set<Request>();
  inFlight.set(page, current);
  page.on("request", (request) => {
    if (request.resourceType() === "fetch" || request.resourceType() === "xhr") current.add(request);
  });
  // "requestfinished" comes once the whole body has arrived, so a body still streaming counts.
  page.on("requestfinished", (request) => current.delete(request));
  page.on("requestfailed", (request) => current.delete(request));
  return current;
}

/**
 * Resolves once none of the page's fetches has been in flight for `quietMs` (longer than Remix's
 * 100 ms debounce before it fetches the manifest for newly rendered links). A live-update poll
 * every few seconds still leaves such a gap. Gives up after `timeoutMs` and says what is pending.
 */
export async function settled(page: Page, { quietMs = 150, timeoutMs = 10_000 } = {}): Promise<void> {
  const requests = followRequests(page);
  const deadline = Date.now() + timeoutMs;
  let quietSince = requests.size === 0 ? Date.now() : Infinity;
  for (;;) {
    if (page.isClosed()) return;
    if (requests.size > 0) quietSince = Infinity;
    else if (quietSince === Infinity) quietSince = Date.now();
    if (Date.now() - quietSince >= quietMs) return;
    if (Date.now() > deadline) throw new Error(`The page still had requests in flight after ${timeoutMs} ms: ${[...requests].map((r) => r.url()).join(", ")}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Makes `goto`, `reload` and `close` on this page wait for `settled` first. */
function leaveOnlyWhenSettled(page: Page) {
  if (inFlight.has(page)) return;
  followRequests(page);
  const { goto, reload, close } = page;
  page.goto = async (...args) => {
    await settled(page);
    return goto.apply(page, args);
  };
  page.reload = async (...args) => {
    await settled(page);
    return reload.apply(page, args);
  };
  page.close = async (...args) => {
    await settled(page);
    return close.apply(page, args);
  };
}

/**
 * A page arrives in chunks (the app streams its HTML), and without JavaScript a form's answer is
 * a new document: a heading a test waited for can be parsed before the rest of the page. So reads
 * of the page (its text, counts, attributes, sizes, scripts run in it) first wait for the
 * document's DOMContentLoaded, which costs nothing once it has fired.
 */
const READS = ["count", "textContent", "innerText", "innerHTML", "allTextContents", "allInnerTexts", "getAttribute", "inputValue", "isVisible", "isHidden", "isChecked", "isEnabled", "isDisabled", "boundingBox", "evaluate", "evaluateAll"] as const;
const PAGE_READS = ["textContent", "innerText", "content", "evaluate", "$eval", "$$eval"] as const;
let locatorReadsWait = false;

/** Run by the context pool on every page a test opens. */
function readWholeDocuments(page: Page) {
  const whole = () => page.waitForLoadState("domcontentloaded");
  const target = page as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of PAGE_READS) {
    const read = target[name];
    target[name] = async (...args) => {
      await whole();
      return read.apply(page, args);
    };
  }
  if (locatorReadsWait) return;
  locatorReadsWait = true;
  const prototype = Object.getPrototypeOf(page.locator("html")) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of READS) {
    const read = prototype[name];
    prototype[name] = async function (this: Locator, ...args) {
      await this.page().waitForLoadState("domcontentloaded");
      return read.apply(this, args);
    };
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** Runs axe-core (WCAG 2.2 A and AA rules) on the page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the app's Content-Security-Policy stays in force
  // for everything else (a CSP violation shows up as a console error and fails the test).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
    return result.violations;
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export function describeViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`).join("\n");
}
