import { describe, expect, it } from "vitest";
import { addTeamMember } from "../../app/.server/events";
import { sessionCounts } from "../../app/.server/pitching";
import { query, resetRateLimitsForTests } from "../../app/.server/platform";
import * as station from "../../app/routes/organise.$slug.station";
import { makeEvent, makeGridPitch, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf } from "../support/route-call";

/**
 * Show of hands at the pitch station (issue 17), as a volunteer's phone without JavaScript uses
 * it: one tap on a rough count (or a typed number) posts, redirects back to the pitch's row and
 * shows a banner; nothing leaves the station.
 */
const BASE = "http://pitchgrid.test";
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
const get = (path: string, cookie: string) => new Request(`${BASE}${path}`, { headers: { cookie } });

let sequence = 0;
async function setUp() {
  await resetRateLimitsForTests();
  sequence += 1;
  const { event, ticket } = await makeEvent({ organiser: `lead-hands${sequence}@leeds.gov.uk` });
  await addTeamMember(event, `vic-hands${sequence}@leeds.gov.uk`, `lead-hands${sequence}@leeds.gov.uk`, "volunteer");
  const cookie = await organiserCookie(`vic-hands${sequence}@leeds.gov.uk`);
  const params = { slug: event.slug };
  const path = `/organise/${event.slug}/station`;
  const act = (fields: Record<string, string>) => call(() => station.action({ request: post(path, fields, cookie), params, context: {} }));
  const page = async () => (await call(() => station.loader({ request: get(path, cookie), params, context: {} }))).data as { hands: { id: number; title: string; hosts: string; showOfHands: number | null }[] };
  const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
  const record = async (title: string) => {
    const recorded = await act({ intent: "record", title, hostRegistrationId: String(pat.id), walkInName: "", format: "discussion" });
    expect(recorded.status).toBe(303);
    return Number((await query({ sql: "SELECT id FROM pitches WHERE event_id = ? AND title = ?", args: [event.id, title] })).rows[0].id);
  };
  return { event, pat, act, page, record };
}

describe("show of hands at the pitch station", () => {
  it("lists a pitch as soon as it is recorded, and saves a one-tap rough count with a banner", async () => {
    const { event, act, page, record } = await setUp();
    const bins = await record("Bins and AI");
    expect((await page()).hands).toEqual([{ id: bins, title: "Bins and AI", hosts: "Pat Host", showOfHands: null }]);

    const tapped = await act({ intent: "hands", pitchId: String(bins), hands: "20", showOfHands: "" });
    expect(tapped.status).toBe(303);
    expect(tapped.location).toBe(`/organise/${event.slug}/station#hands-${bins}`);
    expect(await flashOf(tapped)).toBe("Show of hands for “Bins and AI”: 20.");
    expect(await sessionCounts(bins)).toMatchObject({ showOfHands: 20 });
    expect((await page()).hands[0]).toMatchObject({ showOfHands: 20 });

    // A typed number replaces it.
    const typed = await act({ intent: "hands", pitchId: String(bins), showOfHands: " 27 " });
    expect(await flashOf(typed)).toBe("Show of hands for “Bins and AI”: 27.");
    expect(await sessionCounts(bins)).toMatchObject({ showOfHands: 27 });
  });

  it("names the pitch in the banner, read with the save: a pitch no longer in today's list too", async () => {
    const { act, record } = await setUp();
    const older = await record("Recorded yesterday");
    await query({ sql: "UPDATE pitches SET created_at = ? WHERE id = ?", args: [new Date(Date.now() - 2 * 86400_000).toISOString(), older] });
    const saved = await act({ intent: "hands", pitchId: String(older), hands: "10", showOfHands: "" });
    expect(await flashOf(saved)).toBe("Show of hands for “Recorded yesterday”: 10.");
    expect(await sessionCounts(older)).toMatchObject({ showOfHands: 10 });
  });

  it("answers a count that is not a number with a GOV.UK error on that pitch, saving nothing", async () => {
    const { act, record } = await setUp();
    const bins = await record("Bins");
    const wrong = await act({ intent: "hands", pitchId: String(bins), showOfHands: "lots" });
    expect(wrong.status).toBe(400);
    expect(wrong.data!.errors).toEqual({ showOfHands: ["Enter the show of hands as a whole number such as 25"] });
    expect(wrong.data!.values).toMatchObject({ pitchId: String(bins), showOfHands: "lots" });
    expect(await sessionCounts(bins)).toEqual({ showOfHands: null, headCount: null });
  });

  it("lists only pitches recorded at the station today (newest first), not older ones or pitches made elsewhere", async () => {
    const { event, pat, page, record } = await setUp();
    const older = await record("Yesterday's pitch");
    await query({ sql: "UPDATE pitches SET created_at = ? WHERE id = ?", args: [new Date(Date.now() - 2 * 86400_000).toISOString(), older] });
    await makeGridPitch(event.id, { title: "Pitched online", hostIds: [pat.id] });
    const first = await record("First today");
    const second = await record("Second today");
    expect((await page()).hands.map((h) => h.id)).toEqual([second, first]);
  });
});
