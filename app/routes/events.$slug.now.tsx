import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { getAttendee } from "~/.server/auth";
import { listSlots } from "~/.server/events";
import {
  attendeeMarks,
  cachingHeadersFrom,
  dayPhase,
  isNotModified,
  loadPublicSchedule,
  nowAndNext,
  requireScheduleVersion,
  schedulePageCaching,
  type PublicSession,
} from "~/.server/schedule";
import { InsetText } from "~/components/govuk";
import { LiveNotice, MineTag, useLiveSchedule } from "~/components/PublicGrid";
import scheduleCss from "~/styles/schedule.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scheduleCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Now and next – ${data.event.name} – Pitchgrid` : "Now and next – Pitchgrid" }];

/** Pages and their data requests carry the loader's ETag and Cache-Control. */
export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersFrom(loaderHeaders);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date();
  const version = await withErrorPage(() => requireScheduleVersion(params.slug));
  // What this page shows changes with the grid and as slots start and end.
  const phase = dayPhase(await listSlots(version.eventId), now, version.timeZone);
  const caching = schedulePageCaching(request, version.version, `now${phase}`);
  if (isNotModified(request, caching.etag)) return data(null, { status: 304, headers: caching.headers });
  const schedule = (await loadPublicSchedule(version))?.schedule;
  if (!schedule) throw new Response("Event not found", { status: 404, statusText: "Not Found" });
  const event = { name: schedule.event.name, slug: schedule.event.slug, timeZone: schedule.event.timeZone };
  if (!version.published) return data({ event, version: version.version, view: null }, { headers: caching.headers });
  const attendee = await getAttendee(request, schedule.event.id);
  const view = nowAndNext(schedule, now, attendee ? await attendeeMarks(schedule, attendee.registrationId) : null);
  return data({ event, version: version.version, view }, { headers: caching.headers });
}

function SessionSummary({ slug, session, time }: { slug: string; session: PublicSession | null; time?: string | null }) {
  if (!session) return <span className="pg-sched-meta">Nothing scheduled</span>;
  return (
    <>
      <Link className="govuk-link pg-sched-title" to={`/events/${slug}/sessions/${session.id}`}>
        {session.title}
      </Link>
      {time ? <span className="pg-sched-meta">{time}</span> : null}
      {session.hosts.length ? <span className="pg-sched-meta">By {session.hosts.join(", ")}</span> : null}
      <MineTag mine={session.mine} />
    </>
  );
}

const MINUTE = 60_000;

export default function NowAndNextPage() {
  const page = useLoaderData<typeof loader>();
  const notice = useLiveSchedule(page?.event.slug ?? "", page?.version ?? "", page?.event.timeZone ?? "Europe/London", MINUTE);
  if (!page) return null;
  const { event, view } = page;
  return (
    <>
      <Link to={`/events/${event.slug}/schedule`} className="govuk-back-link">
        Back to the grid
      </Link>
      <h1 className="govuk-heading-xl">
        <span className="govuk-caption-l">{event.name}</span>
        Now and next
      </h1>
      <LiveNotice notice={notice} />
      {view === null ? (
        <InsetText>
          <p className="govuk-body">The organisers have not published the grid yet.</p>
        </InsetText>
      ) : view.status === "no-slots" ? (
        <p className="govuk-body">The organisers have not set the times of the day yet.</p>
      ) : view.status === "after" ? (
        <p className="govuk-body">{view.endedToday ? "Today’s sessions have finished. Thank you for coming." : "This event has finished."}</p>
      ) : (
        <>
          {view.status === "before" ? (
            <p className="govuk-body-l">
              The day has not started yet. It starts {view.startsToday ? "at" : "on"} {view.startsAt}.
            </p>
          ) : view.current ? (
            <p className="govuk-body-l">
              Now: {view.current.kind === "break" ? `${view.current.label}, ` : ""}
              {view.current.time}.{view.next ? ` Next: ${view.next.kind === "break" ? `${view.next.label}, ` : ""}${view.next.time}.` : " This is the last slot of the day."}
            </p>
          ) : (
            <p className="govuk-body-l">Between sessions.{view.next ? ` Next: ${view.next.label ? `${view.next.label}, ` : ""}${view.next.time}.` : ""}</p>
          )}
          <p className="govuk-body-s">It is {view.today}. Times are local times at the venue.</p>
          <table className="pg-sched">
            <caption className="govuk-table__caption govuk-table__caption--m">What is on in each room</caption>
            <thead>
              <tr>
                <th scope="col">Room</th>
                <th scope="col">Now</th>
                <th scope="col">Next in this room</th>
              </tr>
            </thead>
            <tbody>
              {view.rooms.map((room) => (
                <tr key={room.id}>
                  <th scope="row">{room.name}</th>
                  <td className={room.now?.mine ? "pg-sched-mine" : undefined}>
                    <span className="pg-sched-where">Now: </span>
                    <SessionSummary slug={event.slug} session={room.now} />
                  </td>
                  <td className={room.next?.mine ? "pg-sched-mine" : undefined}>
                    <span className="pg-sched-where">Next in this room: </span>
                    <SessionSummary slug={event.slug} session={room.next} time={room.nextTime} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
