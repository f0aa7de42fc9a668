import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { toCsv } from "~/domain/registration-rules";
import { eventTurnout } from "~/.server/registration";
import { turnoutCsvRows } from "~/domain/turnout";

/** The turnout counts as CSV (no names: counts per ticket type and per council). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const body = "\uFEFF" + toCsv(turnoutCsvRows(await eventTurnout(event)));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-turnout.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
