import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { getAttendee, requirePublicEvent } from "~/.server/auth";

export const meta: MetaFunction = () => [{ title: "Email address confirmed – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const attendee = await getAttendee(request, event.id);
  return {
    event: { name: event.name, slug: event.slug },
    attendee: attendee ? { name: attendee.name, email: attendee.email, confirmed: attendee.status === "confirmed", status: attendee.status } : null,
  };
}

export default function Confirmed() {
  const { event, attendee } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {attendee?.confirmed ? (
          <div className="govuk-panel govuk-panel--confirmation">
            <h1 className="govuk-panel__title">Your place is confirmed</h1>
            <div className="govuk-panel__body">{event.name}</div>
          </div>
        ) : (
          <h1 className="govuk-heading-l">{event.name}</h1>
        )}
        {attendee?.confirmed ? <p className="govuk-body">We have sent a confirmation with a calendar invitation to {attendee.email}.</p> : null}
        {attendee?.status === "waiting" ? (
          <p className="govuk-body">
            Thank you for confirming your email address. Every place has been taken, so you are on the waiting list, in the order people confirmed. If a place frees up, we will email
            you an offer at {attendee.email}.
          </p>
        ) : null}
        {attendee?.status === "pending-approval" ? (
          <p className="govuk-body">Thank you for confirming your email address. Your request has gone to the organisers, and we will email you their decision at {attendee.email}.</p>
        ) : null}
        {attendee?.status === "lottery-entered" ? (
          <p className="govuk-body">Thank you for confirming your email address. You are in the draw; after applications close we will email you the result at {attendee.email}.</p>
        ) : null}
        <h2 className="govuk-heading-m">What happens next</h2>
        <p className="govuk-body">On the day, anyone can pitch a session. You can pitch one now, or mark the sessions you would go to, on this device.</p>
        <ul className="govuk-list">
          <li>
            <Link className="govuk-link" to={`/events/${event.slug}/pitches`}>
              See and pitch sessions
            </Link>
          </li>
          <li>
            <Link className="govuk-link" to={`/events/${event.slug}`}>
              Event details
            </Link>
          </li>
        </ul>
        <p className="govuk-body">If you cannot come, cancel with the private link in your email so your place goes to someone on the waiting list.</p>
      </div>
    </div>
  );
}
