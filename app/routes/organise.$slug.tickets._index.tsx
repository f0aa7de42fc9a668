import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { listTicketTypes, RULE_LABELS } from "~/.server/events";
import { requireOrganiserEvent } from "~/.server/auth";
import { OrganiserNav } from "~/components/OrganiserNav";
import { WarningText } from "~/components/govuk";
import { allocatedCapacity, quotasExceedCapacity } from "~/domain/capacity";
import { formatDateTime } from "~/domain/time";
import { TableScroll } from "~/components/TableScroll";

export const meta: MetaFunction = () => [{ title: "Ticket types – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const tickets = await listTicketTypes(event.id);
  return {
    note: quotasExceedCapacity(tickets.map((t) => t.quota), event.capacity),
    capacity: event.capacity,
    allocated: allocatedCapacity(event.capacity, event.margin ?? { percent: null, places: null }),
    slug: event.slug,
    name: event.name,
    tickets: tickets.map((t) => ({
      id: t.id,
      name: t.name,
      quota: t.quota,
      who: RULE_LABELS[t.rule],
      domains: t.allowedDomains.join(", "),
      opensAt: t.opensAt ? formatDateTime(t.opensAt, event.timeZone) : "Now",
      closesAt: t.closesAt ? formatDateTime(t.closesAt, event.timeZone) : "When full",
    })),
  };
}

export default function TicketTypes() {
  const { slug, name, tickets, note, capacity, allocated } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Ticket types</h1>
      <OrganiserNav slug={slug} name={name} />
      {note ? <WarningText>{note}</WarningText> : null}
      <p className="govuk-body">
        {allocated === capacity ? `The venue holds ${capacity}. ` : `The venue holds ${capacity}; up to ${allocated} places are given out, and each ticket type’s places rise in proportion. `}
        <Link className="govuk-link" to={`/organise/${slug}/places`}>
          Places above capacity
        </Link>
      </p>
      <TableScroll label="Ticket types">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Ticket types</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Name</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Places</th>
              <th scope="col" className="govuk-table__header">Who can register</th>
              <th scope="col" className="govuk-table__header">Opens</th>
              <th scope="col" className="govuk-table__header">Closes</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {tickets.map((t) => (
              <tr className="govuk-table__row" key={t.id}>
                <td className="govuk-table__cell">
                  <Link className="govuk-link" to={`/organise/${slug}/tickets/${t.id}`}>
                    {t.name}
                  </Link>
                </td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{t.quota}</td>
                <td className="govuk-table__cell">
                  {t.who}
                  {t.domains ? <span className="govuk-body-s"> ({t.domains})</span> : null}
                </td>
                <td className="govuk-table__cell">{t.opensAt}</td>
                <td className="govuk-table__cell">{t.closesAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <Link className="govuk-button" to={`/organise/${slug}/tickets/new`}>
        Add a ticket type
      </Link>
    </>
  );
}
