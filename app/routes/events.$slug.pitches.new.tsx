import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { enforceRateLimit, formError, invalid, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireConfirmedAttendee, requirePublicEvent } from "~/.server/auth";
import { avoidableSlots, createPitch, isPitchingOpen, PitchRefused } from "~/.server/pitching";
import { PITCH_MULTI_FIELDS, PitchFormSchema } from "~/domain/pitch-rules";
import { InsetText } from "~/components/govuk";
import { PitchForm } from "~/components/PitchForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Pitch a session – ${data.event.name} – Pitchgrid` : "Pitch a session – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const [open, slots] = await Promise.all([isPitchingOpen(event.id), avoidableSlots(event)]);
  return { event: { name: event.name, slug: event.slug }, open, slots };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const form = await readForm(request, PITCH_MULTI_FIELDS);
  const parsed = parseWith(PitchFormSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    const pitch = await withErrorPage(async () => {
      await enforceRateLimit("pitching", `registration:${attendee.registrationId}`);
      return createPitch(event.id, attendee.registrationId, parsed.data);
    });
    return redirectWithFlash(request, `/events/${event.slug}/pitches/${pitch.id}`, `Your pitch “${pitch.title}” is up. People can now say they would go.`);
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, stringValues(form), error.field);
    throw error;
  }
}

export default function NewPitch() {
  const { event, open, slots } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${event.slug}/pitches`} className="govuk-back-link">
          Session pitches
        </Link>
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Pitch a session</h1>
        {open ? (
          <PitchForm values={result?.values ?? {}} errors={result?.errors} slots={slots} submitLabel="Pitch this session" />
        ) : (
          <InsetText>Pitching is closed for this event. If you still want to run a session, talk to an organiser.</InsetText>
        )}
      </div>
    </div>
  );
}
