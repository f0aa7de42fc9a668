import { type ActionFunctionArgs, data, type HeadersFunction, type LinksFunction, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { enforceRateLimit, positiveIdOr404, withErrorPage, noFields, readIntentForm } from "~/.server/platform";
import { getAttendee, requireConfirmedAttendee, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { markInterest, unmarkInterest } from "~/.server/pitching";
import { PitchInterest } from "~/components/PitchInterest";
import { attendeeMarks, cachingHeadersFrom, isNotModified, loadPublicSchedule, findScheduleVersion, schedulePageCaching, toPublicSession, keepPublicPageCheck } from "~/.server/schedule";
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
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const caching = schedulePageCaching(request, version.version, `session${id}`);
  if (isNotModified(request, caching.etag)) return data(null, { status: 304, headers: caching.headers });
  const schedule = (await loadPublicSchedule(version))?.schedule;
  if (!schedule) throw notFound();
  const event = { name: schedule.event.name, slug: schedule.event.slug, timeZone: schedule.event.timeZone, draft: version.draftPreview };
  if (!version.draft) keepPublicPageCheck(request, params.slug!, `session${id}`);
  if (!version.published) return data({ event, version: version.version, session: null }, { headers: caching.headers });
  const found = schedule.sessions.find((s) => s.pitchId === id);
  if (!found || found.status !== "open") throw notFound();
  const attendee = await getAttendee(request, schedule.event.id);
  const marks = attendee ? await attendeeMarks(schedule, attendee.registrationId) : null;
  const session = toPublicSession(schedule, found, marks);
  const slot = schedule.slots.find((s) => s.id === found.slotId);
  return data(
    {
      event,
      version: version.version,
      session: { ...session, description: found.description, date: slot && session.roomName ? formatDate(slot.startsAt, event.timeZone) : null },
      // "I'd go" for a recognised confirmed attendee, hosts included (no rule refuses marking your own session).
      viewer: { canMark: attendee?.status === "confirmed", marked: marks?.marked.has(id) ?? false },
    },
    { headers: caching.headers },
  );
}

/** "I'd go" and its undo, as on the pitch page: a plain form POST without JavaScript (303 back here), data for a fetcher. */
export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const id = positiveIdOr404(params.id, "Session");
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const { intent, form } = await readIntentForm(request, { mark: noFields, unmark: noFields });
  const result = await withErrorPage<{ marked: boolean; interest: number }>(async () => {
    await enforceRateLimit("marking", `registration:${attendee.registrationId}`);
    return intent === "mark" ? markInterest(event.id, id, attendee.registrationId) : unmarkInterest(event.id, id, attendee.registrationId);
  });
  return form.enhanced === "1" ? data(result) : redirect(`/events/${event.slug}/sessions/${id}`, 303);
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
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
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
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
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
            // Someone who can mark sees the count once, beside "I'd go" (below).
            ...(page.viewer?.canMark ? [] : [{ key: "Interest", value: interestLabel(session.interest) }]),
          ]}
        />
        <p className="govuk-body" data-testid="session-notes-link">
          <a className="govuk-link" href={session.notes} rel={session.notes.startsWith("/") ? undefined : "noreferrer"}>
            Session notes
          </a>
          {session.notes.startsWith("/") ? " (anyone with a place can add to them)" : " (a shared document)"}
        </p>
        {page.viewer?.canMark ? <PitchInterest pitchId={session.id} title={session.title} marked={page.viewer.marked} interest={session.interest} canMark /> : null}
        <h2 className="govuk-heading-m">About this session</h2>
        {session.description ? <p className="govuk-body pg-preserve-lines">{session.description}</p> : <p className="govuk-body">The hosts have not added a description.</p>}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${event.slug}/schedule`}>
            See the whole grid
          </Link>
        </p>
        <p className="govuk-body-s">
          Hosting this session?{" "}
          <Link className="govuk-link" to={`/events/${event.slug}/sessions/${session.id}/head-count`}>
            Enter how many came
          </Link>
        </p>
      </div>
    </div>
  );
}
