import type { LoaderFunctionArgs } from "@remix-run/node";
import { weakEtag, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { pitchQueueVersion } from "~/.server/pitching";
import { isNotModified } from "~/.server/schedule";

/**
 * The pitch queue's version, polled by open projector pages every two seconds: one indexed read,
 * and a 304 with no body while nothing changed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const version = await pitchQueueVersion(event.id);
  const etag = weakEtag(version);
  const headers = withSecurityHeaders({ ETag: etag, "Cache-Control": "no-cache", "Content-Type": "application/json" });
  if (isNotModified(request, etag)) return new Response(null, { status: 304, headers });
  return new Response(JSON.stringify({ version }), { headers });
}
