import { beforeEach, describe, expect, it } from "vitest";
import { firstRow, query, rowsOf } from "../../app/.server/platform";
import { placePitch, setPublished } from "../../app/.server/grid";
import { sendDueChangeNotices } from "../../app/.server/notices";
import * as unsubscribeRoute from "../../app/routes/events.$slug.unsubscribe.$token";
import * as calendarLink from "../../app/routes/r.$token.calendar";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { call, run } from "../support/route-call";

/**
 * The links in a change notice, called in-process as Remix would with a plain form post (what a
 * browser without JavaScript sends): unsubscribe asks first and only its POST unsubscribes; bad
 * and foreign tokens are refused; the calendar link recognises the person and opens the calendar.
 */
const ORGANISER = "notice-routes@council.test";
let slug: string;
let marker: { id: number; email: string; manageToken: string };
let links: { unsubscribe: string; calendar: string };

const get = (path: string, headers: Record<string, string> = {}) => new Request(`http://pitchgrid.test${path}`, { headers });
const post = (path: string, fields: Record<string, string> = {}) =>
  new Request(`http://pitchgrid.test${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { "content-type": "application/x-www-form-urlencoded" } });
const offAt = async (id: number) => firstRow<{ at: string | null }>(await query({ sql: "SELECT change_notices_off_at AS at FROM registrations WHERE id = ?", args: [id] }))!.at;

beforeEach(async () => {
  const { event, ticket } = await makeEvent({ organiser: ORGANISER, startsAt: new Date("2030-06-01T08:00:00Z") });
  slug = event.slug;
  const room = await makeRoom(event.id);
  const [a, b] = [await makeSlot(event.id, new Date("2030-06-01T09:00:00Z")), await makeSlot(event.id, new Date("2030-06-01T10:00:00Z"))];
  marker = await makeRegistration(event.id, ticket.id);
  const pitch = await makeGridPitch(event.id, { interestIds: [marker.id] });
  await placePitch(event.id, ORGANISER, 0, pitch, room, a);
  await setPublished(event.id, ORGANISER, 1, true);
  await placePitch(event.id, ORGANISER, 2, pitch, room, b);
  await sendDueChangeNotices(new Date(Date.now() + 6 * 60_000), { delayMinutes: 5 });
  const [mail] = rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ?", args: [marker.email] }));
  links = {
    unsubscribe: new URL(mail.text_body.match(/http:\/\/pitchgrid\.test\/events\/\S+\/unsubscribe\/\S+/)![0]).pathname,
    calendar: new URL(mail.text_body.match(/http:\/\/pitchgrid\.test\/r\/\S+\/calendar/)![0]).pathname,
  };
});

describe("the unsubscribe link", () => {
  it("asks first (opening it changes nothing), then the form's POST stops change notices and says so", async () => {
    const token = links.unsubscribe.split("/").pop()!;
    const params = { slug, token };
    const page = await run(() => unsubscribeRoute.loader({ request: get(links.unsubscribe), params, context: {} }));
    expect(page).toMatchObject({ status: 200, body: { off: false, done: null, eventName: "Test Camp" } });
    expect(await offAt(marker.id)).toBeNull();

    const done = await run(() => unsubscribeRoute.action({ request: post(links.unsubscribe), params, context: {} }));
    expect(done).toMatchObject({ status: 303, location: `${links.unsubscribe}?done=off` });
    expect(await offAt(marker.id)).not.toBeNull();
    expect(await run(() => unsubscribeRoute.loader({ request: get(`${links.unsubscribe}?done=off`), params, context: {} }))).toMatchObject({ body: { off: true, done: "off" } });
    // Pressing it again (a double submit) is fine.
    expect(await run(() => unsubscribeRoute.action({ request: post(links.unsubscribe), params, context: {} }))).toMatchObject({ status: 303 });
    // Changed their mind: the same page turns them back on.
    expect(await run(() => unsubscribeRoute.action({ request: post(links.unsubscribe, { intent: "resume" }), params, context: {} }))).toMatchObject({
      status: 303,
      location: `${links.unsubscribe}?done=on`,
    });
    expect(await offAt(marker.id)).toBeNull();
  });

  it("refuses a made-up, malformed or other event's token with 404 and changes nothing", async () => {
    const token = links.unsubscribe.split("/").pop()!;
    for (const params of [
      { slug, token: "x".repeat(43) },
      { slug, token: "not a token <script>" },
      { slug, token: "" },
      { slug: "another-event", token },
    ]) {
      const path = `/events/${params.slug}/unsubscribe/${encodeURIComponent(params.token)}`;
      expect((await run(() => unsubscribeRoute.loader({ request: get(path), params, context: {} }))).status).toBe(404);
      expect((await run(() => unsubscribeRoute.action({ request: post(path), params, context: {} }))).status).toBe(404);
    }
    expect(await offAt(marker.id)).toBeNull();
  });

  it("refuses a cross-site form post", async () => {
    const token = links.unsubscribe.split("/").pop()!;
    const request = new Request(`http://pitchgrid.test${links.unsubscribe}`, {
      method: "POST",
      body: new URLSearchParams({}),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    });
    expect((await run(() => unsubscribeRoute.action({ request, params: { slug, token }, context: {} }))).status).toBe(403);
    expect(await offAt(marker.id)).toBeNull();
  });
});

describe("the calendar link", () => {
  it("recognises the person on this device and opens the event's calendar page; a bad token is 404", async () => {
    const token = links.calendar.split("/")[2];
    const opened = await call(() => calendarLink.loader({ request: get(links.calendar), params: { token }, context: {} }));
    expect(opened).toMatchObject({ status: 303, location: `/events/${slug}/calendar` });
    expect(opened.headers.get("set-cookie")).toMatch(/pitchgrid_attendee=/);
    expect((await run(() => calendarLink.loader({ request: get("/r/nope/calendar"), params: { token: "nope" }, context: {} }))).status).toBe(404);
  });
});
