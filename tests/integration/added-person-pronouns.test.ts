import { describe, expect, it } from "vitest";
import { query, resetRateLimitsForTests } from "../../app/.server/platform";
import * as addPerson from "../../app/routes/organise.$slug.registrations.add";
import * as station from "../../app/routes/organise.$slug.station";
import * as badgesPrint from "../../app/routes/organise.$slug.badges_.print";
import { makeEvent } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call } from "../support/route-call";

/** Pronouns for a person added at the desk or as a walk-in host at the station, as the registration form takes them: kept, and printed on badges. */
const BASE = "http://pitchgrid.test";
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });

async function setUp() {
  await resetRateLimitsForTests();
  const { event, ticket } = await makeEvent();
  const cookie = await organiserCookie("organiser@council.test");
  const params = { slug: event.slug };
  const pronounsOf = async (name: string) => (await query({ sql: "SELECT pronouns FROM registrations WHERE event_id = ? AND name = ?", args: [event.id, name] })).rows[0]?.pronouns;
  const badgeSheet = async () => {
    const response = (await badgesPrint.loader({ request: new Request(`${BASE}/organise/${event.slug}/badges/print?which=all&layout=sheet`, { headers: { cookie } }), params, context: {} })) as Response;
    return response.text();
  };
  return { event, ticket, cookie, params, pronounsOf, badgeSheet };
}

describe("pronouns for an added person", () => {
  it("are taken by “Add a person”, kept on the registration and printed on the badge", async () => {
    const { event, ticket, cookie, params, pronounsOf, badgeSheet } = await setUp();
    const added = await call(() =>
      addPerson.action({ request: post(`/organise/${event.slug}/registrations/add`, { name: "Sam Walkin", pronouns: "  they/them ", ticketTypeId: String(ticket.id), from: "check-in" }, cookie), params, context: {} }),
    );
    expect(added.status).toBe(303);
    expect(await pronounsOf("Sam Walkin")).toBe("they/them");
    expect(await badgeSheet()).toMatch(/Sam Walkin[\s\S]*they\/them/);
  });

  it("are optional, and too long ones get a GOV.UK error with what was typed", async () => {
    const { event, ticket, cookie, params, pronounsOf } = await setUp();
    const wrong = await call(() =>
      addPerson.action({ request: post(`/organise/${event.slug}/registrations/add`, { name: "Lee Long", pronouns: "x".repeat(41), ticketTypeId: String(ticket.id) }, cookie), params, context: {} }),
    );
    expect(wrong.status).toBe(400);
    expect((wrong.data!.errors as Record<string, string[]>).pronouns).toEqual(["Pronouns must be 40 characters or fewer"]);
    expect(await pronounsOf("Lee Long")).toBeUndefined();
    await call(() => addPerson.action({ request: post(`/organise/${event.slug}/registrations/add`, { name: "Nia None", ticketTypeId: String(ticket.id) }, cookie), params, context: {} }));
    expect(await pronounsOf("Nia None")).toBe("");
  });

  it("are taken for a walk-in host at the pitch station", async () => {
    const { event, cookie, params, pronounsOf, badgeSheet } = await setUp();
    const recorded = await call(() =>
      station.action({
        request: post(`/organise/${event.slug}/station`, { intent: "record", title: "Walk-in ideas", hostRegistrationId: "", walkInName: "Wendy Walkin", walkInPronouns: "she/her", format: "discussion" }, cookie),
        params,
        context: {},
      }),
    );
    expect(recorded.status).toBe(303);
    expect(await pronounsOf("Wendy Walkin")).toBe("she/her");
    expect(await badgeSheet()).toMatch(/Wendy Walkin[\s\S]*she\/her/);
  });
});
