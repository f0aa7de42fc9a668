// `npm start`: migrate, seed the demo if the database is empty, then serve the built app
// (scripts/serve.ts: our server, server/main.ts, in one process per CPU).
// With no SESSION_SECRET set, a random one is generated once and kept in db/.session-secret
// (readable only by this user), so a fresh machine needs no configuration.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { EnvError, parseEnv } from "../app/.server/env";

const SECRET_FILE = "db/.session-secret";

async function sessionSecret(): Promise<string> {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  await mkdir("db", { recursive: true });
  if (existsSync(SECRET_FILE)) return (await readFile(SECRET_FILE, "utf8")).trim();
  const secret = randomBytes(32).toString("hex");
  await writeFile(SECRET_FILE, secret, { mode: 0o600 });
  await chmod(SECRET_FILE, 0o600);
  console.log(`Generated a session secret in ${SECRET_FILE}. Set SESSION_SECRET to manage it yourself.`);
  return secret;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(" ")} exited with ${code}`))));
  });
}

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? "production", SESSION_SECRET: await sessionSecret() };
// Fail fast, before migrating, with the readable message naming each bad variable.
let publicUrl: string;
try {
  publicUrl = parseEnv(env).PUBLIC_URL;
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}
const tsx = process.execPath;
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
await run(tsx, [tsxCli, "scripts/migrate.ts"], env);
await run(tsx, [tsxCli, "scripts/seed.ts"], env);
console.log(`Pitchgrid is starting on ${publicUrl}`);
const server = spawn(tsx, [tsxCli, "scripts/serve.ts"], { stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
