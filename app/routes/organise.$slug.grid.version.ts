import type { LoaderFunctionArgs } from "@remix-run/node";
import { weakEtag, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { organiserGridFingerprint } from "~/.server/grid";
import { requireOrganiserEvent } from "~/.server/auth";
import { isNotModified } from "~/.server/schedule";

/**
 * What open organiser grids poll every few seconds: a fingerprint of everything the page shows
 * (another organiser's change, a new pitch, new interest), and a 304 while it is unchanged.
 */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const fingerprint = (await organiserGridFingerprint(event.id)) ?? "";
  const etag = weakEtag(fingerprint);
  const headers = withSecurityHeaders({ ETag: etag, "Cache-Control": "private, no-cache", "Content-Type": "application/json" });
  if (isNotModified(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(JSON.stringify({ fingerprint }), { headers });
}
