import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { notesArchive } from "~/.server/notes";
import { findScheduleVersion } from "~/.server/schedule";
import { BackLink, InsetText } from "~/components/govuk";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";
import scheduleCss from "~/styles/schedule.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: scheduleCss }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Session notes – ${data.event.name} – Pitchgrid` : "Session notes – Pitchgrid" }];

/** After the event: every session on the grid with its notes (or the link to them), in grid order. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // A draft only for its team (requirePublicEvent), like the event and schedule pages.
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const tz = event.timeZone;
  const ended = Date.parse(event.endsAt) <= Date.now();
  const version = await findScheduleVersion(event.slug);
  const archive = ended && version?.published ? await notesArchive(event.id, (startsAt, endsAt) => `${formatDate(startsAt, tz)}, ${formatTimeRange(startsAt, endsAt, tz)}`) : null;
  return {
    event: { name: event.name, slug: event.slug, endsAt: formatDateTime(event.endsAt, tz) },
    ended,
    draft: event.draftPreview,
    archive: archive
      ? { external: archive.external, sessions: archive.sessions.map((s) => ({ ...s, savedAt: s.savedAt ? formatDateTime(s.savedAt, tz) : null })) }
      : null,
  };
}

export default function NotesArchive() {
  const { event, ended, draft, archive } = useLoaderData<typeof loader>();
  return (
    <>
      <BackLink to={`/events/${event.slug}`}>{event.name}</BackLink>
      {draft ? <DraftNotice slug={event.slug} /> : null}
      <h1 className="govuk-heading-xl">
        <span className="govuk-caption-l">{event.name}</span>
        Session notes
      </h1>
      {!ended ? (
        <InsetText>
          <p className="govuk-body">
            The notes from every session are gathered here when the event ends ({event.endsAt}). Until then, each session’s notes are linked from its page on{" "}
            <Link className="govuk-link" to={`/events/${event.slug}/schedule`}>
              the grid
            </Link>
            .
          </p>
        </InsetText>
      ) : !archive || archive.sessions.length === 0 ? (
        <p className="govuk-body">No sessions were on the published grid.</p>
      ) : (
        <>
          <p className="govuk-body">
            {archive.sessions.length} {archive.sessions.length === 1 ? "session" : "sessions"}, in the order of the grid.
            {archive.external ? " The organisers kept the notes in shared documents: each session links to its own." : ""}
          </p>
          {archive.sessions.map((s) => (
            <section key={s.pitchId} className="govuk-!-margin-bottom-8" aria-labelledby={`notes-${s.pitchId}`} data-testid="archive-session">
              <h2 className="govuk-heading-m" id={`notes-${s.pitchId}`}>
                {s.title}
              </h2>
              <p className="govuk-body-s">
                {s.when}, {s.roomName}
                {s.hosts.length ? `. Hosted by ${s.hosts.join(", ")}` : ""}.
              </p>
              {archive.external ? (
                <p className="govuk-body">
                  Notes:{" "}
                  <a className="govuk-link" href={s.notesLink} rel="noreferrer">
                    {s.notesLink}
                  </a>
                </p>
              ) : s.notes ? (
                <>
                  <div className="govuk-body pg-notes-text">{s.notes}</div>
                  <p className="govuk-body-s">
                    Last saved {s.savedAt}.{" "}
                    <a className="govuk-link" href={s.notesLink}>
                      History<span className="govuk-visually-hidden"> of the notes for {s.title}</span>
                    </a>
                  </p>
                </>
              ) : (
                <p className="govuk-body">No notes were taken.</p>
              )}
            </section>
          ))}
        </>
      )}
    </>
  );
}
