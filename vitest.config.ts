import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Two projects: "app" runs unit and integration tests in-process against real libSQL files
// (one copy of a migrated template per test file); "journeys" drives the built app in Chromium.
// `npm test` (scripts/test.sh) runs them as two vitest processes side by side; `npx vitest run`
// runs them one after the other.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "app",
          include: ["app/**/*.test.ts", "app/**/*.test.tsx", "tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-db.ts"],
          // Files run one after another in each worker share its imported modules: importing the
          // app's modules afresh for every file was about a third of the project's CPU. Each file
          // still gets its own database (setup-db.ts), and caches of database content are
          // emptied when the database changes (forgetWhenDatabaseChanges in platform/db.ts).
          isolate: false,
          env: { TZ: "UTC" },
          testTimeout: 30_000,
          // Long enough for an app to start (tests/support/launch-app.ts waits up to 60 s) on a
          // busy machine; a hook that passes takes no longer for it.
          hookTimeout: 120_000,
          // Two files at once: much of a file's time is waiting on its app or database, so two
          // workers on 2 cores cut the project's time (with the journeys alongside under
          // `npm test`, about 3 minutes for 173 files on 2026-12-03).
          maxWorkers: 2,
          // Projects with different worker counts must run as separate groups: app first.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "journeys",
          include: ["tests/journeys/**/*.test.ts"],
          // As in the app project: a worker's files share imported modules (each journey file
          // imported the app's modules afresh, about 150 s of the project's import time).
          isolate: false,
          globalSetup: ["tests/support/global-setup.ts"],
          env: { TZ: "UTC" },
          testTimeout: 90_000,
          hookTimeout: 120_000,
          // Two Chromiums, one per worker. A third measured more CPU and no shorter run.
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
