import type { InStatement, ResultSet } from "@libsql/client";
import { hashToken, newToken } from "../../app/.server/platform";
import { zonedToUtc } from "../../app/domain/time";

/**
 * A realistic, published unconference day written straight into a database: 6 rooms, 7
 * session slots around registration, pitching, lunch and close, 40 sessions with hosts and
 * "I'd go" marks from 150 attendees. Shared by the page benchmark and the schedule tests (and
 * anyone who needs a full grid). Deterministic: the same options give the same grid.
 */
type DemoScheduleOptions = {
  slug?: string;
  /** The day, as a date in the event's zone ("2026-10-25"); 30 days from now by default. */
  date?: string;
  timeZone?: string;
  sessions?: number;
  rooms?: number;
  attendees?: number;
  published?: boolean;
};

export type DemoSchedule = {
  eventId: number;
  slug: string;
  ticketTypeId: number;
  roomIds: number[];
  /** Every slot in time order, with its kind. */
  slots: { id: number; kind: "session" | "break"; label: string; startsAt: string; endsAt: string }[];
  sessionSlotIds: number[];
  pitchIds: number[];
  /** Attendees: registration id, name and the private manage token (to open /r/:token). */
  attendees: { id: number; name: string; email: string; manageToken: string }[];
  /** For each pitch id, its host's registration ids. */
  hostsOf: Map<number, number[]>;
};

type Executor = { execute(statement: InStatement): Promise<ResultSet> };

const TITLES = [
  "Making council websites accessible on a budget",
  "What we learned moving to GOV.UK Notify",
  "Open data that residents actually use",
  "Agile in a council that loves Prince2",
  "Digital inclusion after the libraries closed",
  "User research with no research budget",
  "Replacing a 20-year-old case management system",
  "AI and chatbots: useful or hype?",
  "Content design for planning applications",
  "Building a shared digital team across districts",
  "Cyber security for small councils",
  "Data protection without saying no to everything",
  "Bins, potholes and the perfect report-it form",
  "Hiring and keeping digital people in local government",
  "Low-code platforms: lessons from three councils",
  "Service standards for local services",
  "Show and tell: our new council tax journey",
  "Co-designing services with care leavers",
  "Measuring what matters: performance data",
  "Working in the open when legal are nervous",
  "Procurement that lets you iterate",
  "Accessible PDFs, or how to stop publishing them",
  "Housing repairs: fixing the front door",
  "Moving to the cloud without the lock-in",
  "Councillors and digital: getting buy-in",
  "Climate data and net zero dashboards",
  "LocalGov Drupal: a year in",
  "Design systems for councils",
  "Customer contact: channel shift that respects people",
  "Blue Badge and the national services",
  "Making the case for a product manager",
  "Mentoring circles for digital leaders",
  "Social care records and interoperability",
  "SEND transport: routing, data and families",
  "Plain English in council letters",
  "Burnout and sustainable pace in small teams",
  "APIs between councils and central government",
  "Running your first unconference",
  "Workshop: mapping a service end to end",
  "Show and tell: prototyping in an afternoon",
  "Parking permits and the digital queue",
  "Libraries as digital hubs",
];

const FIRST = ["Alex", "Sam", "Priya", "Jordan", "Morgan", "Chris", "Aisha", "Tom", "Ellie", "Ravi", "Kate", "Owen", "Fatima", "Gareth", "Niamh", "Ben"];
const LAST = ["Patel", "Jones", "Smith", "Khan", "Evans", "Taylor", "Brown", "Williams", "Hughes", "Murphy", "Clarke", "Ahmed", "Wilson", "Roberts"];

/** A small deterministic pseudo-random generator (mulberry32), so every run builds the same grid. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_PLAN: { start: string; end: string; kind: "session" | "break"; label: string }[] = [
  { start: "09:00", end: "09:30", kind: "break", label: "Registration and coffee" },
  { start: "09:30", end: "10:15", kind: "break", label: "Session pitching" },
  { start: "10:15", end: "11:00", kind: "session", label: "" },
  { start: "11:10", end: "11:55", kind: "session", label: "" },
  { start: "12:05", end: "12:50", kind: "session", label: "" },
  { start: "12:50", end: "13:40", kind: "break", label: "Lunch" },
  { start: "13:40", end: "14:25", kind: "session", label: "" },
  { start: "14:35", end: "15:20", kind: "session", label: "" },
  { start: "15:30", end: "16:15", kind: "session", label: "" },
  { start: "16:25", end: "17:10", kind: "session", label: "" },
  { start: "17:10", end: "17:30", kind: "break", label: "Close and thanks" },
];

const ROOMS = [
  { name: "Council Chamber", capacity: 80, stepFree: true, screen: true },
  { name: "Committee Room 1", capacity: 30, stepFree: true, screen: true },
  { name: "Committee Room 2", capacity: 25, stepFree: true, screen: false },
  { name: "Mayor's Parlour", capacity: 15, stepFree: false, screen: false },
  { name: "Training Suite", capacity: 20, stepFree: true, screen: true },
  { name: "Cafe corner", capacity: 12, stepFree: true, screen: false },
  { name: "Library meeting room", capacity: 18, stepFree: true, screen: false },
  { name: "Basement studio", capacity: 10, stepFree: false, screen: true },
];

function futureDate(days: number) {
  return new Date(Date.now() + days * 86400_000).toISOString().slice(0, 10);
}

export async function seedDemoSchedule(db: Executor, options: DemoScheduleOptions = {}): Promise<DemoSchedule> {
  const slug = options.slug ?? "demo-grid-camp";
  const date = options.date ?? futureDate(30);
  const tz = options.timeZone ?? "Europe/London";
  const sessionCount = options.sessions ?? 40;
  const roomCount = Math.min(options.rooms ?? 6, ROOMS.length);
  const attendeeCount = options.attendees ?? 150;
  const rand = random(sessionCount * 31 + roomCount);
  const now = new Date().toISOString();
  const at = (time: string) => zonedToUtc(date, time, tz).toISOString();
  const insert = async (sql: string, args: (string | number | null)[]) => Number((await db.execute({ sql, args })).lastInsertRowid);

  const eventId = await insert(
    `INSERT INTO events (slug, name, summary, venue, starts_at, ends_at, time_zone, capacity, created_at, updated_at)
     VALUES (?, 'LocalGovCamp Demo', 'A day of sessions pitched on the day by the people who come.', 'Guildhall, High Street', ?, ?, ?, 400, ?, ?)`,
    [slug, at("09:00"), at("17:30"), tz, now, now],
  );
  await db.execute({ sql: "INSERT INTO event_organisers (event_id, email, added_at) VALUES (?, 'organiser@council.test', ?)", args: [eventId, now] });
  const ticketTypeId = await insert("INSERT INTO ticket_types (event_id, name, quota, rule, created_at) VALUES (?, 'Standard', 400, 'open', ?)", [eventId, now]);

  const roomIds: number[] = [];
  for (const [position, room] of ROOMS.slice(0, roomCount).entries()) {
    roomIds.push(
      await insert("INSERT INTO rooms (event_id, name, capacity, step_free, has_screen, position) VALUES (?, ?, ?, ?, ?, ?)", [
        eventId,
        room.name,
        room.capacity,
        room.stepFree ? 1 : 0,
        room.screen ? 1 : 0,
        position,
      ]),
    );
  }

  const slots: DemoSchedule["slots"] = [];
  for (const plan of DAY_PLAN) {
    const startsAt = at(plan.start);
    const endsAt = at(plan.end);
    const id = await insert("INSERT INTO slots (event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?)", [eventId, startsAt, endsAt, plan.kind, plan.label]);
    slots.push({ id, kind: plan.kind, label: plan.label, startsAt, endsAt });
  }
  const sessionSlotIds = slots.filter((s) => s.kind === "session").map((s) => s.id);

  const attendees: DemoSchedule["attendees"] = [];
  for (let i = 0; i < attendeeCount; i++) {
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const email = `attendee${i}@${slug}.council.test`;
    const manageToken = newToken();
    const id = await insert(
      `INSERT INTO registrations (event_id, ticket_type_id, email, name, organisation, status, manage_token_hash, created_at, updated_at, confirmed_at)
       VALUES (?, ?, ?, ?, 'Demo Borough Council', 'confirmed', ?, ?, ?, ?)`,
      [eventId, ticketTypeId, email, name, hashToken(manageToken), now, now, now],
    );
    attendees.push({ id, name, email, manageToken });
  }

  const formats = ["discussion", "discussion", "discussion", "show-and-tell", "workshop", "other"];
  const cells = sessionSlotIds.flatMap((slotId) => roomIds.map((roomId) => ({ roomId, slotId })));
  const pitchIds: number[] = [];
  const hostsOf = new Map<number, number[]>();
  for (let i = 0; i < sessionCount; i++) {
    const title = TITLES[i % TITLES.length] + (i >= TITLES.length ? ` (part ${Math.floor(i / TITLES.length) + 1})` : "");
    const hosts = [attendees[i % attendees.length].id, ...(rand() < 0.3 ? [attendees[(i * 13 + 5) % attendees.length].id] : [])];
    const pitchId = await insert(
      `INSERT INTO pitches (event_id, title, description, format, created_by_registration_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        eventId,
        title,
        `A session about ${title.toLowerCase()}. Bring your stories, questions and the things that went wrong; everyone is welcome, whatever their role.`,
        formats[Math.floor(rand() * formats.length)],
        hosts[0],
        now,
        now,
      ],
    );
    pitchIds.push(pitchId);
    hostsOf.set(pitchId, [...new Set(hosts)]);
    for (const [n, hostId] of [...new Set(hosts)].entries()) {
      await db.execute({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, ?, ?)", args: [pitchId, hostId, n === 0 ? "host" : "co-host", now] });
    }
    const interested = new Set<number>();
    const wanted = 3 + Math.floor(rand() * 40);
    while (interested.size < Math.min(wanted, attendees.length)) interested.add(attendees[Math.floor(rand() * attendees.length)].id);
    for (const registrationId of interested) {
      await db.execute({ sql: "INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, ?)", args: [pitchId, registrationId, now] });
    }
    const cell = cells[i];
    if (cell) {
      await db.execute({
        sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, pinned, placed_at) VALUES (?, ?, ?, ?, 0, ?)",
        args: [pitchId, eventId, cell.roomId, cell.slotId, now],
      });
    }
  }
  await db.execute({
    sql: "UPDATE events SET grid_version = 1, grid_published_at = ?, schedule_changed_at = ? WHERE id = ?",
    args: [options.published === false ? null : now, now, eventId],
  });
  return { eventId, slug, ticketTypeId, roomIds, slots, sessionSlotIds, pitchIds, attendees, hostsOf };
}
