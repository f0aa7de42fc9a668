import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../platform";
import { cancelRegistration, confirmPlace, drawLottery, registerForEvent, saveLotteryRules, setLotteryClosing } from ".";
import { verifyDraw, weightedDraw } from "./weighted-lottery";
import { makeEvent, makeRegistration, registrationInput } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import { call, flashOf } from "../../../tests/support/route-call";
import * as drawPage from "../../routes/events.$slug.draws.$ticketId";
import * as drawJson from "../../routes/events.$slug.draws.$ticketId.record[.]json";
import * as ticketPage from "../../routes/organise.$slug.tickets.$ticketId";
import * as registerPage from "../../routes/events.$slug.register._index";
import * as privatePage from "../../routes/r.$token._index";
import * as eventPage from "../../routes/events.$slug._index";

/** The weighted lottery for real: the organiser's rules, the draw, its published record and its check. */

const BASE = "http://pitchgrid.test";
const HOUR = 3600_000;

async function lotteryEvent(quota: number, organiser = "lottery-organiser@council.test") {
  const { event, ticket } = await makeEvent({ quota, organiser });
  const closes = new Date(Date.now() + HOUR);
  await setLotteryClosing(event.id, ticket.id, closes);
  return { event, ticket, after: new Date(closes.getTime() + 1000) };
}

async function enter(slug: string, ticketTypeId: number, email: string, extra: { supplier?: boolean; firstTimer?: boolean; organisation?: string } = {}) {
  const entry = await registerForEvent(slug, registrationInput({ ticketTypeId, email, ...extra }));
  const confirmed = await confirmPlace(entry.verifyToken);
  expect(confirmed).toMatchObject({ ok: true, status: "lottery-entered" });
  return entry;
}

async function statusByEmail(eventId: number) {
  const rows = rowsOf<{ email: string; status: string }>(await query({ sql: "SELECT email, status FROM registrations WHERE event_id = ?", args: [eventId] }));
  return new Map(rows.map((r) => [r.email, r.status]));
}

const holders = (statuses: Map<string, string>, pick: (email: string) => boolean) => [...statuses].filter(([email, status]) => pick(email) && (status === "offered" || status === "confirmed")).length;

describe("the real lottery draws with the organiser's weights and caps", () => {
  it("never gives an organisation or suppliers more than their cap, at the draw or later, and the record re-runs", async () => {
    const { event, ticket, after } = await lotteryEvent(6);
    await saveLotteryRules(event.id, ticket.id, { weights: { firstTimer: 1, unrepresentedCouncil: 1 }, capPerDomain: 2, supplierCap: 1 });
    for (let i = 0; i < 4; i++) await enter(event.slug, ticket.id, `g${i}@guildford.gov.uk`);
    for (let i = 0; i < 4; i++) await enter(event.slug, ticket.id, `w${i}@woking.gov.uk`);
    for (let i = 0; i < 3; i++) await enter(event.slug, ticket.id, `s${i}@supplier${i}.example.com`, { supplier: true, organisation: "Acme" });
    const draw = await drawLottery(ticket.id, "organiser", after, "cap-seed");
    // 6 places, but at most 2 per council and 1 supplier: 5 can be given.
    expect(draw.places).toBe(6);
    expect(draw.winners).toBe(5);
    expect(verifyDraw(draw.record).matches).toBe(true);
    let statuses = await statusByEmail(event.id);
    expect(holders(statuses, (e) => e.endsWith("@guildford.gov.uk"))).toBe(2);
    expect(holders(statuses, (e) => e.endsWith("@woking.gov.uk"))).toBe(2);
    expect(holders(statuses, (e) => e.includes("supplier"))).toBe(1);

    // A Guildford winner cancels: the place goes to the next Guildford person in draw order, never
    // to a second supplier or a third Woking person, though they may be ahead on the list.
    const winners = rowsOf<{ id: number; email: string }>(
      await query({ sql: "SELECT id, email FROM registrations WHERE ticket_type_id = ? AND status = 'offered' AND email LIKE '%guildford%' ORDER BY lottery_rank", args: [ticket.id] }),
    );
    await cancelRegistration(Number(winners[0].id), new Date(after.getTime() + 1000));
    statuses = await statusByEmail(event.id);
    expect(holders(statuses, (e) => e.endsWith("@guildford.gov.uk"))).toBe(2);
    expect(holders(statuses, (e) => e.endsWith("@woking.gov.uk"))).toBe(2);
    expect(holders(statuses, (e) => e.includes("supplier"))).toBe(1);
  });

  it("counts first-timers from this organiser's earlier events (or the form), and applies the weights saved", async () => {
    const organiser = "series-organiser@council.test";
    const { event: earlier, ticket: earlierTicket } = await makeEvent({ organiser, startsAt: new Date(Date.now() - 200 * 86_400_000) });
    await makeRegistration(earlier.id, earlierTicket.id, { email: "returner@guildford.gov.uk" });
    const { event: elsewhere, ticket: elsewhereTicket } = await makeEvent({ organiser: "another@council.test", startsAt: new Date(Date.now() - 100 * 86_400_000) });
    await makeRegistration(elsewhere.id, elsewhereTicket.id, { email: "elsewhere@woking.gov.uk" });
    const { event, ticket, after } = await lotteryEvent(1, organiser);
    const rules = { weights: { firstTimer: 5, unrepresentedCouncil: 2 }, capPerDomain: null, supplierCap: null };
    await saveLotteryRules(event.id, ticket.id, rules);
    await enter(event.slug, ticket.id, "returner+camp@guildford.gov.uk"); // plus-tag: the same person as before
    await enter(event.slug, ticket.id, "elsewhere@woking.gov.uk"); // a place at another organiser's event only
    await enter(event.slug, ticket.id, "declared@kent.gov.uk", { firstTimer: true });
    const draw = await drawLottery(ticket.id, "organiser", after, "weights-seed");
    expect(draw.record.rules).toEqual(rules);
    expect(draw.record.entrants.map((e) => e.firstTimer)).toEqual([false, true, true]);
    expect(draw.record.order).toEqual(weightedDraw(draw.record.entrants, rules, 1, "weights-seed").order);
    // Nothing in the record names anyone.
    expect(JSON.stringify(draw.record)).not.toMatch(/returner|elsewhere|declared|guildford|woking|kent|@/);
  });
});

describe("the published draw record", () => {
  it("is on a public page and downloads as JSON that `npm run lottery:verify` re-runs to the same order; a changed file fails", async () => {
    const { event, ticket, after } = await lotteryEvent(2);
    await saveLotteryRules(event.id, ticket.id, { weights: { firstTimer: 3, unrepresentedCouncil: 4 }, capPerDomain: 1, supplierCap: 0 });
    const people: Awaited<ReturnType<typeof enter>>[] = [];
    for (const [i, domain] of ["guildford.gov.uk", "guildford.gov.uk", "woking.gov.uk", "kent.gov.uk", "supplier.example.com"].entries()) {
      people.push(await enter(event.slug, ticket.id, `person${i}@${domain}`, { supplier: domain.startsWith("supplier") }));
    }
    const params = { slug: event.slug, ticketId: String(ticket.id) };
    const before = await call(() => drawPage.loader({ request: new Request(`${BASE}/events/${event.slug}/draws/${ticket.id}`), params, context: {} }));
    expect(before.status).toBe(404);
    const draw = await drawLottery(ticket.id, "organiser", after, "published-seed");

    const publicEvent = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${event.slug}`), params: { slug: event.slug }, context: {} }));
    expect(publicEvent.data!.tickets).toEqual([expect.objectContaining({ drawRecord: `/events/${event.slug}/draws/${ticket.id}` })]);
    const page = await call(() => drawPage.loader({ request: new Request(`${BASE}/events/${event.slug}/draws/${ticket.id}`), params, context: {} }));
    expect(page.data).toMatchObject({ seed: "published-seed", places: 2, winners: 2 });
    expect((page.data!.order as { entry: number }[]).map((r) => r.entry)).toEqual(draw.record.order);
    expect(JSON.stringify(page.data)).not.toMatch(/person\d|@/);

    const response = (await drawJson.loader({ request: new Request(`${BASE}/events/${event.slug}/draws/${ticket.id}/record.json`), params, context: {} })) as Response;
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="draw-/);
    const text = await response.text();
    expect(text).not.toMatch(/person\d|@/);
    const dir = mkdtempSync(path.join(tmpdir(), "draw-"));
    const file = path.join(dir, "draw.json");
    writeFileSync(file, text);
    const run = promisify(execFile);
    const tsx = path.resolve("node_modules/.bin/tsx");
    const { stdout } = await run(tsx, ["scripts/lottery-verify.ts", file], { cwd: path.resolve(".") });
    expect(stdout).toContain(`Re-run order: ${draw.record.order.join(", ")} (first 2 have places)`);
    expect(stdout).toContain("The order matches the record.");

    const tampered = JSON.parse(text) as { order: number[] };
    [tampered.order[0], tampered.order[1]] = [tampered.order[1], tampered.order[0]];
    writeFileSync(file, JSON.stringify(tampered));
    await expect(run(tsx, ["scripts/lottery-verify.ts", file], { cwd: path.resolve(".") })).rejects.toMatchObject({ code: 1 });

    // Each entrant's private page gives their entry number and links to the record.
    const mine = await call(() => privatePage.loader({ request: new Request(`${BASE}/r/${people[3].manageToken}`), params: { token: people[3].manageToken }, context: {} }));
    expect(mine.data!.registration).toMatchObject({ drawEntry: 4, drawUrl: `/events/${event.slug}/draws/${ticket.id}` });
  }, 60_000);
});

describe("the organiser's and attendee's forms, without JavaScript", () => {
  it("sets the draw rules on the ticket's own page, with GOV.UK errors for bad input, and refuses changes after the draw", async () => {
    const organiser = "rules-organiser@council.test";
    const { event, ticket, after } = await lotteryEvent(3, organiser);
    const cookie = await organiserCookie(organiser);
    const params = { slug: event.slug, ticketId: String(ticket.id) };
    const url = `${BASE}/organise/${event.slug}/tickets/${ticket.id}`;
    const post = (fields: Record<string, string>) =>
      call(() => ticketPage.action({ request: new Request(url, { method: "POST", body: new URLSearchParams({ intent: "lottery-rules", ...fields }), headers: { origin: BASE, cookie } }), params, context: {} }));

    const bad = await post({ weightFirstTimer: "0", weightNewCouncil: "eleven", capPerDomain: "-1", supplierCap: "x" });
    expect(bad.status).toBe(400);
    expect(bad.data!.rulesErrors).toEqual({
      weightFirstTimer: ["The weight for first-timers must be a whole number from 1 to 10, like 2 (1 means no advantage)"],
      weightNewCouncil: ["The weight for councils not yet represented must be a whole number from 1 to 10, like 2 (1 means no advantage)"],
      capPerDomain: ["The cap per organisation must be a whole number from 1 to 100,000, like 3, or empty for no cap"],
      supplierCap: ["The cap for suppliers must be a whole number from 0 to 100,000, like 10, or empty for no cap"],
    });
    expect((bad.data!.rulesValues as Record<string, string>).weightNewCouncil).toBe("eleven");

    const saved = await post({ weightFirstTimer: "3", weightNewCouncil: "", capPerDomain: "2", supplierCap: "" });
    expect(saved.status).toBe(303);
    expect(await flashOf(saved)).toBe("Draw rules for “Standard” saved.");
    const page = await call(() => ticketPage.loader({ request: new Request(url, { headers: { cookie } }), params, context: {} }));
    expect(page.data!.lottery).toMatchObject({
      isLottery: true,
      drawn: false,
      values: { weightFirstTimer: "3", weightNewCouncil: "1", capPerDomain: "2", supplierCap: "" },
    });
    expect((page.data!.lottery as { rules: string[] }).rules[2]).toBe("At most 2 places per organisation (council, or email domain).");

    await drawLottery(ticket.id, "organiser", after);
    const late = await post({ weightFirstTimer: "1" });
    expect(late.status).toBe(409);
    expect(late.data!.rulesErrors).toEqual({ form: ["The draw for this ticket type has already happened: its rules can no longer change."] });

    const stranger = await organiserCookie("not-this-organiser@council.test");
    const refused = await call(() => ticketPage.action({ request: new Request(url, { method: "POST", body: new URLSearchParams({ intent: "lottery-rules" }), headers: { origin: BASE, cookie: stranger } }), params, context: {} }));
    expect(refused.status).toBe(403);
  });

  it("asks applicants to a draw whether it is their first time and whether they work for a supplier, and stores what they tick", async () => {
    const { event, ticket } = await lotteryEvent(3);
    const params = { slug: event.slug };
    const form = await call(() => registerPage.loader({ request: new Request(`${BASE}/events/${event.slug}/register`), params, context: {} }));
    expect((form.data!.tickets as { lotteryClosesAt: string | null }[])[0].lotteryClosesAt).not.toBeNull();
    const body = new URLSearchParams({ name: "Fi First", email: "fi@guildford.gov.uk", organisation: "Guildford", ticketTypeId: String(ticket.id), intent: "register" });
    body.append("drawFacts", "first-timer");
    body.append("drawFacts", "supplier");
    body.append("drawFacts", "<script>");
    const sent = await call(() => registerPage.action({ request: new Request(`${BASE}/events/${event.slug}/register`, { method: "POST", body, headers: { origin: BASE } }), params, context: {} }));
    expect(sent.location).toBe(`/events/${event.slug}/register/check-email?status=lottery`);
    const row = rowsOf<{ first_timer_declared: number; supplier_declared: number }>(
      await query({ sql: "SELECT first_timer_declared, supplier_declared FROM registrations WHERE email = 'fi@guildford.gov.uk' AND event_id = ?", args: [event.id] }),
    )[0];
    expect(row).toMatchObject({ first_timer_declared: 1, supplier_declared: 1 });
  });
});
