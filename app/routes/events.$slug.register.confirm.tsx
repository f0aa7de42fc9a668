import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formError, readForm, withErrorPage } from "~/.server/platform";
import { rememberAttendee, requirePublicEvent } from "~/.server/auth";
import { confirmationLinkState, confirmPlace } from "~/.server/registration";
import { STATUS_LABELS } from "~/domain/registration-rules";
import { SendLinkForm } from "~/components/SendLinkForm";
import { formatDateTime } from "~/domain/time";
import { Button } from "~/components/govuk";
import { DraftNotice } from "~/components/DraftNotice";

export const meta: MetaFunction = () => [{ title: "Confirm your place – Pitchgrid" }, { name: "robots", content: "noindex" }];

const REASONS = {
  invalid: "That link is not valid. Check you copied the whole link from the email.",
  used: "You have already used this link. The email we sent you then says where you stand, and has the link to manage your registration.",
  expired: "That link has expired. You can register again, or ask for a new link from the registration form.",
  cancelled: "That registration was cancelled, so the link no longer works.",
  ended: "This event has ended, so there is nothing to confirm.",
};

// Following the emailed link only shows a button: confirming is a POST, so a mail scanner that
// opens links cannot confirm (or use up) the place.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const token = new URL(request.url).searchParams.get("token") ?? "";
  // Read without changing anything, so the page says the truth before the click.
  const link = await confirmationLinkState(token);
  const before =
    link.state === "open"
      ? { state: "open" as const, kind: link.kind, until: formatDateTime(link.until, event.timeZone) }
      : link.state === "used"
        ? { state: "used" as const, status: STATUS_LABELS[link.status] }
        : { state: link.state };
  return { event: { name: event.name, slug: event.slug, draft: event.draftPreview }, token, before };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await withErrorPage(() => requirePublicEvent(request, params.slug));
  const form = await readForm(request);
  const result = await confirmPlace(form.token);
  if (!result.ok) return formError(REASONS[result.reason]);
  const headers = await rememberAttendee(request, result.registrationId);
  return redirect(`/events/${result.eventSlug}/register/confirmed`, { status: 303, headers });
}

export default function ConfirmPlace() {
  const { event, token, before } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.errors?.form?.[0] ?? (before.state === "open" ? undefined : before.state === "used" ? null : REASONS[before.state]);
  if (before.state === "used" && !result) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {event.draft ? <DraftNotice slug={event.slug} /> : null}
          <span className="govuk-caption-l">{event.name}</span>
          <h1 className="govuk-heading-l">You have already confirmed</h1>
          <p className="govuk-body">
            You used this link before, so there is nothing more to do here. Where you stand now: <strong>{before.status}</strong>.
          </p>
          <p className="govuk-body">To see or change your registration, use the private link in your emails. If you cannot find it, we can send it again.</p>
          <SendLinkForm slug={event.slug} />
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <span className="govuk-caption-l">{event.name}</span>
        {problem ? (
          <>
            <h1 className="govuk-heading-l">{problem === REASONS.ended ? "This event has ended" : "Your email address could not be confirmed"}</h1>
            <p className="govuk-body" role="alert">
              {problem}
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to={`/events/${event.slug}`}>
                Go to the event page
              </Link>
            </p>
            <SendLinkForm slug={event.slug} />
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">{before.state === "open" && before.kind === "offered" ? "Accept your place" : "Confirm your email address"}</h1>
            {before.state === "open" && before.kind === "offered" ? (
              <p className="govuk-body">
                A place at {event.name} is yours if you accept it before {before.until}. After that it goes to the next person on the waiting list.
              </p>
            ) : (
              <p className="govuk-body">
                Confirm your email address for {event.name}
                {before.state === "open" ? ` before ${before.until}` : ""}. If you registered for a place, this is what takes it: if one is left you get it now, and if not you join
                the waiting list.
              </p>
            )}
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <Button>{before.state === "open" && before.kind === "offered" ? "Accept the place" : "Confirm my email address"}</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
