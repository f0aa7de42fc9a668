/**
 * The Nu HTML Checker over the pages of issue 16 (reconfirmation, standby, turnout), each in a
 * state that shows what it can show: a sent round with answers, the private page's panel, a
 * standby list with someone called, the door's pages, the check-in page's standby panel, and
 * (noshow2) the event page with a margin and a published draw, the draw record, the places
 * page, the door poster and a ticket page with draw rules.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, resetEnvForTests } from "../../app/.server/platform";
import { createTicketType } from "../../app/.server/events";
import {
  answerReconfirmation,
  drawLottery,
  joinStandby,
  releaseToStandby,
  runReconfirmationRounds,
  saveAllocationMargin,
  saveLotteryRules,
  saveRound,
  saveStandbySettings,
  setCheckedIn,
  setLotteryClosing,
} from "../../app/.server/registration";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeRegistration } from "../support/factories";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";

const VNU = path.resolve("node_modules/vnu-jar/build/dist/vnu.jar");
const SECRET = "no-shows-vnu-secret-0123456789abcdef-xyz";
let app: RunningApp;
const state = {} as { slug: string; manageToken: string; doorToken: string; lotteryTicket: number };

beforeAll(async () => {
  process.env.SESSION_SECRET = SECRET;
  resetEnvForTests();
  closeDb();
  const startsAt = new Date(Date.now() + 5 * 86_400_000);
  const { event, ticket } = await makeEvent({ quota: 4, capacity: 4, startsAt, organiser: "organiser@guildford.gov.uk" });
  state.slug = event.slug;
  const people = [];
  for (let i = 0; i < 4; i++) people.push(await makeRegistration(event.id, ticket.id, { name: `Holder ${i}` }));
  state.manageToken = people[0].manageToken;
  await saveRound(event.id, { sendDaysBefore: 7, deadlineDaysBefore: 3, reminder: true, silence: "flag" });
  await runReconfirmationRounds();
  await answerReconfirmation(people[1].id, "yes");
  await setCheckedIn(event.id, people[1].id, true);
  await saveStandbySettings(event.id, { cutoff: "10:15", joiningOpen: true });
  await joinStandby(event.id, { name: "Ann Desk", email: null }, "desk");
  state.doorToken = (await joinStandby(event.id, { name: "Bo Phone", email: "bo@example.org" }, "door")).token!;
  await joinStandby(event.id, { name: "Cy Phone", email: null }, "door");
  await releaseToStandby(event.id);
  // Places above capacity, and a drawn lottery with rules, so its record is published.
  await saveAllocationMargin(event.id, { percent: null, places: 2 });
  const lottery = await createTicketType(event.id, { name: "Drawn places", quota: 2, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
  state.lotteryTicket = lottery.id;
  await saveLotteryRules(event.id, lottery.id, { weights: { firstTimer: 2, unrepresentedCouncil: 3 }, capPerDomain: 1, supplierCap: 0 });
  for (const [i, domain] of ["guildford.gov.uk", "woking.gov.uk", "woking.gov.uk", "example.com"].entries()) {
    await makeRegistration(event.id, lottery.id, { email: `entrant${i}@${domain}`, status: "lottery-entered" });
  }
  await setLotteryClosing(event.id, lottery.id, new Date(Date.now() - 1000));
  await drawLottery(lottery.id, "organiser@guildford.gov.uk");
  app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: SECRET, BACKGROUND_WORK: "off" } });
});

afterAll(async () => {
  await app?.stop();
  delete process.env.SESSION_SECRET;
  resetEnvForTests();
});

type VnuMessage = { url: string; message: string; lastLine?: number };

async function check(files: string[]): Promise<VnuMessage[]> {
  const result = await promisify(execFile)("java", ["-jar", VNU, "--errors-only", "--format", "json", "--exit-zero-always", ...files], { maxBuffer: 32 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => error,
  );
  const report = JSON.parse(String(result.stderr || "{}")) as { messages?: VnuMessage[] };
  if (!report.messages) throw new Error(`The checker gave no report: ${JSON.stringify(result).slice(0, 500)}`);
  return report.messages;
}

describe("the Nu HTML Checker on the no-show pages", () => {
  it("finds no errors", async () => {
    const { slug } = state;
    const organiser = new HttpClient(app.url);
    const [name, value] = (await organiserCookie("organiser@guildford.gov.uk")).split("=");
    organiser.cookies.set(name, value);
    const visitor = new HttpClient(app.url);
    const pages: [HttpClient, string][] = [
      [visitor, `/r/${state.manageToken}`],
      [visitor, `/r/${state.manageToken}/still-coming?answer=yes`],
      [visitor, `/r/${state.manageToken}/still-coming?answer=no`],
      [visitor, `/events/${slug}/standby`],
      [visitor, `/events/${slug}/standby/${state.doorToken}`],
      ...["reconfirmation", "standby", "check-in", "turnout"].map((p) => [organiser, `/organise/${slug}/${p}`] as [HttpClient, string]),
      [visitor, `/events/${slug}`],
      [visitor, `/events/${slug}/draws/${state.lotteryTicket}`],
      ...["places", "standby/poster", `tickets/${state.lotteryTicket}`].map((p) => [organiser, `/organise/${slug}/${p}`] as [HttpClient, string]),
    ];
    const dir = mkdtempSync(path.join(tmpdir(), "pitchgrid-vnu-noshow-"));
    const files: string[] = [];
    for (const [client, page] of pages) {
      const response = await client.get(page);
      expect(response.status, page).toBe(200);
      const html = await response.text();
      const file = path.join(dir, `${files.length}${page.replace(/[^a-z0-9]+/gi, "-")}.html`);
      writeFileSync(file, html);
      files.push(file);
    }
    // The pages show what they should in this state.
    const text = (i: number) => readFileSync(files[i], "utf8");
    expect(text(0)).toContain('data-testid="still-coming"');
    expect(text(4)).toContain("It is your turn");
    expect(text(7)).toContain("Called: number 1, Ann Desk; number 2, Bo Phone");
    expect(text(9)).toContain("Up to 6 places are given");
    expect(text(10)).toContain('data-testid="draw-order"');
    expect(text(12)).toContain("QR code of the link below");
    const errors = (await check(files)).map((m) => `${path.basename(decodeURIComponent(m.url))}:${m.lastLine ?? "?"} ${m.message}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
