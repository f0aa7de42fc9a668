import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { requirePublishedDraw } from "~/.server/registration";
import { BackLink, SummaryList } from "~/components/govuk";
import { lotteryRulesWording } from "~/domain/lottery-rules";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `The draw for ${data.ticketName}, ${data.eventName} – Pitchgrid` : "Draw – Pitchgrid" }];

/** The published record of a draw: seed, rules, weights and the order, with pseudonymous entries only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const draw = await withErrorPage(() => requirePublishedDraw(event, params.ticketId));
  const { record } = draw;
  const byId = new Map(record.entrants.map((e) => [e.id, e]));
  return {
    eventName: draw.event.name,
    draft: event.draftPreview,
    slug: draw.event.slug,
    ticketId: draw.ticketTypeId,
    ticketName: draw.ticketName,
    drawnAt: formatDateTime(draw.drawnAt, draw.event.timeZone),
    seed: record.seed,
    places: record.places,
    winners: record.winners,
    rules: lotteryRulesWording(record.rules),
    order: record.order.map((id, index) => {
      const entrant = byId.get(id)!;
      return {
        position: index + 1,
        entry: id,
        organisation: entrant.domain,
        council: entrant.council,
        firstTimer: entrant.firstTimer,
        supplier: entrant.supplier,
        outcome: index < record.winners ? "Place" : `Waiting list ${index - record.winners + 1}`,
      };
    }),
  };
}

export default function DrawRecordPage() {
  const d = useLoaderData<typeof loader>();
  const yesNo = (value: boolean) => (value ? "Yes" : "No");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <BackLink to={`/events/${d.slug}`}>{d.eventName}</BackLink>
        {d.draft ? <DraftNotice slug={d.slug} /> : null}
        <span className="govuk-caption-l">{d.eventName}</span>
        <h1 className="govuk-heading-l">The draw for {d.ticketName}</h1>
        <p className="govuk-body">
          Places were drawn at random from a seed, with the rules below. Anyone can re-run the draw from this record and get the same order. Entries are numbered in the
          order people applied; organisations are shown as “org-1”, “org-2” and so on. There are no names or email addresses here. Your private page tells you your
          entry number.
        </p>
        <SummaryList
          rows={[
            { key: "Drawn", value: d.drawnAt },
            { key: "Seed", value: <code data-testid="draw-seed">{d.seed}</code> },
            { key: "Places to draw", value: String(d.places) },
            { key: "Places given", value: String(d.winners) },
            { key: "Entries", value: String(d.order.length) },
          ]}
        />
        <h2 className="govuk-heading-m">Rules and weights</h2>
        <ul className="govuk-list govuk-list--bullet">
          {d.rules.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        <h2 className="govuk-heading-m">Check it yourself</h2>
        <p className="govuk-body">
          <a className="govuk-link" href={`/events/${d.slug}/draws/${d.ticketId}/record.json`} download>
            Download the draw record (JSON)
          </a>
          , then in a copy of Pitchgrid run <code>npm run lottery:verify -- draw.json</code>. It re-runs the draw from the seed, rules and entries and says whether it
          gives this order.
        </p>
        <table className="govuk-table" data-testid="draw-order">
          <caption className="govuk-table__caption govuk-table__caption--m">The order drawn</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Position</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Entry</th>
              <th scope="col" className="govuk-table__header">Organisation</th>
              <th scope="col" className="govuk-table__header">Council</th>
              <th scope="col" className="govuk-table__header">First-timer</th>
              <th scope="col" className="govuk-table__header">Supplier</th>
              <th scope="col" className="govuk-table__header">Result</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {d.order.map((row) => (
              <tr className="govuk-table__row" key={row.entry}>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.position}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{row.entry}</td>
                <td className="govuk-table__cell">{row.organisation}</td>
                <td className="govuk-table__cell">{yesNo(row.council)}</td>
                <td className="govuk-table__cell">{yesNo(row.firstTimer)}</td>
                <td className="govuk-table__cell">{yesNo(row.supplier)}</td>
                <td className="govuk-table__cell">{row.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
