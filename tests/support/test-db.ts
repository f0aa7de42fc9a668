import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { getDb, resetEnvForTests } from "../../app/.server/platform";

/** A fresh copy of the migrated template database, as a file: URL, with a folder beside it. */
export async function freshDatabase(): Promise<{ url: string; file: string; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-test-"));
  const file = path.join(dir, "test.db");
  await copyFile(inject("templateDb"), file);
  return { url: `file:${file}`, file, dir };
}

/** Points this process's database code at `url` (as a new process would read DATABASE_URL) and opens it. */
export async function useDatabase(url: string) {
  process.env.DATABASE_URL = url;
  resetEnvForTests();
  await getDb();
}
