import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { positiveIdOr404, withErrorPage } from "~/.server/platform";
import { getAttendee } from "~/.server/auth";
import { attendeeMarks, cachingHeadersFrom, isNotModified, loadPublicSchedule, requireScheduleVersion, schedulePageCaching, toPublicSession } from "~/.server/schedule";
import { InsetText, SummaryList } from "~/components/govuk";
import { interestLabel, LiveNotice, MineTag, useLiveSchedule } from "~/components/PublicGrid";
import scheduleCss from "~/styles/schedule.css?url";
import { formatDate } from "~/domain/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scheduleCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.session ? `${data.session.title} – ${data.event.name} – Pitchgrid` : data ? `Session – ${data.event.name} – Pitchgrid` : "Session – Pitchgrid" },
];

/** Pages and their data requests carry the loader's ETag and Cache-Control. */
export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersFrom(loaderHeaders);

const notFound = () => new Response("Session not found", { status: 404, statusText: "Not Found" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = positiveIdOr404(params.id, "Session");
  const version = await withErrorPage(() => requireScheduleVersion(params.slug));
  const caching = schedulePageCaching(request, version.version, `session${id}`);
  if (isNotModified(request, caching.etag)) return data(null, { status: 304, headers: caching.headers });
  const schedule = (await loadPublicSchedule(version))?.schedule;
  if (!schedule) throw notFound();
  const event = { name: schedule.event.name, slug: schedule.event.slug, timeZone: schedule.event.timeZone };
  if (!version.published) return data({ event, version: version.version, session: null }, { headers: caching.headers });
  const found = schedule.sessions.find((s) => s.pitchId === id);
  if (!found || found.status !== "open") throw notFound();
  const attendee = await getAttendee(request, schedule.event.id);
  const session = toPublicSession(schedule, found, attendee ? await attendeeMarks(schedule, attendee.registrationId) : null);
  const slot = schedule.slots.find((s) => s.id === found.slotId);
  return data(
    {
      event,
      version: version.version,
      session: { ...session, description: found.description, date: slot && session.roomName ? formatDate(slot.startsAt, event.timeZone) : null },
    },
    { headers: caching.headers },
  );
}

export default function SessionPage() {
  const page = useLoaderData<typeof loader>();
  const notice = useLiveSchedule(page?.event.slug ?? "", page?.version ?? "", page?.event.timeZone ?? "Europe/London");
  if (!page) return null;
  const { event, session } = page;
  const back = (
    <Link to={`/events/${event.slug}/schedule`} className="govuk-back-link">
      Back to the grid
    </Link>
  );
  if (!session) {
    return (
      <>
        {back}
        <h1 className="govuk-heading-l">The grid is not published yet</h1>
        <InsetText>
          <p className="govuk-body">Sessions appear here once the organisers publish the grid.</p>
        </InsetText>
      </>
    );
  }
  const placed = session.date !== null;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {back}
        <h1 className="govuk-heading-l">
          <span className="govuk-caption-l">{event.name}</span>
          {session.title}
        </h1>
        <LiveNotice notice={notice} />
        {session.mine ? (
          <p className="govuk-body">
            <MineTag mine={session.mine} />
          </p>
        ) : null}
        <SummaryList
          rows={[
            { key: "When", value: placed ? `${session.date}, ${session.time}` : "Not on the grid yet" },
            { key: "Room", value: placed ? session.roomName : "Not on the grid yet" },
            { key: session.hosts.length === 1 ? "Host" : "Hosts", value: session.hosts.join(", ") || "Host removed" },
            { key: "Format", value: session.format },
            { key: "Interest", value: interestLabel(session.interest) },
          ]}
        />
        <h2 className="govuk-heading-m">About this session</h2>
        {session.description ? <p className="govuk-body pg-preserve-lines">{session.description}</p> : <p className="govuk-body">The hosts have not added a description.</p>}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${event.slug}/schedule`}>
            See the whole grid
          </Link>
        </p>
      </div>
    </div>
  );
}
