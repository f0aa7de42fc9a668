import { describe, expect, it } from "vitest";
import { rememberAttendee } from "../../app/.server/auth";
import { hasPersonalFeed } from "../../app/.server/feeds";
import { query } from "../../app/.server/platform";
import { action, loader } from "../../app/routes/events.$slug.calendar";
import { loader as personalFeed } from "../../app/routes/feeds.$token";
import { makeEvent, makeRegistration, makeRoom } from "../support/factories";

async function cookieFor(registrationId: number): Promise<string> {
  return String(new Headers(await rememberAttendee(new Request("http://pitchgrid.test/"), registrationId)).get("set-cookie")).split(";")[0];
}

function page(slug: string, cookie?: string) {
  return loader({ request: new Request(`http://pitchgrid.test/events/${slug}/calendar`, { headers: cookie ? { cookie } : {} }), params: { slug }, context: {} });
}

function post(slug: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  return action({
    request: new Request(`http://pitchgrid.test/events/${slug}/calendar`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://pitchgrid.test", host: "pitchgrid.test", ...headers },
      body: new URLSearchParams(body),
    }),
    params: { slug },
    context: {},
  });
}

async function outcome(promise: Promise<unknown>): Promise<Response> {
  try {
    return (await promise) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

async function feedStatus(token: string) {
  return (await outcome(personalFeed({ request: new Request("http://pitchgrid.test/"), params: { token: `${token}.ics` }, context: {} }))).status;
}

describe("the calendar page", () => {
  it("lists webcal, Google and Outlook links for the whole event and each room", async () => {
    const { event } = await makeEvent();
    const room = await makeRoom(event.id, { name: "Council Chamber" });
    const data = await page(event.slug);
    expect(data.published).toBe(false);
    expect(data.whole.webcal).toBe(`webcal://pitchgrid.test/events/${event.slug}/schedule.ics`);
    expect(data.whole.google).toContain(encodeURIComponent(`webcal://pitchgrid.test/events/${event.slug}/schedule.ics`));
    expect(data.whole.outlook).toContain(encodeURIComponent(`http://pitchgrid.test/events/${event.slug}/schedule.ics`));
    expect(data.rooms).toEqual([{ id: room, name: "Council Chamber", links: expect.objectContaining({ webcal: `webcal://pitchgrid.test/events/${event.slug}/rooms/${room}/schedule.ics` }) }]);
    expect(data.attendee).toBeNull();
    await expect(page("no-such-event")).rejects.toMatchObject({ status: 404 });
  });

  it("lets a recognised attendee create a personal link, shown once, and reset it, which kills the old one", async () => {
    const { event, ticket } = await makeEvent();
    const person = await makeRegistration(event.id, ticket.id, { name: "Pat Example" });
    const cookie = await cookieFor(person.id);
    expect((await page(event.slug, cookie)).attendee).toEqual({ name: "Pat Example", hasFeed: false });

    const created = (await post(event.slug, { intent: "create" }, { cookie })) as { created: { reset: boolean; links: { https: string; webcal: string } } };
    expect(created.created.reset).toBe(false);
    const token = /\/feeds\/([\w-]+)\.ics$/.exec(created.created.links.https)![1];
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(created.created.links.https).toBe(`http://pitchgrid.test/feeds/${token}.ics`);
    expect(created.created.links.webcal).toBe(`webcal://pitchgrid.test/feeds/${token}.ics`);
    expect(await feedStatus(token)).toBe(200);
    // Afterwards the page knows a link exists but cannot show it: only its hash is stored.
    const later = await page(event.slug, cookie);
    expect(later.attendee).toEqual({ name: "Pat Example", hasFeed: true });
    expect(JSON.stringify(later)).not.toContain(token);
    const stored = await query({ sql: "SELECT * FROM calendar_feeds WHERE registration_id = ?", args: [person.id] });
    expect(JSON.stringify(stored.rows)).not.toContain(token);

    const reset = (await post(event.slug, { intent: "reset" }, { cookie })) as { created: { reset: boolean; links: { https: string } } };
    expect(reset.created.reset).toBe(true);
    const fresh = /\/feeds\/([\w-]+)\.ics$/.exec(reset.created.links.https)![1];
    expect(fresh).not.toBe(token);
    expect(await feedStatus(token)).toBe(404);
    expect(await feedStatus(fresh)).toBe(200);
  });

  it("refuses a visitor it does not recognise (403), a wrong intent (400) and another site's form (403)", async () => {
    const { event, ticket } = await makeEvent();
    const other = await makeEvent();
    const person = await makeRegistration(event.id, ticket.id);
    const cookie = await cookieFor(person.id);
    expect((await outcome(post(event.slug, { intent: "create" }))).status).toBe(403);
    // Recognised for one event is not recognised for another.
    expect((await outcome(post(other.event.slug, { intent: "create" }, { cookie }))).status).toBe(403);
    // An intent the page does not have is the 400 error page (readIntentForm), not a 500.
    const wrong = await outcome(post(event.slug, { intent: "delete-everything" }, { cookie }));
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toMatch(/asked for an action this page does not have/);
    expect((await outcome(post(event.slug, { intent: "create" }, { cookie, origin: "https://evil.example" }))).status).toBe(403);
    expect(await hasPersonalFeed(person.id)).toBe(false);
  });
});
