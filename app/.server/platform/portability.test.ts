import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "./db";
import { resetEnvForTests } from "./env";
import { migrate } from "./migrations";

/**
 * The same code must run against a libSQL server (sqld/Turso) as against a file: no file-only
 * pragmas in the query path, and transactions only through the client's API (both lint rules in
 * eslint.config.js). Here: the whole demo runs on a database that is not a file.
 */
/** Every non-test source file under app/ (routes and components must not write either). */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
const appSources = walk(path.resolve("app"))
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
  .map((f) => ({ file: path.relative(process.cwd(), f), text: readFileSync(f, "utf8") }));

const WRITE_SQL = /^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|CREATE|DROP|ALTER)\b/i;
const RUNS_SQL = new Set(["execute", "batch", "executeMultiple"]);

/**
 * Calls that run a write statement (a string or template literal among their arguments that
 * starts with INSERT, UPDATE, DELETE...) other than on `tx`/`ctx.tx`: `query(...)`, or
 * `.execute/.batch/.executeMultiple` on anything else. Returned as "line callee".
 */
function bareWrites(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const writesSql = (node: ts.Node): boolean => {
    if (ts.isFunctionLike(node)) return false;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return WRITE_SQL.test(node.text);
    if (ts.isTemplateExpression(node)) return WRITE_SQL.test(node.head.text);
    return ts.forEachChild(node, (child) => (writesSql(child) ? true : undefined)) ?? false;
  };
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const bare =
        (ts.isIdentifier(callee) && callee.text === "query") ||
        (ts.isPropertyAccessExpression(callee) && RUNS_SQL.has(callee.name.text) && !/^(ctx\.)?tx$/.test(callee.expression.getText(source)));
      if (bare && node.arguments.some(writesSql)) {
        found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1} ${callee.getText(source)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("portability to a libSQL server", () => {
  it("writes only through writeTransaction: no INSERT/UPDATE/DELETE through query() or a client outside a transaction", () => {
    // A bare write while a write transaction awaits I/O blocks this thread on SQLite's lock: the
    // process froze for the 5 s busy timeout and the write failed with SQLITE_BUSY (see
    // write-path.test.ts). So a write statement may only be executed on `tx` (or `ctx.tx`), the
    // transaction writeTransaction hands out. db.ts is the write path itself; migrations.ts runs
    // before anything else, each migration in its own transaction.
    const allowed = new Set(["db.ts", "migrations.ts"]);
    const offenders = appSources
      .filter((s) => !allowed.has(path.basename(s.file)))
      .flatMap((s) => bareWrites(s.file, s.text).map((w) => `${s.file}:${w}`));
    expect(offenders).toEqual([]);
  });

  it("finds a bare write when there is one (the check above can fail)", () => {
    const text = [
      'await query({ sql: "UPDATE events SET name = ? WHERE id = ?", args: [] });',
      "await db.execute(`DELETE FROM rooms WHERE id = ${id}`);",
      'await client.batch([{ sql: "INSERT INTO rooms (name) VALUES (?)", args: [] }]);',
      'await tx.execute({ sql: "UPDATE events SET name = ?", args: [] });',
      'await ctx.tx.execute("DELETE FROM rooms");',
      'await query({ sql: "SELECT id FROM events WHERE updated_at > ?", args: [] });',
    ].join("\n");
    expect(bareWrites("example.ts", text)).toEqual(["1 query", "2 db.execute", "3 client.batch"]);
  });

  it("opens transactions only in db.ts (writeTransaction) and migrations.ts", () => {
    const offenders = appSources
      .filter((s) => !["db.ts", "migrations.ts"].includes(path.basename(s.file)) && /\.transaction\s*\(/.test(s.text))
      .map((s) => s.file);
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
        const { seedWholeDemo } = await import("../seed");
        const seeded = await seedWholeDemo();
        expect(seeded.created).toBe(true);
        expect(seeded.attendees).toBeGreaterThan(0);
        expect(seeded.pitches).toBe(12);
        expect(seeded.placed).toBeGreaterThan(0);
        const { listUpcomingEvents, listTicketTypes } = await import("../events");
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
