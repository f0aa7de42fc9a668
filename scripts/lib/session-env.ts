// What `npm start` and `npm run dev` share: the session secret (generated on first start into
// db/.session-secret, never committed) and running the project's own scripts with that env.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { describeSecretOutcome, ensureSessionSecretFile } from "../../app/.server/platform";

export function sessionSecretFromEnvOrFile(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  const { secret, outcome } = ensureSessionSecretFile();
  const message = describeSecretOutcome(outcome);
  if (message) console.log(message);
  return secret;
}

export const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

/** Runs a TypeScript script of ours (tsx) to completion with `env`; rejects on a non-zero exit. */
export function runScript(script: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [tsxCli, script, ...args], { stdio: "inherit", env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

/** Runs a long-lived Node program (`node ...nodeArgs`), passing SIGINT/SIGTERM on and exiting with it. */
export function handOver(nodeArgs: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, nodeArgs, { stdio: "inherit", env });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}
