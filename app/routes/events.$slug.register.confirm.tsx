import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formError, readForm, withErrorPage } from "~/.server/platform";
import { rememberAttendee } from "~/.server/auth";
import { requireEventBySlug } from "~/.server/events";
import { confirmPlace } from "~/.server/registration";
import { Button } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Confirm your place – Pitchgrid" }, { name: "robots", content: "noindex" }];

const REASONS = {
  invalid: "That link is not valid. Check you copied the whole link from the email.",
  used: "You have already used this link. The email we sent you then says where you stand, and has the link to manage your registration.",
  expired: "That link has expired. You can register again, or ask for a new link from the registration form.",
  cancelled: "That registration was cancelled, so the link no longer works.",
};

// Following the emailed link only shows a button: confirming is a POST, so a mail scanner that
// opens links cannot confirm (or use up) the place.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requireEventBySlug(params.slug));
  return { event: { name: event.name, slug: event.slug }, token: new URL(request.url).searchParams.get("token") ?? "" };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await withErrorPage(() => requireEventBySlug(params.slug));
  const form = await readForm(request);
  const result = await confirmPlace(form.token);
  if (!result.ok) return formError(REASONS[result.reason]);
  const headers = await rememberAttendee(request, result.registrationId);
  return redirect(`/events/${result.eventSlug}/register/confirmed`, { status: 303, headers });
}

export default function ConfirmPlace() {
  const { event, token } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.errors?.form?.[0];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{event.name}</span>
        {problem ? (
          <>
            <h1 className="govuk-heading-l">Your email address could not be confirmed</h1>
            <p className="govuk-body" role="alert">
              {problem}
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/events/${event.slug}`}>
                Go to the event page
              </Link>
            </p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Confirm your email address</h1>
            <p className="govuk-body">
              Confirm your email address for {event.name}. If you registered for a place, this is what takes it: if one is left you get it now, and if not you join the waiting list.
            </p>
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <Button>Confirm my email address</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
