import { randomBytes } from "node:crypto";
import { PassThrough } from "node:stream";
import { type AppLoadContext, createReadableStreamFromReadable, type EntryContext, type HandleDataRequestFunction } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import {
  acceptsGzip,
  actionHasErrors,
  env,
  EnvError,
  errorTitleStream,
  gzippedPage,
  markPersonalPage,
  renderedPageKey,
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
  const nonce = randomBytes(16).toString("base64");
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
    // One render per key at a time: a burst of visitors waits for it (page-cache.ts).
    return renderPageOnce(cacheKey, nonce, () => renderWholePage(app, nonce)).then(({ html, failed }) => {
      // Gzipped from the kept pieces, not compressed again per response (page-cache.ts); the
      // server's compression leaves a response that has its Content-Encoding alone.
      const gzipped = !failed && acceptsGzip(request.headers.get("accept-encoding")) ? gzippedPage(cacheKey, nonce) : null;
      if (gzipped) {
        responseHeaders.set("Content-Encoding", "gzip");
        responseHeaders.append("Vary", "Accept-Encoding");
        responseHeaders.set("Content-Length", String(gzipped.length));
        return new Response(new Uint8Array(gzipped), { headers: responseHeaders, status: responseStatusCode });
      }
      return new Response(html, { headers: responseHeaders, status: failed ? 500 : responseStatusCode });
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
