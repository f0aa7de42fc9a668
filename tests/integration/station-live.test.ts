import { describe, expect, it } from "vitest";
import * as station from "../../app/routes/organise.$slug.station";
import * as version from "../../app/routes/events.$slug.pitch-queue.version";
import * as join from "../../app/routes/events.$slug.pitch-queue._index";
import { resetRateLimitsForTests } from "../../app/.server/platform";
import { makeEvent, makeRegistration } from "../support/factories";
import { organiserCookie } from "../support/sessions";
import { call, getRequest as get } from "../support/route-call";

/**
 * The pitch station updates live (issue 17): its page carries the queue's version, and the
 * version URL it polls (the projector's) moves whenever another volunteer or a phone changes
 * what the station shows: someone joining, a pitch recorded elsewhere, the queue moving, the
 * settings. The browser side (polling, holding while the volunteer types) is in
 * app/components/version-poller.test.ts, unsaved-input.test.ts and the pitch-station journey.
 */
const BASE = "http://pitchgrid.test";

function post(path: string, fields: Record<string, string>, cookie = "") {
  return new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
}
describe("the pitch station's live version", () => {
  it("is the one its page shows, and moves with every change another volunteer or a phone makes", async () => {
    await resetRateLimitsForTests();
    const { event, ticket } = await makeEvent();
    const pat = await makeRegistration(event.id, ticket.id, { name: "Pat Host" });
    const params = { slug: event.slug };
    const path = `/organise/${event.slug}/station`;
    const first = await organiserCookie("organiser@council.test");
    const second = await organiserCookie("organiser@council.test");
    const page = () => station.loader({ request: get(path, first), params, context: {} });
    const polled = async () => ((await (await version.loader({ request: get(`/events/${event.slug}/pitch-queue/version`), params, context: {} })).json()) as { version: string }).version;
    const otherVolunteer = (fields: Record<string, string>) => call(() => station.action({ request: post(path, fields, second), params, context: {} }));

    const seen: string[] = [];
    const check = async (what: string) => {
      const shown = (await page()).version;
      expect(shown, what).toBe(await polled());
      expect(seen, `${what} moves the version`).not.toContain(shown);
      seen.push(shown);
    };
    await check("at first");
    expect((await otherVolunteer({ intent: "settings", countdownSeconds: "25", joiningOpen: "yes" })).status).toBe(303);
    await check("settings");
    const phone = await call(() => join.action({ request: post(`/events/${event.slug}/pitch-queue`, { name: "Sam Walker", title: "Parks" }), params, context: {} }));
    expect(phone.status).toBe(303);
    await check("someone joining from a phone");
    expect((await otherVolunteer({ intent: "queue-add", queueRegistrationId: String(pat.id), queueName: "", queueTitle: "Bins" })).status).toBe(303);
    await check("a volunteer adding someone");
    expect((await otherVolunteer({ intent: "start" })).status).toBe(303);
    await check("calling someone up");
    const current = (await page()).current!;
    expect((await otherVolunteer({ intent: "record", title: "Parks and AI", hostRegistrationId: String(pat.id), walkInName: "", format: "discussion", entryId: String(current.id) })).status).toBe(303);
    await check("a pitch recorded by another volunteer");
    expect((await page()).recorded.map((p) => p.title)).toEqual(["Parks and AI"]);
    expect((await otherVolunteer({ intent: "record", title: "Not from the queue", hostRegistrationId: String(pat.id), walkInName: "", format: "discussion" })).status).toBe(303);
    await check("a pitch recorded with nobody at the microphone");
  });
});
