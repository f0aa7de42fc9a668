import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Client } from "@libsql/client";

export const MIGRATIONS_DIR = path.resolve(process.cwd(), "db/migrations");

type MigrationResult = { applied: string[]; skipped: string[] };

/**
 * Applies every db/migrations/NNNN_name.sql not yet recorded in schema_migrations, in order,
 * each in its own transaction with its record, so a failed migration leaves no half-state.
 */
export async function migrate(db: Client, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  await db.execute(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
  );
  const done = new Set((await db.execute("SELECT name FROM schema_migrations")).rows.map((row) => String(row.name)));
  const files = (await readdir(dir)).filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file)).sort();
  const result: MigrationResult = { applied: [], skipped: [] };
  for (const file of files) {
    if (done.has(file)) {
      result.skipped.push(file);
      continue;
    }
    const sql = await readFile(path.join(dir, file), "utf8");
    const tx = await db.transaction("write");
    try {
      await tx.executeMultiple(sql);
      await tx.execute({
        sql: "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
        args: [file, new Date().toISOString()],
      });
      await tx.commit();
    } catch (error) {
      await tx.rollback();
      throw new Error(`Migration ${file} failed: ${(error as Error).message}`);
    } finally {
      tx.close();
    }
    result.applied.push(file);
  }
  return result;
}
