import { looksLikeToken } from "./tokens";

/**
 * The access log (scripts/server/app.ts) writes each request's URL through redactUrl, so that no
 * private link, sign-in link or feed address ends up in a log file: anyone who reads it could
 * otherwise open those links.
 */
const REDACTED = "[redacted]";
/** Paths whose next segment is a secret: /r/<token>/..., /feeds/<token>. */
const PRIVATE_PATHS = new Set(["r", "feeds"]);
/** Query parameters that carry a secret whatever they look like. */
const SECRET_PARAMS = /token|secret|code|key|signature|password/i;
/** Anything this long and token-shaped is a secret (our tokens are 43 characters). */
const LONG_TOKEN = /[A-Za-z0-9_-]{40,}/g;

export function redactUrl(url: string): string {
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? null : url.slice(queryAt + 1);
  const segments = path.split("/");
  const redactedPath = segments.map((segment, i) => (i === 2 && PRIVATE_PATHS.has(segments[1]) && segment !== "" ? REDACTED : segment)).join("/");
  const redactedQuery =
    query === null
      ? ""
      : "?" +
        query
          .split("&")
          .map((pair) => {
            const equals = pair.indexOf("=");
            if (equals === -1) return pair;
            const key = pair.slice(0, equals);
            const value = pair.slice(equals + 1);
            return SECRET_PARAMS.test(safeDecode(key)) || looksLikeToken(safeDecode(value)) ? `${key}=${REDACTED}` : pair;
          })
          .join("&");
  return (redactedPath + redactedQuery).replace(LONG_TOKEN, REDACTED);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replaceAll("+", " "));
  } catch {
    return value;
  }
}
