import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { drawRecordDownload, requirePublishedDraw } from "~/.server/registration";

/** The published draw record as JSON, to download and re-run with `npm run lottery:verify -- <file>`. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const draw = await withErrorPage(() => requirePublishedDraw(event, params.ticketId));
  return new Response(JSON.stringify(drawRecordDownload(draw), null, 2) + "\n", {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="draw-${draw.event.slug}-${draw.ticketTypeId}.json"`,
    },
  });
}
