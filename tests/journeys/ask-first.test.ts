import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeDb } from "../../app/.server/platform";
import { placePitch, setPublished } from "../../app/.server/grid";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { makeEvent, makeGridPitch, makeRoom, makeSlot } from "../support/factories";
import { sharedApp, sharedSink, useSharedAppDatabase, type SharedApp } from "../support/shared-app";
import { linkIn } from "../support/smtp-sink";

/**
 * Nothing destructive in one tap (issue 14), where JavaScript changes what happens: a failed form
 * no longer shows the previous success banner above its error summary, and Unpublish goes through
 * the page that asks (with and without JavaScript) and is undone by Undo.
 */
// Its own organiser on the project's shared app, so no other file's sign-in link is taken for it.
const ORGANISER = "organiser@ask-first-journey.test";

let app: SharedApp;
let browser: Browser;
let organiserCookies: Awaited<ReturnType<BrowserContext["cookies"]>> | undefined;

async function useAppDatabase<T>(work: () => Promise<T>): Promise<T> {
  useSharedAppDatabase(app);
  try {
    return await work();
  } finally {
    closeDb();
  }
}

async function signIn(context: BrowserContext): Promise<Page> {
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

/** A published grid with one session. */
async function publishedEvent(slug: string) {
  return useAppDatabase(async () => {
    const { event } = await makeEvent({ slug, organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
    const room = await makeRoom(event.id, { name: "Hall" });
    const slot = await makeSlot(event.id, new Date("2030-06-01T09:00:00Z"));
    const pitch = await makeGridPitch(event.id, { title: "Open data" });
    await placePitch(event.id, ORGANISER, 0, pitch, room, slot);
    await setPublished(event.id, ORGANISER, 1, true);
    return { room, slot, pitch };
  });
}

beforeAll(async () => {
  app = await sharedApp();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function unpublishAndUndo(page: Page, slug: string, { axe }: { axe: boolean }) {
  await page.goto(`${app.url}/organise/${slug}/grid`);
  await page.getByTestId("unpublish-link").click();
  await page.getByRole("heading", { name: "Unpublish the grid?" }).waitFor();
  expect(await page.getByTestId("unpublish-consequences").textContent()).toMatch(/show every session as cancelled/);
  // axe runs in the page, so only with JavaScript on.
  if (axe) expect(describeViolations(await seriousAxeViolations(page))).toBe("");
  await page.getByRole("button", { name: "Yes, unpublish the grid" }).click();
  await page.getByText("Grid unpublished: the public schedule shows nothing").waitFor();
  expect(await page.locator(".govuk-tag", { hasText: "Not published" }).count()).toBe(1);
  expect(await page.getByText("Undo will revert: Unpublished the grid").count()).toBe(1);
  await page.getByRole("button", { name: /^Undo/ }).click();
  await page.getByText("Last change undone.").waitFor();
  await expect.poll(() => page.locator(".govuk-tag", { hasText: "Published" }).count()).toBe(1);
}

/** Issue 15: the event back to draft, asking first; the public then get 404 and the organiser a marked preview; publishing again restores it. */
async function eventBackToDraft(page: Page, slug: string, { axe }: { axe: boolean }) {
  await page.goto(`${app.url}/organise/${slug}`);
  await page.getByRole("link", { name: "Put it back to draft" }).click();
  await page.getByRole("heading", { name: "Put the event back to draft?" }).waitFor();
  expect(await page.getByTestId("unpublish-event-consequences").textContent()).toMatch(/nobody is emailed/);
  if (axe) expect(describeViolations(await seriousAxeViolations(page))).toBe("");
  await page.getByRole("button", { name: "Put the event back to draft" }).click();
  await page.getByText("is a draft again").waitFor();
  const visitor = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  for (const path of ["", "/schedule", "/pitches"]) {
    expect((await visitor.goto(`${app.url}/events/${slug}${path}`))!.status(), path).toBe(404);
  }
  // The organiser still sees the pages, marked as a draft.
  for (const path of ["", "/schedule", "/pitches"]) {
    expect((await page.goto(`${app.url}/events/${slug}${path}`))!.status(), path).toBe(200);
    expect(await page.getByTestId("draft-notice").textContent(), path).toContain("Draft: only organisers can see this page.");
  }
  if (axe) expect(describeViolations(await seriousAxeViolations(page))).toBe("");
  await page.goto(`${app.url}/organise/${slug}`);
  await page.getByRole("button", { name: "Publish the event" }).click();
  await page.getByText("is published: it is listed on the home page").waitFor();
  expect((await visitor.goto(`${app.url}/events/${slug}/schedule`))!.status()).toBe(200);
  await visitor.context().close();
}

describe("with JavaScript on", () => {
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    await publishedEvent("ask-first-js");
    page = await signIn(await newContext(browser));
    consoleErrors = trackConsoleErrors(page);
  });

  it("clears the previous success banner when a form then fails", async () => {
    await page.goto(`${app.url}/organise/ask-first-js/rooms`);
    await page.getByLabel("Room name").fill("Annexe");
    await page.getByLabel("Capacity").fill("20");
    await page.getByRole("group", { name: "Can everyone get to this room without steps?" }).getByLabel("No").check();
    await page.getByRole("group", { name: "Does it have a screen or projector?" }).getByLabel("No").check();
    await page.getByRole("group", { name: "Is this a large room?" }).getByLabel("No").check();
    await page.getByRole("button", { name: "Add room" }).click();
    await page.getByText("Room “Annexe” added.").waitFor();
    await page.getByLabel("Room name").fill("Library");
    await page.getByLabel("Capacity").fill("lots");
    await page.getByRole("button", { name: "Add room" }).click();
    await expect.poll(() => page.locator(".govuk-error-summary").textContent()).toContain("Capacity must be a whole number, like 30");
    await expect.poll(() => page.getByText("Room “Annexe” added.").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  });

  it("unpublishes only after asking, and Undo publishes again", async () => {
    await unpublishAndUndo(page, "ask-first-js", { axe: true });
    expect(consoleErrors).toEqual([]);
  });

  it("puts the event back to draft only after asking, and publishing again brings it back", async () => {
    await eventBackToDraft(page, "ask-first-js", { axe: true });
    expect(consoleErrors).toEqual([]);
  });
});

describe("with JavaScript off", () => {
  it("unpublishes only after asking, and Undo publishes again", async () => {
    await publishedEvent("ask-first-nojs");
    const page = await signIn(await newContext(browser, { javaScriptEnabled: false }));
    await unpublishAndUndo(page, "ask-first-nojs", { axe: false });
    await eventBackToDraft(page, "ask-first-nojs", { axe: false });
  });
});

describe("on a phone (375 px), with JavaScript on", () => {
  it("fits every page that asks first, and each has no serious accessibility problems", async () => {
    const { room, slot, pitch } = await publishedEvent("ask-first-phone");
    const page = await signIn(await newContext(browser, { phone: true }));
    const consoleErrors = trackConsoleErrors(page);
    for (const path of ["grid/unpublish", "unpublish", `pitches/${pitch}/withdraw`, `rooms/${room}/delete`, `rooms/slots/${slot}/delete`, "rooms/slots/several", "rooms/copy"]) {
      await page.goto(`${app.url}/organise/ask-first-phone/${path}`);
      await page.locator("h1").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      expect(describeViolations(await seriousAxeViolations(page)), path).toBe("");
    }
    expect(consoleErrors).toEqual([]);
  });
});
