// `npm start`: migrate, seed the demo if the database is empty, then serve the built app
// (scripts/serve.ts: our server in one process per CPU).
// With no SESSION_SECRET set, a random one is generated on first start and kept in
// db/.session-secret (owner-only, ignored by git), so a fresh machine needs no configuration.
import { EnvError, parseEnv } from "../app/.server/platform";
import { handOver, runScript, sessionSecretFromEnvOrFile, tsxCli } from "./lib/session-env";

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production", SESSION_SECRET: sessionSecretFromEnvOrFile() };
// Fail fast, before migrating, with the readable message naming each bad variable.
let publicUrl: string;
try {
  publicUrl = parseEnv(env).PUBLIC_URL;
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
await runScript("scripts/migrate.ts", env);
await runScript("scripts/seed.ts", env);
console.log(`Pitchgrid is starting on ${publicUrl}`);
handOver([tsxCli, "scripts/serve.ts"], env);
