/**
 * Rendered HTML of public pages, kept per URL and ETag, so a rush of phones on the venue wifi
 * costs one React render per schedule version instead of one per request.
 *
 * Safe because a page's ETag already promises that everything it shows is the same for that
 * tag: the schedule loaders build it from the schedule version, the phase of the day and the
 * visitor's cookies, and a browser holding the tag is answered 304 on that promise. Only
 * requests without cookies (nobody signed in, nothing personal, no flash message) and responses
 * marked public are kept. The CSP nonce is the one part that differs per response: the kept
 * HTML has it swapped for the new one.
 *
 * Single flight: requests for a key that is being rendered wait for that render instead of
 * starting their own, so a burst of visitors right after a schedule change (or a cold start)
 * costs one render, not one each.
 */
import { constants, crc32, deflateRawSync } from "node:zlib";
import { forgetWhenDatabaseChanges } from "./db";

const MAX_PAGES = 64;
/**
 * A kept page, (once a visitor accepted gzip) its gzipped pieces (see gzippedPage), and (once
 * Remix answered with it) the response's headers, with the nonce they were sent with.
 */
type KeptPage = { html: string; nonce: string; gzip?: { plain: Buffer[]; deflated: Buffer[] }; headers?: { entries: [string, string][]; nonce: string } };
const pages = new Map<string, KeptPage>();
forgetWhenDatabaseChanges(() => pages.clear());

export function renderedPageKey(request: Request, status: number, headers: Headers): string | null {
  if (request.method !== "GET" || status !== 200 || request.headers.has("cookie") || headers.has("set-cookie")) return null;
  const etag = headers.get("etag");
  if (!etag || !/(^|,)\s*public\s*(,|$)/.test(headers.get("cache-control") ?? "")) return null;
  const url = new URL(request.url);
  return `${url.pathname}${url.search} ${etag}`;
}

export function cachedPage(key: string, nonce: string): string | null {
  const hit = usePage(key);
  return hit ? hit.html.replaceAll(hit.nonce, nonce) : null;
}

/** Whether the page for `key` is kept (counts as a use of it). */
export function isPageKept(key: string): boolean {
  return usePage(key) !== undefined;
}

function usePage(key: string): KeptPage | undefined {
  const hit = pages.get(key);
  if (!hit) return undefined;
  // Most recently used last, so the oldest goes first when the cache is full.
  pages.delete(key);
  pages.set(key, hit);
  return hit;
}

/**
 * A kept page answered before Remix runs (the server entry's answerFromPageCache, which our
 * server asks first). Remix would run the root and the page's loaders, encode their data for the
 * page (turbo-stream), match the route and build a Request, only to hand back the kept page: that
 * was about half of the grid page's cost. What a kept page needs instead is its current ETag: the
 * page's loader leaves, per URL, how to work it out for a visitor without cookies
 * (rememberPageCheck: for the schedule pages, one read of the event's version). The kept page's
 * key is that URL and ETag, as renderedPageKey makes it, and its headers are those Remix sent with
 * it last (rememberPageHeaders), with this response's nonce.
 */
type PageCheck = () => Promise<string | null>;
const MAX_CHECKS = 256;
const checks = new Map<string, PageCheck>();

/**
 * For the page `request` asks for, how to tell its ETag now for a visitor without cookies (null:
 * it would not be a kept page, e.g. the event is no longer published). Only the loader knows;
 * it must answer exactly the ETag the loader would set for such a visitor, which promises
 * everything else on the page (as renderedPageKey assumes).
 */
export function rememberPageCheck(request: Request, check: PageCheck) {
  if (request.method !== "GET" || request.headers.has("cookie")) return;
  const url = new URL(request.url);
  const path = `${url.pathname}${url.search}`;
  checks.delete(path);
  checks.set(path, check);
  if (checks.size > MAX_CHECKS) checks.delete(checks.keys().next().value!);
}

/** The headers Remix answered the kept page for `key` with, `nonce` being the response's nonce. */
export function rememberPageHeaders(key: string, headers: Headers, nonce: string) {
  const kept = pages.get(key);
  if (kept) kept.headers = { entries: [...headers], nonce };
}

/**
 * The kept page a GET for `path` (path and query, as sent) without cookies would get now: its key,
 * a nonce from `newNonce` and its headers with that nonce in them; null when it is not kept (or
 * its loader left no check, or the check fails: Remix then answers as usual). Every other URL
 * costs one map lookup.
 */
export async function keptPageFor(path: string, newNonce: () => string): Promise<{ key: string; nonce: string; headers: Headers } | null> {
  const check = checks.get(path);
  if (!check) return null;
  const etag = await check().catch(() => null);
  if (!etag) return null;
  const key = `${path} ${etag}`;
  const kept = usePage(key);
  if (!kept?.headers) return null;
  const { entries, nonce: sent } = kept.headers;
  const nonce = newNonce();
  return { key, nonce, headers: new Headers(entries.map(([name, value]) => [name, value.replaceAll(sent, nonce)])) };
}

/** Whether the request's Accept-Encoding takes gzip (by name or `*`, with a weight above 0). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(",").some((entry) => {
    const [name, ...params] = entry.split(";").map((part) => part.trim().toLowerCase());
    const q = params.find((param) => param.startsWith("q="));
    return (name === "gzip" || name === "*" || name === "x-gzip") && (q === undefined || Number(q.slice(2)) > 0);
  });
}

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03]);
/** A last, empty deflate block (fixed Huffman: BFINAL 1, BTYPE 01, end of block). */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);

/**
 * The kept page for `key`, gzipped, with `nonce` in it, without compressing the page again.
 * Gzipping the grid page was about a fifth of its cost when every response was compressed,
 * and the compressed bytes cannot simply be kept: the CSP nonce differs per response. So the
 * page is compressed once in pieces, split where its nonce appears: each piece is a raw deflate
 * stream of its own, flushed (Z_FULL_FLUSH) so it ends on a byte boundary without ending the
 * stream, and refers back only within itself, so the pieces can follow one another. Each
 * response joins them with the nonce between as stored (uncompressed) blocks, ends the stream
 * and adds gzip's header and trailer (CRC-32 and length of the whole page, RFC 1952).
 */
let compressions = 0;

export function gzippedPage(key: string, nonce: string): Buffer | null {
  const kept = pages.get(key);
  if (!kept) return null;
  if (!kept.gzip) {
    compressions += 1;
    const plain = kept.html.split(kept.nonce).map((piece) => Buffer.from(piece, "utf8"));
    kept.gzip = { plain, deflated: plain.map((piece) => deflateRawSync(piece, { finishFlush: constants.Z_FULL_FLUSH })) };
  }
  const { plain, deflated } = kept.gzip;
  const nonceBytes = Buffer.from(nonce, "utf8");
  const stored = Buffer.alloc(5 + nonceBytes.length);
  stored.writeUInt16LE(nonceBytes.length, 1);
  stored.writeUInt16LE(~nonceBytes.length & 0xffff, 3);
  nonceBytes.copy(stored, 5);
  const parts: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  plain.forEach((piece, i) => {
    if (i > 0) {
      parts.push(stored);
      crc = crc32(nonceBytes, crc);
      size += nonceBytes.length;
    }
    parts.push(deflated[i]);
    // Not for an empty piece: zlib.crc32 of Buffer.from("") answers 0, whatever the value given.
    if (piece.length > 0) crc = crc32(piece, crc);
    size += piece.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4);
  parts.push(LAST_BLOCK, trailer);
  return Buffer.concat(parts);
}

export function rememberPage(key: string, html: string, nonce: string) {
  pages.set(key, { html, nonce });
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
}

type RenderedPage = { html: string; failed: boolean };
const inFlight = new Map<string, Promise<RenderedPage & { nonce: string }>>();
let renders = 0;

/**
 * The page for `key` with `nonce` in it: kept, or being rendered by another request (then wait
 * for it), or rendered now by `render` (and kept unless it failed). A waiter whose shared
 * render failed renders for itself.
 */
export async function renderPageOnce(key: string, nonce: string, render: (nonce: string) => Promise<RenderedPage>): Promise<RenderedPage> {
  const kept = cachedPage(key, nonce);
  if (kept !== null) return { html: kept, failed: false };
  const running = inFlight.get(key);
  if (running) {
    const shared = await running.catch(() => null);
    if (shared && !shared.failed) return { html: shared.html.replaceAll(shared.nonce, nonce), failed: false };
    return countedRender(nonce, render);
  }
  const flight = countedRender(nonce, render).then((page) => {
    if (!page.failed) rememberPage(key, page.html, nonce);
    return { ...page, nonce };
  });
  inFlight.set(key, flight);
  try {
    const { html, failed } = await flight;
    return { html, failed };
  } finally {
    inFlight.delete(key);
  }
}

function countedRender(nonce: string, render: (nonce: string) => Promise<RenderedPage>) {
  renders += 1;
  return render(nonce);
}

/** How many renders renderPageOnce started (tests). */
export function pageRenderCount(): number {
  return renders;
}

/** How many times a kept page has been compressed in this process (once per kept page). */
export function pageCompressionCount(): number {
  return compressions;
}

export function pageCacheSize(): number {
  return pages.size;
}

export function clearPageCacheForTests() {
  pages.clear();
  checks.clear();
  renders = 0;
}
