import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserRegistration } from "~/.server/auth";
import { cancelOnBehalf } from "~/.server/registration";
import { canCancel, STATUS_LABELS } from "~/domain/registration-rules";
import { BackLink, Button, ErrorSummary, SummaryList, WarningText } from "~/components/govuk";
import { shownEmail } from "~/domain/people";

export const meta: MetaFunction = () => [{ title: "Cancel a registration – Pitchgrid" }];

/** Cancelling for someone emails them and cannot be taken back, so it asks first, on this page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, registration: r } = await withErrorPage(() => requireOrganiserRegistration(request, params.slug, params.id));
  if (!canCancel(r.status)) {
    throw new Response(`${r.name}’s registration has already ended (${STATUS_LABELS[r.status]}), so there is nothing to cancel.`, { status: 409, statusText: "Conflict" });
  }
  return {
    slug: event.slug,
    eventName: event.name,
    person: { id: r.id, name: r.name, email: shownEmail(r.email), ticketType: r.ticketTypeName, status: STATUS_LABELS[r.status], hasPlace: r.status === "confirmed" || r.status === "offered" },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, registration } = await withErrorPage(() => requireOrganiserRegistration(request, params.slug, params.id));
  await readForm(request);
  const done = await withFormErrors({}, () => cancelOnBehalf(event.id, registration.id).then(() => true as const));
  if (done !== true) return done;
  return redirectWithFlash(request, `/organise/${event.slug}/registrations/${registration.id}`, `${registration.name}’s registration is cancelled and they have been emailed.`);
}

export default function CancelForSomeone() {
  const { slug, eventName, person } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/organise/${slug}/registrations/${person.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>{person.name}</BackLink>
        <ErrorSummary errors={result?.errors ?? {}} />
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">Cancel {person.name}’s {person.hasPlace ? "place" : "registration"}?</h1>
        <SummaryList
          rows={[
            { key: "Email", value: person.email },
            { key: "Ticket type", value: person.ticketType },
            { key: "Status", value: person.status },
          ]}
        />
        <p className="govuk-body">
          {person.hasPlace
            ? "Their place goes to the next person on the waiting list, who is emailed an offer."
            : "They are not holding a place, so nobody else’s place changes: they simply leave the queue."}
        </p>
        <WarningText>They will be emailed straight away. You cannot undo this; they can register again while registration is open.</WarningText>
        <Form method="post">
          <div className="govuk-button-group">
            <Button variant="warning">Cancel and email {person.name}</Button>
            <Link to={back} className="govuk-link">
              Keep their registration
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
