import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../platform";
import { createTicketType, findEventById } from "../events";
import { cancelRegistration, confirmPlace, registerForEvent, saveAllocationMargin, ticketAvailability } from ".";
import { makeEvent, registrationInput } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import { call, flashOf } from "../../../tests/support/route-call";
import * as placesPage from "../../routes/organise.$slug.places";
import * as eventPage from "../../routes/events.$slug._index";

/** Turnout-aware places: the venue's capacity against the places allocated (capacity + margin). */

async function statuses(eventId: number) {
  const rows = rowsOf<{ status: string; n: number }>(await query({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [eventId] }));
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Record<string, number>;
}

async function registerAll(slug: string, ticketTypeId: number, n: number, tag: string) {
  return Promise.all(
    Array.from({ length: n }, (_, i) => registerForEvent(slug, registrationInput({ ticketTypeId, name: `${tag} ${i}`, email: `${tag}${i}@guildford.gov.uk` }))),
  );
}

describe("allocating places above capacity", () => {
  it("gives exactly capacity + margin when 80 people verify at once, never more, and the rest wait", async () => {
    const { event, ticket } = await makeEvent({ capacity: 40, quota: 40 });
    await saveAllocationMargin(event.id, { percent: 25, places: null });
    const outcomes = await registerAll(event.slug, ticket.id, 80, "margin");
    const results = await Promise.all(outcomes.map((o) => confirmPlace(o.verifyToken)));
    expect(results.filter((r) => r.ok && r.status === "confirmed")).toHaveLength(50);
    expect(await statuses(event.id)).toMatchObject({ confirmed: 50, waiting: 30 });
    expect((await ticketAvailability(event.id)).get(ticket.id)).toMatchObject({ quota: 50, taken: 50, placesLeft: 0, waiting: 30 });

    // A cancellation frees one allocated place: it goes to the waiting list, and no further.
    const someone = rowsOf<{ id: number }>(await query({ sql: "SELECT id FROM registrations WHERE event_id = ? AND status = 'confirmed' LIMIT 1", args: [event.id] }))[0];
    await cancelRegistration(Number(someone.id));
    expect(await statuses(event.id)).toMatchObject({ confirmed: 49, offered: 1, waiting: 29, cancelled: 1 });

    // Raising the margin offers the freed places at once; lowering it takes no place from anyone.
    expect(await saveAllocationMargin(event.id, { percent: null, places: 15 })).toMatchObject({ allocated: 55, offered: 5 });
    expect(await statuses(event.id)).toMatchObject({ confirmed: 49, offered: 6, waiting: 24 });
    expect(await saveAllocationMargin(event.id, { percent: null, places: null })).toMatchObject({ allocated: 40, taken: 55, offered: 0 });
    expect(await statuses(event.id)).toMatchObject({ confirmed: 49, offered: 6, waiting: 24 });
  });

  it("raises each ticket type's places in proportion, the event's total still the limit", async () => {
    const { event, ticket } = await makeEvent({ capacity: 40, quota: 30 });
    const small = await createTicketType(event.id, { name: "Suppliers", quota: 10, rule: "open", allowedDomains: [], opensAt: null, closesAt: null });
    await saveAllocationMargin(event.id, { percent: null, places: 10 });
    const availability = await ticketAvailability(event.id);
    expect(availability.get(ticket.id)).toMatchObject({ quota: 37, placesLeft: 37 });
    expect(availability.get(small.id)).toMatchObject({ quota: 12, placesLeft: 12 });
    const many = await registerAll(event.slug, small.id, 15, "supplier");
    await Promise.all(many.map((o) => confirmPlace(o.verifyToken)));
    expect(await statuses(event.id)).toMatchObject({ confirmed: 12, waiting: 3 });
  });
});

describe("the organiser's page and the public wording", () => {
  const BASE = "http://pitchgrid.test";
  it("sets a margin without JavaScript, refuses bad input with GOV.UK errors, and the event page says what is given", async () => {
    const organiser = "margin-organiser@council.test";
    const { event } = await makeEvent({ capacity: 200, organiser });
    const cookie = await organiserCookie(organiser);
    const params = { slug: event.slug };
    const post = (fields: Record<string, string>) =>
      call(() => placesPage.action({ request: new Request(`${BASE}/organise/${event.slug}/places`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } }), params, context: {} }));
    const page = await call(() => placesPage.loader({ request: new Request(`${BASE}/organise/${event.slug}/places`, { headers: { cookie } }), params, context: {} }));
    expect(page.data).toMatchObject({ capacity: 200, allocated: 200, values: { marginKind: "none" }, suggestion: { percent: null } });
    expect((page.data!.suggestion as { basis: string }).basis).toMatch(/^No past events of yours/);

    const bad = await post({ marginKind: "percent", margin: "150" });
    expect(bad.status).toBe(400);
    expect(bad.data!.errors).toEqual({ margin: ["Enter the margin as a whole percentage from 1 to 100, like 10"] });
    expect((bad.data!.values as Record<string, string>).margin).toBe("150");
    expect((await post({})).data!.errors).toMatchObject({ marginKind: ["Choose whether to allocate places above capacity"] });
    expect((await findEventById(event.id))!.margin).toEqual({ percent: null, places: null });

    const saved = await post({ marginKind: "percent", margin: "10" });
    expect(saved.status).toBe(303);
    expect(await flashOf(saved)).toBe("Saved. Up to 220 places are given for 200 at the venue.");
    const publicPage = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${event.slug}`), params, context: {} }));
    expect((publicPage.data!.event as { places: string }).places).toBe("200 at the venue. Up to 220 places are given, because some people with a place usually do not come");
    expect((publicPage.data!.tickets as { placesLeft: number }[])[0].placesLeft).toBe(110); // quota 100 + 10%

    const other = await organiserCookie("someone-else@council.test");
    const refused = await call(() => placesPage.loader({ request: new Request(`${BASE}/organise/${event.slug}/places`, { headers: { cookie: other } }), params, context: {} }));
    expect(refused.status).toBe(403);
  });
});
