import { mkdir } from "node:fs/promises";
import { closeDb, env, getDb, migrate } from "../app/.server/platform";

const { DATABASE_URL } = env();
if (DATABASE_URL.startsWith("file:")) await mkdir("db", { recursive: true });
const result = await migrate(await getDb());
console.log(
  result.applied.length
    ? `Migrations applied: ${result.applied.join(", ")}`
    : `Database is up to date (${result.skipped.length} migrations already applied).`,
);
closeDb();
