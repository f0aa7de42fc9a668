/**
 * Who is on the other end of a request. Our server (scripts/server/app.ts) works it out from the socket
 * and TRUST_PROXY, drops any copy of these headers the client sent, and hands the result to the
 * app in them; route code reads it through clientAddress (rate-limit.ts) and isLoopbackRequest.
 */
export const CLIENT_HEADER = "x-pitchgrid-client";
/** The socket's own address (the nearest hop: the client itself, or our proxy). */
export const PEER_HEADER = "x-pitchgrid-peer";

/**
 * The client's address: with no trusted proxies, the socket's address; with N, the entry the
 * N-th proxy from us appended to X-Forwarded-For (entries to its left were typed by the client
 * and are ignored). When the header holds fewer entries than that (a request that did not come
 * through every proxy), the farthest hop we know of.
 */
export function forwardedClient(socketAddress: string, forwardedFor: string | undefined, trustedProxies: number): string {
  const hops = [normaliseAddress(socketAddress)];
  if (trustedProxies > 0 && forwardedFor) {
    const entries = forwardedFor
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (let i = entries.length - 1; i >= 0 && hops.length <= trustedProxies; i--) hops.push(normaliseAddress(entries[i]));
  }
  return hops[Math.min(trustedProxies, hops.length - 1)];
}

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is written as plain IPv4. */
export function normaliseAddress(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const plain = normaliseAddress(address);
  return plain === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(plain);
}

/**
 * Whether a request came from this machine: the socket is loopback and so is the client (a
 * proxy on this machine does not make its clients local). Only our server sets the headers;
 * without them (the Vite dev server, which listens on localhost) only development allows it.
 */
export function isLoopbackRequest(request: Request, nodeEnv: string): boolean {
  const peer = request.headers.get(PEER_HEADER);
  if (peer === null) return nodeEnv === "development";
  return isLoopbackAddress(peer) && isLoopbackAddress(request.headers.get(CLIENT_HEADER));
}
