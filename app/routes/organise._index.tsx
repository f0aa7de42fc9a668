import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isKnownOrganiser } from "~/.server/auth";
import { listEventsForOrganiser } from "~/.server/events";
import { requireSignedInEmail } from "~/.server/session";
import { formatDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Your events – Pitchgrid" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const email = await requireSignedInEmail(request);
  const events = await listEventsForOrganiser(email);
  return {
    email,
    canCreate: await isKnownOrganiser(email),
    events: events.map((e) => ({ slug: e.slug, name: e.name, date: formatDate(e.startsAt, e.timeZone) })),
  };
}

export default function OrganiserHome() {
  const { events, email, canCreate } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Signed in as {email}</span>
      <h1 className="govuk-heading-xl">Your events</h1>
      {canCreate ? (
        <Link to="/organise/new" className="govuk-button">
          Create an event
        </Link>
      ) : null}
      {events.length === 0 ? (
        <p className="govuk-body">You do not organise any events yet.</p>
      ) : (
        <ul className="govuk-list govuk-list--spaced">
          {events.map((event) => (
            <li key={event.slug}>
              <Link className="govuk-link govuk-!-font-weight-bold" to={`/organise/${event.slug}`}>
                {event.name}
              </Link>{" "}
              <span className="govuk-body-s">{event.date}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
