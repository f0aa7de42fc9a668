import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formError, readForm, withErrorPage } from "~/.server/platform";
import { findEventById } from "~/.server/events";
import { canCancel } from "~/domain/registration-rules";
import { cancelRegistration, RegistrationChangeRefused, requireRegistrationByToken } from "~/.server/registration";
import { redirectWithFlash } from "~/.server/auth";
import { AskFirstForm, BackLink, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Cancel your registration – Pitchgrid" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const event = (await findEventById(registration.eventId))!;
  return { token: params.token!, eventName: event.name, cancellable: canCancel(registration.status), confirmed: registration.status === "confirmed" };
}

// The confirmation step is this page; the POST from its button is the cancellation.
export async function action({ request, params }: ActionFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  await readForm(request);
  try {
    await withErrorPage(() => cancelRegistration(registration.id));
  } catch (error) {
    if (error instanceof RegistrationChangeRefused) return formError(error.message, {}, "form", 409);
    throw error;
  }
  return redirectWithFlash(request, `/r/${params.token}`, "Your registration is cancelled. We have emailed you a confirmation.");
}

export default function CancelRegistration() {
  const { token, eventName, cancellable, confirmed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.errors?.form?.[0] ?? (cancellable ? null : "This registration has already ended, so there is nothing to cancel.");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/r/${token}`}>Your registration</BackLink>
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">Are you sure you want to cancel?</h1>
        {problem ? (
          <p className="govuk-body" role="alert">
            {problem}
          </p>
        ) : (
          <>
            <WarningText>
              {confirmed ? "Your place will go to the next person on the waiting list. You cannot undo this." : "Your registration will end. You cannot undo this."}
            </WarningText>
            <AskFirstForm confirm="Yes, cancel my registration" cancel="No, keep it" cancelTo={`/r/${token}`} variant="warning" />
          </>
        )}
      </div>
    </div>
  );
}
