import { beforeEach, describe, expect, it } from "vitest";
import { createPitch } from "../../app/.server/pitching";
import { PitchFormSchema } from "../../app/domain/pitch-rules";
import { query, resetRateLimitsForTests } from "../../app/.server/platform";
import * as pitchRoute from "../../app/routes/events.$slug.pitches.$id._index";
import * as sessionRoute from "../../app/routes/events.$slug.sessions.$id";
import * as organiserListRoute from "../../app/routes/organise.$slug.pitches._index";
import { makeEvent, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie, attendeeCookie } from "../support/sessions";
import { formPost as post, getRequest as get } from "../support/route-call";

/** Issue 14, "The grid on the day": pages say when and where a placed session is. */
const ORGANISER = "grid-day-organiser@leeds.gov.uk";
async function unwrap<T>(result: unknown): Promise<T> {
  return (result && typeof result === "object" && "data" in result ? (result as { data: unknown }).data : result) as T;
}
const publish = (eventId: number) => query({ sql: "UPDATE events SET grid_published_at = ? WHERE id = ?", args: [new Date().toISOString(), eventId] });

let slug: string;
let eventId: number;
let ticketId: number;
let hostCookie: string;
let pitchId: number;
let hostId: number;
let slotId: number;

beforeEach(async () => {
  await resetRateLimitsForTests();
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, timeZone: "Europe/London" });
  slug = event.slug;
  eventId = event.id;
  ticketId = ticket.id;
  const host = await makeRegistration(eventId, ticketId, { name: "Hana Host" });
  hostId = host.id;
  hostCookie = await attendeeCookie(host.id);
  const input = PitchFormSchema.parse({ title: "Open data in planning", description: "", format: "discussion", coHosts: "", needs: ["large-room", "screen"] });
  pitchId = (await createPitch(eventId, host.id, input)).id;
  const room = await makeRoom(eventId, { name: "Committee Room 2" });
  // 13:30 UTC on 30 June 2026 is 2:30pm in London (BST).
  const slot = (slotId = await makeSlot(eventId, new Date("2026-06-30T13:30:00Z"), 45));
  await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [pitchId, eventId, room, slot, new Date().toISOString()] });
});

type PitchPage = Awaited<ReturnType<typeof pitchRoute.loader>> extends infer R ? (R extends { data: infer D } ? D : R) : never;
const pitchPage = async (cookie: string) => unwrap<PitchPage>(await pitchRoute.loader({ request: get(`/events/${slug}/pitches/${pitchId}`, cookie), params: { slug, id: String(pitchId) }, context: {} }));

describe("a placed pitch's page", () => {
  it("tells the host when and where (event's time zone) and that an unpublished grid is not public yet; others see nothing until it is published", async () => {
    const draft = await pitchPage(hostCookie);
    expect(draft.placement).toEqual({ date: "Tuesday 30 June 2026", time: "2:30pm to 3:15pm", room: "Committee Room 2" });
    expect(draft.gridPublished).toBe(false);
    const stranger = await makeRegistration(eventId, ticketId);
    expect((await pitchPage(await attendeeCookie(stranger.id))).placement).toBeNull();
    expect((await pitchPage("")).placement).toBeNull();

    await publish(eventId);
    const live = await pitchPage("");
    expect(live.gridPublished).toBe(true);
    expect(live.placement).toEqual({ date: "Tuesday 30 June 2026", time: "2:30pm to 3:15pm", room: "Committee Room 2" });
  });
});

describe("the organisers' pitches list", () => {
  it("shows each pitch's needs as words, the times its hosts cannot do, and where it is on the grid", async () => {
    const input = PitchFormSchema.parse({ title: "Unplaced pitch", description: "", format: "workshop", coHosts: "", avoidSlotIds: [String(slotId)] });
    await createPitch(eventId, hostId, input);
    const cookie = await organiserCookie(ORGANISER);
    const load = async () => unwrap<Awaited<ReturnType<typeof organiserListRoute.loader>>>(await organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`, cookie), params: { slug }, context: {} }));
    const list = await load();
    const placed = list.pitches.find((p) => p.title === "Open data in planning")!;
    expect([...placed.needs].sort()).toEqual(["A larger room", "A screen or projector"]);
    expect(placed.avoid).toEqual([]);
    expect(placed.placement).toEqual({ date: "Tuesday 30 June 2026", time: "2:30pm to 3:15pm", room: "Committee Room 2" });
    expect(list.gridPublished).toBe(false);
    const unplaced = list.pitches.find((p) => p.title === "Unplaced pitch")!;
    expect(unplaced).toMatchObject({ needs: [], avoid: ["2:30pm to 3:15pm"], placement: null });
    await publish(eventId);
    expect((await load()).gridPublished).toBe(true);
  });
});

describe("a public session page", () => {
  it("lets a confirmed attendee, the host included, mark and unmark I’d go with a plain form or a fetcher; others are refused", async () => {
    await publish(eventId);
    const path = `/events/${slug}/sessions/${pitchId}`;
    const params = { slug, id: String(pitchId) };
    type Page = { viewer?: { canMark: boolean; marked: boolean }; session: { interest: number } | null };
    const page = async (cookie: string) => unwrap<Page>(await sessionRoute.loader({ request: get(path, cookie), params, context: {} }));
    expect((await page("")).viewer).toEqual({ canMark: false, marked: false });
    expect((await page(hostCookie)).viewer).toEqual({ canMark: true, marked: false });

    const plain = (await sessionRoute.action({ request: post(path, { intent: "mark" }, hostCookie), params, context: {} })) as Response;
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(path);
    const marked = await page(hostCookie);
    expect(marked.viewer).toEqual({ canMark: true, marked: true });
    expect(marked.session!.interest).toBe(1);

    const enhanced = await unwrap<{ marked: boolean; interest: number }>(await sessionRoute.action({ request: post(path, { intent: "unmark", enhanced: "1" }, hostCookie), params, context: {} }));
    expect(enhanced).toEqual({ marked: false, interest: 0 });

    const refused = await sessionRoute.action({ request: post(path, { intent: "mark" }, ""), params, context: {} }).catch((e: unknown) => e);
    expect((refused as Response).status).toBe(403);
  });
});
