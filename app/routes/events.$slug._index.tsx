import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePublicEvent } from "~/.server/auth";
import { contentVersion, withErrorPage } from "~/.server/platform";
import { registrationWindow, RULE_LABELS } from "~/.server/events";
import { eventPlaces } from "~/.server/registration";
import { cachingHeadersFrom, isNotModified, schedulePageCaching } from "~/.server/schedule";
import { SendLinkForm } from "~/components/SendLinkForm";
import { DraftNotice } from "~/components/DraftNotice";
import { SummaryList, Tag } from "~/components/govuk";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";
import { capacityWording, placesWording } from "~/domain/capacity";
import { eventState } from "~/domain/event-state";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.event.name} – Pitchgrid` : "Event – Pitchgrid" }];

/** The page and its data requests carry the loader's ETag and Cache-Control. */
export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersFrom(loaderHeaders);

/**
 * Places are counted once per change, not per request (eventPlaces). The ETag names what the
 * page shows, so a visitor without cookies gets the page rendered once per change (page-cache.ts)
 * and a browser holding it a 304.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const { tickets, availability, lotteries } = await eventPlaces(event.id);
  const tz = event.timeZone;
  const page = {
    event: {
      name: event.name,
      slug: event.slug,
      summary: event.summary,
      venue: event.venue,
      date: formatDate(event.startsAt, tz),
      times: formatTimeRange(event.startsAt, event.endsAt, tz),
      places: capacityWording(event.capacity, event.margin ?? { percent: null, places: null }),
      state: eventState(event),
    },
    tickets: tickets.map((t) => ({
      id: t.id,
      name: t.name,
      quota: t.quota,
      placesLeft: availability.get(t.id)?.placesLeft ?? 0,
      waiting: availability.get(t.id)?.waiting ?? 0,
      who: RULE_LABELS[t.rule],
      window: registrationWindow(t),
      opensAt: t.opensAt ? formatDateTime(t.opensAt, tz) : null,
      closesAt: t.closesAt ? formatDateTime(t.closesAt, tz) : null,
      lottery: lotteryWording(lotteries.get(t.id), tz),
      drawRecord: lotteries.get(t.id)?.published ? `/events/${event.slug}/draws/${t.id}` : null,
    })),
  };
  const caching = schedulePageCaching(request, contentVersion(page), "event");
  if (isNotModified(request, caching.etag)) return data(null, { status: 304, headers: caching.headers });
  return data(page, { headers: caching.headers });
}

/** "Places are given by a random draw…": a lottery ticket says so, and when the draw is. */
function lotteryWording(lottery: { closesAt: string | null; drawnAt: string | null } | undefined, tz: string): string | null {
  if (!lottery?.closesAt) return null;
  if (lottery.drawnAt) return `Places were given by a random draw on ${formatDateTime(lottery.drawnAt, tz)}. You can still join the waiting list.`;
  return `Places are given by a random draw. Apply before ${formatDateTime(lottery.closesAt, tz)}; the draw happens then, and everyone who applied is emailed the result.`;
}

export default function EventPage() {
  const page = useLoaderData<typeof loader>();
  if (!page) return null;
  const { event, tickets } = page;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {event.state === "draft" ? <DraftNotice slug={event.slug} /> : null}
        <h1 className="govuk-heading-xl">{event.name}</h1>
        {event.summary ? <p className="govuk-body-l pg-preserve-lines">{event.summary}</p> : null}
        <SummaryList
          rows={[
            { key: "Date", value: event.date },
            { key: "Time", value: event.times },
            { key: "Venue", value: event.venue || "To be announced" },
            { key: "Places", value: event.places },
          ]}
        />
        {event.state === "open" && tickets.length > 0 ? (
          <Link to={`/events/${event.slug}/register`} role="button" draggable="false" className="govuk-button govuk-button--start" data-module="govuk-button">
            Register for a place
            <svg className="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
              <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
            </svg>
          </Link>
        ) : event.state === "past" ? (
          <p className="govuk-inset-text" data-testid="event-ended">
            This event has ended, so registration is closed.
          </p>
        ) : null}
        <nav aria-label="Event sections" className="pg-section-links">
          <ul className="govuk-list">
            <li>
              <Link className="govuk-link" to={`/events/${event.slug}/pitches`}>
                Session pitches
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/events/${event.slug}/schedule`}>
                The grid (schedule)
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/events/${event.slug}/calendar`}>
                Add the schedule to your calendar
              </Link>
            </li>
            <li>
              Schedule for conference apps:{" "}
              <a className="govuk-link" href={`/events/${event.slug}/schedule.xml`}>
                frab XML
              </a>{" "}
              or{" "}
              <a className="govuk-link" href={`/events/${event.slug}/schedule.json`}>
                frab JSON
              </a>
            </li>
          </ul>
        </nav>
        <h2 className="govuk-heading-m">Who can come</h2>
        {tickets.length === 0 ? (
          <p className="govuk-body">Registration has not been set up yet.</p>
        ) : (
          <ul className="govuk-list govuk-list--spaced">
            {tickets.map((ticket) => (
              <li key={ticket.id}>
                <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
                  {ticket.name}{" "}
                  {ticket.window === "closed" || event.state === "past" ? <Tag colour="grey">Closed</Tag> : ticket.window === "not-yet-open" ? <Tag colour="blue">Opens soon</Tag> : null}
                </h3>
                <p className="govuk-body govuk-!-margin-bottom-1">{ticket.who}</p>
                {ticket.lottery ? (
                  <p className="govuk-body govuk-!-margin-bottom-1" data-testid="lottery">
                    {ticket.lottery}
                    {ticket.drawRecord ? (
                      <>
                        {" "}
                        <Link className="govuk-link" to={ticket.drawRecord}>
                          See how the draw was made (seed, rules and order)
                        </Link>
                      </>
                    ) : null}
                  </p>
                ) : null}
                <p className="govuk-body-s">
                  {placesWording(ticket)}
                  {ticket.opensAt ? `. Registration opens ${ticket.opensAt}` : ""}
                  {ticket.closesAt ? `. Registration closes ${ticket.closesAt}` : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
        {tickets.length > 0 && event.state !== "draft" ? <SendLinkForm slug={event.slug} /> : null}
      </div>
    </div>
  );
}
