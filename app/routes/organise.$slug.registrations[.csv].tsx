import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { toCsv } from "~/domain/registration-rules";
import { registrationsCsvRows } from "~/.server/registration";
import { registrationFiltersFrom } from "~/domain/registration-filters";

/** The registrations the table shows (same filters) as CSV, times in the event's zone; cells a spreadsheet would run as formulas are neutralised. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  // The byte-order mark makes Excel read the file as UTF-8 (names with accents stay intact).
  const body = "\uFEFF" + toCsv(await registrationsCsvRows(event, registrationFiltersFrom(new URL(request.url).searchParams)));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-registrations.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
