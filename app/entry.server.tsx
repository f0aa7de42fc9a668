import { PassThrough } from "node:stream";
import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext, type HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import {
  acceptsGzip,
  actionHasErrors,
  cachedPage,
  env,
  EnvError,
  errorTitleStream,
  gzippedPage,
  isPageKept,
  keptPageFor,
  markPersonalPage,
  randomString,
  renderedPageKey,
  rememberPageHeaders,
  renderPageOnce,
  securityHeaders,
  startBackgroundWork,
  tidyHtml,
  tidyHtmlStream,
} from "./.server/platform";
import "./.server/jobs";
import { NonceContext } from "./nonce";

// Fail fast, with a readable message, when the environment is wrong.
try {
  env();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
startBackgroundWork();

// The app defers no data (no <Await>), so a render cannot wait on anything: the abort is only a
// safety net for a render that is stuck. At 5 s it turned renders that were merely slow (a busy
// machine, a burst of visitors) into 500s; 30 s leaves only the stuck ones.
const ABORT_DELAY = 30_000;

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  securityHeaders(response.headers);
  markPersonalPage(request, response.headers);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const nonce = newNonce();
  securityHeaders(responseHeaders, nonce);
  markPersonalPage(request, responseHeaders);
  const app = (
    <NonceContext.Provider value={nonce}>
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
    </NonceContext.Provider>
  );
  const cacheKey = renderedPageKey(request, responseStatusCode, responseHeaders);
  if (cacheKey) {
    responseHeaders.set("Content-Type", "text/html; charset=utf-8");
    const acceptEncoding = request.headers.get("accept-encoding");
    const toResponse = ({ status, headers, body }: PageAnswer) => new Response(typeof body === "string" ? body : new Uint8Array(body), { headers, status });
    if (isPageKept(cacheKey)) {
      rememberPageHeaders(cacheKey, responseHeaders, nonce);
      const answer = keptPageAnswer(cacheKey, nonce, responseHeaders, acceptEncoding);
      if (answer) return toResponse(answer);
    }
    // One render per key at a time: a burst of visitors waits for it (page-cache.ts).
    return renderPageOnce(cacheKey, nonce, () => renderWholePage(app, nonce)).then(({ html, failed }) => {
      if (failed) return new Response(html, { headers: responseHeaders, status: 500 });
      rememberPageHeaders(cacheKey, responseHeaders, nonce);
      return toResponse(keptPageAnswer(cacheKey, nonce, responseHeaders, acceptEncoding, html) ?? { status: 200, headers: responseHeaders, body: html });
    });
  }

  const waitForAll = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      [waitForAll ? "onAllReady" : "onShellReady"]() {
        shellRendered = true;
        const body = tidyHtmlStream();
        const stream = createReadableStreamFromReadable(body);
        responseHeaders.set("Content-Type", "text/html; charset=utf-8");
        resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
        // A form answered with errors: the title starts "Error: " (GOV.UK).
        if (actionHasErrors(remixContext.staticHandlerContext.actionData)) {
          const titled = errorTitleStream();
          titled.pipe(body);
          pipe(titled);
        } else {
          pipe(body);
        }
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY).unref();
  });
}

const newNonce = () => randomString(16, "base64");

/** A response's status, headers and body, for Remix (as a Response) or for our server to send itself. */
type PageAnswer = { status: number; headers: Headers; body: Buffer | string };

/**
 * The answer for a kept page (always a 200): gzipped from its kept pieces when the browser takes
 * gzip, not compressed again per response (page-cache.ts; the server's compression leaves a
 * response that has its Content-Encoding alone), else the page itself with this nonce (`html`
 * when the caller has it already). Null when the page is not kept.
 */
function keptPageAnswer(key: string, nonce: string, headers: Headers, acceptEncoding: string | null, html?: string): PageAnswer | null {
  const gzipped = acceptsGzip(acceptEncoding) ? gzippedPage(key, nonce) : null;
  if (gzipped) {
    headers.set("Content-Encoding", "gzip");
    headers.append("Vary", "Accept-Encoding");
    headers.set("Content-Length", String(gzipped.length));
    return { status: 200, headers, body: gzipped };
  }
  const page = html ?? cachedPage(key, nonce);
  return page === null ? null : { status: 200, headers, body: page };
}

/**
 * Asked by our server (scripts/server/app.ts) before Remix: a GET without cookies or
 * If-None-Match for a page the page cache keeps is answered here, with what Remix would answer
 * (the kept page with a fresh nonce, and the headers Remix sent with it, this nonce in the CSP),
 * without running Remix's loaders, router and data encoding. Null: Remix answers. `path` is
 * the URL's path and query as sent.
 */
export async function answerFromPageCache(method: string, path: string, header: (name: string) => string | undefined): Promise<PageAnswer | null> {
  if (method !== "GET" || header("cookie") !== undefined || header("if-none-match") !== undefined) return null;
  const kept = await keptPageFor(path, newNonce);
  return kept ? keptPageAnswer(kept.key, kept.nonce, kept.headers, header("accept-encoding") ?? null) : null;
}

/** Renders the whole page to a string (for the page cache): every Suspense boundary resolved. */
function renderWholePage(app: JSX.Element, nonce: string): Promise<{ html: string; failed: boolean }> {
  return new Promise((resolve, reject) => {
    let failed = false;
    const { pipe, abort } = renderToPipeableStream(app, {
      nonce,
      onAllReady() {
        const body = new PassThrough();
        const chunks: Buffer[] = [];
        body.on("data", (chunk: Buffer) => chunks.push(chunk));
        body.on("end", () => resolve({ html: tidyHtml(Buffer.concat(chunks).toString("utf8")), failed }));
        body.on("error", reject);
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        failed = true;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY).unref();
  });
}
