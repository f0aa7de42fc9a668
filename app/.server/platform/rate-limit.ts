import { CLIENT_HEADER } from "./client-address";
import { writeTransaction } from "./db";
import { env } from "./env";
import { DomainError } from "./errors";

/**
 * A fixed-window counter per (bucket, key), kept in the database (table rate_limits), so every
 * app process — and every machine on one libSQL server — counts against the same limit. Each
 * check is one atomic upsert that starts a new window or adds one to the current one and
 * returns the count. Checks that arrive in the same turn of the event loop share one write
 * transaction (one disk sync for the group, as registrations do). RATE_LIMIT_SCALE multiplies
 * every limit; 0 turns limits off without touching the database (load benchmarks).
 */
type RateLimit = { limit: number; windowMs: number };

// Per address limits are generous: a council office or the venue wifi puts many people behind
// one address, and registration opening is exactly when they all arrive.
export const RATE_LIMITS = {
  signIn: { limit: 30, windowMs: 15 * 60_000 },
  // Sign-in links to one address from one client. Keyed by (email, client), so someone else's
  // attempts cannot lock an organiser out…
  signInPerEmail: { limit: 5, windowMs: 15 * 60_000 },
  // …and an overall cap per email address that no single client can reach (5 per client), so
  // it takes many addresses to flood one inbox.
  signInPerEmailOverall: { limit: 50, windowMs: 15 * 60_000 },
  registration: { limit: 100, windowMs: 10 * 60_000 },
  // Per (event, client address): enough for a council office registering together for one
  // event, not for a script inventing people (a registration holds no place until verified,
  // but each sends a confirmation email to whatever address was typed).
  registrationPerEvent: { limit: 50, windowMs: 60 * 60_000 },
  // Asking for approval is rarer (people a rule refused): a burst from one client is a script.
  approvalRequestPerEvent: { limit: 10, windowMs: 60 * 60_000 },
  // Each sends an email to someone who did not necessarily ask: kept low, per address emailed.
  resendLinks: { limit: 3, windowMs: 60 * 60_000 },
  pitching: { limit: 20, windowMs: 10 * 60_000 },
  marking: { limit: 120, windowMs: 60_000 },
} satisfies Record<string, RateLimit>;

/** The longest window: counters older than this are of no further use and are pruned. */
const LONGEST_WINDOW_MS = Math.max(...Object.values(RATE_LIMITS).map((rule) => rule.windowMs));

const UPSERT = `INSERT INTO rate_limits (bucket, key, window_start, count) VALUES (?, ?, ?, 1)
  ON CONFLICT (bucket, key) DO UPDATE SET
    count = CASE WHEN excluded.window_start - rate_limits.window_start >= ? THEN 1 ELSE rate_limits.count + 1 END,
    window_start = CASE WHEN excluded.window_start - rate_limits.window_start >= ? THEN excluded.window_start ELSE rate_limits.window_start END
  RETURNING count`;

type Hit = { bucket: string; key: string; windowMs: number; now: number; resolve: (count: number) => void; reject: (error: unknown) => void };
let pending: Hit[] = [];
let flushScheduled = false;

/** Counts one hit and resolves to the count in the current window (this hit included). */
function countHit(bucket: string, key: string, windowMs: number, now: number): Promise<number> {
  return new Promise((resolve, reject) => {
    pending.push({ bucket, key, windowMs, now, resolve, reject });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushHits);
    }
  });
}

async function flushHits() {
  const hits = pending;
  pending = [];
  flushScheduled = false;
  try {
    const results = await writeTransaction((tx) =>
      tx.batch(hits.map((hit) => ({ sql: UPSERT, args: [hit.bucket, hit.key.slice(0, 500), hit.now, hit.windowMs, hit.windowMs] }))),
    );
    hits.forEach((hit, i) => hit.resolve(Number(results[i].rows[0].count)));
  } catch (error) {
    for (const hit of hits) hit.reject(error);
  }
}

export async function checkRateLimit(bucket: string, key: string, rule: RateLimit, now = Date.now()): Promise<boolean> {
  const scale = env().RATE_LIMIT_SCALE;
  if (scale === 0) return true;
  const count = await countHit(bucket, key, rule.windowMs, now);
  return count <= Math.ceil(rule.limit * scale);
}

/**
 * Throws a "rate-limited" DomainError (the 429 page, with Retry-After) when the limit is
 * exceeded. Called at the route boundary, inside withErrorPage.
 */
export async function enforceRateLimit(bucket: keyof typeof RATE_LIMITS, key: string): Promise<void> {
  if (!(await checkRateLimit(bucket, key, RATE_LIMITS[bucket]))) {
    throw new DomainError("rate-limited", "Too many attempts. Wait a few minutes, then try again.", "form", {
      "Retry-After": String(Math.ceil(RATE_LIMITS[bucket].windowMs / 1000)),
    });
  }
}

/**
 * The client's address, or null when it cannot be known. Served by our server (scripts/server/app.ts),
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
export async function enforceAddressRateLimit(bucket: keyof typeof RATE_LIMITS, request: Request): Promise<void> {
  const address = clientAddress(request);
  if (address) await enforceRateLimit(bucket, `address:${address}`);
}

/**
 * Sign-in links asked for one email address: at most signInPerEmail from any one client, so a
 * stranger hammering the form cannot lock the organiser out, and signInPerEmailOverall from
 * everyone together. A client whose address cannot be known shares one "unknown" allowance.
 */
export async function enforceSignInEmailLimit(email: string, request: Request): Promise<void> {
  const normalised = email.trim().toLowerCase();
  await enforceRateLimit("signInPerEmail", `${normalised} from ${clientAddress(request) ?? "unknown"}`);
  await enforceRateLimit("signInPerEmailOverall", normalised);
}

/** Deletes counters whose window ended long ago (a periodic job). */
export async function pruneRateLimits(now = Date.now()): Promise<number> {
  const result = await writeTransaction((tx) => tx.execute({ sql: "DELETE FROM rate_limits WHERE window_start < ?", args: [now - LONGEST_WINDOW_MS] }));
  return result.rowsAffected;
}

export async function resetRateLimitsForTests() {
  await writeTransaction((tx) => tx.execute("DELETE FROM rate_limits"));
}
