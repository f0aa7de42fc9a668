import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

const CHROMIUM = "/usr/bin/chromium";

/**
 * Debian's Chromium, headless. The background-networking flags stop Chromium reaching for
 * Google's services, which this machine's closed network refuses.
 */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
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
 */
export function trackConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    // A form with mistakes is answered 400 by design (GOV.UK error summary); Chrome logs that.
    if (/status of 400 \(Bad Request\)/.test(message.text())) return;
    if (message.type() === "error" || (message.type() === "warning" && /Warning:|hydrat/i.test(message.text()))) errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
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
