// `npm run backup [-- --to path]`: a consistent copy of the database while the app runs.
// VACUUM INTO reads one snapshot of the database (WAL readers never block writers), so the copy
// is transactionally consistent even in the middle of a registration rush.
import { chmod, mkdir } from "node:fs/promises";
import path from "node:path";
import { backupDatabase, closeDb } from "../app/.server/platform";

const toIndex = process.argv.indexOf("--to");
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const target = path.resolve(toIndex > -1 ? process.argv[toIndex + 1] : `db/backups/pitchgrid-${stamp}.db`);
// Backups hold everyone's data: the default folder is the owner's only (a folder you name is
// left as it is; the file itself is always 0600).
await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
if (toIndex === -1) await chmod(path.dirname(target), 0o700);
try {
  const result = await backupDatabase(target);
  console.log(`Backup written to ${target} (${result.tables} tables, ${result.registrations} registrations, integrity ${result.integrity}).`);
} catch (error) {
  console.error(`Backup failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  closeDb();
}
