import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeDb, resetEnvForTests } from "../../app/.server/platform";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, settled, trackConsoleErrors } from "../support/browser";
import { makeEvent, makeRegistration, makeSlot } from "../support/factories";
import { linkIn } from "../support/smtp-sink";
import { sharedApp, sharedSink, type SharedApp } from "../support/shared-app";

/**
 * On the day: two attendees pitch sessions on their phones, a third says she would go to
 * both, and an organiser merges the two (they are about the same thing) so her interest counts
 * once. With JavaScript on (marks without a page load) and off (plain form posts).
 */
// The app and SMTP sink are shared with the other journeys: this file's own organiser (an
// organiser of its events, not an admin), so no other file's sign-in link can be taken for theirs.
const ORGANISER = "organiser@pitching-journey.test";

let app: SharedApp;
let browser: Browser;
let organiserCookies: Awaited<ReturnType<BrowserContext["cookies"]>> | undefined;

async function useAppDatabase<T>(work: () => Promise<T>): Promise<T> {
  process.env.DATABASE_URL = app.databaseUrl;
  resetEnvForTests();
  closeDb();
  try {
    return await work();
  } finally {
    closeDb();
  }
}

beforeAll(async () => {
  app = await sharedApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Signs the organiser in by the emailed link once; later contexts reuse the session cookie. */
async function organiserPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  if (organiserCookies) {
    await context.addCookies(organiserCookies);
    return page;
  }
  await page.goto(`${app.url}/sign-in`);
  await page.getByLabel("Sign in as an organiser").fill(ORGANISER);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await page.getByRole("heading", { name: "Check your email" }).waitFor();
  const email = await sharedSink.waitForEmail(ORGANISER, /sign-in link/);
  await page.goto(linkIn(email, "/sign-in/verify"));
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Your events" }).waitFor();
  organiserCookies = await context.cookies();
  return page;
}

describe.each([{ javaScript: true }, { javaScript: false }])("pitching journey (JavaScript $javaScript)", ({ javaScript }) => {
  const slug = javaScript ? "camp-pitch-js" : "camp-pitch-nojs";
  const people: Record<"amara" | "ben" | "cara", { manageToken: string }> = {} as never;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  /** A phone that has opened the attendee's private link, as from their confirmation email. */
  async function attendeePhone(who: keyof typeof people): Promise<Page> {
    const context = await newContext(browser, { javaScriptEnabled: javaScript, phone: true });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = trackConsoleErrors(page);
    page.on("close", () => consoleErrors.push(...errors));
    await page.goto(`${app.url}/r/${people[who].manageToken}`);
    await page.getByRole("heading", { name: "Your registration" }).waitFor();
    return page;
  }

  beforeAll(async () => {
    await useAppDatabase(async () => {
      const { event, ticket } = await makeEvent({ slug, organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
      await makeSlot(event.id, new Date("2030-06-01T14:00:00Z"));
      people.amara = await makeRegistration(event.id, ticket.id, { name: "Amara Okafor", email: `amara-${slug}@guildford.gov.uk` });
      people.ben = await makeRegistration(event.id, ticket.id, { name: "Ben Whitfield", email: `ben-${slug}@surreycc.gov.uk` });
      people.cara = await makeRegistration(event.id, ticket.id, { name: "Cara Lewis", email: `cara-${slug}@leeds.gov.uk` });
    });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close();
  });

  it("lets two attendees pitch, pointing out mistakes first", async () => {
    const amara = await attendeePhone("amara");
    await amara.goto(`${app.url}/events/${slug}/pitches`);
    await amara.getByText("No one has pitched yet.").waitFor();
    await amara.getByRole("button", { name: "Pitch a session" }).click();
    await amara.getByRole("heading", { name: "Pitch a session" }).waitFor();
    await amara.getByRole("button", { name: "Pitch this session" }).click();
    const summary = amara.locator(".govuk-error-summary");
    await expect.poll(() => summary.textContent()).toContain("Enter a title");
    if (javaScript) {
      const violations = await seriousAxeViolations(amara);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    await amara.getByLabel("Session title").fill("Open data in planning");
    await amara.getByLabel("Description (optional)").fill("What have councils published?\n<script>alert('pwned')</script>");
    await amara.getByLabel("Show and tell").check();
    await amara.getByLabel("A screen or projector").check();
    await amara.getByRole("button", { name: "Pitch this session" }).click();
    await amara.getByRole("heading", { name: "Open data in planning" }).waitFor();
    // The description is text: the markup shows as typed and no script element is added.
    await amara.getByText("<script>alert('pwned')</script>", { exact: false }).waitFor();
    expect(await amara.locator("main script").count()).toBe(0);
    expect(await amara.getByText("A screen or projector").count()).toBeGreaterThan(0);
    if (javaScript) {
      const violations = await seriousAxeViolations(amara);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    await amara.close();

    const ben = await attendeePhone("ben");
    await ben.goto(`${app.url}/events/${slug}/pitches/new`);
    await ben.getByLabel("Session title").fill("Opening up planning data");
    await ben.getByLabel("Discussion").check();
    // A time Ben cannot do (the event's only session slot).
    await ben.locator('input[name="avoidSlotIds"]').first().check();
    await ben.getByRole("button", { name: "Pitch this session" }).click();
    await ben.getByRole("heading", { name: "Opening up planning data" }).waitFor();
    await ben.close();
  });

  it("lets a third attendee mark both; the page passes axe", async () => {
    const cara = await attendeePhone("cara");
    await cara.goto(`${app.url}/events/${slug}/pitches`);
    await cara.getByRole("heading", { name: "2 pitches" }).waitFor();
    if (javaScript) {
      const violations = await seriousAxeViolations(cara);
      expect(violations, describeViolations(violations)).toEqual([]);
      // Marks must not load a new page: this flag would be lost if one did.
      await cara.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
    }
    // The button changes at once (before the server answers), so wait for the page's own
    // requests before the next tap: a second tap while the first is still being read makes
    // Remix abort the first and log the abort ("AbortError: BodyStreamBuffer was aborted").
    for (const title of ["Open data in planning", "Opening up planning data"]) {
      await cara.getByRole("button", { name: `I’d go to “${title}”` }).click();
      await cara.getByRole("button", { name: `Remove my mark from “${title}”` }).waitFor();
      await settled(cara);
    }
    await expect.poll(() => cara.getByText("1 person would go including you").count()).toBe(2);
    // Undo and redo one mark: still counted once.
    await cara.getByRole("button", { name: "Remove my mark from “Open data in planning”" }).click();
    await settled(cara);
    await cara.getByRole("button", { name: "I’d go to “Open data in planning”" }).click();
    await cara.getByRole("button", { name: "Remove my mark from “Open data in planning”" }).waitFor();
    if (javaScript) expect(await cara.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    await cara.reload();
    await expect.poll(() => cara.getByText("1 person would go including you").count()).toBe(2);
    if (javaScript) {
      await cara.getByRole("button", { name: "Remove my mark from “Opening up planning data”" }).waitFor();
    }
    // Most wanted, and filtering by format, work as plain links/forms.
    await cara.goto(`${app.url}/events/${slug}/pitches?format=show-and-tell`);
    await cara.getByRole("heading", { name: "1 of 2 pitches" }).waitFor();
    await cara.close();
  });

  it("lets an organiser merge the two: Cara's interest counts once and both pitchers host", async () => {
    const context = await newContext(browser, { javaScriptEnabled: javaScript });
    contexts.push(context);
    const page = await organiserPage(context);
    const errors = trackConsoleErrors(page);
    await page.goto(`${app.url}/organise/${slug}/pitches`);
    await page.getByRole("heading", { name: "Pitches", exact: true }).waitFor();
    await page.getByLabel("Duplicate pitch").selectOption({ label: "Opening up planning data (1)" });
    await page.getByLabel("Merge it into").selectOption({ label: "Open data in planning (1)" });
    await page.getByRole("button", { name: "Merge pitches" }).click();
    await page.getByText("Merged into “Open data in planning”: 1 person would go.").waitFor();
    await page.getByRole("row", { name: /Opening up planning data.*Merged/ }).waitFor();
    if (javaScript) {
      const violations = await seriousAxeViolations(page);
      expect(violations, describeViolations(violations)).toEqual([]);
    }
    await page.close();
    consoleErrors.push(...errors);

    // The attendee list now has one pitch, hosted by both, with Cara counted once.
    const cara = await attendeePhone("cara");
    await cara.goto(`${app.url}/events/${slug}/pitches`);
    await cara.getByRole("heading", { name: "1 pitch" }).waitFor();
    await cara.getByText("by Amara Okafor, Ben Whitfield").waitFor();
    await cara.getByText("1 person would go including you").waitFor();
    await cara.close();

    const email = await sharedSink.waitForEmail(`ben-${slug}@surreycc.gov.uk`, /combined with a similar one/);
    expect(email.text).toContain(`/events/${slug}/pitches/`);
    expect(email.text).toMatch(/\/r\/[A-Za-z0-9_-]{20,}/);
  });

  it("logged no console errors", () => {
    expect(consoleErrors, consoleErrors.join("\n")).toEqual([]);
  });
});
