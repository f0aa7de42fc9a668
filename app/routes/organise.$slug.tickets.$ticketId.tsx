import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, positiveIdOr404, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { type EventRecord, findTicketType } from "~/.server/events";
import { quotaCutWarning, quotaTotalNote, saveTicketType } from "~/.server/registration";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { BackLink, WarningText } from "~/components/govuk";
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
  const form = await readForm(request);
  const parsed = parseWith(ticketTypeSchema(event.timeZone), form);
  if (!parsed.ok) return invalid(parsed.failure);
  // Cutting the quota below the places taken is allowed, but only after a warning.
  const cut = await quotaCutWarning(event.id, ticket.id, parsed.data.name, parsed.data.quota);
  if (cut && form.confirmCut !== String(parsed.data.quota)) return data({ warning: cut, values: stringValues(form), errors: undefined }, { status: 200 });
  const offers = await saveTicketType(event.id, ticket.id, parsed.data);
  const note = await quotaTotalNote(event.id);
  const offered = offers === 0 ? "" : ` ${offers} ${offers === 1 ? "person" : "people"} on the waiting list ${offers === 1 ? "has" : "have"} been emailed an offer of a place.`;
  return redirectWithFlash(request, `/organise/${event.slug}/tickets`, `Ticket type “${parsed.data.name}” saved.${offered}${note ? ` ${note}` : ""}`);
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
        {result && "warning" in result ? (
          <div className="govuk-error-summary" data-testid="cut-warning">
            <div role="alert">
              <h2 className="govuk-error-summary__title">Fewer places than people who have one</h2>
              <div className="govuk-error-summary__body">
                <p className="govuk-body">{result.warning}</p>
              </div>
            </div>
          </div>
        ) : null}
        <TicketTypeForm values={result?.values ?? values} errors={result?.errors} submitLabel={result && "warning" in result ? "Save the lower number" : "Save ticket type"}>
          {result && "warning" in result ? (
            <>
              <input type="hidden" name="confirmCut" value={result.values.quota} />
              <WarningText>You are saving fewer places than people who have one.</WarningText>
            </>
          ) : null}
        </TicketTypeForm>
      </div>
    </div>
  );
}
