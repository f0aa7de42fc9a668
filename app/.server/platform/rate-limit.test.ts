import { afterEach, describe, expect, it } from "vitest";
import { query } from "./db";
import { resetEnvForTests } from "./env";
import { DomainError } from "./errors";
import { checkRateLimit, clientAddress, enforceAddressRateLimit, enforceSignInEmailLimit, pruneRateLimits, RATE_LIMITS, resetRateLimitsForTests } from "./rate-limit";

const request = (forwardedFor?: string) => new Request("http://pitchgrid.test/", { headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } });

describe("the client's address", () => {
  it("is unknown without a trusted proxy, whatever the client sends", () => {
    expect(clientAddress(request("203.0.113.9"), 0)).toBeNull();
    expect(clientAddress(request(), 0)).toBeNull();
  });

  it("is the entry our own proxy appended, never one the client typed", () => {
    expect(clientAddress(request("203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(request("192.0.2.1, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(request("192.0.2.1, 203.0.113.9, 10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("is unknown when the trusted proxies did not say", () => {
    expect(clientAddress(request(), 1)).toBeNull();
    expect(clientAddress(request("203.0.113.9"), 2)).toBeNull();
    expect(clientAddress(request(" , "), 1)).toBeNull();
  });
});

describe("per-address limits", () => {
  afterEach(() => resetRateLimitsForTests());

  it("stop one address at its limit and leave the next address alone", async () => {
    const limit = RATE_LIMITS.registration.limit;
    for (let i = 0; i < limit; i++) await enforceAddressRateLimit("registration", request("198.51.100.7"));
    let refused: unknown;
    try {
      await enforceAddressRateLimit("registration", request("198.51.100.7"));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ kind: "rate-limited", status: 429 });
    await expect(enforceAddressRateLimit("registration", request("198.51.100.8"))).resolves.toBeUndefined();
  });
});

describe("counts kept in the database", () => {
  afterEach(() => resetRateLimitsForTests());
  const rule = { limit: 3, windowMs: 60_000 };
  const rows = async () => Number((await query("SELECT COUNT(*) AS n FROM rate_limits")).rows[0].n);

  it("count every check exactly once, even when many arrive at the same moment", async () => {
    const now = 1_000_000;
    const answers = await Promise.all(Array.from({ length: 10 }, () => checkRateLimit("test", "together", rule, now)));
    expect(answers.filter(Boolean)).toHaveLength(3);
    const row = (await query({ sql: "SELECT count, window_start FROM rate_limits WHERE bucket = 'test' AND key = 'together'", args: [] })).rows[0];
    expect(Number(row.count)).toBe(10);
    expect(Number(row.window_start)).toBe(now);
  });

  it("start a new window once the old one has passed", async () => {
    const start = 5_000_000;
    for (let i = 0; i < 3; i++) expect(await checkRateLimit("test", "windowed", rule, start + i)).toBe(true);
    expect(await checkRateLimit("test", "windowed", rule, start + 59_999)).toBe(false);
    expect(await checkRateLimit("test", "windowed", rule, start + 60_000)).toBe(true);
    expect(await checkRateLimit("test", "windowed", rule, start + 60_001)).toBe(true);
  });

  it("keep separate counts per bucket and key", async () => {
    for (let i = 0; i < 3; i++) await checkRateLimit("test", "a", rule, 1);
    expect(await checkRateLimit("test", "a", rule, 2)).toBe(false);
    expect(await checkRateLimit("test", "b", rule, 2)).toBe(true);
    expect(await checkRateLimit("other", "a", rule, 2)).toBe(true);
  });

  it("touch no table at all when RATE_LIMIT_SCALE is 0", async () => {
    process.env.RATE_LIMIT_SCALE = "0";
    resetEnvForTests();
    try {
      for (let i = 0; i < 10; i++) expect(await checkRateLimit("test", "off", rule)).toBe(true);
      expect(await rows()).toBe(0);
    } finally {
      delete process.env.RATE_LIMIT_SCALE;
      resetEnvForTests();
    }
  });

  it("prune counters whose window ended more than the longest window ago", async () => {
    const now = 100_000_000;
    await checkRateLimit("test", "old", rule, now - 2 * 3600_000);
    await checkRateLimit("test", "recent", rule, now - 60_000);
    expect(await pruneRateLimits(now)).toBe(1);
    expect((await query("SELECT key FROM rate_limits")).rows.map((r) => r.key)).toEqual(["recent"]);
  });
});

describe("sign-in limits per email address", () => {
  afterEach(() => resetRateLimitsForTests());

  it("count per (email, client): a stranger's attempts do not use up the organiser's own", async () => {
    for (let i = 0; i < RATE_LIMITS.signInPerEmail.limit; i++) await enforceSignInEmailLimit("Organiser@Example.gov.uk", request("203.0.113.66"));
    await expect(enforceSignInEmailLimit("organiser@example.gov.uk", request("203.0.113.66"))).rejects.toHaveProperty("status", 429);
    await expect(enforceSignInEmailLimit("organiser@example.gov.uk", request("198.51.100.1"))).resolves.toBeUndefined();
  });

  it("cap one email address overall, at more than any one client can send", async () => {
    const { limit } = RATE_LIMITS.signInPerEmailOverall;
    expect(limit).toBeGreaterThan(RATE_LIMITS.signInPerEmail.limit);
    for (let i = 0; i < limit; i++) await enforceSignInEmailLimit("flooded@example.gov.uk", request(`198.51.100.${i % 100}`));
    await expect(enforceSignInEmailLimit("flooded@example.gov.uk", request("192.0.2.200"))).rejects.toHaveProperty("status", 429);
  });
});
