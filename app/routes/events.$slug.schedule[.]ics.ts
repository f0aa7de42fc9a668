import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventFeedResponse } from "~/.server/feeds";
import { withErrorPage } from "~/.server/platform";

/** The whole event's published grid as an iCalendar feed (webcal:// subscriptions poll it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withErrorPage(() => eventFeedResponse(request, params.slug));
}
