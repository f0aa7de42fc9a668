import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { inject } from "vitest";

/** A fresh copy of the migrated template database, as a file: URL, with a folder beside it. */
export async function freshDatabase(): Promise<{ url: string; file: string; dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-test-"));
  const file = path.join(dir, "test.db");
  await copyFile(inject("templateDb"), file);
  return { url: `file:${file}`, file, dir };
}
