import { describe, expect, it } from "vitest";
import { firstRow, query } from "../platform";
import { seedDemo, seedPitchesDemo, seedRegistrationsDemo } from ".";
import { loadSchedule } from "../schedule";

describe("seedPitchesDemo", () => {
  it("adds a dozen open pitches to LocalGovCamp, hosted by confirmed attendees, with varied interest; only once", async () => {
    expect(await seedPitchesDemo()).toEqual({ created: 0 }); // no event yet
    await seedDemo();
    // No registrations yet: a few demo attendees are added to host and mark.
    expect(await seedPitchesDemo()).toEqual({ created: 12 });
    const eventId = Number(firstRow<{ id: number }>(await query("SELECT id FROM events WHERE slug = 'localgovcamp'"))!.id);
    const schedule = (await loadSchedule(eventId))!;
    expect(schedule.sessions).toHaveLength(12);
    expect(schedule.sessions.every((s) => s.status === "open" && s.hosts.length >= 1)).toBe(true);
    const interest = schedule.sessions.map((s) => s.interest);
    expect(Math.max(...interest)).toBeGreaterThan(Math.min(...interest));
    const unconfirmedHosts = firstRow<{ n: number }>(
      await query({
        sql: "SELECT COUNT(*) AS n FROM pitch_hosts h JOIN registrations r ON r.id = h.registration_id WHERE r.status <> 'confirmed' OR r.event_id <> ?",
        args: [eventId],
      }),
    )!;
    expect(Number(unconfirmedHosts.n)).toBe(0);
    expect(await seedPitchesDemo()).toEqual({ created: 0 });
    expect(await query("SELECT COUNT(*) AS n FROM email_outbox").then((r) => Number(r.rows[0].n))).toBe(0);
  });

  it("uses the seeded registrations when they exist", async () => {
    await query("DELETE FROM pitch_interest");
    await query("DELETE FROM pitch_hosts");
    await query("DELETE FROM pitches");
    await query("DELETE FROM registrations");
    await seedRegistrationsDemo();
    const before = Number(firstRow<{ n: number }>(await query("SELECT COUNT(*) AS n FROM registrations"))!.n);
    expect(await seedPitchesDemo()).toEqual({ created: 12 });
    expect(Number(firstRow<{ n: number }>(await query("SELECT COUNT(*) AS n FROM registrations"))!.n)).toBe(before);
    const marks = Number(firstRow<{ n: number }>(await query("SELECT COUNT(*) AS n FROM pitch_interest"))!.n);
    expect(marks).toBeGreaterThan(24);
  });
});
