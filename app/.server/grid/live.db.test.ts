import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb, query, rowsOf } from "../platform";
import { seedDemoSchedule, type DemoSchedule } from "../../../tests/support/demo-schedule";
import { registerForEvent } from "../registration";
import { registrationInput } from "../../../tests/support/factories";
import { organiserGridFingerprint } from "./live";

// Open organiser grids poll this fingerprint every few seconds: it must move with every change
// the page shows, and (being polled by every open grid) read one row instead of counting every
// pitch and "I'd go" mark of the event.

let demo: DemoSchedule;

beforeAll(async () => {
  demo = await seedDemoSchedule(await getDb(), { slug: "live-camp", sessions: 12, rooms: 3, attendees: 30 });
});

async function expectMoved(change: () => Promise<unknown>) {
  const before = await organiserGridFingerprint(demo.eventId);
  await change();
  expect(await organiserGridFingerprint(demo.eventId)).not.toBe(before);
}

const sql = (text: string, args: (string | number | null)[] = []) => query({ sql: text, args });

describe("the organiser grid's fingerprint", () => {
  it("moves with every kind of change the organiser grid shows, and only then", async () => {
    const fingerprint = await organiserGridFingerprint(demo.eventId);
    expect(await organiserGridFingerprint(demo.eventId)).toBe(fingerprint);
    const [pitch, other] = demo.pitchIds;
    const [person] = demo.attendees;
    await expectMoved(() => sql("DELETE FROM placements WHERE pitch_id = ?", [pitch]));
    await expectMoved(() => sql("UPDATE pitches SET title = title || '!' WHERE id = ?", [other]));
    await sql("DELETE FROM pitch_interest WHERE pitch_id = ? AND registration_id = ?", [pitch, person.id]);
    await expectMoved(() => sql("INSERT INTO pitch_interest (pitch_id, registration_id, marked_at) VALUES (?, ?, '2026-01-01T00:00:00Z')", [pitch, person.id]));
    await expectMoved(() => sql("DELETE FROM pitch_interest WHERE pitch_id = ? AND registration_id = ?", [pitch, person.id]));
    await expectMoved(() => sql("UPDATE events SET grid_clash_threshold = 7 WHERE id = ?", [demo.eventId]));
    await expectMoved(() => sql("UPDATE events SET default_show_up_ratio = 0.5 WHERE id = ?", [demo.eventId]));
    await expectMoved(() => sql("INSERT INTO session_counts (pitch_id, event_id, show_of_hands) VALUES (?, ?, 12)", [other, demo.eventId]));
    await expectMoved(() => sql("UPDATE session_counts SET head_count = 9 WHERE pitch_id = ?", [other]));
    await expectMoved(() => sql("INSERT INTO rooms (event_id, name, capacity, position) VALUES (?, 'Annex', 10, 99)", [demo.eventId]));
    await expectMoved(() => sql("UPDATE registrations SET name = 'Renamed Host' WHERE id = (SELECT registration_id FROM pitch_hosts WHERE pitch_id = ? LIMIT 1)", [other]));
    // Someone registering changes nothing on the grid.
    const still = await organiserGridFingerprint(demo.eventId);
    await registerForEvent("live-camp", registrationInput({ ticketTypeId: demo.ticketTypeId, email: "new.person@guildford.gov.uk" }));
    expect(await organiserGridFingerprint(demo.eventId)).toBe(still);
  });

  it("reads the event's row (and its few head counts), never the pitches, marks, rooms or slots", async () => {
    // The statements it runs, as the driver is asked to prepare them on a fresh connection.
    const Database = createRequire(import.meta.url)("libsql") as { prototype: { prepare(sql: string): unknown } };
    const prepare = Database.prototype.prepare;
    closeDb();
    await getDb();
    const statements: string[] = [];
    Database.prototype.prepare = function (this: unknown, text: string) {
      statements.push(text);
      return prepare.call(this, text);
    };
    try {
      expect(await organiserGridFingerprint(demo.eventId)).toMatch(/^\d+-/);
    } finally {
      Database.prototype.prepare = prepare;
    }
    expect(statements).toHaveLength(1);
    const plan = rowsOf<{ detail: string }>(await query({ sql: `EXPLAIN QUERY PLAN ${statements[0]}`, args: [demo.eventId] })).map((r) => r.detail);
    expect(plan.join("\n")).not.toMatch(/\b(pitches|pitch_interest|rooms|slots|placements)\b/);
    expect(plan).toEqual([expect.stringMatching(/^SEARCH e USING INTEGER PRIMARY KEY/), expect.stringMatching(/CORRELATED SCALAR SUBQUERY/), expect.stringMatching(/^SEARCH c USING INDEX session_counts_event/)]);
  });
});
