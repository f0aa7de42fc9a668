import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 32 random bytes (256 bits), URL-safe: used for every secret link. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Secrets are stored as SHA-256 digests, never as the token itself. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Compares two secrets without leaking, through timing, how much of them matched. */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

export function looksLikeToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{20,100}$/.test(value);
}
