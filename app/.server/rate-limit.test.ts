import { afterEach, describe, expect, it } from "vitest";
import { clientAddress, enforceAddressRateLimit, RATE_LIMITS, resetRateLimitsForTests } from "./rate-limit";

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

  it("stop one address at its limit and leave the next address alone", () => {
    const limit = RATE_LIMITS.registration.limit;
    for (let i = 0; i < limit; i++) enforceAddressRateLimit("registration", request("198.51.100.7"));
    let refused: unknown;
    try {
      enforceAddressRateLimit("registration", request("198.51.100.7"));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(Response);
    expect((refused as Response).status).toBe(429);
    expect(() => enforceAddressRateLimit("registration", request("198.51.100.8"))).not.toThrow();
  });
});
