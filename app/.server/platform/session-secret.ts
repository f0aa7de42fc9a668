import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";

/** Where `npm start` and `npm run dev` keep the generated secret; ignored by git. */
const SESSION_SECRET_FILE = "db/.session-secret";

/**
 * SHA-256 digests of secrets that were published and must never sign a cookie again. The first
 * is the db/.session-secret that was tracked in git until 2026-12-02: every copy started the
 * README way signed its cookies with it. Only digests are listed, so this file holds no secret.
 */
export const BURNED_SESSION_SECRET_SHA256 = ["1ebb29dda5d02d3e0eb22d51a321ecf84e9eef961c69e283b1b8230a5f3fe935"];

export function isBurnedSessionSecret(secret: string, burned = BURNED_SESSION_SECRET_SHA256): boolean {
  return burned.includes(createHash("sha256").update(secret.trim(), "utf8").digest("hex"));
}

function newSessionSecret(): string {
  return randomBytes(32).toString("hex");
}

type SecretOutcome = { secret: string; outcome: "kept" | "generated" | "replaced-burned" };

/**
 * Returns the secret kept in `file`, generating one (owner-only) on first start, and replacing
 * a burned one: a copy that still holds the published value gets a fresh secret, which signs
 * out everyone signed in under the old one — the point, since anyone could forge those cookies.
 */
export function ensureSessionSecretFile(file = SESSION_SECRET_FILE, burned = BURNED_SESSION_SECRET_SHA256): SecretOutcome {
  let outcome: SecretOutcome["outcome"] = "generated";
  if (existsSync(file)) {
    const kept = readFileSync(file, "utf8").trim();
    if (kept.length >= 32 && !isBurnedSessionSecret(kept, burned)) return { secret: kept, outcome: "kept" };
    if (isBurnedSessionSecret(kept, burned)) outcome = "replaced-burned";
  }
  const secret = newSessionSecret();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, outcome };
}

export function describeSecretOutcome(outcome: SecretOutcome["outcome"], file = SESSION_SECRET_FILE): string | null {
  if (outcome === "generated") return `Generated a session secret in ${file} (kept out of git). Set SESSION_SECRET to manage it yourself.`;
  if (outcome === "replaced-burned") {
    return `${file} held the session secret that was published in Pitchgrid's repository, so anyone could forge a sign-in. Replaced it with a new random secret: everyone signed in must sign in again.`;
  }
  return null;
}
