import type { KnipConfig } from "knip";

// knip: files, exports and dependencies nothing uses. `npm run lint` runs it after ESLint.
const config: KnipConfig = {
  entry: [
    // Remix's route config (future.v3_routeConfig): Vite's Remix plugin loads it by name.
    "app/routes.ts",
    // Command-line tools run with `tsx scripts/x.ts`, from package.json or by hand (gen-instance).
    "scripts/*.ts",
    // The bare Remix app the HTTP benchmarks measure against, built by scripts/lib/bare-app.ts.
    "scripts/bench/bare-app/vite.config.ts",
    "scripts/bench/bare-app/app/**/*.{ts,tsx}",
  ],
  project: ["app/**/*.{ts,tsx}", "scripts/**/*.ts", "tests/**/*.ts", "*.ts"],
  // @remix-run/serve stays in dependencies although scripts/server/ now serves the app: the project
  // brief fixes it. knip's Remix plugin already counts it as used, so it needs no ignore entry here
  // (one would only draw a "remove from ignoreDependencies" hint); if knip ever reports it, add it
  // to ignoreDependencies rather than removing it.
  ignoreDependencies: [
    // Loaded by file path, which knip cannot follow: axe-core through require.resolve in
    // tests/support/browser.ts, vnu-jar's vnu.jar run by Java in tests/integration/html-validity.test.ts.
    "axe-core",
    "vnu-jar",
    // @libsql/client's own driver (installed with it): two tests count statements at its level,
    // under the client (libsql-statement-cache, registration-statements).
    "libsql",
  ],
};

export default config;
