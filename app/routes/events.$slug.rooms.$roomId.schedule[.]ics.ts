import type { LoaderFunctionArgs } from "@remix-run/node";
import { roomFeedResponse } from "~/.server/feeds";
import { withErrorPage } from "~/.server/platform";

/** One room's sessions as an iCalendar feed, e.g. for a screen outside the room. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withErrorPage(() => roomFeedResponse(request, params.slug, params.roomId));
}
