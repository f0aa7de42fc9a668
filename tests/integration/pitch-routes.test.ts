import { beforeEach, describe, expect, it } from "vitest";
import { createPitch, findPitch } from "../../app/.server/pitching";
import { PitchFormSchema } from "../../app/domain/pitch-rules";
import { RATE_LIMITS, resetRateLimitsForTests } from "../../app/.server/platform";
import * as pitchRoute from "../../app/routes/events.$slug.pitches.$id._index";
import * as editRoute from "../../app/routes/events.$slug.pitches.$id.edit";
import * as listRoute from "../../app/routes/events.$slug.pitches._index";
import * as withdrawRoute from "../../app/routes/events.$slug.pitches.$id.withdraw";
import * as newRoute from "../../app/routes/events.$slug.pitches.new";
import * as organiserEditRoute from "../../app/routes/organise.$slug.pitches.$id";
import * as organiserWithdrawRoute from "../../app/routes/organise.$slug.pitches.$id_.withdraw";
import * as organiserListRoute from "../../app/routes/organise.$slug.pitches._index";
import * as organiserNewRoute from "../../app/routes/organise.$slug.pitches.new";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie, attendeeCookie } from "../support/sessions";
import { run, type Outcome, getRequest as get } from "../support/route-call";

/** The pitching pages' loaders and actions, called in-process as Remix would, for who may do what. */
const ORGANISER = "pitch-organiser@leeds.gov.uk";
const BASE = "http://pitchgrid.test";


function post(path: string, fields: Record<string, string | string[]>, cookie = "", origin?: string) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
  const headers: Record<string, string> = { cookie, "content-type": "application/x-www-form-urlencoded" };
  if (origin) headers.origin = origin;
  return new Request(`${BASE}${path}`, { method: "POST", body, headers });
}
const pitchInput = (title: string) => PitchFormSchema.parse({ title, description: "", format: "discussion", coHosts: "" });

let slug: string;
let eventId: number;
let ticketId: number;
let hostCookie: string;
let hostId: number;
let pitchId: number;
let outsiders: { name: string; cookie: string }[];

beforeEach(async () => {
  await resetRateLimitsForTests();
  const { event, ticket } = await makeEvent({ organiser: ORGANISER });
  slug = event.slug;
  eventId = event.id;
  ticketId = ticket.id;
  const host = await makeRegistration(eventId, ticketId, { name: "Hana Host" });
  hostId = host.id;
  hostCookie = await attendeeCookie(host.id);
  pitchId = (await createPitch(eventId, host.id, pitchInput("Open data in planning"))).id;
  const other = await makeEvent();
  const elsewhere = await makeRegistration(other.event.id, other.ticket.id);
  const cancelled = await makeRegistration(eventId, ticketId, { status: "cancelled" });
  const waiting = await makeRegistration(eventId, ticketId, { status: "waiting" });
  outsiders = [
    { name: "no cookie", cookie: "" },
    { name: "an attendee of another event", cookie: await attendeeCookie(elsewhere.id) },
    { name: "a cancelled attendee", cookie: await attendeeCookie(cancelled.id) },
    { name: "someone on the waiting list", cookie: await attendeeCookie(waiting.id) },
    { name: "a forged cookie", cookie: "__pitchgrid_attendee=eyJ9" },
  ];
});

describe("attendees' pages", () => {
  it("shows the list to anyone, but only confirmed attendees of this event can mark, pitch or open the pitch form (403)", async () => {
    for (const outsider of outsiders) {
      const list = await run(() => listRoute.loader({ request: get(`/events/${slug}/pitches`, outsider.cookie), params: { slug }, context: {} }));
      expect(list.status, outsider.name).toBe(200);
      expect((list.body as { pitches: { title: string }[] }).pitches.map((p) => p.title)).toEqual(["Open data in planning"]);
      const mark = await run(() => listRoute.action({ request: post(`/events/${slug}/pitches?index`, { intent: "mark", pitchId: String(pitchId) }, outsider.cookie), params: { slug }, context: {} }));
      expect(mark.status, outsider.name).toBe(403);
      const markOne = await run(() => pitchRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}`, { intent: "mark" }, outsider.cookie), params: { slug, id: String(pitchId) }, context: {} }));
      expect(markOne.status, outsider.name).toBe(403);
      const form = await run(() => newRoute.loader({ request: get(`/events/${slug}/pitches/new`, outsider.cookie), params: { slug }, context: {} }));
      expect(form.status, outsider.name).toBe(403);
      const create = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "Sneaky", format: "discussion" }, outsider.cookie), params: { slug }, context: {} }));
      expect(create.status, outsider.name).toBe(403);
    }
    expect((await findPitch(eventId, pitchId))!.interest).toBe(0);
  });

  it("marks with a plain form (303 back to the same order) or a fetcher (data), once per person", async () => {
    const voter = await makeRegistration(eventId, ticketId);
    const cookie = await attendeeCookie(voter.id);
    const plain = await run(() => listRoute.action({ request: post(`/events/${slug}/pitches?index&sort=most-wanted`, { intent: "mark", pitchId: String(pitchId) }, cookie), params: { slug }, context: {} }));
    expect(plain).toMatchObject({ status: 303, location: `/events/${slug}/pitches?sort=most-wanted#pitch-${pitchId}` });
    const again = await run(() => listRoute.action({ request: post(`/events/${slug}/pitches?index`, { intent: "mark", pitchId: String(pitchId), enhanced: "1" }, cookie), params: { slug }, context: {} }));
    expect(again).toMatchObject({ status: 200, body: { marked: true, interest: 1 } });
    const list = await run(() => listRoute.loader({ request: get(`/events/${slug}/pitches`, cookie), params: { slug }, context: {} }));
    expect((list.body as { pitches: { marked: boolean; interest: number }[] }).pitches[0]).toMatchObject({ marked: true, interest: 1 });
    const undo = await run(() => pitchRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}`, { intent: "unmark", enhanced: "1" }, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(undo).toMatchObject({ status: 200, body: { marked: false, interest: 0 } });
  });

  it("rate-limits one attendee pitching many times quickly at the route (429), and not another", async () => {
    let refused: Outcome | undefined;
    let attempts = 0;
    for (let i = 0; i < 25 && !refused; i++) {
      const result = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: `Pitch number ${i}`, format: "discussion" }, hostCookie), params: { slug }, context: {} }));
      if (result.status === 429) refused = result;
      else attempts += 1; // 303, or 400 once the host has the most open pitches allowed: each try counts
    }
    expect(refused).toMatchObject({ status: 429, body: "Too many attempts. Wait a few minutes, then try again." });
    expect(attempts).toBe(RATE_LIMITS.pitching.limit);
    const otherCookie = await attendeeCookie((await makeRegistration(eventId, ticketId)).id);
    const allowed = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "Someone else's pitch", format: "discussion" }, otherCookie), params: { slug }, context: {} }));
    expect(allowed.status).toBe(303);
  });

  it("rate-limits one person marking and unmarking many times quickly at the route, without touching anyone else", async () => {
    const tapper = await makeRegistration(eventId, ticketId);
    const cookie = await attendeeCookie(tapper.id);
    let refused: Outcome | undefined;
    let allowed = 0;
    for (let i = 0; i < 200 && !refused; i++) {
      const intent = i % 2 === 0 ? "mark" : "unmark";
      // Both the list's and the pitch page's buttons count against the same allowance.
      const result =
        i % 4 < 2
          ? await run(() => listRoute.action({ request: post(`/events/${slug}/pitches?index`, { intent, pitchId: String(pitchId) }, cookie), params: { slug }, context: {} }))
          : await run(() => pitchRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}`, { intent }, cookie), params: { slug, id: String(pitchId) }, context: {} }));
      if (result.status === 429) refused = result;
      else if (result.status === 303) allowed += 1;
      else throw new Error(`unexpected ${result.status}`);
    }
    expect(refused?.status).toBe(429);
    // Exactly the per-minute allowance got through before the refusal.
    expect(allowed).toBe(RATE_LIMITS.marking.limit);
    // Someone else marking the same pitch is not held back.
    const other = await run(() => listRoute.action({ request: post(`/events/${slug}/pitches?index`, { intent: "mark", pitchId: String(pitchId), enhanced: "1" }, hostCookie), params: { slug }, context: {} }));
    expect(other).toMatchObject({ status: 200, body: { marked: true } });
  });

  it("refuses a mark sent from another website", async () => {
    const result = await run(() =>
      listRoute.action({ request: post(`/events/${slug}/pitches?index`, { intent: "mark", pitchId: String(pitchId) }, hostCookie, "https://evil.example"), params: { slug }, context: {} }),
    );
    expect(result.status).toBe(403);
    expect((await findPitch(eventId, pitchId))!.interest).toBe(0);
  });

  it("answers a bad pitch form with 400 and GOV.UK messages, keeping what was typed", async () => {
    const result = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "ab", description: "x".repeat(1001), format: "lecture", coHosts: "nope" }, hostCookie), params: { slug }, context: {} }));
    expect(result.status).toBe(400);
    expect(result.body).toMatchObject({
      errors: {
        title: ["Title must be 3 characters or more"],
        description: ["Description must be 1,000 characters or fewer"],
        format: ["Choose a format"],
        coHosts: [expect.stringMatching(/correct format/)],
      },
      values: { title: "ab" },
    });
    const unknownCoHost = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "Good title", format: "workshop", coHosts: "stranger@york.gov.uk" }, hostCookie), params: { slug }, context: {} }));
    expect(unknownCoHost.status).toBe(400);
    expect(unknownCoHost.body).toMatchObject({ errors: { coHosts: [expect.stringContaining("stranger@york.gov.uk is not a confirmed attendee")] } });
  });

  it("creates a pitch for a confirmed attendee and sends them to it", async () => {
    const result = await run(() =>
      newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "Chatbots for bins", description: "<b>bold?</b>", format: "show-and-tell", needs: ["screen"] }, hostCookie), params: { slug }, context: {} }),
    );
    expect(result.status).toBe(303);
    const id = Number(result.location!.split("/").pop());
    expect(await findPitch(eventId, id)).toMatchObject({ title: "Chatbots for bins", description: "<b>bold?</b>", format: "show-and-tell", needs: ["screen"] });
  });

  it("lets only the host open the edit page or withdraw (403 for other attendees)", async () => {
    const other = await makeRegistration(eventId, ticketId);
    const cookie = await attendeeCookie(other.id);
    const page = await run(() => editRoute.loader({ request: get(`/events/${slug}/pitches/${pitchId}/edit`, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(page.status).toBe(403);
    const edit = await run(() => editRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}/edit`, { title: "Mine now", format: "other" }, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(edit.status).toBe(403);
    const confirm = await run(() => withdrawRoute.loader({ request: get(`/events/${slug}/pitches/${pitchId}/withdraw`, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(confirm.status).toBe(403);
    const withdraw = await run(() => withdrawRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}/withdraw`, {}, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(withdraw.status).toBe(403);
    expect((await findPitch(eventId, pitchId))!.status).toBe("open");

    const byHost = await run(() => editRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}/edit`, { title: "Open data in planning, again", format: "other" }, hostCookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(byHost.status).toBe(303);
    expect((await findPitch(eventId, pitchId))!.title).toBe("Open data in planning, again");
    const withdrawn = await run(() => withdrawRoute.action({ request: post(`/events/${slug}/pitches/${pitchId}/withdraw`, {}, hostCookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(withdrawn).toMatchObject({ status: 303, location: `/events/${slug}/pitches` });
    expect((await findPitch(eventId, pitchId))!.status).toBe("withdrawn");
  });

  it("lets an invited co-host accept from the pitch page on the device their private link remembered", async () => {
    const friend = await makeRegistration(eventId, ticketId, { name: "Femi Friend" });
    const invitedPitch = await createPitch(eventId, hostId, PitchFormSchema.parse({ title: "Co-hosted session", format: "workshop", coHosts: friend.email }));
    // The invitation email carries the private link; opening it sets this cookie.
    const cookie = await attendeeCookie(friend.id);
    const params = { slug, id: String(invitedPitch.id) };
    const before = (await run(() => pitchRoute.loader({ request: get(`/events/${slug}/pitches/${invitedPitch.id}`, cookie), params, context: {} }))).body as {
      viewer: { invited: boolean; isHost: boolean };
      pitch: { hosts: string[] };
    };
    expect(before.viewer).toMatchObject({ invited: true, isHost: false });
    expect(before.pitch.hosts).toEqual(["Hana Host"]);
    const stranger = await attendeeCookie((await makeRegistration(eventId, ticketId)).id);
    const wrongPerson = await run(() => pitchRoute.action({ request: post(`/events/${slug}/pitches/${invitedPitch.id}`, { intent: "accept" }, stranger), params, context: {} }));
    expect(wrongPerson.status).toBe(409);
    const accept = await run(() => pitchRoute.action({ request: post(`/events/${slug}/pitches/${invitedPitch.id}`, { intent: "accept" }, cookie), params, context: {} }));
    expect(accept.status).toBe(303);
    const after = (await run(() => pitchRoute.loader({ request: get(`/events/${slug}/pitches/${invitedPitch.id}`, cookie), params, context: {} }))).body as typeof before;
    expect(after.viewer).toMatchObject({ invited: false, isHost: true });
    expect(after.pitch.hosts).toEqual(["Hana Host", "Femi Friend"]);
  });

  it("gives 404 for a pitch of another event or a nonsense id", async () => {
    const other = await makeEvent();
    const theirs = await createPitch(other.event.id, (await makeRegistration(other.event.id, other.ticket.id)).id, pitchInput("Elsewhere"));
    for (const id of [String(theirs.id), "abc", "0", "99999999999999999999"]) {
      const page = await run(() => pitchRoute.loader({ request: get(`/events/${slug}/pitches/${id}`, hostCookie), params: { slug, id }, context: {} }));
      expect(page.status, id).toBe(404);
    }
  });
});

describe("organisers' pages", () => {
  it("send signed-out people to sign in, and refuse organisers of other events (403)", async () => {
    const signedOut = await run(() => organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`), params: { slug }, context: {} }));
    expect(signedOut.status).toBe(302);
    expect(signedOut.location).toMatch(/^\/sign-in/);
    const otherOrganiser = "someone@kent.gov.uk";
    await makeEvent({ organiser: otherOrganiser });
    const cookie = await organiserCookie(otherOrganiser);
    const checks = [
      () => organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`, cookie), params: { slug }, context: {} }),
      () => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "merge", duplicateId: String(pitchId), keptId: String(pitchId) }, cookie), params: { slug }, context: {} }),
      () => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "close" }, cookie), params: { slug }, context: {} }),
      () => organiserNewRoute.loader({ request: get(`/organise/${slug}/pitches/new`, cookie), params: { slug }, context: {} }),
      () => organiserNewRoute.action({ request: post(`/organise/${slug}/pitches/new`, { hostRegistrationId: String(hostId), title: "By another", format: "other" }, cookie), params: { slug }, context: {} }),
      () => organiserEditRoute.action({ request: post(`/organise/${slug}/pitches/${pitchId}`, { intent: "withdraw" }, cookie), params: { slug, id: String(pitchId) }, context: {} }),
      () => organiserWithdrawRoute.loader({ request: get(`/organise/${slug}/pitches/${pitchId}/withdraw`, cookie), params: { slug, id: String(pitchId) }, context: {} }),
      () => organiserWithdrawRoute.action({ request: post(`/organise/${slug}/pitches/${pitchId}/withdraw`, {}, cookie), params: { slug, id: String(pitchId) }, context: {} }),
    ];
    for (const check of checks) expect((await run(check)).status).toBe(403);
    // An attendee's cookie is not an organiser's.
    expect((await run(() => organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`, hostCookie), params: { slug }, context: {} }))).status).toBe(302);
    expect((await findPitch(eventId, pitchId))!.status).toBe("open");
  });

  it("lists pitches with counts, merges duplicates, closes pitching and adds a pitch on someone's behalf", async () => {
    const cookie = await organiserCookie(ORGANISER);
    const params = { slug };
    const other = await makeRegistration(eventId, ticketId, { name: "Omar Other" });
    const duplicate = await createPitch(eventId, other.id, pitchInput("Opening up planning data"));
    const voter = await makeRegistration(eventId, ticketId);
    const voterCookie = await attendeeCookie(voter.id);
    for (const id of [pitchId, duplicate.id]) {
      await run(() => listRoute.action({ request: post(`/events/${slug}/pitches?index`, { intent: "mark", pitchId: String(id) }, voterCookie), params, context: {} }));
    }
    const badMerge = await run(() => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "merge", duplicateId: "", keptId: String(pitchId) }, cookie), params, context: {} }));
    expect(badMerge).toMatchObject({ status: 400, body: { errors: { duplicateId: ["Choose the duplicate pitch"] } } });
    const selfMerge = await run(() => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "merge", duplicateId: String(pitchId), keptId: String(pitchId) }, cookie), params, context: {} }));
    expect(selfMerge.status).toBe(400);
    const merge = await run(() => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "merge", duplicateId: String(duplicate.id), keptId: String(pitchId) }, cookie), params, context: {} }));
    expect(merge.status).toBe(303);
    const list = (await run(() => organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`, cookie), params, context: {} }))).body as Awaited<ReturnType<typeof organiserListRoute.loader>>;
    expect(list.pitches.map((p) => [p.title, p.status, p.interest, p.hosts])).toEqual([
      ["Open data in planning", "open", 1, ["Hana Host", "Omar Other"]],
      ["Opening up planning data", "merged", 1, ["Omar Other"]],
    ]);
    expect(list.pitches[1].mergedIntoTitle).toBe("Open data in planning");

    expect((await run(() => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "close" }, cookie), params, context: {} }))).status).toBe(303);
    const closedForm = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "Too late", format: "other" }, hostCookie), params, context: {} }));
    expect(closedForm).toMatchObject({ status: 400, body: { errors: { form: [expect.stringMatching(/Pitching is closed/)] } } });

    const noHost = await run(() => organiserNewRoute.action({ request: post(`/organise/${slug}/pitches/new`, { hostRegistrationId: "", title: "At the station", format: "other" }, cookie), params, context: {} }));
    expect(noHost).toMatchObject({ status: 400, body: { errors: { hostRegistrationId: ["Choose the host"] } } });
    const added = await run(() => organiserNewRoute.action({ request: post(`/organise/${slug}/pitches/new`, { hostRegistrationId: String(voter.id), title: "At the station", format: "other" }, cookie), params, context: {} }));
    expect(added.status).toBe(303);
    const after = (await run(() => organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`, cookie), params, context: {} }))).body as Awaited<ReturnType<typeof organiserListRoute.loader>>;
    expect(after.pitchingOpen).toBe(false);
    expect(after.pitches.find((p) => p.title === "At the station")).toMatchObject({ status: "open", hosts: ["Pat Example"] });

    // Opening pitching again (e.g. early, before the day) lets attendees pitch once more.
    expect((await run(() => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "open" }, cookie), params, context: {} }))).status).toBe(303);
    const reopened = (await run(() => organiserListRoute.loader({ request: get(`/organise/${slug}/pitches`, cookie), params, context: {} }))).body as Awaited<ReturnType<typeof organiserListRoute.loader>>;
    expect(reopened.pitchingOpen).toBe(true);
    const onTime = await run(() => newRoute.action({ request: post(`/events/${slug}/pitches/new`, { title: "Not too late", format: "other" }, hostCookie), params, context: {} }));
    expect(onTime.status).toBe(303);

    // Withdrawing is done on its own page, which says what it does first; neither the list nor
    // the pitch's page withdraws in one click.
    const oneClick = await run(() => organiserListRoute.action({ request: post(`/organise/${slug}/pitches?index`, { intent: "withdraw", pitchId: String(pitchId) }, cookie), params, context: {} }));
    expect(oneClick.status).toBe(400);
    const fromPage = await run(() => organiserEditRoute.action({ request: post(`/organise/${slug}/pitches/${pitchId}`, { intent: "withdraw" }, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(fromPage.status).toBe(400);
    expect((await findPitch(eventId, pitchId))!.status).toBe("open");
    const withdraw = await run(() => organiserWithdrawRoute.action({ request: post(`/organise/${slug}/pitches/${pitchId}/withdraw`, {}, cookie), params: { slug, id: String(pitchId) }, context: {} }));
    expect(withdraw.status).toBe(303);
    expect((await findPitch(eventId, pitchId))!.status).toBe("withdrawn");
  });
});
