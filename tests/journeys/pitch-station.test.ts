import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { closeDb, query } from "../../app/.server/platform";
import { addTeamMember } from "../../app/.server/events";
import { describeViolations, launchBrowser, newContext, seriousAxeViolations, trackConsoleErrors } from "../support/browser";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { sharedApp, useSharedAppDatabase, type SharedApp } from "../support/shared-app";

/**
 * The pitch station on the day (issue 17), in Chromium: an attendee joins the pitch queue on her
 * phone, a volunteer calls her up and records her pitch at the station (a phone), and the
 * projector in the hall (a laptop, never reloaded) shows her at the microphone with a countdown,
 * then the pitch; the pitch is in the grid's "Not yet on the grid" list. A walk-in's pitch is
 * recorded with JavaScript off. The pages pass axe, and a volunteer's pages (station, check-in,
 * session notes) pass axe signed in as a volunteer.
 */
const ORGANISER = "organiser@pitch-station-journey.test";
const VOLUNTEER = "vic@pitch-station-journey.test";
const NOTES_TITLE = "Notes from the volunteer table";
const SLUG = "pitch-station-camp";

let app: SharedApp;
let browser: Browser;
let patToken: string;
let cookie: { name: string; value: string };
let volunteerCookie: { name: string; value: string };
let notesPitchId: number;
const contexts: BrowserContext[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await sharedApp();
  useSharedAppDatabase(app);
  const startsAt = new Date(Date.now() + 3600_000);
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, slug: SLUG, startsAt });
  const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host", email: "pat.host@pitch-station-journey.test" });
  await makeRegistration(event.id, ticket.id, { name: "Ann Other", email: "ann.other@pitch-station-journey.test" });
  patToken = pat.manageToken;
  await makeRoom(event.id, { name: "Main hall", capacity: 50 });
  await makeSlot(event.id, new Date(startsAt.getTime() + 3600_000));
  const signedIn = await organiserCookie(ORGANISER);
  cookie = { name: signedIn.slice(0, signedIn.indexOf("=")), value: signedIn.slice(signedIn.indexOf("=") + 1) };
  // A volunteer of the event, and a session recorded at the station today (so the station shows its show of hands).
  await addTeamMember(event, VOLUNTEER, ORGANISER, "volunteer");
  const volunteerSignedIn = await organiserCookie(VOLUNTEER);
  volunteerCookie = { name: volunteerSignedIn.slice(0, volunteerSignedIn.indexOf("=")), value: volunteerSignedIn.slice(volunteerSignedIn.indexOf("=") + 1) };
  notesPitchId = await makeGridPitch(event.id, { title: NOTES_TITLE, hostIds: [pat.id] });
  await query({ sql: "UPDATE pitches SET station_recorded_by = ? WHERE id = ?", args: [VOLUNTEER, notesPitchId] });
  closeDb();
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
});

async function open(options: { javaScript?: boolean; phone?: boolean; organiser?: boolean; volunteer?: boolean }): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: options.javaScript ?? true, phone: options.phone });
  contexts.push(context);
  if (options.organiser) await context.addCookies([{ ...cookie, url: app.url }]);
  if (options.volunteer) await context.addCookies([{ ...volunteerCookie, url: app.url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  consoleErrors.push(...[]);
  const errors = trackConsoleErrors(page);
  page.on("close", () => consoleErrors.push(...errors));
  (page as Page & { errors?: string[] }).errors = errors;
  return page;
}
const errorsOf = (page: Page) => (page as Page & { errors?: string[] }).errors ?? [];

async function axeClean(page: Page, what: string) {
  const violations = await seriousAxeViolations(page);
  expect(violations, `${what}: ${describeViolations(violations)}`).toEqual([]);
}

describe("the pitch station", () => {
  it("puts a pitch recorded at the station on the live projector and in the grid's pool", async () => {
    const station = await open({ phone: true, organiser: true });
    await station.goto(`${app.url}/organise/${SLUG}/station`);
    await station.getByRole("heading", { name: "Pitch station" }).waitFor();
    await station.getByLabel("Seconds for each pitch").fill("20");
    await station.getByLabel("Attendees may join the queue on their phone").check();
    await station.getByRole("button", { name: "Save queue settings" }).click();
    await station.getByText("Queue settings saved: 20 seconds a pitch, joining from phones open.").waitFor();
    await axeClean(station, "station");

    // The projector, opened once and never reloaded.
    const projector = await open({});
    await projector.goto(`${app.url}/events/${SLUG}/pitch-queue/projector`);
    await projector.getByText("Nobody is in the pitch queue").waitFor();
    await axeClean(projector, "projector");

    // Pat joins from her phone, recognised by her private link.
    const phone = await open({ phone: true });
    await phone.goto(`${app.url}/r/${patToken}`);
    await phone.goto(`${app.url}/events/${SLUG}/pitch-queue`);
    await phone.getByText("You are joining as Pat Host.").waitFor();
    await axeClean(phone, "join page");
    await phone.getByLabel("What will you pitch? (optional)").fill("Bins");
    await phone.getByRole("button", { name: "I want to pitch" }).click();
    await phone.getByText("You are 1st in the queue: you are next.").waitFor();

    await projector.getByText("Next: Pat Host – Bins").waitFor();

    // The station, never reloaded, shows her too; the volunteer calls her up: the projector
    // shows her, counting down from 20 seconds.
    await station.getByTestId("station-queue").getByText("1. Pat Host (Bins)").waitFor();
    await station.getByRole("button", { name: "Call up Pat Host" }).click();
    await station.getByText("Pat Host is at the microphone. The countdown has started.").waitFor();
    await projector.getByTestId("projector-current").getByText("Pat Host").waitFor();
    const countdown = projector.getByTestId("projector-countdown");
    await expect.poll(async () => await countdown.textContent(), { timeout: 10_000 }).toMatch(/^0:1\d$/);

    // Recorded at the station: host, title and "mark them pitched" start from the queue.
    expect(await station.getByLabel("Host", { exact: true }).inputValue()).not.toBe("");
    expect(await station.getByLabel("Session title").inputValue()).toBe("Bins");
    await station.getByLabel("Session title").fill("Bins and AI");
    await station.getByLabel("Workshop").check();
    await station.getByLabel("A screen or projector").check();

    // Someone joins from another phone while the volunteer is typing: the station waits (a
    // reload would redraw the form and lose what is typed), though the projector shows them.
    const walkUp = await open({ phone: true });
    await walkUp.goto(`${app.url}/events/${SLUG}/pitch-queue`);
    await walkUp.getByLabel("Your name").fill("Sam Walker");
    await walkUp.getByRole("button", { name: "I want to pitch" }).click();
    await projector.getByText("Next: Sam Walker").waitFor();
    await station.waitForTimeout(3000); // longer than a poll (2 s): the station would have updated by now
    expect(await station.getByText("Sam Walker").count()).toBe(0);
    expect(await station.getByLabel("Session title").inputValue()).toBe("Bins and AI");
    expect(await station.getByLabel("Workshop").isChecked()).toBe(true);
    await station.getByRole("button", { name: "Record pitch" }).click();
    await station.getByText("“Bins and AI” recorded for Pat Host. It is in the grid’s “Not yet on the grid” list.").waitFor();
    await station.getByTestId("station-recorded").getByText("Bins and AI").waitFor();

    // Saving called up the next person, who joined while the volunteer typed.
    await station.getByTestId("station-current").getByText("Sam Walker").waitFor();

    await projector.getByText("Just pitched: “Bins and AI” by Pat Host").waitFor();
    await projector.getByTestId("projector-current").getByText("Sam Walker").waitFor();
    await phone.reload();
    await phone.getByText("You have pitched. Thank you!").waitFor();

    const grid = await open({ organiser: true });
    await grid.goto(`${app.url}/organise/${SLUG}/grid`);
    const pool = grid.locator("section, div").filter({ has: grid.getByRole("heading", { name: /^Not yet on the grid/ }) }).last();
    await pool.getByText("Bins and AI").first().waitFor();

    for (const page of [station, projector, phone, walkUp, grid]) expect(errorsOf(page), page.url()).toEqual([]);
    // Five browser pages and two live polls: about 80 s on the shared 2-core machine.
  }, 180_000);

  it("records a walk-in's pitch without JavaScript, with an error summary first", async () => {
    const station = await open({ javaScript: false, phone: true, organiser: true });
    await station.goto(`${app.url}/organise/${SLUG}/station`);
    await station.getByRole("button", { name: "Record pitch" }).click();
    await station.getByRole("heading", { name: "There is a problem" }).waitFor();
    await station.getByRole("link", { name: "Enter the session’s title" }).waitFor();
    await station.getByLabel("Session title").fill("Walk-in wonders");
    await station.getByLabel("Or a walk-in’s name").fill("Wendy Walkin");
    await station.getByLabel("Pitched by (optional)").fill("Vic Volunteer");
    await station.getByRole("button", { name: "Record pitch" }).click();
    await station.getByText("“Walk-in wonders” recorded for Wendy Walkin (added as a walk-in).", { exact: false }).waitFor();
    await station.getByText("Walk-in wonders by Wendy Walkin, pitched by Vic Volunteer", { exact: false }).waitFor();

    // Without JavaScript the projector shows the state as loaded and refreshes itself.
    const projector = await open({ javaScript: false });
    await projector.goto(`${app.url}/events/${SLUG}/pitch-queue/projector`);
    await projector.getByText("Just pitched: “Walk-in wonders” by Wendy Walkin").waitFor();
    expect(await projector.locator('head noscript').innerHTML()).toContain('http-equiv="refresh"');
    expect(errorsOf(station)).toEqual([]);
  });

  it("a volunteer's pages pass axe signed in as a volunteer: the station with a show of hands, check-in and session notes", async () => {
    const page = await open({ phone: true, volunteer: true });
    await page.goto(`${app.url}/organise/${SLUG}/station`);
    await page.getByRole("heading", { name: "Pitch station" }).waitFor();
    // Their menu has only what they may open; the show of hands lists the session recorded today.
    expect(await page.getByRole("link", { name: "Registrations" }).count()).toBe(0);
    await page.locator(`#hands-${notesPitchId}`).waitFor();
    await axeClean(page, "volunteer's station");

    await page.goto(`${app.url}/organise/${SLUG}/check-in`);
    await page.getByText("Pat Host").first().waitFor();
    await axeClean(page, "volunteer's check-in");

    await page.goto(`${app.url}/events/${SLUG}/sessions/${notesPitchId}/notes`);
    await page.getByRole("heading", { name: `Notes: ${NOTES_TITLE}` }).waitFor();
    await page.getByText(`Signed in as ${VOLUNTEER} (volunteer).`, { exact: false }).waitFor();
    await axeClean(page, "volunteer's session notes");
    await page.getByLabel("Notes", { exact: false }).first().fill("Twelve people came. Actions: share the slides.");
    await page.getByRole("button", { name: /Save/ }).click();
    await page.getByText(`${VOLUNTEER} (volunteer)`, { exact: false }).first().waitFor();
    await axeClean(page, "volunteer's session notes after saving");
    expect(errorsOf(page)).toEqual([]);
  });
});
