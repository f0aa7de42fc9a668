import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "./db";
import { resetEnvForTests } from "./env";
import { migrate } from "./migrations";

/**
 * The same code must run against a libSQL server (sqld/Turso) as against a file: no file-only
 * pragmas in the query path, and transactions only through the client's API (both lint rules in
 * eslint.config.js). Here: the whole demo runs on a database that is not a file.
 */
describe("portability to a libSQL server", () => {
  describe("on an in-memory database", () => {
    afterAll(() => {
      closeDb();
    });

    it("migrates, seeds the whole demo and reads it back", async () => {
      const previous = process.env.DATABASE_URL;
      process.env.DATABASE_URL = ":memory:";
      resetEnvForTests();
      closeDb();
      try {
        const db = await getDb();
        const result = await migrate(db);
        expect(result.applied.length).toBeGreaterThan(0);
        const { seedWholeDemo } = await import("./seed");
        const seeded = await seedWholeDemo();
        expect(seeded.created).toBe(true);
        expect(seeded.attendees).toBeGreaterThan(0);
        expect(seeded.pitches).toBe(12);
        expect(seeded.placed).toBeGreaterThan(0);
        const { listUpcomingEvents, listTicketTypes } = await import("./events");
        const events = await listUpcomingEvents();
        expect(events.map((e) => e.slug).sort()).toEqual(["localgovcamp", "makers-guildford"]);
        expect((await listTicketTypes(events[0].id)).length).toBeGreaterThan(0);
      } finally {
        closeDb();
        process.env.DATABASE_URL = previous;
        resetEnvForTests();
      }
    });
  });
});
