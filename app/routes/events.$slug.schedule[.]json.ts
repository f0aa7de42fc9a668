import type { LoaderFunctionArgs } from "@remix-run/node";
import { frabJsonResponse } from "~/.server/feeds";

/** The published grid as frab schedule.json, for conference apps. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return frabJsonResponse(request, params.slug);
}
