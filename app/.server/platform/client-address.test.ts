import { describe, expect, it } from "vitest";
import { CLIENT_HEADER, forwardedClient, isLoopbackAddress, isLoopbackRequest, PEER_HEADER } from "./client-address";
import { clientAddress } from "./rate-limit";

describe("the client's address, as our server works it out", () => {
  it("is the socket address with no trusted proxy, whatever X-Forwarded-For says", () => {
    expect(forwardedClient("127.0.0.1", "203.0.113.9", 0)).toBe("127.0.0.1");
    expect(forwardedClient("::ffff:192.0.2.4", undefined, 0)).toBe("192.0.2.4");
  });

  it("is the entry the N-th proxy appended, ignoring what the client typed to its left", () => {
    expect(forwardedClient("10.0.0.1", "203.0.113.9", 1)).toBe("203.0.113.9");
    expect(forwardedClient("10.0.0.1", "192.0.2.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(forwardedClient("10.0.0.1", "192.0.2.1, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9");
  });

  it("is the farthest hop known when the request did not pass every proxy: never unknown", () => {
    expect(forwardedClient("10.0.0.1", undefined, 1)).toBe("10.0.0.1");
    expect(forwardedClient("10.0.0.1", " , ", 1)).toBe("10.0.0.1");
    expect(forwardedClient("10.0.0.1", "203.0.113.9", 2)).toBe("203.0.113.9");
  });

  it("reaches the app through the internal header, which clientAddress prefers", () => {
    const served = new Request("http://x.test/", { headers: { [CLIENT_HEADER]: "127.0.0.1", "x-forwarded-for": "203.0.113.9" } });
    expect(clientAddress(served, 0)).toBe("127.0.0.1");
    expect(clientAddress(served, 1)).toBe("127.0.0.1");
  });
});

describe("a request from this machine", () => {
  const request = (headers: Record<string, string>) => new Request("http://x.test/dev/outbox", { headers });

  it("needs a loopback socket and a loopback client", () => {
    expect(isLoopbackAddress("127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("::1")).toBe(true);
    expect(isLoopbackAddress("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackAddress("127.0.0.1.evil")).toBe(false);
    expect(isLoopbackAddress("10.0.0.1")).toBe(false);
    expect(isLoopbackRequest(request({ [PEER_HEADER]: "127.0.0.1", [CLIENT_HEADER]: "127.0.0.1" }), "production")).toBe(true);
    // A proxy on this machine does not make its clients local.
    expect(isLoopbackRequest(request({ [PEER_HEADER]: "127.0.0.1", [CLIENT_HEADER]: "203.0.113.9" }), "production")).toBe(false);
    expect(isLoopbackRequest(request({ [PEER_HEADER]: "192.0.2.4", [CLIENT_HEADER]: "127.0.0.1" }), "production")).toBe(false);
  });

  it("is unknown without our server's headers: only development (the Vite dev server on localhost) allows it", () => {
    expect(isLoopbackRequest(request({}), "production")).toBe(false);
    expect(isLoopbackRequest(request({}), "test")).toBe(false);
    expect(isLoopbackRequest(request({}), "development")).toBe(true);
  });
});
