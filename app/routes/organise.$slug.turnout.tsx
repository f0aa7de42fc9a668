import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { eventTurnout, pastTurnouts } from "~/.server/registration";
import { OrganiserNav } from "~/components/OrganiserNav";
import { LATE_CANCELLATION_DAYS, marginSuggestion, percent, type TurnoutCounts } from "~/domain/turnout";
import { TableScroll } from "~/components/TableScroll";

export const meta: MetaFunction = () => [{ title: "Turnout – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [report, past] = await Promise.all([eventTurnout(event), pastTurnouts(email, event.id)]);
  const suggestion = marginSuggestion(past);
  return {
    slug: event.slug,
    name: event.name,
    capacity: event.capacity,
    started: Date.parse(event.startsAt) <= Date.now(),
    report,
    suggestion: { basis: suggestion.basis, margin: suggestion.margin, extraPlaces: suggestion.margin === null ? null : Math.floor(event.capacity * suggestion.margin) },
  };
}

function CountsTable({ caption, first, rows, total }: { caption: string; first: string; rows: ({ name: string } & TurnoutCounts)[]; total?: TurnoutCounts }) {
  const cells = (c: TurnoutCounts) => (
    <>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.holding}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.checkedIn}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.noShows}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{c.lateCancellations}</td>
      <td className="govuk-table__cell govuk-table__cell--numeric">{percent(c.turnout)}</td>
    </>
  );
  return (
    <TableScroll label={caption}>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">{first}</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Holding a place</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Checked in</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">No-shows</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Late cancellations</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Turnout</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {rows.map((r) => (
            <tr className="govuk-table__row" key={r.name}>
              <th scope="row" className="govuk-table__header">{r.name}</th>
              {cells(r)}
            </tr>
          ))}
          {total ? (
            <tr className="govuk-table__row">
              <th scope="row" className="govuk-table__header">Total</th>
              {cells(total)}
            </tr>
          ) : null}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function Turnout() {
  const { slug, name, capacity, started, report, suggestion } = useLoaderData<typeof loader>();
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-l">Turnout</h1>
      <p className="govuk-body">
        Turnout is checked in out of those holding a place. A late cancellation is one in the {LATE_CANCELLATION_DAYS} days before the start (places released at the
        reconfirmation deadline count). {started ? "" : "The event has not started: everyone not checked in yet counts as a no-show until they are."} These counts stay
        after names are deleted under the event’s retention periods.
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/organise/${slug}/turnout.csv`} download>
          Download as CSV
        </a>
      </p>
      <p className="govuk-body-l" data-testid="turnout-total">{`${report.total.checkedIn} of ${report.total.holding} checked in (${percent(report.total.turnout)})`}</p>
      {report.standbySeated > 0 ? <p className="govuk-body" data-testid="turnout-standby">{`Seated from standby: ${report.standbySeated}`}</p> : null}
      <CountsTable caption="By ticket type" first="Ticket type" rows={report.byTicket} total={report.total} />
      <CountsTable caption="By council" first="Council" rows={report.byCouncil} />
      <CountsTable caption="By organisation" first="Organisation" rows={report.byOrganisation} />
      <h2 className="govuk-heading-m">Allocating above capacity next time</h2>
      <p className="govuk-body" data-testid="margin-basis">
        {suggestion.margin === null
          ? suggestion.basis
          : `From your ${suggestion.basis}: you could allocate up to ${Math.round(suggestion.margin * 100)}% above capacity (${suggestion.extraPlaces} more than ${capacity} places) and expect the room to be just full on your best past turnout. `}
      </p>
      <p className="govuk-body">
        <a className="govuk-link" href={`/organise/${slug}/places`}>
          Set this event’s places above capacity
        </a>
      </p>
    </>
  );
}
