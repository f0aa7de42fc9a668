import type { LoaderFunctionArgs } from "@remix-run/node";
import { eventFeedResponse } from "~/.server/feeds";

/** The whole event's published grid as an iCalendar feed (webcal:// subscriptions poll it). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return eventFeedResponse(request, params.slug);
}
