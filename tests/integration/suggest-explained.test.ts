import { describe, expect, it } from "vitest";
import { placePitch, requestSuggestion } from "../../app/.server/grid";
import * as suggestRoute from "../../app/routes/organise.$slug.grid.suggest";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";

/**
 * "Suggest a grid" explained (issue 14): the page lists the rules the grid now breaks beside the
 * score, says why each session moves, and what a large room is at this event.
 */
const ORGANISER = "suggest-organiser@guildford.gov.uk";

describe("the suggest page", () => {
  it("shows the current grid's broken rules, a reason for each move, and what makes a room large", async () => {
    const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z"), endsAt: new Date("2030-06-01T16:00:00Z") });
    const cookie = await organiserCookie(ORGANISER);
    const hall = await makeRoom(event.id, { name: "Hall", capacity: 60, position: 0 });
    const annexe = await makeRoom(event.id, { name: "Annexe", capacity: 20, position: 1 });
    await makeRoom(event.id, { name: "Snug", capacity: 8, position: 2 });
    const slots = [await makeSlot(event.id, new Date("2030-06-01T09:00:00Z")), await makeSlot(event.id, new Date("2030-06-01T10:00:00Z"))];
    const robin = await makeRegistration(event.id, ticket.id, { name: "Robin Host" });
    const a = await makeGridPitch(event.id, { title: "A", hostIds: [robin.id] });
    const b = await makeGridPitch(event.id, { title: "B", hostIds: [robin.id] });
    await placePitch(event.id, ORGANISER, 0, a, hall, slots[0]);
    await placePitch(event.id, ORGANISER, 1, b, annexe, slots[0]);
    const load = async () =>
      (await suggestRoute.loader({ request: new Request(`http://pitchgrid.test/organise/${event.slug}/grid/suggest`, { headers: { cookie } }), params: { slug: event.slug }, context: {} })) as Awaited<
        ReturnType<typeof suggestRoute.loader>
      >;

    const before = await load();
    expect(before.brokenNow).toEqual(["Robin Host hosts “A” and “B” at the same time (10am)"]);
    expect(before.largeRoom).toContain("rooms for 60 or more people (Hall)");
    expect(before.suggestion).toBeNull();

    await requestSuggestion(event.id, { timeLimitMs: 200 });
    const after = await load();
    if (after.suggestion?.kind !== "suggestion") throw new Error("Expected a suggestion");
    expect(after.suggestion.moves.length).toBeGreaterThan(0);
    for (const move of after.suggestion.moves) expect(move.why).toBe("Keeps a rule the grid now breaks: Robin Host hosts “A” and “B” at the same time (10am)");
  });
});
