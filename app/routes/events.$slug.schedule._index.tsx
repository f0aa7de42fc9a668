import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { getAttendee, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { attendeeMarks, cachingHeadersFrom, isNotModified, loadPublicSchedule, personaliseGrid, findScheduleVersion, schedulePageCaching, keepPublicPageCheck } from "~/.server/schedule";
import { InsetText } from "~/components/govuk";
import { LiveNotice, PublicGridTables, useLiveSchedule } from "~/components/PublicGrid";
import scheduleCss from "~/styles/schedule.css?url";
import { wideLayout } from "~/domain/layout";

/** Rooms across need the whole window. */
export const handle = wideLayout;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scheduleCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `The grid – ${data.event.name} – Pitchgrid` : "The grid – Pitchgrid" }];

/** Pages and their data requests carry the loader's ETag and Cache-Control. */
export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersFrom(loaderHeaders);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const caching = schedulePageCaching(request, version.version);
  // A 304 has no body: nothing below runs, and the page is never rendered.
  if (isNotModified(request, caching.etag)) return data(null, { status: 304, headers: caching.headers });
  const loaded = await loadPublicSchedule(version);
  if (!loaded) throw new Response("Event not found", { status: 404, statusText: "Not Found" });
  const { schedule } = loaded;
  const attendee = await getAttendee(request, schedule.event.id);
  if (!version.draft) keepPublicPageCheck(request, params.slug!);
  const grid = !version.published ? null : attendee ? personaliseGrid(loaded.grid, await attendeeMarks(schedule, attendee.registrationId)) : loaded.grid;
  return data(
    {
      event: {
        name: schedule.event.name,
        slug: schedule.event.slug,
        // "on Saturday 28 March 2026", or "over 2 days" for a longer event.
        when: !grid?.days.length ? "" : grid.days.length === 1 ? ` on ${grid.days[0].date}` : ` over ${grid.days.length} days`,
        timeZone: schedule.event.timeZone,
      },
      version: version.version,
      draft: version.draftPreview,
      grid,
      attendeeName: attendee?.name ?? null,
    },
    { headers: caching.headers },
  );
}

export default function PublicSchedulePage() {
  const page = useLoaderData<typeof loader>();
  const notice = useLiveSchedule(page?.event.slug ?? "", page?.version ?? "", page?.event.timeZone ?? "Europe/London");
  if (!page) return null;
  const { event, grid, attendeeName } = page;
  return (
    <>
      <Link to={`/events/${event.slug}`} className="govuk-back-link">
        {event.name}
      </Link>
      {page.draft ? <DraftNotice slug={event.slug} /> : null}
      <h1 className="govuk-heading-xl">
        <span className="govuk-caption-l">{event.name}</span>
        The grid
      </h1>
      <LiveNotice notice={notice} />
      {grid === null ? (
        <InsetText>
          <p className="govuk-body">The organisers have not published the grid yet. Sessions are pitched and placed on the day; check back then.</p>
        </InsetText>
      ) : (
        <>
          <p className="govuk-body">
            {grid.sessionCount === 1 ? "1 session" : `${grid.sessionCount} sessions`}
            {event.when}. Sessions can move during the day: this page shows the latest grid.
          </p>
          {attendeeName ? (
            <p className="govuk-body">
              Signed in as {attendeeName}. Sessions you host or marked “I’d go” are highlighted and labelled “You are hosting” or “You marked this”.
            </p>
          ) : null}
          <ul className="govuk-list pg-sched-links">
            <li>
              <Link className="govuk-link" to={`/events/${event.slug}/now`}>
                Now and next
              </Link>
            </li>
            <li>
              <a className="govuk-link" href={`/events/${event.slug}/schedule/print`}>
                Print the grid (A3)
              </a>
            </li>
            <li>
              <Link className="govuk-link" to={`/events/${event.slug}/calendar`}>
                Add the grid to your calendar
              </Link>
            </li>
            <li>
              <Link className="govuk-link" to={`/events/${event.slug}/notes`}>
                Notes from every session
              </Link>
            </li>
          </ul>
          {grid.sessionCount === 0 ? <p className="govuk-body">No sessions are on the grid yet.</p> : null}
          <PublicGridTables slug={event.slug} grid={grid} />
        </>
      )}
    </>
  );
}
