import { CLIENT_HEADER } from "./client-address";
import { env } from "./env";

/**
 * A fixed-window counter per (bucket, key), in process memory. Enough to slow a bot on one
 * instance; several instances each keep their own count, which the README notes.
 * RATE_LIMIT_SCALE multiplies every limit (0 turns limits off, e.g. for a load benchmark).
 */
type Window = { startedAt: number; count: number };
const windows = new Map<string, Window>();

export type RateLimit = { limit: number; windowMs: number };

// Per address limits are generous: a council office or the venue wifi puts many people behind
// one address, and registration opening is exactly when they all arrive.
export const RATE_LIMITS = {
  signIn: { limit: 30, windowMs: 15 * 60_000 },
  signInPerEmail: { limit: 5, windowMs: 15 * 60_000 },
  registration: { limit: 100, windowMs: 10 * 60_000 },
  // Each sends an email to someone who did not necessarily ask: kept low, per address emailed.
  resendLinks: { limit: 3, windowMs: 60 * 60_000 },
  pitching: { limit: 20, windowMs: 10 * 60_000 },
  marking: { limit: 120, windowMs: 60_000 },
} satisfies Record<string, RateLimit>;

export function checkRateLimit(bucket: string, key: string, rule: RateLimit, now = Date.now()): boolean {
  const scale = env().RATE_LIMIT_SCALE;
  if (scale === 0) return true;
  const id = `${bucket}:${key}`;
  const current = windows.get(id);
  if (!current || now - current.startedAt >= rule.windowMs) {
    windows.set(id, { startedAt: now, count: 1 });
    if (windows.size > 50_000) pruneWindows(now);
    return true;
  }
  current.count += 1;
  return current.count <= Math.ceil(rule.limit * scale);
}

function pruneWindows(now: number) {
  for (const [id, window] of windows) if (now - window.startedAt > 3600_000) windows.delete(id);
}

/** Throws a 429 page when the limit is exceeded. */
export function enforceRateLimit(bucket: keyof typeof RATE_LIMITS, key: string) {
  if (!checkRateLimit(bucket, key, RATE_LIMITS[bucket])) {
    throw new Response("Too many attempts. Wait a few minutes, then try again.", {
      status: 429,
      statusText: "Too Many Requests",
      headers: { "Retry-After": String(Math.ceil(RATE_LIMITS[bucket].windowMs / 1000)) },
    });
  }
}

/**
 * The client's address, or null when it cannot be known. Served by our server (server/app.ts),
 * it is always known: the server works it out from the socket address and TRUST_PROXY and
 * passes it in an internal header that it strips from what clients send. Otherwise (the Vite
 * dev server, or a request built in a test) it comes from X-Forwarded-For, which only the
 * proxies we run can vouch for: with TRUST_PROXY=N, the entry the N-th proxy from us appended.
 * Any entries to its left were typed by the client and are ignored.
 */
export function clientAddress(request: Request, trustedProxies = env().TRUST_PROXY): string | null {
  const served = request.headers.get(CLIENT_HEADER);
  if (served) return served;
  if (trustedProxies === 0) return null;
  const entries = (request.headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
  const address = entries[entries.length - trustedProxies];
  return address ? address : null;
}

/** Limits one address; off when the address cannot be known (see clientAddress). */
export function enforceAddressRateLimit(bucket: keyof typeof RATE_LIMITS, request: Request) {
  const address = clientAddress(request);
  if (address) enforceRateLimit(bucket, `address:${address}`);
}

export function resetRateLimitsForTests() {
  windows.clear();
}
