import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { addTeamMember } from "../../app/.server/events";
import { organiserSections } from "../../app/domain/event-roles";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { run } from "../support/route-call";

/**
 * What a volunteer may do, route by route. Every organiser route module is found on disk and
 * must have a decision below: a route added later without one fails "every organiser route has a
 * decision", so nobody opens a page to volunteers (or forgets to) by accident.
 */
const ROUTES_DIR = path.resolve("app/routes");
const organiserRoutes = readdirSync(ROUTES_DIR).filter((file) => /^organise\.\$slug[.\w$[\]-]*\.tsx?$/.test(file) && !file.endsWith(".test.ts"));

/** Routes a volunteer may use, and how: "yes", "redirect" (to the station), or "no" (403). */
const VOLUNTEER_MAY: Record<string, { get: "yes" | "redirect"; post: "yes" | "no" }> = {
  "organise.$slug._index.tsx": { get: "redirect", post: "no" }, // the overview (and publishing) is for organisers
  "organise.$slug.station.tsx": { get: "yes", post: "yes" }, // pitch station, queue, show of hands
  "organise.$slug.check-in.tsx": { get: "yes", post: "yes" },
  "organise.$slug.registrations.add.tsx": { get: "yes", post: "yes" }, // add a walk-in at the desk
  "organise.$slug.attendance.tsx": { get: "yes", post: "no" }, // head counts; the default ratio is a setting
};

/** Routes only organisers may use: a volunteer gets 403 on GET and POST. */
const ORGANISERS_ONLY = [
  "organise.$slug.badges.tsx",
  "organise.$slug.badges_.print.tsx",
  "organise.$slug.edit.tsx",
  "organise.$slug.feedback._index.tsx",
  "organise.$slug.feedback.send.tsx",
  "organise.$slug.feedback[.csv].tsx",
  "organise.$slug.grid._index.tsx",
  "organise.$slug.grid.history.tsx",
  "organise.$slug.grid.suggest.tsx",
  "organise.$slug.grid.unpublish.tsx",
  "organise.$slug.grid.version.ts",
  "organise.$slug.messages.tsx",
  "organise.$slug.notes.tsx",
  "organise.$slug.organisers.tsx",
  "organise.$slug.pitches.$id.tsx",
  "organise.$slug.pitches.$id_.withdraw.tsx",
  "organise.$slug.pitches._index.tsx",
  "organise.$slug.pitches.new.tsx",
  "organise.$slug.places.tsx",
  "organise.$slug.questions.tsx",
  "organise.$slug.reconfirmation.tsx",
  "organise.$slug.registrations.$id.tsx",
  "organise.$slug.registrations.$id_.cancel.tsx",
  "organise.$slug.registrations.$id_.decline.tsx",
  "organise.$slug.registrations.$id_.transfer.tsx",
  "organise.$slug.registrations._index.tsx",
  "organise.$slug.registrations[.csv].tsx",
  "organise.$slug.rooms.$roomId.tsx",
  "organise.$slug.rooms.$roomId_.delete.tsx",
  "organise.$slug.rooms._index.tsx",
  "organise.$slug.rooms.copy.tsx",
  "organise.$slug.rooms.slots.$slotId.tsx",
  "organise.$slug.rooms.slots.$slotId_.delete.tsx",
  "organise.$slug.rooms.slots.several.tsx",
  "organise.$slug.standby.tsx",
  "organise.$slug.standby_.poster.tsx",
  "organise.$slug.tickets.$ticketId.tsx",
  "organise.$slug.tickets._index.tsx",
  "organise.$slug.tickets.new.tsx",
  "organise.$slug.turnout.tsx",
  "organise.$slug.turnout[.csv].tsx",
  "organise.$slug.unpublish.tsx",
];

type Args = { request: Request; params: Record<string, string>; context: object };
type RouteModule = { loader?: (args: Args) => Promise<unknown>; action?: (args: Args) => Promise<unknown> };

async function outcome(fn: () => Promise<unknown>): Promise<{ status: number; location?: string | null }> {
  try {
    return await run(fn);
  } catch (thrown) {
    // Remix's single-fetch data() wrapper, thrown
    if (thrown && typeof thrown === "object" && "init" in thrown) return { status: (thrown as { init: { status: number } }).init.status };
    throw thrown;
  }
}

describe("a volunteer", () => {
  let slug = "";
  let volunteer = "";
  let organiser = "";
  let ids: Record<string, string> = {};
  const BASE = "http://pitchgrid.test";
  const paramsFor = (file: string) => {
    const p: Record<string, string> = { slug };
    for (const match of file.matchAll(/\$(\w+)/g)) if (match[1] !== "slug") p[match[1]] = ids[match[1]] ?? "1";
    return p;
  };
  const load = async (file: string) => (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;

  beforeAll(async () => {
    const { event, ticket } = await makeEvent({ organiser: "lead@guildford.gov.uk" });
    slug = event.slug;
    await addTeamMember(event, "vic@guildford.gov.uk", "lead@guildford.gov.uk", "volunteer");
    const person = await makeRegistration(event.id, ticket.id, { name: "Pat Person" });
    ids = { id: String(person.id), ticketId: String(ticket.id) };
    volunteer = await organiserCookie("vic@guildford.gov.uk");
    organiser = await organiserCookie("lead@guildford.gov.uk");
  });

  it("every organiser route has a decision (a new route must be added to one list)", () => {
    const decided = [...Object.keys(VOLUNTEER_MAY), ...ORGANISERS_ONLY].sort();
    expect(new Set(decided).size).toBe(decided.length);
    expect([...organiserRoutes].sort()).toEqual(decided);
  });

  it.each(ORGANISERS_ONLY)("%s is 403 for a volunteer (GET and POST), and not for an organiser", async (file) => {
    const route = await load(file);
    const url = `${BASE}/organise/${slug}`;
    expect(route.loader ?? route.action).toBeDefined();
    if (route.loader) {
      const refused = await outcome(() => route.loader!({ request: new Request(url, { headers: { cookie: volunteer } }), params: paramsFor(file), context: {} }));
      expect(refused.status).toBe(403);
      const allowed = await outcome(() => route.loader!({ request: new Request(url, { headers: { cookie: organiser } }), params: paramsFor(file), context: {} }));
      expect(allowed.status).not.toBe(403);
    }
    if (route.action) {
      const request = new Request(url, { method: "POST", headers: { cookie: volunteer }, body: new URLSearchParams({ intent: "anything" }) });
      expect((await outcome(() => route.action!({ request, params: paramsFor(file), context: {} }))).status).toBe(403);
    }
  });

  it.each(Object.entries(VOLUNTEER_MAY))("%s: a volunteer gets what the decision says", async (file, may) => {
    const route = await load(file);
    const url = `${BASE}/organise/${slug}`;
    const got = await outcome(() => route.loader!({ request: new Request(url, { headers: { cookie: volunteer } }), params: paramsFor(file), context: {} }));
    if (may.get === "yes") expect(got.status).toBe(200);
    else expect(got).toMatchObject({ status: 303, location: `/organise/${slug}/station` });
    if (route.action) {
      const request = new Request(url, { method: "POST", headers: { cookie: volunteer }, body: new URLSearchParams({ intent: "anything" }) });
      const posted = await outcome(() => route.action!({ request, params: paramsFor(file), context: {} }));
      if (may.post === "no") expect(posted.status).toBe(403);
      // Refused for the form ("anything" is no real action), not for who is asking.
      else expect([400, 409]).toContain(posted.status);
    }
  });

  it("sees in the organiser navigation only the sections they can open", () => {
    const sections = organiserSections("volunteer").map((s) => s.label);
    expect(sections).toEqual(["Check-in", "Pitch station", "Head counts"]);
    for (const section of organiserSections("volunteer")) {
      const file = organiserRoutes.find((f) => f === `organise.$slug.${section.to}.tsx` || f === `organise.$slug.${section.to}._index.tsx`);
      expect(file && VOLUNTEER_MAY[file]?.get, section.to).toBe("yes");
    }
    expect(organiserSections("organiser").map((s) => s.label)).toEqual(expect.arrayContaining(["Overview", "Registrations", "Messages", "Grid", "Check-in", "Pitch station"]));
  });
});
