import path from "node:path";
import { closeDb, getDb, resetEnvForTests } from "../../app/.server/platform";
import { launchApp, type LaunchOptions, type RunningApp } from "./launch-app";
import { freshDatabase } from "./test-db";

export { freePort, type RunningApp } from "./launch-app";

type AppOptions = Omit<LaunchOptions, "databaseUrl" | "dir"> & {
  /** Reuse an existing database file URL (e.g. after a restart). */
  databaseUrl?: string;
  seed?: boolean;
};

/**
 * Starts the built app (`npm run build` first) with our server, as `npm start` does, on a free
 * port with its own database copy (or the one given); resolves once /healthz answers. For the
 * one app a whole vitest project can share, see tests/support/shared-app.ts.
 */
export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const db = options.databaseUrl ? { url: options.databaseUrl, dir: path.dirname(options.databaseUrl.replace(/^file:/, "")) } : await freshDatabase();
  if (options.seed) await seedDatabase(db.url);
  return launchApp({ ...options, databaseUrl: db.url, dir: db.dir });
}

/** Seeds the demo events into a database file before the app starts. */
async function seedDatabase(databaseUrl: string) {
  const previous = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  resetEnvForTests();
  closeDb();
  try {
    await getDb();
    const { seedDemo } = await import("../../app/.server/seed");
    await seedDemo();
  } finally {
    closeDb();
    if (previous === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = previous;
    resetEnvForTests();
  }
}
