import { env } from "./env";

/**
 * Headers every response carries: pages and data requests get them in entry.server, resource
 * routes (feeds, exports) through withSecurityHeaders.
 */
export function securityHeaders(headers: Headers, nonce?: string) {
  const production = env().NODE_ENV === "production";
  const scriptSrc = nonce ? `'self' 'nonce-${nonce}'` : "'self'";
  if (production || env().NODE_ENV === "test") {
    headers.set(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src ${scriptSrc}`,
        "style-src 'self' 'unsafe-inline'",
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
  if (production && env().PUBLIC_URL.startsWith("https://")) {
    headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}


export function withSecurityHeaders(init: HeadersInit = {}): Headers {
  const headers = new Headers(init);
  securityHeaders(headers);
  return headers;
}
