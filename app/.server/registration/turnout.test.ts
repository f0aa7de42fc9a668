import { describe, expect, it } from "vitest";
import { query } from "../platform";
import { applyRetention } from "./privacy";
import { setCheckedIn } from ".";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import * as turnoutPage from "../../routes/organise.$slug.turnout";
import * as turnoutCsv from "../../routes/organise.$slug.turnout[.csv]";
import { joinStandby, updateStandbyEntry, standbyView } from "./standby";
import { eventTurnout, pastTurnouts } from "./turnout";

const DAY = 86_400_000;

async function pastEvent(organiser: string, daysAgo: number, holders: number, checkedIn: number) {
  const startsAt = new Date(Date.now() - daysAgo * DAY);
  const { event, ticket } = await makeEvent({ organiser, startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3600_000) });
  const people = [];
  for (let i = 0; i < holders; i++) people.push(await makeRegistration(event.id, ticket.id, { name: `Person ${i}`, email: `person${i}-${event.id}@guildford.gov.uk` }));
  for (const p of people.slice(0, checkedIn)) await setCheckedIn(event.id, p.id, true);
  return { event, ticket, people };
}

describe("turnout", () => {
  it("keeps its counts, and no names, after the retention job anonymises everyone", async () => {
    const { event } = await pastEvent("turnout-a@council.test", 200, 4, 3);
    await query({ sql: "UPDATE registrations SET council_name = 'Guildford Borough Council' WHERE event_id = ?", args: [event.id] });
    await joinStandby(event.id, { name: "Sam Standby", email: null }, "desk");
    await updateStandbyEntry(event.id, (await standbyView(event.id)).entries[0].id, "seated");
    const before = await eventTurnout(event);
    expect(before.total).toMatchObject({ holding: 4, checkedIn: 3, noShows: 1, turnout: 0.75 });
    expect(before.standbySeated).toBe(1);
    await applyRetention(new Date());
    const names = await query({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND name <> ''", args: [event.id] });
    expect(Number(names.rows[0].n)).toBe(0);
    expect(await eventTurnout(event)).toEqual(before);

    const cookie = await organiserCookie("turnout-a@council.test");
    const request = (path: string) => new Request(`http://pitchgrid.test${path}`, { headers: { cookie } });
    const csv = await (await turnoutCsv.loader({ request: request(`/organise/${event.slug}/turnout.csv`), params: { slug: event.slug }, context: {} })).text();
    expect(csv).toContain("Council,Guildford Borough Council,4,3,1,0,75%");
    expect(csv).not.toMatch(/Person \d/);
    expect(csv).toContain("Standby,Seated from standby,1,1,,,");
  });

  it("suggests a margin from this organiser's past events with check-ins only, and nothing without them", async () => {
    const organiser = "turnout-b@council.test";
    const { event: current } = await makeEvent({ organiser });
    const cookie = await organiserCookie(organiser);
    const load = async () =>
      (await turnoutPage.loader({ request: new Request(`http://pitchgrid.test/organise/${current.slug}/turnout`, { headers: { cookie } }), params: { slug: current.slug }, context: {} })) as Awaited<
        ReturnType<typeof turnoutPage.loader>
      >;
    expect((await load()).suggestion).toMatchObject({ margin: null });
    await pastEvent(organiser, 100, 10, 7);
    await pastEvent(organiser, 50, 10, 8);
    await pastEvent(organiser, 30, 10, 0); // no check-ins recorded: not a basis
    await pastEvent("someone-else@council.test", 40, 10, 2);
    expect(await pastTurnouts(organiser, current.id)).toEqual([0.7, 0.8]);
    const { suggestion } = await load();
    expect(suggestion.basis).toBe("2 past events, turnout 70–80%");
    expect(suggestion.margin).toBeCloseTo(0.25);
  });
});

describe("turnout per organisation", () => {
  it("groups by council, else the organisation typed, and keeps the counts (not the names) through the retention job, run twice", async () => {
    const organiser = "turnout-org@council.test";
    const { event, people } = await pastEvent(organiser, 200, 6, 4);
    // people 0–3 checked in. 0–1 from Guildford council; 2, 3 and 5 typed Acme three ways; 4 typed nothing.
    await query({ sql: "UPDATE registrations SET council_name = 'Guildford Borough Council' WHERE id IN (?, ?)", args: [people[0].id, people[1].id] });
    await query({ sql: "UPDATE registrations SET organisation = 'Acme Ltd' WHERE id = ?", args: [people[2].id] });
    await query({ sql: "UPDATE registrations SET organisation = ' acme   ltd ' WHERE id = ?", args: [people[3].id] });
    await query({ sql: "UPDATE registrations SET organisation = 'ACME LTD' WHERE id = ?", args: [people[5].id] });
    await query({ sql: "UPDATE registrations SET organisation = '' WHERE id = ?", args: [people[4].id] });
    const before = await eventTurnout(event);
    expect(before.byOrganisation).toEqual([
      { name: "Acme Ltd", holding: 3, checkedIn: 2, noShows: 1, lateCancellations: 0, turnout: 2 / 3 },
      { name: "Guildford Borough Council", holding: 2, checkedIn: 2, noShows: 0, lateCancellations: 0, turnout: 1 },
      { name: "Not given", holding: 1, checkedIn: 0, noShows: 1, lateCancellations: 0, turnout: 0 },
    ]);

    await applyRetention(new Date());
    await applyRetention(new Date());
    const left = await query({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND (organisation <> '' OR name <> '')", args: [event.id] });
    expect(Number(left.rows[0].n)).toBe(0);
    expect((await eventTurnout(event)).byOrganisation).toEqual(before.byOrganisation);

    const cookie = await organiserCookie(organiser);
    const csv = await (
      await turnoutCsv.loader({ request: new Request(`http://pitchgrid.test/organise/${event.slug}/turnout.csv`, { headers: { cookie } }), params: { slug: event.slug }, context: {} })
    ).text();
    expect(csv).toContain("Organisation,Acme Ltd,3,2,1,0,67%");
    expect(csv).toContain("Organisation,Guildford Borough Council,2,2,0,0,100%");
    expect(csv).not.toMatch(/Person \d/);
    const page = (await turnoutPage.loader({ request: new Request(`http://pitchgrid.test/organise/${event.slug}/turnout`, { headers: { cookie } }), params: { slug: event.slug }, context: {} })) as Awaited<
      ReturnType<typeof turnoutPage.loader>
    >;
    expect(page.report.byOrganisation.map((r) => r.name)).toEqual(["Acme Ltd", "Guildford Borough Council", "Not given"]);
  });
});
