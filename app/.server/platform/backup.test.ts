import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openClient } from "./db";
import { backupDatabase } from "./backup";
import { makeEvent, makeRegistration } from "../../../tests/support/factories";

describe("backups", () => {
  it("write a consistent, checked copy while registrations are being written", async () => {
    const { event, ticket } = await makeEvent();
    for (let i = 0; i < 40; i++) await makeRegistration(event.id, ticket.id);
    const target = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, "")), "backup.db");
    const writes = Array.from({ length: 60 }, () => makeRegistration(event.id, ticket.id));
    const [result] = await Promise.all([backupDatabase(target), ...writes]);
    expect(result.integrity).toBe("ok");
    expect(result.registrations).toBeGreaterThanOrEqual(40);
    expect(result.registrations).toBeLessThanOrEqual(100);

    // A snapshot, not a torn copy: the rows it holds are exactly the first N committed.
    const copy = openClient(`file:${target}`);
    const ids = (await copy.execute("SELECT id FROM registrations ORDER BY id")).rows.map((r) => Number(r.id));
    copy.close();
    expect(ids).toEqual(Array.from({ length: ids.length }, (_, i) => ids[0] + i));
  });

  it("refuses to overwrite an existing file", async () => {
    const target = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, "")), "twice.db");
    await backupDatabase(target);
    expect(existsSync(target)).toBe(true);
    await expect(backupDatabase(target)).rejects.toThrow(/already exists/);
  });
});

describe("backup file permissions", () => {
  it("are the owner's only (0600), whatever the umask", async () => {
    const target = path.join(path.dirname(process.env.DATABASE_URL!.replace(/^file:/, "")), "private.db");
    await backupDatabase(target);
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });
});

describe("npm run backup", () => {
  it("writes into db/backups made owner-only (0700), the file 0600", () => {
    const cwd = mkdtempSync(path.join(tmpdir(), "pitchgrid-backup-"));
    const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("scripts/backup.ts")], {
      cwd,
      env: { PATH: process.env.PATH, NODE_ENV: "test", DATABASE_URL: `file:${path.resolve(process.env.DATABASE_URL!.replace(/^file:/, ""))}` },
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    const folder = path.join(cwd, "db/backups");
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(statSync(path.join(folder, files[0])).mode & 0o777).toBe(0o600);
  });
});
