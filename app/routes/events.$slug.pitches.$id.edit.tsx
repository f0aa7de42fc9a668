import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, parseWith, positiveIdOr404, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireConfirmedAttendee, requirePublicEvent } from "~/.server/auth";
import { avoidableSlots, editPitch, PitchRefused, pitchFormValues, requirePitch } from "~/.server/pitching";
import { attendeeMayChange, PITCH_MULTI_FIELDS, PitchFormSchema } from "~/domain/pitch-rules";
import { InsetText } from "~/components/govuk";
import { PitchForm } from "~/components/PitchForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Change your pitch – ${data.event.name} – Pitchgrid` : "Change your pitch – Pitchgrid" }];

async function load(request: Request, params: { slug?: string; id?: string }) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const id = positiveIdOr404(params.id, "Pitch");
  const pitch = await withErrorPage(() => requirePitch(event.id, id));
  const check = attendeeMayChange(pitch, attendee.registrationId);
  if (!check.ok && check.reason === "not-host") throw new Response(check.message, { status: 403, statusText: "Forbidden" });
  return { event, attendee, pitch, check };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, pitch, check } = await load(request, params);
  return {
    event: { name: event.name, slug: event.slug },
    pitch: { id: pitch.id, title: pitch.title },
    refusal: check.ok ? null : check.message,
    values: pitchFormValues(pitch),
    slots: await avoidableSlots(event),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, attendee, pitch } = await load(request, params);
  const form = await readForm(request, PITCH_MULTI_FIELDS);
  const parsed = parseWith(PitchFormSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    await withErrorPage(() => editPitch(event.id, pitch.id, { kind: "attendee", registrationId: attendee.registrationId }, parsed.data));
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, stringValues(form), error.field);
    throw error;
  }
  return redirectWithFlash(request, `/events/${event.slug}/pitches/${pitch.id}`, "Your pitch has been changed.");
}

export default function EditPitch() {
  const { event, pitch, refusal, values, slots } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${event.slug}/pitches/${pitch.id}`} className="govuk-back-link">
          {pitch.title}
        </Link>
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Change your pitch</h1>
        {refusal ? <InsetText>{refusal}</InsetText> : <PitchForm values={result?.values ?? values} errors={result?.errors} slots={slots} submitLabel="Save changes" />}
      </div>
    </div>
  );
}
