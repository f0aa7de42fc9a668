/**
 * scripts/patches/@libsql+client+0.18.0.patch keeps each connection's prepared statements (see
 * the README, Benchmarks). These tests fail if `npm ci` did not apply it, and check that a
 * script of statements (reads, writes, RETURNING, errors, transactions, batches, schema changes
 * in this process and by another connection) gives exactly what the unpatched client gives.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const PACKAGE = "node_modules/@libsql/client";
const FILES = ["lib-cjs/sqlite3.js", "lib-esm/sqlite3.js"];
const PATCH = path.resolve("scripts/patches/@libsql+client+0.18.0.patch");

type Sqlite3Module = typeof import("@libsql/client/sqlite3");
type Client = import("@libsql/client").Client;
type Database = { prepare(sql: string): unknown; exec(sql: string): void; close(): void };
const Database = require("libsql") as { new (path: string): Database; prototype: Database };

/**
 * The client as published: the installed files with the patch reversed, in a folder inside
 * node_modules (so `libsql` and `@libsql/core` resolve as they do for the real one).
 */
const unpatchedDir = path.resolve("node_modules/.cache", `pitchgrid-libsql-unpatched-${process.pid}`);
function unpatchedClient(): Sqlite3Module {
  const root = path.join(unpatchedDir, "pkg");
  for (const file of FILES) {
    mkdirSync(path.dirname(path.join(root, PACKAGE, file)), { recursive: true });
    cpSync(path.join(PACKAGE, file), path.join(root, PACKAGE, file));
  }
  cpSync(path.join(PACKAGE, "lib-cjs/package.json"), path.join(root, PACKAGE, "lib-cjs/package.json"));
  execFileSync("patch", ["-R", "-p1", "-s", "-i", PATCH], { cwd: root });
  return require(path.join(root, PACKAGE, "lib-cjs/sqlite3.js")) as Sqlite3Module;
}
const patched = require("@libsql/client/sqlite3") as Sqlite3Module;

afterAll(() => rmSync(unpatchedDir, { recursive: true, force: true }));

function databaseFile() {
  return path.join(mkdtempSync(path.join(tmpdir(), "pitchgrid-stmt-cache-")), "test.db");
}

/** Counts how many times libsql parses a statement while `work` runs. */
async function countPrepares(work: () => Promise<unknown>) {
  const original = Database.prototype.prepare;
  let count = 0;
  Database.prototype.prepare = function (this: Database, sql: string) {
    count++;
    return original.call(this, sql);
  };
  try {
    await work();
  } finally {
    Database.prototype.prepare = original;
  }
  return count;
}

/** What a result says, in plain values (rows as their enumerable columns, bigints as strings). */
function plain(result: Awaited<ReturnType<Client["execute"]>>) {
  return JSON.parse(
    JSON.stringify({ columns: result.columns, columnTypes: result.columnTypes, rows: result.rows.map((row) => ({ ...row, length: row.length })), rowsAffected: result.rowsAffected, lastInsertRowid: result.lastInsertRowid }, (_, value: unknown) =>
      typeof value === "bigint" ? value.toString() : value,
    ),
  ) as unknown;
}

/** The same script of statements, recorded step by step (results or error codes). */
async function script(client: Client, file: string) {
  const log: unknown[] = [];
  const step = async (work: () => Promise<unknown>) => {
    try {
      const result = await work();
      log.push(Array.isArray(result) ? result.map(plain) : result && typeof result === "object" && "rows" in result ? plain(result as never) : result ?? null);
    } catch (error) {
      log.push({ error: (error as { code?: string }).code ?? String(error) });
    }
  };
  await step(() => client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE, n INTEGER)"));
  for (let i = 0; i < 3; i++) {
    await step(() => client.execute({ sql: "INSERT INTO t (v, n) VALUES (?, ?)", args: [`v${i}`, i * 10] }));
    await step(() => client.execute({ sql: "SELECT * FROM t WHERE n >= ? ORDER BY id", args: [i * 5] }));
  }
  await step(() => client.execute({ sql: "INSERT INTO t (v, n) VALUES (?, ?)", args: ["v1", 1] })); // unique violation
  await step(() => client.execute({ sql: "INSERT INTO t (v, n) VALUES (?, ?)", args: ["v9", 90] })); // the same statement after its error
  await step(() => client.execute({ sql: "UPDATE t SET n = n + 1 WHERE v = :v RETURNING id, n", args: { v: "v9" } }));
  await step(() => client.execute({ sql: "UPDATE t SET n = n + 1 WHERE v = :v RETURNING id, n", args: { v: "v9" } }));
  await step(() => client.execute("SELECT nope FROM t")); // does not prepare
  await step(async () => {
    const tx = await client.transaction("write");
    await tx.execute({ sql: "INSERT INTO t (v, n) VALUES (?, ?)", args: ["tx", 1] });
    const inside = plain(await tx.execute("SELECT COUNT(*) AS c FROM t"));
    await tx.rollback();
    return { inside, after: plain(await client.execute("SELECT COUNT(*) AS c FROM t")) };
  });
  await step(() => client.batch([{ sql: "INSERT INTO t (v, n) VALUES (?, ?)", args: ["b1", 1] }, "SELECT COUNT(*) AS c FROM t"], "write"));
  // Schema changes in this process: a statement prepared before must see the new columns.
  await step(() => client.execute("ALTER TABLE t ADD COLUMN w TEXT DEFAULT 'w'"));
  await step(() => client.execute("SELECT * FROM t ORDER BY id"));
  await step(() => client.executeMultiple("ALTER TABLE t ADD COLUMN x INTEGER DEFAULT 7; CREATE INDEX t_n ON t (n);"));
  await step(() => client.execute("SELECT * FROM t ORDER BY id"));
  await step(() => client.migrate(["ALTER TABLE t RENAME COLUMN w TO w2"]));
  await step(() => client.execute("SELECT * FROM t ORDER BY id"));
  // ...and by another connection (another process, as far as this client can tell).
  const other = new Database(file);
  other.exec("ALTER TABLE t ADD COLUMN y TEXT DEFAULT 'y'");
  other.close();
  await step(() => client.execute("SELECT * FROM t ORDER BY id"));
  await step(() => client.execute("DROP TABLE t"));
  await step(() => client.execute("SELECT * FROM t"));
  return log;
}

describe("the @libsql/client statement cache patch", () => {
  it("is applied to both builds, and a repeated statement is prepared once per connection", async () => {
    for (const file of FILES) expect(readFileSync(path.join(PACKAGE, file), "utf8")).toContain("preparedStatement(db, sql)");
    const client = patched.createClient({ url: `file:${databaseFile()}` });
    await client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
    const prepares = await countPrepares(async () => {
      for (let i = 0; i < 20; i++) {
        await client.execute({ sql: "INSERT INTO t (v) VALUES (?)", args: [`v${i}`] });
        await client.execute({ sql: "SELECT id, v FROM t WHERE id = ?", args: [i + 1] });
      }
    });
    client.close();
    expect(prepares).toBe(2);
  });

  it("gives exactly what the unpatched client gives, through errors, transactions and schema changes", async () => {
    const unpatched = unpatchedClient();
    const before = await countPrepares(async () => undefined);
    expect(before).toBe(0);
    const fileA = databaseFile();
    const fileB = databaseFile();
    const a = patched.createClient({ url: `file:${fileA}` });
    const b = unpatched.createClient({ url: `file:${fileB}` });
    const [withCache, without] = [await script(a, fileA), await script(b, fileB)];
    a.close();
    b.close();
    // Step by step the same, but for the read after another connection added a column: there
    // the unpatched client names the new column "undefined" (it reads the names before SQLite
    // notices the change), and the patched one, which checks the rows against the names, does not.
    const crossConnection = withCache.length - 3;
    expect(withCache.filter((_, i) => i !== crossConnection)).toEqual(without.filter((_, i) => i !== crossConnection));
    expect(JSON.stringify(without[crossConnection])).toContain('"undefined":"y"');
    const rows = (withCache[crossConnection] as { columns: string[]; rows: Record<string, unknown>[] });
    expect(rows.columns).toEqual(["id", "v", "n", "w2", "x", "y"]);
    expect(rows.rows.map((row) => row.y)).toEqual(rows.rows.map(() => "y"));
    // The script did reach the paths it means to: an error, then the same statement again.
    expect(JSON.stringify(without)).toContain("SQLITE_CONSTRAINT");
  });
});
