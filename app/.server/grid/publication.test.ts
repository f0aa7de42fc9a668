import ICAL from "ical.js";
import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query } from "../platform";
import { listGridHistory, loadOrganiserGrid, placePitch, setPublished, undoLastChange } from "../grid";
import { zonedToUtc } from "~/domain/time";
import { loader as eventFeed } from "~/routes/events.$slug.schedule[.]ics";
import { makeEvent, makeGridPitch, makeRoom, makeSlot } from "../../../tests/support/factories";
import { unpublishSummary } from "./publication";

const ALICE = "alice@council.test";
let eventId: number;
let slug: string;
let room: number;
let slots: number[];

async function version() {
  return Number(firstRow<{ v: number }>(await query({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
}
async function sequence(pitchId: number) {
  return Number(firstRow<{ s: number }>(await query({ sql: "SELECT sequence AS s FROM pitches WHERE id = ?", args: [pitchId] }))!.s);
}
/** The event feed's sessions: uid -> [STATUS, SEQUENCE]. */
async function feed(): Promise<Map<string, [string, number]>> {
  const response = await eventFeed({ request: new Request(`http://pitchgrid.test/events/${slug}/schedule.ics`), params: { slug }, context: {} });
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  for (const tz of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return new Map(
    calendar.getAllSubcomponents("vevent").map((v) => {
      const e = new ICAL.Event(v);
      return [e.uid, [String(v.getFirstPropertyValue("status")), e.sequence]] as [string, [string, number]];
    }),
  );
}

beforeEach(async () => {
  const date = "2026-12-12";
  const { event } = await makeEvent({ startsAt: zonedToUtc(date, "09:00", "Europe/London"), endsAt: zonedToUtc(date, "17:00", "Europe/London") });
  eventId = event.id;
  slug = event.slug;
  room = await makeRoom(eventId, { name: "Hall" });
  slots = [await makeSlot(eventId, zonedToUtc(date, "10:00", "Europe/London")), await makeSlot(eventId, zonedToUtc(date, "11:00", "Europe/London"))];
});

describe("unpublishing", () => {
  it("keeps sessions in calendars as cancelled, outranking the live entries, and back live when published again", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    const b = await makeGridPitch(eventId, { title: "B" });
    await placePitch(eventId, ALICE, 0, a, room, slots[0]);
    await placePitch(eventId, ALICE, 1, b, room, slots[1]);
    await setPublished(eventId, ALICE, 2, true);
    const live = await feed();
    expect([...live.values()].map(([status]) => status)).toEqual(["CONFIRMED", "CONFIRMED"]);
    const uidA = [...live.keys()].find((k) => k.startsWith(`pitch-${a}@`))!;

    await setPublished(eventId, ALICE, 3, false);
    const cancelled = await feed();
    expect(cancelled.size).toBe(2);
    expect([...cancelled.values()].map(([status]) => status)).toEqual(["CANCELLED", "CANCELLED"]);
    expect(cancelled.get(uidA)![1]).toBeGreaterThan(live.get(uidA)![1]);

    await setPublished(eventId, ALICE, await version(), true);
    const again = await feed();
    expect([...again.values()].map(([status]) => status)).toEqual(["CONFIRMED", "CONFIRMED"]);
    expect(again.get(uidA)![1]).toBeGreaterThan(cancelled.get(uidA)![1]);
  });

  it("is undone by Undo, which publishes it again as it was, and the history says so", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    await placePitch(eventId, ALICE, 0, a, room, slots[0]);
    const at = new Date("2026-12-01T08:00:00Z");
    await setPublished(eventId, ALICE, 1, true, at);
    await setPublished(eventId, ALICE, 2, false);
    const grid = await loadOrganiserGrid(eventId);
    expect(grid!.undo?.description).toBe("Unpublished the grid");
    const before = await sequence(a);

    await undoLastChange(eventId, ALICE, 3);
    const after = await loadOrganiserGrid(eventId);
    expect(after!.schedule.publishedAt).toBe(at.toISOString());
    expect(await sequence(a)).toBe(before + 1);
    expect((await feed()).size).toBe(1);
    expect([...(await feed()).values()][0][0]).toBe("CONFIRMED");
    const history = await listGridHistory(eventId);
    expect(history.slice(0, 2).map((h) => [h.kind, h.description, h.undoneAt !== null])).toEqual([
      ["undo", "Undid: Unpublished the grid (published it again)", false],
      ["unpublish", "Unpublished the grid", true],
    ]);
    // The next Undo goes further back: to the placement, not the publication.
    expect(after!.undo?.description).toMatch(/^Placed “A”/);
  });

  it("is no longer offered by Undo once the grid has been published again by hand", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    await placePitch(eventId, ALICE, 0, a, room, slots[0]);
    await setPublished(eventId, ALICE, 1, true);
    await setPublished(eventId, ALICE, 2, false);
    await setPublished(eventId, ALICE, 3, true);
    expect((await loadOrganiserGrid(eventId))!.undo?.description).toMatch(/^Placed “A”/);
  });

  it("summarises what the organiser is about to hide", async () => {
    const a = await makeGridPitch(eventId, { title: "A" });
    await makeGridPitch(eventId, { title: "Not placed" });
    await placePitch(eventId, ALICE, 0, a, room, slots[0]);
    expect(await unpublishSummary(eventId)).toMatchObject({ published: false, sessionsShown: 1, personalFeeds: 0 });
    await setPublished(eventId, ALICE, 1, true);
    expect(await unpublishSummary(eventId)).toMatchObject({ published: true, sessionsShown: 1 });
  });
});
