import { hashToken, newToken, nowIso, query } from "../../app/.server/platform";
import { createEvent, createTicketType, findEventById, publishEvent, type TicketRule } from "../../app/.server/events";
import type { RegisterInput } from "../../app/.server/registration";

/**
 * Factories with sensible defaults for integration tests: they write real rows through the
 * domain functions where those exist, and plain SQL only for state no form creates directly.
 */
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function makeEvent(options: { rule?: TicketRule; quota?: number; capacity?: number; organiser?: string; slug?: string; domains?: string[]; startsAt?: Date; endsAt?: Date; timeZone?: string; contactEmail?: string; draft?: boolean } = {}) {
  const startsAt = options.startsAt ?? new Date(Date.now() + 30 * 86400_000);
  const created = await createEvent(
    {
      slug: options.slug ?? `event-${unique()}`,
      name: "Test Camp",
      summary: "A test event",
      venue: "Town Hall",
      startsAt,
      endsAt: options.endsAt ?? new Date(startsAt.getTime() + 8 * 3600_000),
      timeZone: options.timeZone ?? "Europe/London",
      capacity: options.capacity ?? 1000,
      contactEmail: options.contactEmail,
    },
    options.organiser ?? "organiser@council.test",
  );
  // New events are drafts; most tests want a public one.
  if (!options.draft) await publishEvent(created.id);
  const event = (await findEventById(created.id))!;
  const ticket = await createTicketType(event.id, {
    name: "Standard",
    quota: options.quota ?? 100,
    rule: options.rule ?? "open",
    allowedDomains: options.domains ?? [],
    opensAt: null,
    closesAt: null,
  });
  return { event, ticket };
}

/**
 * A registration row in a given status (confirmed by default), with its manage token, for
 * tests of features that need attendees (pitching, marking, feeds).
 */
export async function makeRegistration(eventId: number, ticketTypeId: number, options: { email?: string; name?: string; status?: string } = {}) {
  const token = newToken();
  const now = nowIso();
  const email = options.email ?? `person-${unique()}@guildford.gov.uk`;
  const result = await query({
    sql: `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, status, manage_token_hash, created_at, updated_at, confirmed_at)
          VALUES (?, ?, ?, ?, 'Guildford Borough Council', ?, ?, ?, ?, ?)`,
    args: [eventId, ticketTypeId, email, options.name ?? "Pat Example", options.status ?? "confirmed", hashToken(token), now, now, now],
  });
  return { id: Number(result.lastInsertRowid), email, manageToken: token };
}

export async function makeRoom(eventId: number, options: { name?: string; capacity?: number; stepFree?: boolean; screen?: boolean; position?: number } = {}) {
  const result = await query({
    sql: "INSERT INTO rooms (event_id, name, capacity, step_free, has_screen, position) VALUES (?, ?, ?, ?, ?, ?)",
    args: [eventId, options.name ?? `Room ${unique()}`, options.capacity ?? 30, options.stepFree === false ? 0 : 1, options.screen ? 1 : 0, options.position ?? 0],
  });
  return Number(result.lastInsertRowid);
}

export async function makeSlot(eventId: number, startsAt: Date, minutes = 45, kind: "session" | "break" = "session", label = "") {
  const result = await query({
    sql: "INSERT INTO slots (event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?)",
    args: [eventId, nowIso(startsAt), nowIso(new Date(startsAt.getTime() + minutes * 60_000)), kind, label],
  });
  return Number(result.lastInsertRowid);
}

/**
 * A pitch row for grid tests, with hosts and "I'd go" marks by registration id; written with
 * plain SQL so grid tests do not depend on the pitching forms.
 */
export async function makeGridPitch(
  eventId: number,
  options: { title?: string; hostIds?: number[]; interestIds?: number[]; needs?: string[]; avoidSlotIds?: number[]; status?: "open" | "withdrawn" } = {},
) {
  const now = nowIso();
  const result = await query({
    sql: `INSERT INTO pitches (event_id, title, description, needs, avoid_slot_ids, status, created_by_registration_id, created_at, updated_at)
          VALUES (?, ?, '', ?, ?, ?, ?, ?, ?)`,
    args: [eventId, options.title ?? `Session ${unique()}`, JSON.stringify(options.needs ?? []), JSON.stringify(options.avoidSlotIds ?? []), options.status ?? "open", options.hostIds?.[0] ?? null, now, now],
  });
  const pitchId = Number(result.lastInsertRowid);
  for (const id of options.hostIds ?? []) {
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'host', ?)", args: [pitchId, id, now] });
  }
  for (const id of options.interestIds ?? []) {
    await query({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [pitchId, id, now] });
  }
  return pitchId;
}

let personSequence = 0;
/** What someone types into the registration form, for registerForEvent; override any field. */
export function registrationInput(overrides: Partial<RegisterInput> & { ticketTypeId: number }): RegisterInput {
  personSequence += 1;
  return {
    name: `Person ${personSequence}`,
    email: `person${personSequence}@guildford.gov.uk`,
    organisation: "Guildford Borough Council",
    jobRole: "Developer",
    accessNeeds: "",
    dietaryNeeds: "",
    ...overrides,
  };
}
