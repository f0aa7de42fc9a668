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

  it("0010 drops the link seeds and sent email bodies from an existing database, and existing links keep working", async () => {
    const { copyFile, mkdir } = await import("node:fs/promises");
    const { hashToken } = await import("./tokens");
    const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-migrate-"));
    const migrationsDir = path.join(dir, "migrations");
    await mkdir(migrationsDir);
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).sort();
    for (const file of files.filter((f) => f < "0010")) await copyFile(path.join(MIGRATIONS_DIR, file), path.join(migrationsDir, file));
    const db = openClient(`file:${path.join(dir, "old.db")}`);
    await migrate(db, migrationsDir);
    const at = "2026-01-01T00:00:00.000Z";
    await db.execute({ sql: "INSERT INTO events (id, slug, name, starts_at, ends_at, capacity, created_at, updated_at) VALUES (1, 'old', 'Old', ?, ?, 10, ?, ?)", args: [at, at, at, at] });
    await db.execute({ sql: "INSERT INTO ticket_types (id, event_id, name, quota, rule, created_at) VALUES (1, 1, 'Standard', 10, 'open', ?)", args: [at] });
    await db.execute({
      sql: `INSERT INTO registrations (id, event_id, ticket_type_id, email, name, status, manage_token_seed, manage_token_hash, created_at, updated_at)
            VALUES (1, 1, 1, 'old@guildford.gov.uk', 'Old Person', 'confirmed', 'seed-manage', ?, ?, ?)`,
      args: [hashToken("old-manage-token"), at, at],
    });
    await db.execute({ sql: "INSERT INTO calendar_feeds (registration_id, token_seed, token_hash, created_at) VALUES (1, 'seed-feed', ?, ?)", args: [hashToken("old-feed-token"), at] });
    await db.execute({
      sql: `INSERT INTO email_outbox (to_address, subject, text_body, html_body, attachments, status, next_attempt_at, created_at, sent_at)
            VALUES ('old@guildford.gov.uk', 'Sent', 'link /r/old-manage-token', '<p>link</p>', '{"calendar":1}', 'sent', ?, ?, ?),
                   ('old@guildford.gov.uk', 'Waiting', 'link /r/other', NULL, '[]', 'pending', ?, ?, NULL)`,
      args: [at, at, at, at, at],
    });
    await copyFile(path.join(MIGRATIONS_DIR, "0010_privacy.sql"), path.join(migrationsDir, "0010_privacy.sql"));
    expect((await migrate(db, migrationsDir)).applied).toEqual(["0010_privacy.sql"]);
    const columns = async (table: string) => (await db.execute(`SELECT name FROM pragma_table_info('${table}')`)).rows.map((r) => String(r.name));
    expect(await columns("registrations")).not.toContain("manage_token_seed");
    expect(await columns("calendar_feeds")).not.toContain("token_seed");
    expect((await db.execute({ sql: "SELECT id FROM registrations WHERE manage_token_hash = ?", args: [hashToken("old-manage-token")] })).rows).toHaveLength(1);
    expect((await db.execute({ sql: "SELECT registration_id FROM calendar_feeds WHERE token_hash = ?", args: [hashToken("old-feed-token")] })).rows).toHaveLength(1);
    const emails = (await db.execute("SELECT subject, to_address, text_body, html_body, attachments, sent_at FROM email_outbox ORDER BY id")).rows.map((r) => ({ ...r }));
    expect(emails).toEqual([
      { subject: "Sent", to_address: "old@guildford.gov.uk", text_body: "", html_body: null, attachments: "[]", sent_at: at },
      { subject: "Waiting", to_address: "old@guildford.gov.uk", text_body: "link /r/other", html_body: null, attachments: "[]", sent_at: null },
    ]);
    const event = (await db.execute("SELECT needs_retention_days, personal_retention_days, lawful_basis, controller_name FROM events")).rows.map((r) => ({ ...r }));
    expect(event).toEqual([{ needs_retention_days: 30, personal_retention_days: 90, lawful_basis: "legitimate-interests", controller_name: "" }]);
    db.close();
  });
});
