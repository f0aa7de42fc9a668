import type { LoaderFunctionArgs } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { personalData, requireRegistrationByToken } from "~/.server/registration";

/** Everything held about the person, as a JSON download (UK GDPR right of access). */
export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const body = JSON.stringify(await withErrorPage(() => personalData(registration.id)), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pitchgrid-registration-${registration.id}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
