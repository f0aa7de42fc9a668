import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openClient } from "./db";
import { migrate, MIGRATIONS_DIR } from "./migrations";
import { readdirSync } from "node:fs";

describe("migrations", () => {
  it("apply in order to an empty database and record each one", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-migrate-"));
    const db = openClient(`file:${path.join(dir, "empty.db")}`);
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).sort();
    const first = await migrate(db);
    expect(first.applied).toEqual(files);
    const recorded = (await db.execute("SELECT name FROM schema_migrations ORDER BY name")).rows.map((r) => r.name);
    expect(recorded).toEqual(files);
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => r.name);
    expect(tables).toEqual(expect.arrayContaining(["events", "ticket_types", "registrations", "pitches", "placements", "email_outbox"]));
    db.close();
  });

  it("are idempotent: a second run applies nothing and changes nothing", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-migrate-"));
    const db = openClient(`file:${path.join(dir, "twice.db")}`);
    await migrate(db);
    const schemaBefore = (await db.execute("SELECT sql FROM sqlite_master ORDER BY name")).rows.map((r) => r.sql);
    const second = await migrate(db);
    expect(second.applied).toEqual([]);
    expect(second.skipped.length).toBeGreaterThan(0);
    const schemaAfter = (await db.execute("SELECT sql FROM sqlite_master ORDER BY name")).rows.map((r) => r.sql);
    expect(schemaAfter).toEqual(schemaBefore);
    db.close();
  });

  it("roll back a failing migration and leave it unrecorded", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-migrate-"));
    const migrationsDir = path.join(dir, "migrations");
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(migrationsDir);
    await writeFile(path.join(migrationsDir, "0001_ok.sql"), "CREATE TABLE a (id INTEGER);");
    await writeFile(path.join(migrationsDir, "0002_bad.sql"), "CREATE TABLE b (id INTEGER); INSERT INTO nowhere VALUES (1);");
    const db = openClient(`file:${path.join(dir, "bad.db")}`);
    await expect(migrate(db, migrationsDir)).rejects.toThrow(/0002_bad.sql failed/);
    const recorded = (await db.execute("SELECT name FROM schema_migrations")).rows.map((r) => r.name);
    expect(recorded).toEqual(["0001_ok.sql"]);
    const tables = (await db.execute("SELECT name FROM sqlite_master WHERE name = 'b'")).rows;
    expect(tables).toHaveLength(0);
    db.close();
  });
});
