import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "./db";
import { resetEnvForTests } from "./env";
import { migrate } from "./migrations";

/**
 * The same code must run against a libSQL server (sqld/Turso) as against a file: no file-only
 * pragmas in the query path, and transactions only through the client's API.
 */
const SERVER_DIR = path.resolve("app/.server");
const sources = readdirSync(SERVER_DIR)
  .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
  .map((f) => ({ file: f, text: readFileSync(path.join(SERVER_DIR, f), "utf8") }));

describe("portability to a libSQL server", () => {
  it("keeps PRAGMAs out of the query path (only db.ts opens files, backup.ts checks its copy)", () => {
    const offenders = sources.filter((s) => /PRAGMA/i.test(s.text) && !["db.ts", "backup.ts"].includes(s.file)).map((s) => s.file);
    expect(offenders).toEqual([]);
  });

  it("never opens transactions by hand in SQL (BEGIN/COMMIT), only through the client", () => {
    // "BEGIN:VEVENT" and friends are iCalendar, not SQL: hence the (?!:).
    const offenders = sources.filter((s) => /["'`]\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT)\b(?!:)/i.test(s.text)).map((s) => s.file);
    expect(offenders).toEqual([]);
  });

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
