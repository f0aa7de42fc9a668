import type { LoaderFunctionArgs } from "@remix-run/node";
import { frabXmlResponse } from "~/.server/feeds";

/** The published grid as frab schedule.xml, for conference apps. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return frabXmlResponse(request, params.slug);
}
