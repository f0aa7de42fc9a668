import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formError, getDb, invalid, noFields, positiveIdOr404, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { avoidableSlots, canUnmerge, editPitch, pitchFormValues, PitchRefused, requirePitch, restorePitch, sessionCounts, setShowOfHands, unmergePitch } from "~/.server/pitching";
import { parseCount } from "~/domain/attendance";
import { PITCH_MULTI_FIELDS, PitchFormSchema } from "~/domain/pitch-rules";
import { BackLink, Button, ErrorSummary, Input, InsetText, SummaryList } from "~/components/govuk";
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
    canUnmerge: pitch.status === "merged" && (await canUnmerge(await getDb(), event.id, pitch.id)),
    counts: await sessionCounts(pitch.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email, pitch } = await load(request, params);
  const submitted = await readIntentForm(
    request,
    { edit: PitchFormSchema, restore: noFields, "show-of-hands": noFields, "clear-show-of-hands": noFields, unmerge: noFields },
    { missing: "edit", multi: PITCH_MULTI_FIELDS },
  );
  const { values } = submitted;
  const back = `/organise/${event.slug}/pitches`;
  // Withdrawing asks first, on its own page (organise.$slug.pitches.$id_.withdraw).
  if (submitted.intent === "restore") {
    return withFormErrors({}, async () => {
      const restored = await restorePitch(event.id, pitch.id, email);
      return redirectWithFlash(request, back, `“${restored.title}” restored${restored.placedIn ? ` to ${restored.placedIn}` : ": it is with the sessions not yet on the grid"}. Its hosts have been emailed.`);
    });
  }
  // A rough show of hands when the session was pitched, kept apart from "I'd go" marks.
  if (submitted.intent === "show-of-hands" || submitted.intent === "clear-show-of-hands") {
    const clearing = submitted.intent === "clear-show-of-hands";
    const count = clearing ? null : parseCount(values.showOfHands ?? "");
    if (count === null && !clearing) return formError("Enter the show of hands as a whole number such as 25", values, "showOfHands");
    return withFormErrors(values, async () => {
      await setShowOfHands(event.id, pitch.id, count);
      return redirectWithFlash(request, `/organise/${event.slug}/pitches/${pitch.id}`, count === null ? `Show of hands for “${pitch.title}” cleared.` : `Show of hands for “${pitch.title}”: ${count}.`);
    });
  }
  if (submitted.intent === "unmerge") {
    return withFormErrors({}, async () => {
      const done = await unmergePitch(event.id, pitch.id, email);
      const notes =
        done.notes === "taken-back"
          ? ` Its notes were taken back off “${done.keptTitle}”.`
          : done.notes === "left"
            ? ` Its notes stay on “${done.keptTitle}” too, since they were edited there after the merge; it has its own notes again.`
            : "";
      return redirectWithFlash(request, back, `“${done.title}” is separate from “${done.keptTitle}” again${done.placedIn ? `, back in ${done.placedIn}` : ""}.${notes}`);
    });
  }
  try {
    const parsed = submitted;
    if (!parsed.ok) return invalid(parsed.failure);
    const saved = await withErrorPage(() => editPitch(event.id, pitch.id, { kind: "organiser", email }, parsed.data));
    return redirectWithFlash(request, back, `“${saved.title}” saved.`);
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, values, error.field);
    throw error;
  }
}

export default function OrganiserPitch() {
  const { slug, name, pitch, values, slots, canUnmerge, counts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const handsErrors = result?.errors && "showOfHands" in result.errors ? result.errors : undefined;
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
            { key: "Show of hands", value: counts.showOfHands === null ? "Not taken" : String(counts.showOfHands) },
            { key: "Head count", value: counts.headCount === null ? "Not entered" : String(counts.headCount) },
            { key: "On the grid", value: pitch.placed ? "Yes" : "No" },
          ]}
        />
        {pitch.status === "open" ? (
          <>
            <section id="show-of-hands" aria-labelledby="show-of-hands-heading">
              <h2 className="govuk-heading-m" id="show-of-hands-heading">
                Show of hands
              </h2>
              <ErrorSummary errors={handsErrors} fieldOrder={["showOfHands"]} />
              <Form method="post">
                <Input
                  name="showOfHands"
                  label="About how many hands went up?"
                  hint={`A rough count is fine. It is kept apart from the ${pitch.interest} “I’d go” ${pitch.interest === 1 ? "mark" : "marks"}; the grid’s room-size warnings use whichever says more people.`}
                  errors={handsErrors}
                  defaultValue={handsErrors ? (result?.values?.showOfHands ?? "") : counts.showOfHands === null ? "" : String(counts.showOfHands)}
                  inputMode="numeric"
                  width="3"
                  autoComplete="off"
                />
                <div className="govuk-button-group">
                  <Button name="intent" value="show-of-hands">
                    Save show of hands
                  </Button>
                  {counts.showOfHands !== null ? (
                    <Button name="intent" value="clear-show-of-hands" variant="secondary">
                      Clear it
                    </Button>
                  ) : null}
                </div>
              </Form>
            </section>
            <h2 className="govuk-heading-m">Change the pitch</h2>
            <PitchForm values={handsErrors ? values : (result?.values ?? values)} errors={handsErrors ? undefined : result?.errors} slots={slots} submitLabel="Save pitch" />
            <h2 className="govuk-heading-m">Withdraw</h2>
            <p className="govuk-body">Withdrawing takes the session off the grid{pitch.placed ? " (it is on it now)" : ""} and emails its hosts.</p>
            <Link className="govuk-button govuk-button--warning" role="button" draggable={false} data-module="govuk-button" to={`/organise/${slug}/pitches/${pitch.id}/withdraw`}>
              Withdraw this pitch
            </Link>
          </>
        ) : (
          <>
            <ErrorSummary errors={result?.errors} />
            <InsetText>This pitch has been {pitch.status}, so it cannot be changed.</InsetText>
            {pitch.status === "withdrawn" ? (
              <>
                <h2 className="govuk-heading-m">Restore</h2>
                <p className="govuk-body">Restoring makes the pitch open again and emails its hosts. If it was on the grid and its cell is still free, it goes back there; otherwise it waits with the sessions not yet on the grid.</p>
                <Form method="post">
                  <Button name="intent" value="restore">
                    Restore this pitch
                  </Button>
                </Form>
              </>
            ) : canUnmerge ? (
              <>
                <h2 className="govuk-heading-m">Take the merge apart</h2>
                <p className="govuk-body">
                  The pitch it was merged into loses the hosts and “I’d go” marks the merge added to it; this pitch is open again with its own, back in its cell if that is still free. Its hosts are emailed.
                </p>
                <Form method="post">
                  <Button name="intent" value="unmerge">
                    Take this pitch out of the merge
                  </Button>
                </Form>
              </>
            ) : null}
          </>
        )}
      </div>
    </div>
  );
}
