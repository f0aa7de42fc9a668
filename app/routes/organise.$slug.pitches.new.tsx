import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { avoidableSlots, createPitch, listConfirmedAttendees, PitchRefused } from "~/.server/pitching";
import { OnBehalfPitchSchema, PITCH_MULTI_FIELDS } from "~/domain/pitch-rules";
import { BackLink } from "~/components/govuk";
import { PitchForm } from "~/components/PitchForm";

export const meta: MetaFunction = () => [{ title: "Add a pitch for someone – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [attendees, slots] = await Promise.all([listConfirmedAttendees(event.id), avoidableSlots(event)]);
  return {
    slug: event.slug,
    name: event.name,
    hosts: attendees.map((a) => ({ id: a.id, label: `${a.name}${a.organisation ? `, ${a.organisation}` : ""} (${a.email})` })),
    slots,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request, PITCH_MULTI_FIELDS);
  const parsed = parseWith(OnBehalfPitchSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    const pitch = await withErrorPage(() => createPitch(event.id, parsed.data.hostRegistrationId, parsed.data, { kind: "organiser", email }));
    return redirectWithFlash(request, `/organise/${event.slug}/pitches`, `“${pitch.title}” added for ${pitch.hosts[0]?.name ?? "the host"}.`);
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, stringValues(form), error.field);
    throw error;
  }
}

export default function AddPitchOnBehalf() {
  const { slug, name, hosts, slots } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/pitches`}>Pitches</BackLink>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Add a pitch for someone</h1>
        <p className="govuk-body">For someone pitching at the station. They must have a confirmed place; this works while pitching is closed too.</p>
        {hosts.length === 0 ? (
          <p className="govuk-body">No one has a confirmed place yet.</p>
        ) : (
          <PitchForm values={result?.values ?? {}} errors={result?.errors} slots={slots} hosts={hosts} submitLabel="Add pitch" />
        )}
      </div>
    </div>
  );
}
