import { data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { getAttendee, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { listSlots } from "~/.server/events";
import {
  attendeeMarks,
  cachingHeadersFrom,
  dayPhase,
  isNotModified,
  loadPublicSchedule,
  nowAndNext,
  findScheduleVersion,
  schedulePageCaching,
} from "~/.server/schedule";
import { NowAndNextRooms } from "~/components/NowAndNextRooms";
import { LiveNotice, useLiveSchedule } from "~/components/PublicGrid";
import scheduleCss from "~/styles/schedule.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scheduleCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Now and next – ${data.event.name} – Pitchgrid` : "Now and next – Pitchgrid" }];

/** Pages and their data requests carry the loader's ETag and Cache-Control. */
export const headers: HeadersFunction = ({ loaderHeaders }) => cachingHeadersFrom(loaderHeaders);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date();
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  // What this page shows changes with the grid and as slots start and end.
  const phase = dayPhase(await listSlots(version.eventId), now, version.timeZone);
  const caching = schedulePageCaching(request, version.version, `now${phase}`);
  if (isNotModified(request, caching.etag)) return data(null, { status: 304, headers: caching.headers });
  const schedule = (await loadPublicSchedule(version))?.schedule;
  if (!schedule) throw new Response("Event not found", { status: 404, statusText: "Not Found" });
  const event = { name: schedule.event.name, slug: schedule.event.slug, timeZone: schedule.event.timeZone };
  if (!version.published) return data({ event, version: version.version, draft: version.draftPreview, view: null }, { headers: caching.headers });
  const attendee = await getAttendee(request, schedule.event.id);
  const view = nowAndNext(schedule, now, attendee ? await attendeeMarks(schedule, attendee.registrationId) : null);
  return data({ event, version: version.version, draft: version.draftPreview, view }, { headers: caching.headers });
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
      {page.draft ? <DraftNotice slug={event.slug} /> : null}
      <h1 className="govuk-heading-xl">
        <span className="govuk-caption-l">{event.name}</span>
        Now and next
      </h1>
      <LiveNotice notice={notice} />
      <NowAndNextRooms view={view} variant="page" slug={event.slug} />
    </>
  );
}
