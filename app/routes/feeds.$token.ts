import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalFeedResponse } from "~/.server/feeds";
import { withErrorPage } from "~/.server/platform";

/**
 * An attendee's personal feed at /feeds/<secret>.ics. The segment is matched whole (a route
 * parameter cannot carry a fixed suffix) and the feed code checks and strips ".ics".
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withErrorPage(() => personalFeedResponse(request, params.token));
}
