import type { LoaderFunctionArgs } from "@remix-run/node";
import { frabJsonResponse } from "~/.server/feeds";
import { withErrorPage } from "~/.server/platform";

/** The published grid as frab schedule.json, for conference apps. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withErrorPage(() => frabJsonResponse(request, params.slug));
}
