import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { enforceRateLimit, formError, noFields, positiveIdOr404, readIntentForm, withErrorPage } from "~/.server/platform";
import { getAttendee, redirectWithFlash, requireConfirmedAttendee, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { answerCoHostInvitation, attendeePitchState, avoidableSlots, findPitch, markInterest, PitchRefused, pitchPlacements, requirePitch, unmarkInterest } from "~/.server/pitching";
import { openSpaceEnabled } from "~/.server/grid";
import { attendeeMayChange } from "~/domain/pitch-rules";
import { Button, ErrorSummary, InsetText, SummaryList, Tag } from "~/components/govuk";
import { FORMAT_NAMES, NEED_NAMES } from "~/components/PitchForm";
import { PitchInterest } from "~/components/PitchInterest";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.pitch.title} – ${data.event.name} – Pitchgrid` : "Pitch – Pitchgrid" }];

function pitchIdFrom(params: { id?: string }) {
  return positiveIdOr404(params.id, "Pitch");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const pitch = await withErrorPage(() => requirePitch(event.id, pitchIdFrom(params)));
  const attendee = await getAttendee(request, event.id);
  const confirmed = attendee?.status === "confirmed";
  const [state, slots, mergedInto, placements, openSpace] = await Promise.all([
    confirmed ? attendeePitchState(event.id, attendee.registrationId) : null,
    avoidableSlots(event),
    pitch.mergedIntoId ? findPitch(event.id, pitch.mergedIntoId) : null,
    pitchPlacements(event.id),
    confirmed ? openSpaceEnabled(event.id) : false,
  ]);
  const me = confirmed ? pitch.hosts.find((h) => h.registrationId === attendee.registrationId) : undefined;
  const change = confirmed ? attendeeMayChange(pitch, attendee.registrationId) : null;
  const isHost = me?.role === "host" || me?.role === "co-host";
  return data(
    {
      event: { name: event.name, slug: event.slug, draft: event.draftPreview },
      pitch: {
        id: pitch.id,
        title: pitch.title,
        description: pitch.description,
        format: pitch.format,
        status: pitch.status,
        placed: pitch.placed,
        interest: pitch.interest,
        needs: pitch.needs,
        avoid: slots.filter((s) => pitch.avoidSlotIds.includes(s.id)).map((s) => s.label),
        // Names only: the hosts' email addresses are for organisers.
        hosts: pitch.hosts.filter((h) => h.role !== "co-host-invited").map((h) => h.name),
        invited: isHost ? pitch.hosts.filter((h) => h.role === "co-host-invited").map((h) => h.name) : [],
      },
      mergedInto: mergedInto ? { id: mergedInto.id, title: mergedInto.title } : null,
      // Where and when: anyone sees it once the grid is published; before that only the hosts
      // see their draft place, told it is not public yet.
      placement: pitch.status === "open" && (placements.published || isHost) ? (placements.byPitch[pitch.id] ?? null) : null,
      gridPublished: placements.published,
      viewer: {
        canMark: confirmed && pitch.status === "open",
        marked: state?.marked.includes(pitch.id) ?? false,
        isHost,
        invited: me?.role === "co-host-invited" && pitch.status === "open",
        mayChange: change?.ok === true,
        changeMessage: isHost && change && !change.ok ? change.message : null,
        // Open Space (an event setting): hosts choose where and when their own session goes.
        mayPlace: openSpace && isHost && pitch.status === "open",
      },
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const pitchId = pitchIdFrom(params);
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const { intent, form } = await readIntentForm(request, { mark: noFields, unmark: noFields, accept: noFields, decline: noFields });
  const here = `/events/${event.slug}/pitches/${pitchId}`;
  try {
    switch (intent) {
      case "mark":
      case "unmark": {
        const result = await withErrorPage<{ marked: boolean; interest: number }>(async () => {
          await enforceRateLimit("marking", `registration:${attendee.registrationId}`);
          return intent === "mark" ? markInterest(event.id, pitchId, attendee.registrationId) : unmarkInterest(event.id, pitchId, attendee.registrationId);
        });
        return form.enhanced === "1" ? data(result) : redirect(here, 303);
      }
      case "accept":
      case "decline": {
        await withErrorPage(() => answerCoHostInvitation(event.id, pitchId, attendee.registrationId, intent === "accept"));
        return redirectWithFlash(request, here, intent === "accept" ? "You are now a co-host of this session." : "You have declined to co-host this session.");
      }
    }
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, {}, "form", 409);
    throw error;
  }
}

export default function PitchPage() {
  const { event, pitch, mergedInto, viewer, placement, gridPublished } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${event.slug}/pitches`} className="govuk-back-link">
          Session pitches
        </Link>
        <ErrorSummary errors={errors} />
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">{pitch.title}</h1>
        {pitch.status === "withdrawn" ? <InsetText>This pitch has been withdrawn.</InsetText> : null}
        {pitch.status === "merged" ? (
          <InsetText>
            This pitch has been combined with a similar one:{" "}
            {mergedInto ? (
              <Link className="govuk-link" to={`/events/${event.slug}/pitches/${mergedInto.id}`}>
                {mergedInto.title}
              </Link>
            ) : (
              "another session"
            )}
            .
          </InsetText>
        ) : null}
        {viewer.invited ? (
          <div className="govuk-inset-text">
            <p className="govuk-body">You have been asked to co-host this session.</p>
            <Form method="post" className="govuk-button-group">
              <Button name="intent" value="accept">
                Accept
              </Button>
              <Button name="intent" value="decline" variant="secondary">
                Decline
              </Button>
            </Form>
          </div>
        ) : null}
        <SummaryList
          rows={[
            { key: "Hosted by", value: pitch.hosts.join(", ") || "Host removed" },
            ...(pitch.invited.length ? [{ key: "Invited to co-host", value: `${pitch.invited.join(", ")} (not answered yet)` }] : []),
            { key: "Format", value: FORMAT_NAMES[pitch.format] },
            ...(pitch.needs.length ? [{ key: "Needs", value: pitch.needs.map((n) => NEED_NAMES[n] ?? n).join(", ") }] : []),
            ...(viewer.isHost && pitch.avoid.length ? [{ key: "Times the hosts cannot do", value: pitch.avoid.join(", ") }] : []),
          ]}
        />
        {pitch.description ? (
          <>
            <h2 className="govuk-heading-m">About this session</h2>
            <p className="govuk-body pg-preserve-lines">{pitch.description}</p>
          </>
        ) : null}
        {pitch.status === "open" ? <PitchInterest pitchId={pitch.id} title={pitch.title} marked={viewer.marked} interest={pitch.interest} canMark={viewer.canMark} /> : null}
        {placement ? (
          <div className="govuk-!-margin-top-4">
            <p className="govuk-body">
              <Tag colour={gridPublished ? "green" : "grey"}>{gridPublished ? "On the grid" : "On the draft grid"}</Tag>
            </p>
            <SummaryList
              rows={[
                { key: "When", value: `${placement.date}, ${placement.time}` },
                { key: "Where", value: placement.room },
              ]}
            />
            {gridPublished ? (
              <p className="govuk-body">
                <Link className="govuk-link" to={`/events/${event.slug}/schedule`}>
                  See the grid
                </Link>
              </p>
            ) : (
              <p className="govuk-body">The grid is not public yet: the organisers may still move this session before they publish it.</p>
            )}
          </div>
        ) : null}
        {viewer.isHost ? (
          <>
            <h2 className="govuk-heading-m govuk-!-margin-top-6">Your pitch</h2>
            {viewer.mayPlace ? (
              <p className="govuk-body">
                <Link to={`/events/${event.slug}/pitches/${pitch.id}/place`} className="govuk-link" data-testid="place-own-session">
                  {placement ? "Move your session or take it off the grid" : "Choose where and when your session happens"}
                </Link>
              </p>
            ) : null}
            {viewer.mayChange ? (
              <ul className="govuk-list">
                <li>
                  <Link to={`/events/${event.slug}/pitches/${pitch.id}/edit`} className="govuk-link">
                    Change this pitch
                  </Link>
                </li>
                <li>
                  <Link to={`/events/${event.slug}/pitches/${pitch.id}/withdraw`} className="govuk-link">
                    Withdraw this pitch
                  </Link>
                </li>
              </ul>
            ) : viewer.changeMessage ? (
              <p className="govuk-body">{viewer.changeMessage}</p>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
