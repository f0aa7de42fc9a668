// `npm run dev`: migrate, seed, then the Vite dev server, all with the session secret kept in
// db/.session-secret (as `npm start` uses), so sessions and private links survive a restart.
import { createRequire } from "node:module";
import { handOver, runScript, sessionSecretFromEnvOrFile } from "./lib/session-env";

const env: NodeJS.ProcessEnv = { ...process.env, SESSION_SECRET: sessionSecretFromEnvOrFile() };
await runScript("scripts/migrate.ts", env);
await runScript("scripts/seed.ts", env);
handOver([createRequire(import.meta.url).resolve("@remix-run/dev/dist/cli.js"), "vite:dev", ...process.argv.slice(2)], env);
