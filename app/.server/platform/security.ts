import { createHash } from "node:crypto";
import { env } from "./env";

/**
 * Features no page of ours uses: the browser refuses them to our pages and anything embedded.
 * interest-cohort and browsing-topics opt out of ad-interest tracking.
 */
const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "geolocation",
  "gyroscope",
  "hid",
  "interest-cohort",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "publickey-credentials-get",
  "serial",
  "usb",
  "xr-spatial-tracking",
]
  .map((feature) => `${feature}=()`)
  .join(", ");

/**
 * Headers every response carries: pages and data requests get them in entry.server, resource
 * routes (feeds, exports) through withSecurityHeaders, static files and the server's own pages
 * in scripts/server/app.ts. No inline style is allowed (no style="" attribute, no <style> element)
 * unless a response names the exact text's hash (the print poster does).
 */
export function securityHeaders(headers: Headers, nonce?: string, styleHashes: string[] = [], scriptHashes: string[] = []) {
  const production = env().NODE_ENV === "production";
  const scriptSrc = ["'self'", ...(nonce ? [`'nonce-${nonce}'`] : []), ...scriptHashes.map((hash) => `'${hash}'`)].join(" ");
  const styleSrc = ["'self'", ...styleHashes.map((hash) => `'${hash}'`)].join(" ");
  if (production || env().NODE_ENV === "test") {
    headers.set(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src ${scriptSrc}`,
        `style-src ${styleSrc}`,
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
      ].join("; "),
    );
  }
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "same-origin");
  headers.set("X-Frame-Options", "DENY");
  headers.set("Cross-Origin-Opener-Policy", "same-origin");
  headers.set("Permissions-Policy", PERMISSIONS_POLICY);
  if (production && env().PUBLIC_URL.startsWith("https://")) {
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}


export function withSecurityHeaders(init: HeadersInit = {}, options: { styleHashes?: string[]; scriptHashes?: string[] } = {}): Headers {
  const headers = new Headers(init);
  securityHeaders(headers, undefined, options.styleHashes, options.scriptHashes);
  return headers;
}

/** The CSP source for one inline <style> or <script> element's exact text. */
export function styleHash(css: string): string {
  return `sha256-${createHash("sha256").update(css, "utf8").digest("base64")}`;
}
