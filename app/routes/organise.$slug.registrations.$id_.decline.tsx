import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserRegistration } from "~/.server/auth";
import { declineRegistration } from "~/.server/registration";
import { BackLink, Button, SummaryList, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Decline an application – Pitchgrid" }];

/**
 * Declining emails the applicant at once and cannot be taken back, and its button sits beside
 * Approve on a busy list: so it asks first, on this page.
 */
async function requireApplicant(request: Request, slug: string | undefined, id: string | undefined) {
  const found = await withErrorPage(() => requireOrganiserRegistration(request, slug, id));
  if (found.registration.status !== "pending-approval") {
    throw new Response(`${found.registration.name} is not waiting for approval: their application has been decided already.`, { status: 409, statusText: "Conflict" });
  }
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, registration: r } = await requireApplicant(request, params.slug, params.id);
  return {
    slug: event.slug,
    eventName: event.name,
    person: { name: r.name, email: r.email, organisation: r.organisation, ticketType: r.ticketTypeName, reason: r.approvalReason },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, registration } = await requireApplicant(request, params.slug, params.id);
  await readForm(request);
  await withErrorPage(() => declineRegistration(event.id, registration.id));
  return redirectWithFlash(request, `/organise/${event.slug}/registrations`, `Declined: ${registration.name} has been emailed.`);
}

export default function DeclineApplication() {
  const { slug, eventName, person } = useLoaderData<typeof loader>();
  const back = `/organise/${slug}/registrations?status=pending-approval`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>Registrations</BackLink>
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">Decline {person.name}’s application?</h1>
        <SummaryList
          rows={[
            { key: "Email", value: person.email },
            { key: "Organisation", value: person.organisation },
            { key: "Ticket type", value: person.ticketType },
            { key: "Their reason", value: person.reason || "None given" },
          ]}
        />
        <WarningText>They will be emailed straight away. You cannot undo this.</WarningText>
        <Form method="post">
          <div className="govuk-button-group">
            <Button variant="warning">Decline and email {person.name}</Button>
            <Link to={back} className="govuk-link">
              Keep the application
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
