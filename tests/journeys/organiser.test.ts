import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startApp, type RunningApp } from "../support/app-server";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { linkIn, startSmtpSink, type SmtpSink } from "../support/smtp-sink";

/** An organiser's first hour: sign in by emailed link, create an event and its ticket types. */
describe.each([
  { javaScript: true, slug: "makers-woking" },
  { javaScript: false, slug: "makers-woking-nojs" },
])("organiser journey (JavaScript $javaScript)", ({ javaScript, slug }) => {
  let app: RunningApp;
  let sink: SmtpSink;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await startApp({ smtpUrl: sink.url, seed: true });
    browser = await launchBrowser();
    page = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage();
    consoleErrors = trackConsoleErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await sink?.close();
  });

  it("signs in with the link read from the real SMTP server", async () => {
    await page.goto(`${app.url}/organise`);
    expect(page.url()).toContain("/sign-in?redirectTo=%2Forganise");
    // An empty form gets a GOV.UK error summary, not a crash.
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Enter your email address");
    await page.getByLabel("Sign in as an organiser").fill("admin@pitchgrid.test");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();

    const email = await sink.waitForEmail("admin@pitchgrid.test", /sign-in link/);
    const link = linkIn(email, "/sign-in/verify");
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Your events" }).waitFor();
    expect(await page.locator(".govuk-notification-banner").textContent()).toContain("You are signed in");

    // The same link cannot be used twice.
    const second = await (await newContext(browser, { javaScriptEnabled: javaScript })).newPage();
    await second.goto(link);
    await second.getByRole("button", { name: "Sign in" }).click();
    await second.getByText("already been used").waitFor();
    await second.close();
  });

  it("creates an event, fixing a mistake the server points out", async () => {
    await page.getByRole("link", { name: "Create an event" }).click();
    await page.getByLabel("Event name").fill("Makers: Woking");
    await page.getByLabel("Web address").fill("Not A Slug!");
    // The GOV.UK date input: day, month and year boxes; the month is forgotten.
    const date = page.getByRole("group", { name: "Date of the event" });
    await date.getByLabel("Day").fill("27");
    await date.getByLabel("Year").fill("2027");
    await page.getByLabel("End time").fill("5pm");
    await page.getByLabel("Total places").fill("60");
    await page.getByRole("button", { name: "Create event" }).click();
    const summary = page.locator(".govuk-error-summary");
    await expect.poll(() => summary.textContent()).toContain("Web address can only contain");
    expect(await summary.textContent()).toContain("Date of the event must include a month");
    // The summary links to the first box in error; only that box is marked.
    expect(await summary.getByRole("link", { name: "Date of the event must include a month" }).getAttribute("href")).toBe("#startDate-month");
    expect(await date.getByLabel("Month").getAttribute("class")).toContain("govuk-input--error");
    expect(await date.getByLabel("Day").getAttribute("class")).not.toContain("govuk-input--error");
    // What was typed is kept.
    expect(await page.getByLabel("Event name").inputValue()).toBe("Makers: Woking");
    expect([await date.getByLabel("Day").inputValue(), await date.getByLabel("Year").inputValue(), await page.getByLabel("End time").inputValue()]).toEqual(["27", "2027", "5pm"]);
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, `event form with errors: ${describeViolations(violations)}`).toEqual([]);
    }
    await summary.getByRole("link", { name: "Date of the event must include a month" }).click();
    await date.getByLabel("Month").fill("3");
    await page.getByLabel("Web address").fill(slug);
    await page.getByRole("button", { name: "Create event" }).click();
    await page.getByRole("heading", { name: "Makers: Woking", level: 1 }).waitFor();
    expect(page.url()).toBe(`${app.url}/organise/${slug}`);
  });

  it("adds two ticket types", async () => {
    await page.getByRole("link", { name: "Add a ticket type" }).first().click();
    await page.getByLabel("Ticket type name").fill("Council staff");
    await page.getByLabel("Places").fill("50");
    await page.getByLabel("People who work for a UK council").check();
    await page.getByRole("button", { name: "Add ticket type" }).click();
    await page.getByText("Ticket type “Council staff” added.").waitFor();

    await page.getByRole("link", { name: "Add a ticket type" }).click();
    await page.getByLabel("Ticket type name").fill("Suppliers");
    await page.getByLabel("Places").fill("10");
    await page.getByLabel("Anyone may apply, an organiser approves").check();
    await page.getByRole("button", { name: "Add ticket type" }).click();
    await page.getByText("Ticket type “Suppliers” added.").waitFor();
  });

  it("publishes the draft (issue 15: a new event is a draft until then)", async () => {
    await page.goto(`${app.url}/organise/${slug}`);
    await page.getByText("This event is a draft").waitFor();
    await page.getByRole("button", { name: "Publish the event" }).click();
    await page.getByText("Makers: Woking is published").waitFor();
  });

  it("shows the event on its public page", async () => {
    await page.goto(`${app.url}/events/${slug}`);
    expect(await page.locator("h1").textContent()).toBe("Makers: Woking");
    const body = await page.locator("main").textContent();
    expect(body).toContain("Saturday 27 March 2027");
    expect(body).toContain("9am to 5pm");
    expect(body).toContain("Council staff");
    expect(body).toContain("People who work for a UK council");
    expect(body).toContain("Suppliers");
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  });

  it("has no serious accessibility problems on the public event page and the sign-in page", async () => {
    // axe itself is JavaScript, so it always runs in a context with JavaScript on.
    const fresh = await (await newContext(browser)).newPage();
    for (const path of [`/events/${slug}`, "/sign-in", "/"]) {
      await fresh.goto(`${app.url}${path}`);
      // The phase banner is inside the header landmark (issue 15), so no content sits outside a landmark.
      expect(await fresh.getByRole("banner").locator(".govuk-phase-banner").count(), path).toBe(1);
      const violations = await seriousAxeViolations(fresh);
      expect(violations, `${path}: ${describeViolations(violations)}`).toEqual([]);
    }
    await fresh.close();
  });
});
