import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { enforceRateLimit, withErrorPage, readIntentForm } from "~/.server/platform";
import { getAttendee, requirePublicEvent, requireConfirmedAttendee } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { eventIsPast } from "~/domain/event-state";
import { attendeePitchState, isPitchingOpen, markInterest, unmarkInterest } from "~/.server/pitching";
import { filterByFormat, parseFormatFilter, parseSort, PITCH_FORMATS, sortPitches, SORT_LABELS, PITCH_SORTS } from "~/domain/pitch-rules";
import { loadPublicSchedule, findScheduleVersion } from "~/.server/schedule";
import { FORMAT_NAMES } from "~/components/PitchForm";
import { PitchInterest } from "~/components/PitchInterest";
import { InsetText, Tag } from "~/components/govuk";
import { SendLinkForm } from "~/components/SendLinkForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Session pitches – ${data.event.name} – Pitchgrid` : "Session pitches – Pitchgrid" }];

const SUMMARY_LENGTH = 240;

// The pitches come from the shared schedule read model, built once per schedule version and
// shared by every phone in the room; only the attendee's own marks are read per request.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const entry = await loadPublicSchedule(version);
  if (!entry) throw new Response("Event not found", { status: 404 });
  const { schedule } = entry;
  const eventId = schedule.event.id;
  const url = new URL(request.url);
  const sort = parseSort(url.searchParams.get("sort"));
  const format = parseFormatFilter(url.searchParams.get("format"));
  const [attendee, pitchingOpen] = await Promise.all([getAttendee(request, eventId), isPitchingOpen(eventId)]);
  const state = attendee ? await attendeePitchState(eventId, attendee.registrationId) : null;
  const marked = new Set(state?.marked ?? []);
  const hosting = new Set(state?.hosting ?? []);
  const invited = new Set(state?.invited ?? []);
  const open = schedule.sessions.filter((s) => s.status === "open");
  const cards = open.map((s) => ({
    id: s.pitchId,
    title: s.title,
    summary: s.description.length > SUMMARY_LENGTH ? `${s.description.slice(0, SUMMARY_LENGTH).trimEnd()}…` : s.description,
    format: s.format,
    createdAt: s.createdAt,
    hosts: s.hosts.map((h) => h.name),
    interest: s.interest,
    marked: marked.has(s.pitchId),
    hosting: hosting.has(s.pitchId),
    invited: invited.has(s.pitchId),
  }));
  const shown = sortPitches(filterByFormat(cards, format), sort);
  return data(
    {
      // A draft is shown only to its organisers (marked); after the event nobody is offered registration.
      event: { name: schedule.event.name, slug: schedule.event.slug, draft: version.draftPreview, ended: eventIsPast(schedule.event) },
      sort,
      format,
      sorts: PITCH_SORTS.map((value) => ({ value, label: SORT_LABELS[value] })),
      formats: PITCH_FORMATS.map((value) => ({ value, label: FORMAT_NAMES[value] })),
      pitchingOpen,
      total: open.length,
      attendee: attendee ? { name: attendee.name, confirmed: attendee.status === "confirmed" } : null,
      mine: open.filter((s) => hosting.has(s.pitchId) || invited.has(s.pitchId)).map((s) => ({ id: s.pitchId, title: s.title, invited: invited.has(s.pitchId) })),
      pitches: shown,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const MarkSchema = z.object({ pitchId: z.coerce.number().int().positive() });

/** "I'd go" and its undo. A plain form gets the page back (same order and filter); a fetcher gets data. */
export async function action({ request, params }: ActionFunctionArgs) {
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, version.eventId));
  const submitted = await readIntentForm(request, { mark: MarkSchema, unmark: MarkSchema });
  if (!submitted.ok) throw new Response("Choose a pitch to mark", { status: 400 });
  const { intent, form } = submitted;
  const { pitchId } = submitted.data;
  const result = await withErrorPage<{ marked: boolean; interest: number }>(async () => {
    await enforceRateLimit("marking", `registration:${attendee.registrationId}`);
    return intent === "mark" ? markInterest(version.eventId, pitchId, attendee.registrationId) : unmarkInterest(version.eventId, pitchId, attendee.registrationId);
  });
  if (form.enhanced === "1") return data(result);
  const back = new URL(request.url).searchParams;
  back.delete("index");
  const query = back.toString();
  return redirect(`/events/${params.slug}/pitches${query ? `?${query}` : ""}#pitch-${pitchId}`, 303);
}

export default function Pitches() {
  const { event, sort, format, sorts, formats, pitchingOpen, total, attendee, mine, pitches } = useLoaderData<typeof loader>();
  const canMark = !!attendee?.confirmed;
  return (
    <>
      <Link to={`/events/${event.slug}`} className="govuk-back-link">
        {event.name}
      </Link>
      {event.draft ? <DraftNotice slug={event.slug} /> : null}
      <span className="govuk-caption-l">{event.name}</span>
      <h1 className="govuk-heading-l">Session pitches</h1>
      {pitchingOpen ? (
        canMark ? (
          <Link to={`/events/${event.slug}/pitches/new`} role="button" draggable={false} className="govuk-button" data-module="govuk-button">
            Pitch a session
          </Link>
        ) : null
      ) : (
        <InsetText>Pitching is closed. You can still say which sessions you would go to.</InsetText>
      )}
      {!attendee ? (
        <InsetText>
          To pitch or to say you would go to a session, open the private link from your confirmation email on this device.
          {event.ended || event.draft ? (
            // No registration after the event (nor for a draft): nothing to send people round to.
            " "
          ) : (
            <>
              {" "}
              Not registered?{" "}
              <Link className="govuk-link" to={`/events/${event.slug}/register`} data-testid="pitches-register-link">
                Register for a place
              </Link>
              .
            </>
          )}
          <SendLinkForm slug={event.slug} />
        </InsetText>
      ) : !attendee.confirmed ? (
        <InsetText>Only people with a confirmed place can pitch or mark sessions.</InsetText>
      ) : null}
      {mine.length > 0 ? (
        <>
          <h2 className="govuk-heading-m">Your pitches</h2>
          <ul className="govuk-list">
            {mine.map((p) => (
              <li key={p.id}>
                <Link className="govuk-link" to={`/events/${event.slug}/pitches/${p.id}`}>
                  {p.title}
                </Link>
                {p.invited ? (
                  <>
                    {" "}
                    <Tag colour="yellow">Invited to co-host</Tag>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <Form method="get">
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="sort">
            Order
          </label>
          <select className="govuk-select" id="sort" name="sort" defaultValue={sort}>
            {sorts.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
        <div className="govuk-form-group">
          <label className="govuk-label govuk-label--s" htmlFor="format">
            Format
          </label>
          <select className="govuk-select" id="format" name="format" defaultValue={format ?? ""}>
            <option value="">All formats</option>
            {formats.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show pitches
        </button>
      </Form>

      <h2 className="govuk-heading-m" id="pitch-list-heading">
        {pitches.length === total ? `${total} ${total === 1 ? "pitch" : "pitches"}` : `${pitches.length} of ${total} pitches`}
      </h2>
      {pitches.length === 0 ? <p className="govuk-body">{total === 0 ? "No one has pitched yet." : "No pitches in this format yet."}</p> : null}
      <ul className="govuk-list" aria-labelledby="pitch-list-heading">
        {pitches.map((p) => (
          <li key={p.id} id={`pitch-${p.id}`} className="govuk-!-margin-bottom-6">
            <hr className="govuk-section-break govuk-section-break--visible govuk-!-margin-bottom-3" />
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to={`/events/${event.slug}/pitches/${p.id}`}>
                {p.title}
              </Link>
            </h3>
            <p className="govuk-body-s govuk-!-margin-bottom-1">
              {FORMAT_NAMES[p.format]}
              {p.hosts.length ? ` · by ${p.hosts.join(", ")}` : ""}
              {p.hosting ? (
                <>
                  {" "}
                  <Tag colour="turquoise">Your pitch</Tag>
                </>
              ) : null}
            </p>
            {p.summary ? <p className="govuk-body pg-preserve-lines govuk-!-margin-bottom-2">{p.summary}</p> : null}
            <PitchInterest pitchId={p.id} title={p.title} marked={p.marked} interest={p.interest} canMark={canMark} />
          </li>
        ))}
      </ul>
    </>
  );
}
