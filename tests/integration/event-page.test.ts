import { afterEach, describe, expect, it, vi } from "vitest";
import { query } from "../../app/.server/platform";
import { updateEvent } from "../../app/.server/events";
import { cancelRegistration, confirmPlace, registerForEvent } from "../../app/.server/registration";
import * as eventPage from "../../app/routes/events.$slug._index";
import { makeEvent } from "../support/factories";
import { call } from "../support/route-call";

// The event page counts places once per change (eventPlaces, a counter moved by triggers), not
// on every request: it must never show counts older than the last registration, and it names
// what it shows with an ETag (a 304 for a browser that has it; one render per change).

const BASE = "http://pitchgrid.test";

afterEach(() => {
  vi.useRealTimers();
});

async function open(slug: string, headers: Record<string, string> = {}) {
  const result = await call(() => eventPage.loader({ request: new Request(`${BASE}/events/${slug}`, { headers }), params: { slug }, context: {} }));
  const tickets = (result.data?.tickets ?? []) as { placesLeft: number; waiting: number }[];
  return { status: result.status, etag: result.headers.get("etag"), cacheControl: result.headers.get("cache-control"), ticket: tickets[0] };
}

let people = 0;
async function registerAndVerify(slug: string, ticketTypeId: number) {
  people += 1;
  const outcome = await registerForEvent(slug, {
    name: `Person ${people}`,
    email: `person${people}@guildford.gov.uk`,
    organisation: "Guildford Borough Council",
    jobRole: "",
    accessNeeds: "",
    dietaryNeeds: "",
    ticketTypeId,
  });
  const result = await confirmPlace(outcome.verifyToken);
  if (!result.ok) throw new Error(`Verification failed: ${result.reason}`);
  return outcome.registrationId;
}

describe("the event page's places", () => {
  it("are never older than the last registration, and the ETag moves with them", async () => {
    const { event, ticket } = await makeEvent({ quota: 2 });
    const first = await open(event.slug);
    expect(first.ticket).toMatchObject({ placesLeft: 2, waiting: 0 });
    expect(first.etag).toBeTruthy();
    expect(first.cacheControl).toBe("public, no-cache");
    // Asked again with nothing changed: the same tag, and a 304 for a browser that holds it.
    expect((await open(event.slug)).etag).toBe(first.etag);
    expect((await open(event.slug, { "If-None-Match": first.etag! })).status).toBe(304);

    // Registering alone (awaiting the emailed link) takes no place: nothing moves.
    await registerForEvent(event.slug, { name: "Held", email: "held@guildford.gov.uk", organisation: "Guildford Borough Council", jobRole: "", accessNeeds: "", dietaryNeeds: "", ticketTypeId: ticket.id });
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 2, waiting: 0 });

    const a = await registerAndVerify(event.slug, ticket.id);
    const second = await open(event.slug);
    expect(second.ticket).toMatchObject({ placesLeft: 1, waiting: 0 });
    expect(second.etag).not.toBe(first.etag);
    expect((await open(event.slug, { "If-None-Match": first.etag! })).status).toBe(200);

    await registerAndVerify(event.slug, ticket.id);
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 0, waiting: 0 });
    await registerAndVerify(event.slug, ticket.id);
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 0, waiting: 1 });

    // A cancellation gives the place to the waiting list (an offer holds it).
    await cancelRegistration(a);
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 0, waiting: 0 });
  });

  it("follow a change made straight in the database, and the event's capacity", async () => {
    const { event, ticket } = await makeEvent({ quota: 5, capacity: 10 });
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 5 });
    const now = new Date().toISOString();
    await query({
      sql: "INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, status, manage_token_hash, created_at, updated_at, confirmed_at) VALUES (?, ?, 'direct@council.test', 'Direct', 'Council', 'confirmed', 'hash-direct', ?, ?, ?)",
      args: [event.id, ticket.id, now, now, now],
    });
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 4 });
    await updateEvent(event.id, { slug: event.slug, name: event.name, summary: event.summary, venue: event.venue, startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt), timeZone: event.timeZone, capacity: 3 });
    expect((await open(event.slug)).ticket).toMatchObject({ placesLeft: 2 });
  });

  it("come back when an offer lapses, with no write at all", async () => {
    const { event, ticket } = await makeEvent({ quota: 1 });
    const now = Date.now();
    await query({
      sql: "INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, status, manage_token_hash, created_at, updated_at, offer_expires_at) VALUES (?, ?, 'offered@council.test', 'Offered', 'Council', 'offered', 'hash-offered', ?, ?, ?)",
      args: [event.id, ticket.id, new Date(now).toISOString(), new Date(now).toISOString(), new Date(now + 60_000).toISOString()],
    });
    const held = await open(event.slug);
    expect(held.ticket).toMatchObject({ placesLeft: 0 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now + 61_000);
    const lapsed = await open(event.slug);
    expect(lapsed.ticket).toMatchObject({ placesLeft: 1 });
    expect(lapsed.etag).not.toBe(held.etag);
  });
});
