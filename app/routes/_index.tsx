import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listUpcomingEvents } from "~/.server/events";
import { formatDate } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Upcoming events – Pitchgrid" }];

export async function loader() {
  const events = await listUpcomingEvents();
  return { events: events.map((e) => ({ slug: e.slug, name: e.name, venue: e.venue, date: formatDate(e.startsAt, e.timeZone) })) };
}

export default function Home() {
  const { events } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Unconferences for people in local government</h1>
        <p className="govuk-body-l">Sign up, pitch a session, and follow the day's grid from your phone or calendar.</p>
        <h2 className="govuk-heading-m">Upcoming events</h2>
        {events.length === 0 ? (
          <p className="govuk-body">There are no upcoming events yet.</p>
        ) : (
          <ul className="govuk-list govuk-list--spaced">
            {events.map((event) => (
              <li key={event.slug}>
                <Link className="govuk-link govuk-!-font-weight-bold" to={`/events/${event.slug}`}>
                  {event.name}
                </Link>
                <br />
                <span className="govuk-body-s">
                  {event.date}
                  {event.venue ? `, ${event.venue}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
