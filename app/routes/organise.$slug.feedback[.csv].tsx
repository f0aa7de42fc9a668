import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { feedbackCsvRows } from "~/.server/feedback";
import { toCsv } from "~/domain/registration-rules";

/** Every feedback answer as CSV (Excel-safe cells); anonymous answers carry no name. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const body = "\uFEFF" + toCsv(await feedbackCsvRows(event.id));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-feedback.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
