import type { LoaderFunctionArgs } from "@remix-run/node";
import { frabXmlResponse } from "~/.server/feeds";
import { withErrorPage } from "~/.server/platform";

/** The published grid as frab schedule.xml, for conference apps. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  return withErrorPage(() => frabXmlResponse(request, params.slug));
}
