/**
 * The Nu HTML Checker (npm `vnu-jar`, run by Debian's Java) over the main public, attendee and
 * organiser pages of the built app. It stopped on every page with "Stray start tag script"
 * while Remix's streamed scripts came after </html> (see app/.server/platform/html-document.ts).
 * On the app the project shares, with its own event ("valid-camp"); the home page and the
 * admin's list of events then also show other files' events, which must be valid too.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb, hashToken, newToken } from "../../app/.server/platform";
import { joinPitchQueue, savePitchQueueSettings, updatePitchQueue } from "../../app/.server/pitching";
import { saveSessionNotes } from "../../app/.server/notes";
import { setOpenSpace } from "../../app/.server/grid";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";
import { sharedApp, useSharedAppDatabase, type SharedApp } from "../support/shared-app";

const VNU = path.resolve("node_modules/vnu-jar/build/dist/vnu.jar");
const ADMIN = "admin@pitchgrid.test";

let app: SharedApp;
let demo: DemoSchedule;

beforeAll(async () => {
  app = await sharedApp();
  // Also signs the organiser's cookie below with the app's secret.
  useSharedAppDatabase(app);
  demo = await seedDemoSchedule(await getDb(), { slug: "valid-camp", sessions: 12, rooms: 4 });
  // The pitch queue open, with someone at the microphone (the projector's countdown) and someone next.
  await savePitchQueueSettings(demo.eventId, { countdownSeconds: 30, joiningOpen: true });
  await joinPitchQueue(demo.eventId, { registrationId: demo.attendees[2].id }, "Bins and AI", "station");
  await joinPitchQueue(demo.eventId, { name: "Wendy Walkin" }, "", "station");
  await updatePitchQueue(demo.eventId, "start", null);
});

type VnuMessage = { type: string; subType?: string; url: string; message: string; extract?: string; lastLine?: number };

/** Checks every file in one run of the checker (its start-up is the slow part). */
async function check(files: string[]): Promise<VnuMessage[]> {
  const result = await promisify(execFile)("java", ["-jar", VNU, "--errors-only", "--format", "json", "--exit-zero-always", ...files], { maxBuffer: 32 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => error,
  );
  // vnu writes its JSON report to standard error.
  const report = JSON.parse(String(result.stderr || "{}")) as { messages?: VnuMessage[] };
  if (!report.messages) throw new Error(`The checker gave no report: ${JSON.stringify(result).slice(0, 500)}`);
  return report.messages;
}

let saved = 0;

async function save(client: HttpClient, paths: string[], dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const page of paths) {
    const response = await client.get(page);
    expect(response.status, page).toBe(200);
    expect(response.headers.get("content-type"), page).toMatch(/^text\/html/);
    const html = await response.text();
    // Everything streamed lands inside the document.
    expect(html.trimEnd().endsWith("</body></html>"), page).toBe(true);
    const file = path.join(dir, `${String(saved++).padStart(2, "0")}${page.replace(/[^a-z0-9]+/gi, "-")}.html`);
    writeFileSync(file, html);
    files.push(file);
  }
  return files;
}

describe("the Nu HTML Checker", () => {
  it("finds no errors on the main public, attendee and organiser pages", async () => {
    const slug = demo.slug;
    const publicPages = [
      "/",
      `/events/${slug}`,
      `/events/${slug}/register`,
      `/events/${slug}/pitches`,
      `/events/${slug}/schedule`,
      `/events/${slug}/schedule/print`,
      `/events/${slug}/sessions/${demo.pitchIds[0]}`,
      `/events/${slug}/now`,
      `/events/${slug}/display`,
      `/events/${slug}/rooms/${demo.roomIds[0]}/door`,
      `/events/${slug}/calendar`,
      "/sign-in",
      "/privacy",
      "/accessibility",
      `/events/${slug}/send-link`,
      `/events/${slug}/pitch-queue`,
      `/events/${slug}/pitch-queue/projector`,
      // Issue 17: a session's notes (read-only for visitors, with a history) and the archive.
      `/events/${slug}/sessions/${demo.pitchIds[0]}/notes`,
      `/events/${slug}/sessions/${demo.pitchIds[0]}/notes?version=1`,
      `/events/${slug}/notes`,
    ];
    const askFirst = [
      "grid/unpublish",
      // Issue 15: putting the event back to draft, and the forms with GOV.UK date inputs.
      "unpublish",
      "tickets/new",
      `tickets/${demo.ticketTypeId}`,
      "/organise/new",
      `pitches/${demo.pitchIds[0]}`,
      `pitches/${demo.pitchIds[0]}/withdraw`,
      `rooms/${demo.roomIds[0]}/delete`,
      `rooms/slots/${demo.sessionSlotIds[0]}/delete`,
      "rooms/slots/several",
      "rooms/copy",
    ];
    const organiserPages = ["/organise", "attendance", "notes", `/events/${slug}/sessions/${demo.pitchIds[0]}/head-count`, "feedback", "feedback/send", "registrations", "check-in", "station", "grid", "grid?view=list", "turnout", "grid/history", "grid/suggest", "pitches", "rooms", "tickets", "questions", "messages", "organisers", "edit", "badges", "badges/print?which=all&layout=sheet", "badges/print?layout=single", "registrations/add", `registrations/${demo.attendees[1].id}`, `registrations/${demo.attendees[1].id}/cancel`, `registrations/${demo.attendees[1].id}/transfer`, ...askFirst].map((page) =>
      page.startsWith("/") ? page : `/organise/${slug}/${page}`,
    );
    // The links in a change notice (unsubscribe) and a feedback invitation (the form, with the sessions the person marked).
    const [unsubscribe, feedback] = [newToken(), newToken()];
    const db = await getDb();
    await db.execute({ sql: "INSERT INTO change_notice_unsubscribe_links (token_hash, registration_id, created_at) VALUES (?, ?, ?)", args: [hashToken(unsubscribe), demo.attendees[0].id, new Date().toISOString()] });
    await db.execute({ sql: "INSERT INTO feedback_links (token_hash, event_id, registration_id) VALUES (?, ?, ?)", args: [hashToken(feedback), demo.eventId, demo.attendees[0].id] });
    await saveSessionNotes(demo.eventId, demo.pitchIds[0], { kind: "organiser", email: ADMIN, role: "organiser" }, 0, "Who came: planners & <analysts>.\n\nActions:\n- share the data");
    // Open Space on: the first session's host chooses where it goes (its own page, with the free cells).
    await setOpenSpace(demo.eventId, true);
    const dir = mkdtempSync(path.join(tmpdir(), "pitchgrid-vnu-"));
    const visitor = new HttpClient(app.url);
    const attendee = new HttpClient(app.url);
    const organiser = new HttpClient(app.url);
    const [name, value] = (await organiserCookie(ADMIN)).split("=");
    organiser.cookies.set(name, value);
    // Issue 17: a volunteer's pages (their navigation, the station with a show of hands for a pitch recorded there today).
    await db.execute({ sql: "INSERT INTO event_organisers (event_id, email, added_at, role) VALUES (?, 'volunteer@example.gov.uk', ?, 'volunteer')", args: [demo.eventId, new Date().toISOString()] });
    await db.execute({ sql: "UPDATE pitches SET station_recorded_by = ?, created_at = ? WHERE id = ?", args: [ADMIN, new Date().toISOString(), demo.pitchIds[1]] });
    const volunteer = new HttpClient(app.url);
    const [volunteerName, volunteerValue] = (await organiserCookie("volunteer@example.gov.uk")).split("=");
    volunteer.cookies.set(volunteerName, volunteerValue);
    const files = [
      ...(await save(volunteer, ["/organise", ...["station", "check-in", "registrations/add", "attendance"].map((page) => `/organise/${slug}/${page}`)], dir)),
      ...(await save(visitor, publicPages, dir)),
      ...(await save(attendee, [`/r/${demo.attendees[0].manageToken}`, `/events/${slug}/pitches/new`, `/events/${slug}/pitch-queue`, `/events/${slug}/unsubscribe/${unsubscribe}`, `/events/${slug}/feedback/${feedback}`, `/events/${slug}/sessions/${demo.pitchIds[0]}/notes`, `/events/${slug}/pitches/${demo.pitchIds[0]}/place`], dir)),
      ...(await save(organiser, organiserPages, dir)),
    ];
    const errors = (await check(files)).map((m) => `${path.basename(decodeURIComponent(m.url))}:${m.lastLine ?? "?"} ${m.message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
