import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../../app/.server/platform";
import { findEventBySlug } from "../../app/.server/events";
import * as home from "../../app/routes/_index";
import * as newEvent from "../../app/routes/organise.new";
import * as organise from "../../app/routes/organise.$slug._index";
import * as organisers from "../../app/routes/organise.$slug.organisers";
import * as eventEdit from "../../app/routes/organise.$slug.edit";
import * as eventPage from "../../app/routes/events.$slug._index";
import * as register from "../../app/routes/events.$slug.register._index";
import * as icsFeed from "../../app/routes/events.$slug.schedule[.]ics";
import * as frabXml from "../../app/routes/events.$slug.schedule[.]xml";
import * as csv from "../../app/routes/organise.$slug.registrations[.csv]";
import * as registrationsPage from "../../app/routes/organise.$slug.registrations._index";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, flashOf } from "../support/route-call";

/**
 * Issue 15, "Organisers and events", as a browser without JavaScript uses the pages: who may
 * create events, drafts until published, no registration for past events, co-organisers told,
 * and each event's contact address.
 */
const BASE = "http://pitchgrid.test";
const ADMIN = "admin@pitchgrid.test"; // ADMIN_EMAILS in tests (tests/support/setup-db.ts)
const post = (path: string, fields: Record<string, string>, cookie = "") =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
const get = (path: string, cookie = "") => new Request(`${BASE}${path}`, { headers: { cookie } });
const newEventForm = (slug: string, extra: Record<string, string> = {}) => ({
  name: "Draft Camp",
  slug,
  startDate: "2027-05-01",
  startTime: "09:00",
  endTime: "17:00",
  timeZone: "Europe/London",
  capacity: "50",
  ...extra,
});
const registration = (ticketTypeId: number) => ({
  name: "Rita Register",
  email: "rita@guildford.gov.uk",
  organisation: "Guildford Borough Council",
  jobRole: "Developer",
  ticketTypeId: String(ticketTypeId),
});

describe("who may create events", () => {
  it("site admins only: an organiser of another event is refused, and is not offered the button", async () => {
    const { event } = await makeEvent({ organiser: "keen@woking.gov.uk" });
    expect(event.id).toBeGreaterThan(0);
    const organiser = await organiserCookie("keen@woking.gov.uk");
    expect((await call(() => newEvent.loader({ request: get("/organise/new", organiser), params: {}, context: {} }))).status).toBe(403);
    const refused = await call(() => newEvent.action({ request: post("/organise/new", newEventForm("sneaky-camp"), organiser), params: {}, context: {} }));
    expect(refused.status).toBe(403);
    expect(await findEventBySlug("sneaky-camp")).toBeNull();
    const list = await call(() => home.loader());
    expect(list.status).toBe(200);
    const mine = await call(() => import("../../app/routes/organise._index").then((m) => m.loader({ request: get("/organise", organiser), params: {}, context: {} })));
    expect(mine.data).toMatchObject({ canCreate: false });
    const admin = await organiserCookie(ADMIN);
    const theirs = await call(() => import("../../app/routes/organise._index").then((m) => m.loader({ request: get("/organise", admin), params: {}, context: {} })));
    expect(theirs.data).toMatchObject({ canCreate: true });
  });
});

describe("a new event is a draft until an organiser publishes it", () => {
  it("is not listed, is 404 to visitors, takes no registrations, and opens when published", async () => {
    const admin = await organiserCookie(ADMIN);
    const created = await call(() => newEvent.action({ request: post("/organise/new", newEventForm("draft-camp"), admin), params: {}, context: {} }));
    expect(created.status).toBe(303);
    expect(await flashOf(created)).toContain("has been created as a draft");
    const event = (await findEventBySlug("draft-camp"))!;
    expect(event).toMatchObject({ draft: true, contactEmail: ADMIN });
    await query({ sql: "INSERT INTO ticket_types (event_id, name, quota, rule, allowed_domains, position, created_at) VALUES (?, 'Standard', 10, 'open', '[]', 1, ?)", args: [event.id, event.updatedAt] });
    const ticketId = Number(rowsOf<{ id: number }>(await query({ sql: "SELECT id FROM ticket_types WHERE event_id = ?", args: [event.id] }))[0].id);
    const params = { slug: "draft-camp" };

    const listed = await call(() => home.loader());
    expect((listed.data!.events as { slug: string }[]).map((e) => e.slug)).not.toContain("draft-camp");
    expect((await call(() => eventPage.loader({ request: get("/events/draft-camp"), params, context: {} }))).status).toBe(404);
    expect((await call(() => register.loader({ request: get("/events/draft-camp/register"), params, context: {} }))).status).toBe(404);
    expect((await call(() => icsFeed.loader({ request: get("/events/draft-camp/schedule.ics"), params, context: {} }))).status).toBe(404);
    expect((await call(() => frabXml.loader({ request: get("/events/draft-camp/schedule.xml"), params, context: {} }))).status).toBe(404);
    // Its organisers see it, marked as not published, with no way to register.
    const preview = await call(() => eventPage.loader({ request: get("/events/draft-camp", admin), params, context: {} }));
    expect(preview.data).toMatchObject({ event: { state: "draft" } });
    const form = await call(() => register.loader({ request: get("/events/draft-camp/register", admin), params, context: {} }));
    expect(form.data).toMatchObject({ event: { state: "draft" } });
    const refused = await call(() => register.action({ request: post("/events/draft-camp/register", registration(ticketId)), params, context: {} }));
    expect(refused.status).toBe(400);
    expect(refused.data!.errors).toEqual({ ticketTypeId: ["This event is not published yet, so nobody can register"] });

    const page = await call(() => organise.loader({ request: get("/organise/draft-camp", admin), params, context: {} }));
    expect(page.data).toMatchObject({ event: { state: "draft", contactEmail: ADMIN } });
    const published = await call(() => organise.action({ request: post("/organise/draft-camp", { intent: "publish" }, admin), params, context: {} }));
    expect(published.status).toBe(303);
    expect(await flashOf(published)).toBe("Draft Camp is published: it is listed on the home page and anyone can see its pages.");
    expect((await call(() => home.loader())).data!.events).toEqual(expect.arrayContaining([expect.objectContaining({ slug: "draft-camp" })]));
    expect((await call(() => eventPage.loader({ request: get("/events/draft-camp"), params, context: {} }))).data).toMatchObject({ event: { state: "open" } });
    expect((await call(() => icsFeed.loader({ request: get("/events/draft-camp/schedule.ics"), params, context: {} }))).status).toBe(200);
    const registered = await call(() => register.action({ request: post("/events/draft-camp/register", registration(ticketId)), params, context: {} }));
    expect(registered.status).toBe(303);
  });

  it("cannot be published by someone who does not organise it", async () => {
    const { event } = await makeEvent({ draft: true });
    const stranger = await organiserCookie("stranger@woking.gov.uk");
    const refused = await call(() => organise.action({ request: post(`/organise/${event.slug}`, { intent: "publish" }, stranger), params: { slug: event.slug }, context: {} }));
    expect(refused.status).toBe(403);
    expect((await findEventBySlug(event.slug))!.draft).toBe(true);
  });
});

describe("a past event", () => {
  it("says it has ended and stops taking registrations the day after its end date, in its own zone", async () => {
    const startsAt = new Date(Date.now() - 3 * 86400_000);
    const { event, ticket } = await makeEvent({ startsAt, endsAt: new Date(startsAt.getTime() + 8 * 3600_000) });
    const params = { slug: event.slug };
    const page = await call(() => eventPage.loader({ request: get(`/events/${event.slug}`), params, context: {} }));
    expect(page.data).toMatchObject({ event: { state: "past" } });
    const refused = await call(() => register.action({ request: post(`/events/${event.slug}/register`, registration(ticket.id)), params, context: {} }));
    expect(refused.status).toBe(400);
    expect(refused.data!.errors).toEqual({ ticketTypeId: ["This event has ended, so registration is closed"] });
    expect(rowsOf(await query({ sql: "SELECT id FROM registrations WHERE event_id = ?", args: [event.id] }))).toHaveLength(0);
  });
});

describe("co-organisers", () => {
  it("are emailed when added (once), with where to sign in, replying to the event's contact address", async () => {
    const { event } = await makeEvent({ organiser: "lead@woking.gov.uk", contactEmail: "camp@woking.gov.uk" });
    const lead = await organiserCookie("lead@woking.gov.uk");
    const params = { slug: event.slug };
    const added = await call(() => organisers.action({ request: post(`/organise/${event.slug}/organisers`, { intent: "add", email: "Helper@Woking.gov.uk" }, lead), params, context: {} }));
    expect(await flashOf(added)).toBe("helper@woking.gov.uk can now sign in and organise this event. We have emailed them to say so.");
    const again = await call(() => organisers.action({ request: post(`/organise/${event.slug}/organisers`, { intent: "add", email: "helper@woking.gov.uk" }, lead), params, context: {} }));
    expect(await flashOf(again)).toBe("helper@woking.gov.uk already organises this event.");
    const emails = rowsOf<{ subject: string; text_body: string; reply_to: string }>(
      await query({ sql: "SELECT subject, text_body, reply_to FROM email_outbox WHERE to_address = 'helper@woking.gov.uk'" }),
    );
    expect(emails).toHaveLength(1);
    expect(emails[0].subject).toBe("You are now an organiser of Test Camp");
    expect(emails[0].text_body).toContain("lead@woking.gov.uk has added you as an organiser of Test Camp");
    expect(emails[0].text_body).toContain(`/organise/${event.slug}`);
    expect(emails[0].reply_to).toBe("camp@woking.gov.uk");
  });
});

describe("the contact address on the event form", () => {
  it("is offered prefilled with the creator's address, checked, and saved", async () => {
    const admin = await organiserCookie(ADMIN);
    const form = await call(() => newEvent.loader({ request: get("/organise/new", admin), params: {}, context: {} }));
    expect(form.data).toMatchObject({ email: ADMIN });
    const wrong = await call(() => newEvent.action({ request: post("/organise/new", newEventForm("contact-camp", { contactEmail: "not an address" }), admin), params: {}, context: {} }));
    expect(wrong.status).toBe(400);
    expect((wrong.data!.errors as Record<string, string[]>).contactEmail).toEqual(["Enter the contact email address in the correct format, like events@guildford.gov.uk"]);
    await call(() => newEvent.action({ request: post("/organise/new", newEventForm("contact-camp", { contactEmail: "Hello@Camp.gov.uk" }), admin), params: {}, context: {} }));
    expect((await findEventBySlug("contact-camp"))!.contactEmail).toBe("hello@camp.gov.uk");
    const edit = await call(() => eventEdit.loader({ request: get("/organise/contact-camp/edit", admin), params: { slug: "contact-camp" }, context: {} }));
    expect(edit.data).toMatchObject({ values: { contactEmail: "hello@camp.gov.uk" } });
  });
});

describe("the registrations CSV", () => {
  it("holds the rows the table shows with its filters, with times in the event's time zone", async () => {
    const { event, ticket } = await makeEvent({ organiser: "lead@woking.gov.uk", timeZone: "America/New_York" });
    const ann = await makeRegistration(event.id, ticket.id, { name: "Ann Placed", email: "ann@guildford.gov.uk" });
    await makeRegistration(event.id, ticket.id, { name: "Wes Waiting", email: "wes@guildford.gov.uk", status: "waiting" });
    await makeRegistration(event.id, ticket.id, { name: "Will Waiting", email: "will@woking.gov.uk", status: "waiting" });
    await query({ sql: "UPDATE registrations SET created_at = '2026-07-01T13:05:00.000Z', checked_in_at = '2026-07-02T12:30:00.000Z' WHERE id = ?", args: [ann.id] });
    const cookie = await organiserCookie("lead@woking.gov.uk");
    const params = { slug: event.slug };
    const download = async (query: string) => {
      const response = (await csv.loader({ request: get(`/organise/${event.slug}/registrations.csv${query}`, cookie), params, context: {} })) as Response;
      return (await response.text()).replace(/^\uFEFF/, "").trim().split("\r\n").map((line) => line.split(","));
    };
    const all = await download("");
    expect(all[0]).toEqual(expect.arrayContaining(["Registered at (America/New_York)", "Checked in at (America/New_York)"]));
    const registeredAt = all[0].indexOf("Registered at (America/New_York)");
    const annRow = all.find((row) => row[0] === "Ann Placed")!;
    expect(annRow[registeredAt]).toBe("2026-07-01 09:05");
    expect(annRow[registeredAt + 1]).toBe("2026-07-02 08:30");
    expect(all.slice(1).map((row) => row[0]).sort()).toEqual(["Ann Placed", "Wes Waiting", "Will Waiting"]);
    expect((await download("?status=waiting&q=wes")).slice(1).map((row) => row[0])).toEqual(["Wes Waiting"]);
    // The page's link carries its filters.
    const page = await call(() => registrationsPage.loader({ request: get(`/organise/${event.slug}/registrations?status=waiting&q=wes`, cookie), params, context: {} }));
    expect(page.data).toMatchObject({ filters: { status: "waiting", search: "wes", ticketTypeId: null } });
  });
});
