import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, readForm, withErrorPage } from "~/.server/platform";
import { createTicketType } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { BackLink } from "~/components/govuk";
import { TicketTypeForm } from "~/components/TicketTypeForm";
import { ticketTypeSchema } from "~/domain/event-form";

export const meta: MetaFunction = () => [{ title: "Add a ticket type – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  return { slug: event.slug, name: event.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const parsed = parseWith(ticketTypeSchema(event.timeZone), await readForm(request));
  if (!parsed.ok) return invalid(parsed.failure);
  const ticket = await createTicketType(event.id, parsed.data);
  return redirectWithFlash(request, `/organise/${event.slug}/tickets`, `Ticket type “${ticket.name}” added.`);
}

export default function NewTicketType() {
  const { slug, name } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/tickets`}>Ticket types</BackLink>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Add a ticket type</h1>
        <TicketTypeForm values={result?.values ?? { rule: "open" }} errors={result?.errors} submitLabel="Add ticket type" />
      </div>
    </div>
  );
}
