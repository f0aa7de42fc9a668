import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, positiveIdOr404, readForm, withErrorPage } from "~/.server/platform";
import { type EventRecord, findTicketType } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { saveTicketType } from "~/.server/registration";
import { BackLink } from "~/components/govuk";
import { TicketTypeForm } from "~/components/TicketTypeForm";
import { ticketFormValues, ticketTypeSchema } from "~/domain/event-form";

export const meta: MetaFunction = () => [{ title: "Change a ticket type – Pitchgrid" }];

async function requireTicket(event: EventRecord, ticketId: string | undefined) {
  const ticket = await findTicketType(event.id, positiveIdOr404(ticketId, "Ticket type"));
  if (!ticket) throw new Response("Ticket type not found", { status: 404 });
  return ticket;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const ticket = await requireTicket(event, params.ticketId);
  return { slug: event.slug, name: event.name, ticketName: ticket.name, values: ticketFormValues(ticket, event.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const ticket = await requireTicket(event, params.ticketId);
  const parsed = parseWith(ticketTypeSchema(event.timeZone), await readForm(request));
  if (!parsed.ok) return invalid(parsed.failure);
  const offers = await saveTicketType(event.id, ticket.id, parsed.data);
  const offered = offers === 0 ? "" : ` ${offers} ${offers === 1 ? "person" : "people"} on the waiting list ${offers === 1 ? "has" : "have"} been emailed an offer of a place.`;
  return redirectWithFlash(request, `/organise/${event.slug}/tickets`, `Ticket type “${parsed.data.name}” saved.${offered}`);
}

export default function EditTicketType() {
  const { slug, name, ticketName, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/tickets`}>Ticket types</BackLink>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Change “{ticketName}”</h1>
        <TicketTypeForm values={result?.values ?? values} errors={result?.errors} submitLabel="Save ticket type" />
      </div>
    </div>
  );
}
