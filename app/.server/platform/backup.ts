import { existsSync } from "node:fs";
import { chmod, writeFile } from "node:fs/promises";
import { getDb, isFileUrl, openClient } from "./db";
import { env } from "./env";

/**
 * Writes a consistent copy of a file database to `target` with VACUUM INTO and checks it; the
 * copy is readable and writable by its owner only (0600).
 * A libSQL server (sqld/Turso) keeps its own backups and point-in-time restore: for those this
 * refuses with a message rather than pretending.
 */
export async function backupDatabase(target: string): Promise<{ tables: number; registrations: number; integrity: string }> {
  if (!isFileUrl(env().DATABASE_URL)) {
    throw new Error("DATABASE_URL points at a libSQL server: use the server's own backups (sqld snapshots or Turso point-in-time restore).");
  }
  if (existsSync(target)) throw new Error(`${target} already exists; choose a new file name.`);
  const db = await getDb();
  // A backup holds everyone's data: readable by its owner only from its first byte. SQLite
  // writes into an empty file that is already there, so it is created first, 0600.
  await writeFile(target, "", { mode: 0o600, flag: "wx" });
  await db.execute({ sql: "VACUUM INTO ?", args: [target] });
  await chmod(target, 0o600);
  const copy = openClient(`file:${target}`);
  try {
    const integrity = String((await copy.execute("PRAGMA integrity_check")).rows[0][0]);
    const tables = Number((await copy.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'")).rows[0][0]);
    const registrations = Number((await copy.execute("SELECT COUNT(*) FROM registrations")).rows[0][0]);
    if (integrity !== "ok") throw new Error(`the copy failed its integrity check: ${integrity}`);
    return { tables, registrations, integrity };
  } finally {
    copy.close();
  }
}
