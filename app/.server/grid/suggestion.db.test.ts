import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, resetEnvForTests, rowsOf } from "../platform";
import { applySuggestedGrid, buildGridInstance, GridChangeRefused, latestSuggestion, listGridHistory, placePitch, setCellClosed, setPinned, suggestGrid, undoLastChange } from ".";
import { gridViolations, optimiserRuns } from "../optimiser";
import { setDefaultShowUpRatio } from "../notes";
import { action, loader } from "../../routes/organise.$slug.grid.suggest";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";

const ORGANISER = "organiser@council.test";
/**
 * Every search here gets a time limit far past what it needs, so its step budget (fixed by the
 * instance, 25,000 steps per movable session) ends it, never the clock: with the same seed the
 * same suggestion on any machine, however busy. (With 500 ms the deadline, 425 ms of wall time,
 * could stop the search early on a loaded machine and change what it found.)
 */
const UNHURRIED_MS = 60_000;

let eventId: number;
let slug: string;
let hall: number;
let side: number;
let small: number;
let slots: number[];
let lunch: number;
let people: number[];
let pitches: Record<"popular" | "related" | "hostOne" | "hostTwo" | "pinned" | "screen" | "late", number>;

async function version() {
  return Number(firstRow<{ v: number }>(await query({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
}
async function placements() {
  return rowsOf<{ pitch_id: number; room_id: number; slot_id: number; pinned: number }>(
    await query({ sql: "SELECT pitch_id, room_id, slot_id, pinned FROM placements WHERE event_id = ? ORDER BY pitch_id", args: [eventId] }),
  ).map((p) => ({ pitchId: Number(p.pitch_id), roomId: Number(p.room_id), slotId: Number(p.slot_id), pinned: !!p.pinned }));
}
async function refusal(promise: Promise<unknown>): Promise<GridChangeRefused> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GridChangeRefused) return error;
    throw error;
  }
  throw new Error("The change was not refused");
}

beforeAll(() => {
  // The routes below ask with SUGGESTION_TIME_LIMIT_MS (2 s by default): unhurried too.
  process.env.SUGGESTION_TIME_LIMIT_MS = String(UNHURRIED_MS);
  resetEnvForTests();
});

afterAll(() => {
  delete process.env.SUGGESTION_TIME_LIMIT_MS;
  resetEnvForTests();
});

beforeEach(async () => {
  const { event, ticket } = await makeEvent();
  eventId = event.id;
  slug = event.slug;
  hall = await makeRoom(eventId, { name: "Hall", capacity: 40, position: 0, stepFree: true, screen: true });
  side = await makeRoom(eventId, { name: "Side room", capacity: 6, position: 1, stepFree: false, screen: false });
  small = await makeRoom(eventId, { name: "Snug", capacity: 4, position: 2, stepFree: true, screen: false });
  const start = new Date("2030-06-01T09:00:00Z");
  slots = [await makeSlot(eventId, start), await makeSlot(eventId, new Date(start.getTime() + 3600_000))];
  lunch = await makeSlot(eventId, new Date(start.getTime() + 2 * 3600_000), 60, "break", "Lunch");
  slots.push(await makeSlot(eventId, new Date(start.getTime() + 3 * 3600_000)));
  people = [];
  for (let i = 0; i < 20; i++) people.push((await makeRegistration(eventId, ticket.id, { name: `Person ${i}` })).id);
  pitches = {
    popular: await makeGridPitch(eventId, { title: "Open data", hostIds: [people[0]], interestIds: people.slice(1, 17) }),
    related: await makeGridPitch(eventId, { title: "Data standards", hostIds: [people[11]], interestIds: people.slice(1, 6) }),
    hostOne: await makeGridPitch(eventId, { title: "Agile in councils", hostIds: [people[12]], interestIds: [people[6], people[7]] }),
    hostTwo: await makeGridPitch(eventId, { title: "Agile retros", hostIds: [people[12]], interestIds: [people[8]] }),
    pinned: await makeGridPitch(eventId, { title: "Welcome", hostIds: [people[13]], interestIds: [people[1]] }),
    screen: await makeGridPitch(eventId, { title: "Show and tell", hostIds: [people[2]], interestIds: [people[9], people[10]], needs: ["screen"] }),
    late: await makeGridPitch(eventId, { title: "A late pitch", hostIds: [people[3]], interestIds: [people[4], people[5]], avoidSlotIds: [slots[0]] }),
  };
  // A poor grid: the popular session in the side room, at the same time as a related one.
  let v = await version();
  await placePitch(eventId, ORGANISER, v++, pitches.popular, side, slots[0]);
  await placePitch(eventId, ORGANISER, v++, pitches.related, hall, slots[0]);
  await placePitch(eventId, ORGANISER, v++, pitches.pinned, small, slots[2]);
  await setPinned(eventId, ORGANISER, v++, pitches.pinned, true);
  await setCellClosed(eventId, ORGANISER, v++, small, slots[1], true);
});

describe("building the optimiser's instance from the event", () => {
  it("has the session slots (not breaks), rooms with their features, closed cells, hosts, interest, pins and current cells", async () => {
    const built = (await buildGridInstance(eventId))!;
    const { instance } = built;
    expect(instance.slots.map((s) => s.id)).toEqual(slots);
    expect(instance.slots.map((s) => s.id)).not.toContain(lunch);
    expect(instance.rooms).toEqual([
      { id: hall, capacity: 40, features: ["step-free", "screen", "large-room"] },
      { id: side, capacity: 6, features: [] },
      { id: small, capacity: 4, features: ["step-free"] },
    ]);
    expect(instance.closed).toEqual([{ room: small, slot: slots[1] }]);
    const byId = new Map(instance.sessions.map((s) => [s.id, s]));
    expect(byId.get(pitches.popular)).toMatchObject({ hosts: [people[0]], interested: people.slice(1, 17), current: { room: side, slot: slots[0] }, pinned: null });
    expect(byId.get(pitches.pinned)).toMatchObject({ pinned: { room: small, slot: slots[2] }, current: { room: small, slot: slots[2] } });
    expect(byId.get(pitches.late)).toMatchObject({ avoidSlots: [slots[0]], current: null });
    expect(byId.get(pitches.screen)?.needs).toEqual(["screen"]);
    expect(built.version).toBe(await version());
  });
});

describe("expected attendance in the instance", () => {
  it("gives each session its expected attendance: marks x the default 0.7 with no head counts", async () => {
    const built = (await buildGridInstance(eventId))!;
    // 16 marks x 0.7 = 11.2, so 11.
    expect(built.instance.sessions.find((s) => s.id === pitches.popular)).toMatchObject({ expected: 11 });
  });
});

describe("suggest, apply, undo", () => {
  it("suggests a better valid grid without changing anything, applies it as one change, and undo restores the grid", async () => {
    // Room sizes judged by the marks themselves (a show-up ratio of 100%), as this test was written.
    await setDefaultShowUpRatio(eventId, "100%");
    const before = await placements();
    const versionBefore = await version();
    const suggestion = await suggestGrid(eventId, { timeLimitMs: UNHURRIED_MS });
    if (suggestion.kind !== "suggestion") throw new Error(`expected a suggestion, got ${suggestion.kind}`);
    expect(await placements()).toEqual(before);
    expect(await version()).toBe(versionBefore);

    expect(suggestion.before.clashes).toBe(5);
    // 16 people want "Open data" in a room for 6, 5 of them at the same time as "Data
    // standards": worth moving (10) rather than leaving 10 over capacity and 5 clashes.
    expect(suggestion.before).toMatchObject({ clashes: 5, overflow: 10, moved: 0 });
    expect(suggestion.after.overflow).toBe(0);
    expect(suggestion.after.clashes).toBeLessThan(suggestion.before.clashes);
    expect(suggestion.after.total).toBeLessThan(suggestion.before.total);
    expect(suggestion.unscheduled).toEqual([]);
    const built = (await buildGridInstance(eventId))!;
    const assignments = suggestion.assignments.map((a) => ({ session: a.pitchId, room: a.roomId, slot: a.slotId }));
    expect(gridViolations(built.instance, assignments)).toEqual([]);
    expect(suggestion.assignments).toContainEqual({ pitchId: pitches.pinned, roomId: small, slotId: slots[2] });
    expect(suggestion.moves.find((m) => m.pitchId === pitches.pinned)).toBeUndefined();
    const popularMove = suggestion.moves.find((m) => m.pitchId === pitches.popular)!;
    expect(popularMove.from).toMatch(/^Side room at /);
    expect(popularMove.to).toMatch(/^Hall at /);
    expect(suggestion.moves.find((m) => m.pitchId === pitches.late)).toMatchObject({ from: null, to: expect.any(String) });

    const applied = await applySuggestedGrid(eventId, ORGANISER, suggestion.version, suggestion.assignments);
    expect(applied.version).toBe(versionBefore + 1);
    expect(applied.moved).toBe(suggestion.moves.length);
    const after = await placements();
    expect(after.map(({ pitchId, roomId, slotId }) => ({ pitchId, roomId, slotId }))).toEqual(
      [...suggestion.assignments].sort((a, b) => a.pitchId - b.pitchId),
    );
    expect(after.find((p) => p.pitchId === pitches.pinned)?.pinned).toBe(true);
    const history = await listGridHistory(eventId);
    expect(history[0].description).toMatch(/^Applied a suggested grid: \d+ sessions moved, clashes 5 to [0-4], score \d+ to \d+$/);

    await undoLastChange(eventId, ORGANISER, applied.version);
    expect(await placements()).toEqual(before);
  });

  it("refuses to apply a suggestion made for an older grid", async () => {
    const suggestion = await suggestGrid(eventId, { timeLimitMs: UNHURRIED_MS });
    if (suggestion.kind !== "suggestion") throw new Error("expected a suggestion");
    await placePitch(eventId, ORGANISER, suggestion.version, pitches.hostOne, hall, slots[1]);
    const error = await refusal(applySuggestedGrid(eventId, ORGANISER, suggestion.version, suggestion.assignments));
    expect(error.reason).toBe("stale");
  });

  it("refuses a suggestion altered to break a hard rule", async () => {
    const v = await version();
    const placedPinned = { pitchId: pitches.pinned, roomId: small, slotId: slots[2] };
    const sameHostSameSlot = [placedPinned, { pitchId: pitches.hostOne, roomId: hall, slotId: slots[1] }, { pitchId: pitches.hostTwo, roomId: side, slotId: slots[1] }];
    expect((await refusal(applySuggestedGrid(eventId, ORGANISER, v, sameHostSameSlot))).message).toMatch(/also hosts/);
    const screenlessRoom = [placedPinned, { pitchId: pitches.screen, roomId: side, slotId: slots[0] }];
    expect((await refusal(applySuggestedGrid(eventId, ORGANISER, v, screenlessRoom))).message).toMatch(/needs screen/);
    const movedPin = [{ pitchId: pitches.pinned, roomId: hall, slotId: slots[2] }];
    expect((await refusal(applySuggestedGrid(eventId, ORGANISER, v, movedPin))).message).toMatch(/Pinned session/);
    expect(await version()).toBe(v);
  });

  it("reports an impossible grid instead of suggesting one", async () => {
    // Both of one host's sessions pinned into the same slot (made directly: the grid page would warn first).
    const v = await version();
    await placePitch(eventId, ORGANISER, v, pitches.hostOne, hall, slots[2]);
    await placePitch(eventId, ORGANISER, v + 1, pitches.hostTwo, side, slots[2]);
    await setPinned(eventId, ORGANISER, v + 2, pitches.hostOne, true);
    await setPinned(eventId, ORGANISER, v + 3, pitches.hostTwo, true);
    const suggestion = await suggestGrid(eventId, { timeLimitMs: UNHURRIED_MS });
    expect(suggestion).toMatchObject({ kind: "infeasible", reason: expect.stringMatching(/two sessions pinned to slot/) });
  });
});

async function postForm(cookie: string, url: string, body: URLSearchParams) {
  return (await action({
    request: new Request(url, { method: "POST", body, headers: { cookie, origin: "http://pitchgrid.test", "content-type": "application/x-www-form-urlencoded" } }),
    params: { slug },
    context: {},
  })) as Response;
}

describe("the organiser's page", () => {
  it("shows the proposal, and the Apply form changes the grid in one step", async () => {
    const cookie = await organiserCookie(ORGANISER);
    const url = `http://pitchgrid.test/organise/${slug}/grid/suggest`;
    const asked = await postForm(cookie, url, new URLSearchParams({ intent: "suggest" }));
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe(`/organise/${slug}/grid/suggest`);
    const page = await loader({ request: new Request(url, { headers: { cookie } }), params: { slug }, context: {} });
    const { suggestion } = page as Awaited<ReturnType<typeof loader>>;
    if (suggestion?.kind !== "suggestion") throw new Error("expected a suggestion");
    expect(suggestion.moves.length).toBeGreaterThan(0);

    const form = new URLSearchParams({ version: String(suggestion.version) });
    for (const a of suggestion.assignments) form.append("assignment", a);
    const response = (await action({
      request: new Request(url, { method: "POST", body: form, headers: { cookie, origin: "http://pitchgrid.test", "content-type": "application/x-www-form-urlencoded" } }),
      params: { slug },
      context: {},
    })) as Response;
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/organise/${slug}/grid`);
    const placed = await placements();
    expect(placed.map((p) => `${p.pitchId}:${p.roomId}:${p.slotId}`).sort()).toEqual([...suggestion.assignments].sort());
  });

  it("answers a tampered form with 400 and a stale one with 409, changing nothing", async () => {
    const cookie = await organiserCookie(ORGANISER);
    const url = `http://pitchgrid.test/organise/${slug}/grid/suggest`;
    const post = (body: URLSearchParams) =>
      action({
        request: new Request(url, { method: "POST", body, headers: { cookie, origin: "http://pitchgrid.test", "content-type": "application/x-www-form-urlencoded" } }),
        params: { slug },
        context: {},
      });
    const before = await placements();
    const bad = (await post(new URLSearchParams([["version", "x"], ["assignment", "1:2"]]))) as unknown as { init: { status: number } };
    expect(bad.init.status).toBe(400);
    const stale = (await post(new URLSearchParams([["version", "0"], ["assignment", `${pitches.pinned}:${small}:${slots[2]}`]]))) as unknown as {
      init: { status: number };
      data: { refused: string };
    };
    expect(stale.init.status).toBe(409);
    expect(stale.data.refused).toMatch(/Someone changed the grid/);
    expect(await placements()).toEqual(before);
  });

  it("is for the event's organisers only", async () => {
    const cookie = await organiserCookie("someone@else.test");
    const url = `http://pitchgrid.test/organise/${slug}/grid/suggest`;
    await expect(loader({ request: new Request(url, { headers: { cookie } }), params: { slug }, context: {} })).rejects.toMatchObject({ status: 403 });
  });
});

describe("asking for a suggestion", () => {
  const url = () => `http://pitchgrid.test/organise/${slug}/grid/suggest`;
  const view = async (cookie: string) =>
    ((await loader({ request: new Request(url(), { headers: { cookie } }), params: { slug }, context: {} })) as Awaited<ReturnType<typeof loader>>).suggestion;
  const ask = (cookie: string) => postForm(cookie, url(), new URLSearchParams({ intent: "suggest" }));

  it("never runs the optimiser on a page view: the page offers the button until asked, then shows the suggestion kept for the grid", async () => {
    const cookie = await organiserCookie(ORGANISER);
    const runs = optimiserRuns();
    expect(await view(cookie)).toBeNull();
    expect(await view(cookie)).toBeNull();
    expect(optimiserRuns()).toBe(runs);

    const asked = await ask(cookie);
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe(`/organise/${slug}/grid/suggest`);
    expect(optimiserRuns()).toBe(runs + 1);
    const shown = await view(cookie);
    expect(shown?.kind).toBe("suggestion");
    expect(await view(cookie)).toEqual(shown);
    // Asking again for the same grid answers with the suggestion already made.
    expect((await ask(cookie)).status).toBe(303);
    expect(await view(cookie)).toEqual(shown);
    expect(optimiserRuns()).toBe(runs + 1);

    // A change to what the optimiser works from (a new room) that leaves the grid's version alone.
    const v = await version();
    await makeRoom(eventId, { name: "Annexe", capacity: 12, position: 3 });
    expect(await version()).toBe(v);
    expect(await view(cookie)).toBeNull();
    expect(optimiserRuns()).toBe(runs + 1);
  });

  it("runs the optimiser once for two requests at the same time for the same grid", async () => {
    const cookie = await organiserCookie(ORGANISER);
    const runs = optimiserRuns();
    const [first, second] = await Promise.all([ask(cookie), ask(cookie)]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(optimiserRuns()).toBe(runs + 1);
    expect((await view(cookie))?.kind).toBe("suggestion");
  });

  it("refuses to apply a suggestion made before the grid changed, and then offers a new one", async () => {
    const cookie = await organiserCookie(ORGANISER);
    await ask(cookie);
    const shown = await view(cookie);
    if (shown?.kind !== "suggestion") throw new Error("expected a suggestion");
    await placePitch(eventId, ORGANISER, shown.version, pitches.hostOne, hall, slots[1]);
    const before = await placements();
    expect(await view(cookie)).toBeNull();

    const form = new URLSearchParams({ intent: "apply", version: String(shown.version) });
    for (const a of shown.assignments) form.append("assignment", a);
    const refused = (await postForm(cookie, url(), form)) as unknown as { init: { status: number }; data: { refused: string } };
    expect(refused.init.status).toBe(409);
    expect(refused.data.refused).toMatch(/Someone changed the grid since this suggestion was made/);
    expect(await placements()).toEqual(before);
  });

  it("stops a search that does not answer in time: a readable refusal (503), nothing kept", async () => {
    const cookie = await organiserCookie(ORGANISER);
    process.env.SUGGESTION_TIMEOUT_MS = "1";
    resetEnvForTests();
    try {
      const failed = (await ask(cookie)) as unknown as { init: { status: number }; data: { failed: string } };
      expect(failed.init.status).toBe(503);
      expect(failed.data.failed).toMatch(/^Finding a suggestion took longer than 1 second, so it was stopped and nothing changed\. Try again/);
    } finally {
      delete process.env.SUGGESTION_TIMEOUT_MS;
      resetEnvForTests();
    }
    expect(await latestSuggestion(eventId)).toBeNull();
    expect((await ask(cookie)).status).toBe(303);
    expect((await latestSuggestion(eventId))?.kind).toBe("suggestion");
  });
});
