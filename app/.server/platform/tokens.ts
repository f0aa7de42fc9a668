import { createHash, randomFillSync, timingSafeEqual } from "node:crypto";

/**
 * Random bytes from the system's generator, taken 4 KiB at a time: each call into it cost about
 * 20 µs (two or three per registration, one per page), the copy from the pool about 1 µs (Node
 * does the same for randomUUID). Every byte is used once and zeroed once used.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

/** `bytes` (at most 4,096) fresh random bytes, encoded. */
export function randomString(bytes: number, encoding: "base64url" | "base64" | "hex"): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const text = pool.toString(encoding, used, used + bytes);
  pool.fill(0, used, used + bytes);
  used += bytes;
  return text;
}

/** 32 random bytes (256 bits), URL-safe: used for every secret link. */
export function newToken(): string {
  return randomString(32, "base64url");
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
