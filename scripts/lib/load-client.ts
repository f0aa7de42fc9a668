/**
 * The load generator the benchmarks fire with: kept-alive HTTP/1.1 connections over plain TCP,
 * one request at a time on each. On a 2-core machine the client shares the CPU with the app, so
 * its own cost counts as the app's: fetch spends several times what the app does on a small
 * request, node:http about as much. This reads only what it must (status, Content-Length or
 * chunked framing) and keeps the bodies, so a benchmark can check them.
 */
import net from "node:net";
import { performance } from "node:perf_hooks";

export type LoadRequest = { method: "GET" | "POST"; path: string; headers?: Record<string, string>; body?: string };
type LoadResponse = { status: number; headers: Map<string, string>; body: Buffer };
export type LoadRun = { seconds: number; perSecond: number; p50: number; p99: number; statuses: Map<number, number>; latencies: number[] };

const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** One kept-alive connection; `send` must not be called again before the last one answered. */
export class LoadConnection {
  private socket: net.Socket;
  private buffer = Buffer.alloc(0);
  private pending: { resolve: (r: LoadResponse) => void; reject: (e: Error) => void } | null = null;
  private connected: Promise<void>;

  constructor(private url: URL) {
    this.socket = net.connect({ host: url.hostname, port: Number(url.port) });
    this.socket.setNoDelay(true);
    this.connected = new Promise((resolve, reject) => {
      this.socket.once("connect", () => resolve());
      this.socket.once("error", reject);
    });
    this.socket.on("data", (chunk) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.parse();
    });
    const fail = (error: Error) => {
      const waiting = this.pending;
      this.pending = null;
      waiting?.reject(error);
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => fail(new Error("connection closed before the response ended")));
  }

  async send(request: LoadRequest): Promise<LoadResponse> {
    await this.connected;
    const body = request.body === undefined ? null : Buffer.from(request.body);
    const lines = [`${request.method} ${request.path} HTTP/1.1`, `Host: ${this.url.host}`];
    for (const [name, value] of Object.entries(request.headers ?? {})) lines.push(`${name}: ${value}`);
    if (body) lines.push(`Content-Length: ${body.length}`);
    const head = Buffer.from(`${lines.join("\r\n")}\r\n\r\n`);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(body ? Buffer.concat([head, body]) : head);
    });
  }

  close() {
    this.socket.destroy();
  }

  private parse() {
    if (!this.pending) return;
    const headerEnd = this.buffer.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const [statusLine, ...headerLines] = this.buffer.subarray(0, headerEnd).toString("latin1").split("\r\n");
    const headers = new Map<string, string>();
    for (const line of headerLines) {
      const colon = line.indexOf(":");
      headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const status = Number(statusLine.split(" ")[1]);
    let offset = headerEnd + HEADER_END.length;
    let body: Buffer;
    if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
      const parts: Buffer[] = [];
      for (;;) {
        const lineEnd = this.buffer.indexOf(CRLF, offset);
        if (lineEnd < 0) return; // wait for more
        const size = parseInt(this.buffer.subarray(offset, lineEnd).toString("latin1"), 16);
        if (Number.isNaN(size)) throw new Error("malformed chunked response");
        if (this.buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          offset = lineEnd + 4; // no trailers: the app never sends them
          break;
        }
        parts.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        offset = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      const length = Number(headers.get("content-length") ?? 0);
      if (this.buffer.length < offset + length) return;
      body = this.buffer.subarray(offset, offset + length);
      offset += length;
    }
    this.buffer = this.buffer.subarray(offset);
    const waiting = this.pending;
    this.pending = null;
    waiting.resolve({ status, headers, body: Buffer.from(body) });
  }
}

/**
 * Fires `count` requests from `concurrency` kept-alive connections, each taking the next request
 * as soon as its last one is answered, and reports throughput and latency.
 */
export async function fireLoad(
  base: URL,
  count: number,
  concurrency: number,
  request: (i: number) => LoadRequest,
  check?: (response: LoadResponse, i: number) => void,
): Promise<LoadRun> {
  const connections = Array.from({ length: Math.min(concurrency, count) }, () => new LoadConnection(base));
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      connections.map(async (connection) => {
        for (let i = next++; i < count; i = next++) {
          const t0 = performance.now();
          const response = await connection.send(request(i));
          latencies.push(performance.now() - t0);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          check?.(response, i);
        }
      }),
    );
  } finally {
    connections.forEach((c) => c.close());
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { seconds, perSecond: count / seconds, p50: at(0.5), p99: at(0.99), statuses, latencies };
}
