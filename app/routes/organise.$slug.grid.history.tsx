import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { listGridHistory } from "~/.server/grid";
import { requireOrganiserEvent } from "~/.server/auth";
import { BackLink } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";
import { TableScroll } from "~/components/TableScroll";

export const meta: MetaFunction = () => [{ title: "Grid history – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const history = await listGridHistory(event.id);
  return {
    slug: event.slug,
    name: event.name,
    history: history.map((h) => ({ id: h.id, who: h.organiserEmail, what: h.description, when: formatDateTime(h.createdAt, event.timeZone), undone: h.undoneAt !== null })),
  };
}

export default function GridHistory() {
  const { slug, name, history } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/organise/${slug}/grid`}>Grid</BackLink>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">History of grid changes</h1>
      {history.length === 0 ? (
        <p className="govuk-body">No changes yet.</p>
      ) : (
        <TableScroll label="Grid changes">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">The most recent {history.length} changes, newest first</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">When</th>
                <th scope="col" className="govuk-table__header">Who</th>
                <th scope="col" className="govuk-table__header">What</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {history.map((h) => (
                <tr className="govuk-table__row" key={h.id}>
                  <td className="govuk-table__cell">{h.when}</td>
                  <td className="govuk-table__cell">{h.who}</td>
                  <td className="govuk-table__cell">
                    {h.what}
                    {h.undone ? (
                      <>
                        {" "}
                        <strong className="govuk-tag govuk-tag--grey">Undone</strong>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}
