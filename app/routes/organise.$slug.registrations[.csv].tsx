import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { toCsv } from "~/domain/registration-rules";
import { registrationsCsvRows } from "~/.server/registration";

/** Every registration as CSV; cells a spreadsheet would run as formulas are neutralised. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  // The byte-order mark makes Excel read the file as UTF-8 (names with accents stay intact).
  const body = "\uFEFF" + toCsv(await registrationsCsvRows(event.id));
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${event.slug}-registrations.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
