import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fireLoad, LoadConnection } from "../../scripts/lib/load-client";

/** The benchmarks' load generator, against a real Node HTTP server. */
describe("the benchmark load client", () => {
  let server: http.Server;
  let base: URL;
  const seen: { method: string; url: string; body: string; host: string }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        seen.push({ method: req.method!, url: req.url!, body, host: req.headers.host ?? "" });
        if (req.url === "/chunked") {
          res.writeHead(200, { "content-type": "text/plain" });
          res.write("first part, ");
          setTimeout(() => res.end("second part"), 5);
        } else if (req.url === "/redirect") {
          res.writeHead(303, { location: "/elsewhere", "content-length": "0" });
          res.end();
        } else if (req.url === "/hang-up") {
          req.socket.destroy();
        } else {
          res.writeHead(200, { "content-length": String(Buffer.byteLength(body)) });
          res.end(body);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads chunked, sized and empty bodies in turn on one kept-alive connection", async () => {
    const connection = new LoadConnection(base);
    try {
      const chunked = await connection.send({ method: "GET", path: "/chunked" });
      expect(chunked.status).toBe(200);
      expect(chunked.body.toString()).toBe("first part, second part");
      const echoed = await connection.send({ method: "POST", path: "/echo", headers: { "content-type": "text/plain" }, body: "héllo" });
      expect(echoed.body.toString()).toBe("héllo");
      const redirect = await connection.send({ method: "GET", path: "/redirect" });
      expect(redirect.status).toBe(303);
      expect(redirect.headers.get("location")).toBe("/elsewhere");
      expect(seen.slice(-3).map((s) => `${s.method} ${s.url} ${s.body}`)).toEqual(["GET /chunked ", "POST /echo héllo", "GET /redirect "]);
      expect(seen.at(-1)!.host).toBe(base.host);
    } finally {
      connection.close();
    }
  });

  it("fails, rather than waits, when the server hangs up", async () => {
    const connection = new LoadConnection(base);
    await expect(connection.send({ method: "GET", path: "/hang-up" })).rejects.toThrow(/closed|reset|ECONNRESET/);
    connection.close();
  });

  it("fires every request once from the given number of connections", async () => {
    const before = seen.length;
    const run = await fireLoad(base, 120, 7, (i) => ({ method: "POST", path: `/n/${i}`, body: String(i) }), (response, i) => expect(response.body.toString()).toBe(String(i)));
    expect(run.statuses).toEqual(new Map([[200, 120]]));
    expect(new Set(seen.slice(before).map((s) => s.url)).size).toBe(120);
    expect(run.p99).toBeGreaterThanOrEqual(run.p50);
  });
});
