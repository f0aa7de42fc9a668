import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, parseWith, positiveIdOr404, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { avoidableSlots, editPitch, PitchRefused, pitchFormValues, requirePitch, withdrawPitch } from "~/.server/pitching";
import { PITCH_MULTI_FIELDS, PitchFormSchema } from "~/domain/pitch-rules";
import { BackLink, Button, InsetText, SummaryList } from "~/components/govuk";
import { PitchForm } from "~/components/PitchForm";

export const meta: MetaFunction = () => [{ title: "Change a pitch – Pitchgrid" }];

async function load(request: Request, params: { slug?: string; id?: string }) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const id = positiveIdOr404(params.id, "Pitch");
  return { event, email, pitch: await withErrorPage(() => requirePitch(event.id, id)) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, pitch } = await load(request, params);
  return {
    slug: event.slug,
    name: event.name,
    pitch: {
      id: pitch.id,
      title: pitch.title,
      status: pitch.status,
      placed: pitch.placed,
      interest: pitch.interest,
      hosts: pitch.hosts.map((h) => `${h.name} (${h.email})${h.role === "co-host-invited" ? ", invited" : h.role === "co-host" ? ", co-host" : ""}`),
    },
    values: pitchFormValues(pitch),
    slots: await avoidableSlots(event),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email, pitch } = await load(request, params);
  const form = await readForm(request, PITCH_MULTI_FIELDS);
  const back = `/organise/${event.slug}/pitches`;
  try {
    if (form.intent === "withdraw") {
      await withErrorPage(() => withdrawPitch(event.id, pitch.id, { kind: "organiser", email }));
      return redirectWithFlash(request, back, `“${pitch.title}” withdrawn. Its hosts have been emailed.`);
    }
    const parsed = parseWith(PitchFormSchema, form);
    if (!parsed.ok) return invalid(parsed.failure);
    const saved = await withErrorPage(() => editPitch(event.id, pitch.id, { kind: "organiser", email }, parsed.data));
    return redirectWithFlash(request, back, `“${saved.title}” saved.`);
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, stringValues(form), error.field);
    throw error;
  }
}

export default function OrganiserPitch() {
  const { slug, name, pitch, values, slots } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/pitches`}>Pitches</BackLink>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Change a pitch</h1>
        <SummaryList
          rows={[
            { key: "Hosts", value: pitch.hosts.join("; ") },
            { key: "Would go", value: String(pitch.interest) },
            { key: "On the grid", value: pitch.placed ? "Yes" : "No" },
          ]}
        />
        {pitch.status === "open" ? (
          <>
            <PitchForm values={result?.values ?? values} errors={result?.errors} slots={slots} submitLabel="Save pitch" />
            <h2 className="govuk-heading-m">Withdraw</h2>
            <p className="govuk-body">Withdrawing takes the session off the grid{pitch.placed ? " (it is on it now)" : ""} and emails its hosts.</p>
            <Form method="post">
              <Button name="intent" value="withdraw" variant="warning">
                Withdraw this pitch
              </Button>
            </Form>
          </>
        ) : (
          <InsetText>This pitch has been {pitch.status}, so it cannot be changed.</InsetText>
        )}
      </div>
    </div>
  );
}
