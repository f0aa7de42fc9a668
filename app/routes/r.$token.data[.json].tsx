import type { LoaderFunctionArgs } from "@remix-run/node";
import { personalData, requireRegistrationByToken } from "~/.server/registrations";

/** Everything held about the person, as a JSON download (UK GDPR right of access). */
export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await requireRegistrationByToken(params.token);
  const body = JSON.stringify(await personalData(registration.id), null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="pitchgrid-registration-${registration.id}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
