import { beforeEach, describe, expect, it } from "vitest";
import { requestSignInLink } from "../../app/.server/auth";
import { addTeamMember, listEventTeam, listOrganisers } from "../../app/.server/events";
import { query, rowsOf, writeTransaction } from "../../app/.server/platform";
import { noteApprovalRequest } from "../../app/.server/registration";
import { sessionCounts } from "../../app/.server/pitching";
import * as organisersRoute from "../../app/routes/organise.$slug.organisers";
import * as home from "../../app/routes/organise._index";
import * as overview from "../../app/routes/organise.$slug._index";
import * as checkIn from "../../app/routes/organise.$slug.check-in";
import * as addPerson from "../../app/routes/organise.$slug.registrations.add";
import * as station from "../../app/routes/organise.$slug.station";
import * as headCount from "../../app/routes/events.$slug.sessions.$id_.head-count";
import * as notes from "../../app/routes/events.$slug.sessions.$id_.notes";
import { makeEvent, makeGridPitch, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf } from "../support/route-call";

/** Volunteers (issue 17): added and removed on the organisers page, and what they do in the room. */
const BASE = "http://pitchgrid.test";
const post = (path: string, fields: Record<string, string>, cookie: string) =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
const get = (path: string, cookie: string) => new Request(`${BASE}${path}`, { headers: { cookie } });
// Tests share one database: each gets its own addresses.
let sequence = 0;
beforeEach(() => {
  sequence += 1;
});
const LEAD = () => `lead${sequence}@woking.gov.uk`;
const VIC = () => `vic${sequence}@woking.gov.uk`;
const ONLY = () => `only${sequence}@woking.gov.uk`;

describe("the organisers page", () => {
  it("adds a volunteer (emailed, once), lists them apart, and removes them", async () => {
    const { event } = await makeEvent({ organiser: `${LEAD()}` });
    const lead = await organiserCookie(`${LEAD()}`);
    const params = { slug: event.slug };
    const path = `/organise/${event.slug}/organisers`;
    const added = await call(() => organisersRoute.action({ request: post(path, { intent: "add", email: VIC().toUpperCase(), role: "volunteer" }, lead), params, context: {} }));
    expect(added.status).toBe(303);
    expect(await flashOf(added)).toBe(`${VIC()} can now sign in as a volunteer: the pitch station, check-in, head counts and session notes. We have emailed them to say so.`);
    const again = await call(() => organisersRoute.action({ request: post(path, { intent: "add", email: `${VIC()}`, role: "volunteer" }, lead), params, context: {} }));
    expect(await flashOf(again)).toBe(`${VIC()} is already in this event's team.`);
    const emails = rowsOf<{ subject: string; text_body: string }>(await query({ sql: "SELECT subject, text_body FROM email_outbox WHERE to_address = ?", args: [VIC()] }));
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe("You are now a volunteer at Test Camp");
    expect(emails[0].text_body).toContain(`${LEAD()} has added you as a volunteer at Test Camp`);
    expect(emails[0].text_body).toContain(`/organise/${event.slug}/station`);
    // A volunteer can ask for a sign-in link.
    expect((await requestSignInLink(`${VIC()}`, "/organise")).sent).toBe(true);

    const page = await call(() => organisersRoute.loader({ request: get(path, lead), params, context: {} }));
    expect(page.data!.team).toEqual([
      { email: `${LEAD()}`, role: "organiser" },
      { email: `${VIC()}`, role: "volunteer" },
    ]);
    // Volunteers are not organisers: the overview's list, digests and the like leave them out.
    expect(await listOrganisers(event.id)).toEqual([`${LEAD()}`]);

    const removed = await call(() => organisersRoute.action({ request: post(path, { intent: "remove", email: `${VIC()}` }, lead), params, context: {} }));
    expect(await flashOf(removed)).toBe(`${VIC()} is no longer in this event's team.`);
    expect(await listEventTeam(event.id)).toEqual([{ email: `${LEAD()}`, role: "organiser" }]);
  });

  it("never leaves an event with no organiser: a volunteer does not count", async () => {
    const { event } = await makeEvent({ organiser: `${ONLY()}` });
    await addTeamMember(event, `${VIC()}`, `${ONLY()}`, "volunteer");
    const only = await organiserCookie(`${ONLY()}`);
    const params = { slug: event.slug };
    const refused = await call(() => organisersRoute.action({ request: post(`/organise/${event.slug}/organisers`, { intent: "remove", email: `${ONLY()}` }, only), params, context: {} }));
    expect(refused.status).toBe(400);
    expect(refused.data!.errors).toEqual({ form: ["An event must keep at least one organiser."] });
    expect(await listOrganisers(event.id)).toEqual([`${ONLY()}`]);
  });

  it("makes a volunteer an organiser when added as one (emailed), and never makes an organiser a volunteer", async () => {
    const { event } = await makeEvent({ organiser: `${LEAD()}` });
    await addTeamMember(event, `${VIC()}`, `${LEAD()}`, "volunteer");
    expect(await addTeamMember(event, `${LEAD()}`, `${LEAD()}`, "volunteer")).toBe("unchanged");
    const lead = await organiserCookie(`${LEAD()}`);
    const promoted = await call(() =>
      organisersRoute.action({ request: post(`/organise/${event.slug}/organisers`, { intent: "add", email: `${VIC()}`, role: "organiser" }, lead), params: { slug: event.slug }, context: {} }),
    );
    expect(await flashOf(promoted)).toBe(`${VIC()} was a volunteer and is now an organiser. We have emailed them to say so.`);
    expect(await listOrganisers(event.id)).toEqual([`${LEAD()}`, `${VIC()}`]);
    const subjects = rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = ? ORDER BY id", args: [VIC()] })).map((r) => r.subject);
    expect(subjects).toEqual(["You are now a volunteer at Test Camp", "You are now an organiser of Test Camp"]);
  });

  it("is for organisers only: a volunteer cannot add people to the team", async () => {
    const { event } = await makeEvent({ organiser: `${LEAD()}` });
    await addTeamMember(event, `${VIC()}`, `${LEAD()}`, "volunteer");
    const vic = await organiserCookie(`${VIC()}`);
    const refused = await call(() =>
      organisersRoute.action({ request: post(`/organise/${event.slug}/organisers`, { intent: "add", email: "friend@woking.gov.uk", role: "organiser" }, vic), params: { slug: event.slug }, context: {} }),
    );
    expect(refused.status).toBe(403);
    expect(await listEventTeam(event.id)).toHaveLength(2);
  });

  it("does not send approval digests to volunteers", async () => {
    const { event, ticket } = await makeEvent({ organiser: `${LEAD()}`, rule: "approval" });
    await addTeamMember(event, `${VIC()}`, `${LEAD()}`, "volunteer");
    await makeRegistration(event.id, ticket.id, { status: "pending-approval" });
    await writeTransaction((tx) => noteApprovalRequest(tx, event, new Date()));
    const digests = rowsOf<{ to_address: string }>(await query({ sql: "SELECT to_address FROM email_outbox WHERE subject LIKE 'Approval requests waiting%' AND to_address IN (?, ?)", args: [LEAD(), VIC()] }));
    expect(digests.map((d) => d.to_address)).toEqual([`${LEAD()}`]);
  });
});

describe("a volunteer in the room", () => {
  async function setUp() {
    const { event, ticket } = await makeEvent({ organiser: `${LEAD()}`, startsAt: new Date(Date.now() - 3600_000), endsAt: new Date(Date.now() + 6 * 3600_000) });
    await addTeamMember(event, `${VIC()}`, `${LEAD()}`, "volunteer");
    const vic = await organiserCookie(`${VIC()}`);
    return { event, ticket, vic, params: { slug: event.slug } };
  }

  it("sees their events marked as volunteering, and lands on the station", async () => {
    const { event, vic, params } = await setUp();
    const list = await call(() => home.loader({ request: get("/organise", vic), params: {}, context: {} }));
    expect(list.data!.events).toEqual([expect.objectContaining({ slug: event.slug, role: "volunteer" })]);
    const landed = await call(() => overview.loader({ request: get(`/organise/${event.slug}`, vic), params, context: {} }));
    expect(landed).toMatchObject({ status: 303, location: `/organise/${event.slug}/station` });
  });

  it("checks people in, and adds a walk-in at the desk (back to check-in, never a person's page)", async () => {
    const { event, ticket, vic, params } = await setUp();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Person" });
    const checked = await call(() => checkIn.action({ request: post(`/organise/${event.slug}/check-in`, { intent: "check-in", registrationId: String(pat.id) }, vic), params, context: {} }));
    expect(checked.status).toBe(303);
    const page = await call(() => checkIn.loader({ request: get(`/organise/${event.slug}/check-in`, vic), params, context: {} }));
    expect(page.data).toMatchObject({ role: "volunteer", checkedIn: 1 });
    const form = await call(() => addPerson.loader({ request: get(`/organise/${event.slug}/registrations/add`, vic), params, context: {} }));
    expect(form.data).toMatchObject({ from: "check-in" });
    const added = await call(() =>
      addPerson.action({ request: post(`/organise/${event.slug}/registrations/add`, { name: "Wendy Walkin", ticketTypeId: String(ticket.id), checkIn: "yes", from: "registrations" }, vic), params, context: {} }),
    );
    expect(added.status).toBe(303);
    expect(added.location).toMatch(new RegExp(`^/organise/${event.slug}/check-in#person-\\d+$`));
    expect(await flashOf(added)).toBe("Wendy Walkin added with a confirmed place and checked in.");
  });

  it("records a pitch at the station, enters a head count and edits session notes", async () => {
    const { event, ticket, vic, params } = await setUp();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    const recorded = await call(() =>
      station.action({ request: post(`/organise/${event.slug}/station`, { intent: "record", title: "Bins", hostRegistrationId: String(pat.id), walkInName: "", format: "discussion" }, vic), params, context: {} }),
    );
    expect(recorded.data?.errors ?? null).toBeNull();
    expect(recorded.status).toBe(303);
    const pitchId = await makeGridPitch(event.id, { title: "Open data", hostIds: [pat.id] });
    const sessionParams = { slug: event.slug, id: String(pitchId) };
    const counted = await call(() => headCount.action({ request: post(`/events/${event.slug}/sessions/${pitchId}/head-count`, { headCount: "12" }, vic), params: sessionParams, context: {} }));
    expect(counted).toMatchObject({ status: 303, location: `/organise/${event.slug}/attendance` });
    expect(await sessionCounts(pitchId)).toMatchObject({ headCount: 12 });
    const saved = await call(() => notes.action({ request: post(`/events/${event.slug}/sessions/${pitchId}/notes`, { intent: "save", baseVersion: "0", body: "Notes from the room" }, vic), params: sessionParams, context: {} }));
    expect(saved.status).toBe(303);
    expect(await flashOf(saved)).toBe("Notes saved (version 1).");
  });
});
