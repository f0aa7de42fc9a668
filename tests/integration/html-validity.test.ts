/**
 * The Nu HTML Checker (npm `vnu-jar`, run by Debian's Java) over the main public, attendee and
 * organiser pages of the built app. It stopped on every page with "Stray start tag script"
 * while Remix's streamed scripts came after </html> (see app/.server/html-document.ts).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "../../app/.server/db";
import { resetEnvForTests } from "../../app/.server/env";
import { startApp, type RunningApp } from "../support/app-server";
import { seedDemoSchedule, type DemoSchedule } from "../support/demo-schedule";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";

const VNU = path.resolve("node_modules/vnu-jar/build/dist/vnu.jar");
const SECRET = "test-secret-test-secret-test-secret-0123456789";
const ADMIN = "admin@pitchgrid.test";

let app: RunningApp;
let demo: DemoSchedule;

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();
  demo = await seedDemoSchedule(await getDb(), { slug: "valid-camp", sessions: 12, rooms: 4 });
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET } });
});

afterAll(async () => {
  await app?.stop();
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
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
      `/events/${slug}/calendar`,
      "/sign-in",
      "/privacy",
      "/accessibility",
    ];
    const askFirst = [
      "grid/unpublish",
      `pitches/${demo.pitchIds[0]}`,
      `pitches/${demo.pitchIds[0]}/withdraw`,
      `rooms/${demo.roomIds[0]}/delete`,
      `rooms/slots/${demo.sessionSlotIds[0]}/delete`,
      "rooms/slots/several",
      "rooms/copy",
    ];
    const organiserPages = ["/organise", "registrations", "check-in", "grid", "grid/history", "grid/suggest", "pitches", "rooms", "tickets", "questions", "messages", "organisers", "edit", ...askFirst].map((page) =>
      page.startsWith("/") ? page : `/organise/${slug}/${page}`,
    );
    const dir = mkdtempSync(path.join(tmpdir(), "pitchgrid-vnu-"));
    const visitor = new HttpClient(app.url);
    const attendee = new HttpClient(app.url);
    const organiser = new HttpClient(app.url);
    const [name, value] = (await organiserCookie(ADMIN)).split("=");
    organiser.cookies.set(name, value);
    const files = [
      ...(await save(visitor, publicPages, dir)),
      ...(await save(attendee, [`/r/${demo.attendees[0].manageToken}`, `/events/${slug}/pitches/new`], dir)),
      ...(await save(organiser, organiserPages, dir)),
    ];
    const errors = (await check(files)).map((m) => `${path.basename(decodeURIComponent(m.url))}:${m.lastLine ?? "?"} ${m.message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
