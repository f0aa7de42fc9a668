import { env, firstRow, nowIso, query, writeTransaction } from "../platform";
import { seedGridDemo } from "./grid";
import { seedPitchesDemo } from "./pitches";
import { seedRegistrationsDemo } from "./registrations";
import { zonedToUtc } from "~/domain/time";

/**
 * The demo a newcomer sees on first start: a LocalGovCamp-style open event and a council-only
 * Makers meet-up, each with ticket types, rooms and slots. Dates are relative to today so the
 * demo never goes stale. Does nothing if any event exists.
 */
export async function seedDemo(now = new Date()): Promise<{ created: boolean }> {
  const existing = firstRow(await query("SELECT id FROM events LIMIT 1"));
  if (existing) return { created: false };
  const organiser = env().ADMIN_EMAILS[0] ?? "organiser@example.gov.uk";
  const tz = "Europe/London";
  const day = (offsetDays: number) => {
    const date = new Date(now.getTime() + offsetDays * 86400_000);
    // Move to the Saturday on or after, as camps usually are.
    date.setUTCDate(date.getUTCDate() + ((6 - date.getUTCDay() + 7) % 7));
    return date.toISOString().slice(0, 10);
  };
  const camp = day(70);
  const makers = day(28);
  const at = (date: string, time: string) => nowIso(zonedToUtc(date, time, tz));
  const created = nowIso(now);

  await writeTransaction(async (tx) => {
    const insertEvent = async (e: { slug: string; name: string; summary: string; venue: string; date: string; start: string; end: string; capacity: number }) => {
      const result = await tx.execute({
        sql: `INSERT INTO events (slug, name, summary, venue, starts_at, ends_at, time_zone, capacity, contact_email, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        args: [e.slug, e.name, e.summary, e.venue, at(e.date, e.start), at(e.date, e.end), tz, e.capacity, organiser, created, created],
      });
      const id = Number(result.lastInsertRowid);
      await tx.execute({ sql: "INSERT INTO event_organisers (event_id, email, added_at) VALUES (?, ?, ?)", args: [id, organiser, created] });
      return id;
    };
    const insertTicket = (eventId: number, position: number, name: string, quota: number, rule: string, domains: string[] = []) =>
      tx.execute({
        sql: `INSERT INTO ticket_types (event_id, name, quota, rule, allowed_domains, opens_at, closes_at, position, created_at) VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
        args: [eventId, name, quota, rule, JSON.stringify(domains), position, created],
      });
    const insertRooms = async (eventId: number, rooms: [string, number, boolean, boolean][]) => {
      for (const [index, [name, capacity, stepFree, screen]] of rooms.entries()) {
        await tx.execute({
          sql: "INSERT INTO rooms (event_id, name, capacity, step_free, has_screen, position) VALUES (?, ?, ?, ?, ?, ?)",
          args: [eventId, name, capacity, stepFree ? 1 : 0, screen ? 1 : 0, index],
        });
      }
    };
    const insertSlots = async (eventId: number, date: string, slots: [string, string, "session" | "break", string][]) => {
      for (const [start, end, kind, label] of slots) {
        await tx.execute({
          sql: "INSERT INTO slots (event_id, starts_at, ends_at, kind, label) VALUES (?, ?, ?, ?, ?)",
          args: [eventId, at(date, start), at(date, end), kind, label],
        });
      }
    };

    const campId = await insertEvent({
      slug: "localgovcamp",
      name: "LocalGovCamp",
      summary:
        "The unconference for anyone working for or with local government. Pitch a session in the morning, then spend the day in conversations you chose.",
      venue: "Birmingham Council House, Victoria Square, Birmingham B1 1BB",
      date: camp,
      start: "09:00",
      end: "16:30",
      capacity: 200,
    });
    await insertTicket(campId, 1, "Council and public sector", 170, "open");
    await insertTicket(campId, 2, "Suppliers and private sector", 30, "approval");
    await insertRooms(campId, [
      ["Banqueting Suite", 80, true, true],
      ["Committee Room 1", 40, true, true],
      ["Committee Room 2", 30, true, false],
      ["Ante Room", 25, false, true],
      ["Lord Mayor's Parlour", 20, true, false],
      ["Library Corner", 12, true, false],
    ]);
    await insertSlots(campId, camp, [
      ["09:00", "09:30", "break", "Registration and coffee"],
      ["09:30", "10:15", "break", "Pitching"],
      ["10:30", "11:15", "session", ""],
      ["11:30", "12:15", "session", ""],
      ["12:15", "13:15", "break", "Lunch"],
      ["13:15", "14:00", "session", ""],
      ["14:15", "15:00", "session", ""],
      ["15:15", "16:00", "session", ""],
      ["16:00", "16:30", "break", "Close"],
    ]);

    const makersId = await insertEvent({
      slug: "makers-guildford",
      name: "LocalGov Digital Makers: Guildford",
      summary: "A meet-up for people who build digital services in councils. Open only to people who work for a UK council.",
      venue: "Guildford Borough Council, Millmead House, Guildford GU2 4BB",
      date: makers,
      start: "10:00",
      end: "15:30",
      capacity: 40,
    });
    await insertTicket(makersId, 1, "Council staff", 40, "council-only");
    await insertRooms(makersId, [
      ["Council Chamber", 40, true, true],
      ["Meeting Room A", 15, true, true],
      ["Meeting Room B", 12, true, false],
    ]);
    await insertSlots(makersId, makers, [
      ["10:00", "10:30", "break", "Welcome and pitching"],
      ["10:30", "11:30", "session", ""],
      ["11:45", "12:45", "session", ""],
      ["12:45", "13:30", "break", "Lunch"],
      ["13:30", "14:30", "session", ""],
      ["14:30", "15:30", "session", ""],
    ]);
  });
  return { created: true };
}

/**
 * What `npm start` seeds on an empty database: the two events, then demo attendees, a dozen
 * pitches with interest, and a published LocalGovCamp grid, so every page has something real
 * to show. Each step does nothing if its part exists already.
 */
export async function seedWholeDemo(now = new Date()) {
  const { created } = await seedDemo(now);
  const attendees = (await seedRegistrationsDemo(now)).created;
  const pitches = (await seedPitchesDemo(now)).created;
  const placed = (await seedGridDemo()).placed;
  return { created, attendees, pitches, placed };
}
