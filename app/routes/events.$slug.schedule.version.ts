import type { LoaderFunctionArgs } from "@remix-run/node";
import { weakEtag, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { isNotModified, findScheduleVersion } from "~/.server/schedule";
import { requirePublicEvent } from "~/.server/auth";

/**
 * The schedule's version, polled by open schedule pages every few seconds: one indexed query,
 * and a 304 with no body when the browser already has this version.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const { version, published } = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const etag = weakEtag(version);
  const headers = withSecurityHeaders({ ETag: etag, "Cache-Control": "no-cache", "Content-Type": "application/json" });
  if (isNotModified(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(JSON.stringify({ version, published }), { headers });
}
