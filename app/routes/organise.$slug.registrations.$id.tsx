import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserRegistration } from "~/.server/auth";
import { STATUS_LABELS } from "~/domain/registration-rules";
import { answersOf } from "~/.server/events";
import { eraseRegistration } from "~/.server/registration";
import { BackLink, Button, SummaryList, WarningText } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Registration – Pitchgrid" }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, registration: r } = await withErrorPage(() => requireOrganiserRegistration(request, params.slug, params.id));
  const tz = event.timeZone;
  const answers = await answersOf(r.id);
  return {
    answers,
    slug: event.slug,
    eventName: event.name,
    person: {
      name: r.name,
      email: r.email,
      organisation: r.organisation,
      jobRole: r.jobRole,
      council: r.councilName,
      ticketType: r.ticketTypeName,
      status: STATUS_LABELS[r.status],
      accessNeeds: r.accessNeeds,
      dietaryNeeds: r.dietaryNeeds,
      approvalReason: r.approvalReason,
      registeredAt: formatDateTime(r.createdAt, tz),
      checkedInAt: r.checkedInAt ? formatDateTime(r.checkedInAt, tz) : null,
    },
  };
}

// This page is the confirmation step for erasing; its button is the POST that erases.
export async function action({ request, params }: ActionFunctionArgs) {
  const { event, registration } = await withErrorPage(() => requireOrganiserRegistration(request, params.slug, params.id));
  await readForm(request);
  await withErrorPage(() => eraseRegistration(registration.id));
  return redirectWithFlash(request, `/organise/${event.slug}/registrations`, "The person’s data has been erased.");
}

export default function Person() {
  const { slug, eventName, person, answers } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/registrations`}>Registrations</BackLink>
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">{person.name}</h1>
        <SummaryList
          rows={[
            { key: "Email", value: person.email },
            { key: "Organisation", value: person.organisation },
            { key: "Council", value: person.council ?? "Not a listed council" },
            { key: "Role", value: person.jobRole || "Not given" },
            { key: "Ticket type", value: person.ticketType },
            { key: "Status", value: person.status },
            { key: "Access needs", value: person.accessNeeds || "None given" },
            { key: "Dietary needs", value: person.dietaryNeeds || "None given" },
            ...(person.approvalReason ? [{ key: "Reason for approval", value: person.approvalReason }] : []),
            { key: "Registered", value: person.registeredAt },
            { key: "Checked in", value: person.checkedInAt ?? "No" },
            ...answers.map((a) => ({ key: a.question, value: a.answer })),
          ]}
        />
        <h2 className="govuk-heading-m">Erase this person</h2>
        <p className="govuk-body">
          When someone asks you to delete their data (UK GDPR), erase them: their details are blanked, any place they have goes to the waiting list, and they are removed from
          sessions they pitched or marked.
        </p>
        <WarningText>You cannot undo this.</WarningText>
        <Form method="post">
          <Button variant="warning">Erase {person.name}’s data</Button>
        </Form>
      </div>
    </div>
  );
}
