import { createHash } from "node:crypto";
/**
 * ETags for pages, feeds and exports. They are weak because our server compresses a response
 * (brotli or gzip) after we build it, and a strong validator must differ between encodings of
 * the same content (RFC 9110 8.8.1); a weak one names the content, whatever the encoding.
 */
export function weakEtag(opaque: string): string {
  return `W/"${opaque}"`;
}

/** If-None-Match compares weakly (RFC 9110 13.1.2): W/ is ignored on both sides; * matches all. */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  const ours = etag.replace(/^W\//, "");
  return header
    .split(",")
    .map((tag) => tag.trim().replace(/^W\//, ""))
    .some((tag) => tag === ours || tag === "*");
}

/** A short fingerprint of what a page shows (its loader data), for an ETag that names the content. */
export function contentVersion(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("base64url").slice(0, 20);
}
