/**
 * Our HTTP server: the same parts remix-serve is made of (express, @remix-run/express,
 * compression, morgan), put together so that we decide what it does. Compared with remix-serve:
 *
 * - the access log never holds a secret link (redactUrl);
 * - the app learns who the client is from the socket (and TRUST_PROXY), not from a header the
 *   client typed (client-address.ts);
 * - request bodies above MAX_BODY_BYTES are refused with 413 before any of it is kept;
 * - a cross-origin form post is answered 403 with a page of ours, not a 500 from inside Remix;
 * - static files carry the security headers too, and are looked for only under /assets and at
 *   the top-level names build/client holds when the server starts.
 */
import { readdirSync } from "node:fs";
import { Readable, type Writable } from "node:stream";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import morgan from "morgan";
import { CLIENT_HEADER, forwardedClient, normaliseAddress, PEER_HEADER, redactUrl, securityHeaders } from "../../app/.server/platform";

type ServerOptions = {
  build: ServerBuild;
  mode: string;
  /** build/client: /assets/* (hashed, cached for a year) and the copied public/ files. */
  clientDir: string;
  trustProxy: number;
  maxBodyBytes: number;
  /** Where the access log goes (stdout unless told). */
  log?: Writable;
};

export function createApp(options: ServerOptions) {
  const app = express();
  app.disable("x-powered-by");

  // Before anything else: nobody outside may claim an address, whatever they send.
  app.use((req, _res, next) => {
    const peer = normaliseAddress(req.socket.remoteAddress ?? "");
    const forwardedFor = req.headers["x-forwarded-for"];
    req.headers[PEER_HEADER] = peer;
    req.headers[CLIENT_HEADER] = forwardedClient(peer, Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor, options.trustProxy);
    next();
  });

  app.use(compression());

  // Static files only where they are: /assets/*, and the few files at the top of build/client
  // (favicon.ico, robots.txt), listed once at start. Every other URL goes to the app without a
  // look at the disk (a stat per request was about a tenth of the server's time, issue 19).
  const staticHeaders = (res: Response) => setSecurityHeaders(res);
  app.use("/assets", express.static(`${options.clientDir}/assets`, { immutable: true, maxAge: "1y", setHeaders: staticHeaders }));
  const topFiles = new Set(readdirSync(options.clientDir, { withFileTypes: true }).flatMap((entry) => (entry.isFile() ? [`/${entry.name}`] : [])));
  const topStatic = express.static(options.clientDir, { maxAge: "1h", setHeaders: staticHeaders });
  app.use((req, res, next) => (topFiles.has(req.path) ? topStatic(req, res, next) : next()));

  // As remix-serve's "tiny" format, with secrets taken out of the URL.
  app.use(
    morgan(
      (tokens, req, res) =>
        [tokens.method(req, res), redactUrl(req.originalUrl ?? req.url ?? ""), tokens.status(req, res), tokens.res(req, res, "content-length"), "-", tokens["response-time"](req, res), "ms"].join(" "),
      { stream: options.log },
    ),
  );

  app.use(refuseCrossOriginWrites);
  app.use(readBody(options.maxBodyBytes));

  const remix = createRequestHandler({ build: options.build, mode: options.mode });
  const fromPageCache = (options.build.entry.module as { answerFromPageCache?: AnswerFromPageCache }).answerFromPageCache;
  app.all("*", (req, res, next) => {
    const body = (req as Request & { pitchgridBody?: Buffer }).pitchgridBody;
    const toRemix = () => void remix(body ? withBufferedBody(req, body) : req, res, next);
    if (!fromPageCache || req.method !== "GET") return toRemix();
    // A page the page cache keeps, answered without Remix (entry.server.tsx, answerFromPageCache).
    fromPageCache(req.method, req.originalUrl, (name) => headerValue(req.headers[name])).then(
      (answer) => (answer ? sendAnswer(res, answer) : toRemix()),
      () => toRemix(),
    );
  });

  // Whatever escapes (it should not): a plain 500 page, never a stack trace to the client.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    console.error(error);
    sendPage(res, 500, "Sorry, there is a problem with the service", "Try again later.");
  });
  return app;
}

type PageAnswer = { status: number; headers: Headers; body: Buffer | string };
type AnswerFromPageCache = (method: string, path: string, header: (name: string) => string | undefined) => Promise<PageAnswer | null>;

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(", ") : value);

/**
 * Sends an answer the way @remix-run/express sends Remix's Response (sendRemixResponse, and
 * writeReadableStreamToWritable for its one-chunk body), so a page answered from the page cache
 * goes out with the same status line, headers and framing as one Remix answered.
 */
function sendAnswer(res: Response, answer: PageAnswer) {
  res.statusMessage = "";
  res.status(answer.status);
  for (const [name, value] of answer.headers) res.append(name, value);
  res.write(answer.body);
  const flushable = res as Response & { flush?: () => void };
  if (typeof flushable.flush === "function") flushable.flush();
  res.end();
}

function setSecurityHeaders(res: Response) {
  const headers = new Headers();
  securityHeaders(headers);
  headers.forEach((value, name) => res.setHeader(name, value));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small page of our own, for answers given before the app is reached. */
function sendPage(res: Response, status: number, title: string, body: string, extraHeaders: Record<string, string> = {}) {
  setSecurityHeaders(res);
  res.status(status);
  res.set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...extraHeaders });
  res.end(
    `<!doctype html>\n<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} – Pitchgrid</title></head>` +
      `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><a href="/">Go to the Pitchgrid home page</a></p></main></body></html>\n`,
  );
}

const readsBody = (method: string) => method !== "GET" && method !== "HEAD";

/**
 * Remix refuses an action whose Origin names another host than Host (or X-Forwarded-Host), but
 * by throwing: a 500 and a stack trace in the log. The same test here answers 403 first.
 */
function refuseCrossOriginWrites(req: Request, res: Response, next: NextFunction) {
  if (!readsBody(req.method)) return next();
  const origin = req.headers.origin;
  if (origin === undefined || origin === "") return next();
  let originHost: string | null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  const forwardedHost = req.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwardedHost || req.get("host");
  if (originHost && host && originHost === host) return next();
  // The browser is still sending the form: close the connection rather than read it.
  res.on("finish", () => req.socket.destroySoon());
  sendPage(res, 403, "This form was sent from another website", "It was not accepted. Go back to the page you came from, reload it and try again.", { Connection: "close" });
}

/**
 * Reads a request body into memory, refusing it with 413 as soon as it is known to be over the
 * limit: at once when Content-Length says so, else when the bytes counted so far pass it
 * (a chunked body); the rest is never read and the connection is closed.
 */
function readBody(limit: number) {
  return (req: Request, res: Response, next: NextFunction) => {
    const declared = req.headers["content-length"];
    const tooLarge = () => {
      res.on("finish", () => req.socket.destroySoon());
      sendPage(res, 413, "What you sent is too large", `Pitchgrid accepts at most ${Math.floor(limit / 1024)} KB in one form. Go back, shorten what you wrote and try again.`, { Connection: "close" });
    };
    if (declared !== undefined && Number(declared) > limit) return tooLarge();
    if (!readsBody(req.method)) return next();
    if (declared === "0" || (declared === undefined && req.headers["transfer-encoding"] === undefined)) return next();
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > limit) {
        finish();
        req.pause();
        tooLarge();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (finish()) {
        (req as Request & { pitchgridBody?: Buffer }).pitchgridBody = Buffer.concat(chunks, received);
        next();
      }
    };
    const onError = () => finish();
    function finish() {
      if (done) return false;
      done = true;
      req.off("data", onData).off("end", onEnd).off("error", onError).off("aborted", onError);
      return true;
    }
    req.on("data", onData).on("end", onEnd).on("error", onError).on("aborted", onError);
  };
}

/**
 * The request as @remix-run/express reads it (method, headers, URL parts, and the body as a
 * stream), with the body we already hold.
 */
function withBufferedBody(req: Request, body: Buffer): Request {
  const stream = Readable.from(body.length ? [body] : [], { objectMode: false });
  return Object.assign(stream, {
    method: req.method,
    headers: req.headers,
    url: req.url,
    originalUrl: req.originalUrl,
    protocol: req.protocol,
    hostname: req.hostname,
    socket: req.socket,
    get: req.get.bind(req),
    header: req.header.bind(req),
  }) as unknown as Request;
}
