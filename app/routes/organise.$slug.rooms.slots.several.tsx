import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, readForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { createSlotsFromPlan } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { BackLink, Button, DateInput, dateAnchors, ErrorSummary, Input, TimeInput } from "~/components/govuk";
import { SlotPlanSchema } from "~/domain/slot-plan";
import { formatDate, utcToZoned } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Add several slots – Pitchgrid" }];

/** A day's session slots in one form: first start, length, how many, gaps and a break. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  return { slug: event.slug, name: event.name, eventDate: utcToZoned(event.startsAt, event.timeZone).date, eventDay: formatDate(event.startsAt, event.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const parsed = parseWith(SlotPlanSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  return withFormErrors(stringValues(form), async () => {
    const added = await createSlotsFromPlan(event.id, parsed.data);
    const breaks = added.breaks > 0 ? ` and ${added.breaks === 1 ? "a break" : `${added.breaks} breaks`}` : "";
    return redirectWithFlash(request, `/organise/${event.slug}/rooms`, `${added.sessions} session ${added.sessions === 1 ? "slot" : "slots"}${breaks} added.`);
  });
}

const FIELDS = ["date", "start", "length", "count", "gap", "breakAfter", "breakLength", "breakLabel"];

export default function AddSeveralSlots() {
  const { slug, name, eventDate, eventDay } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string | undefined> = result?.values ?? { date: eventDate, gap: "0" };
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/rooms`}>Rooms and slots</BackLink>
        <ErrorSummary errors={errors} fieldOrder={FIELDS} anchors={dateAnchors(values, ["date"])} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Add several slots</h1>
        <p className="govuk-body">
          Session slots one after another, with a break if you need one. All are added, or none: a slot that would overlap one you already have stops the lot. The event is on {eventDay}.
        </p>
        <Form method="post" noValidate>
          <DateInput name="date" legend="Date" errors={errors} values={values} />
          <TimeInput name="start" label="First session starts at" hint="For example, 10:00 or 9.30" errors={errors} defaultValue={values.start} />
          <Input name="length" label="Each session lasts (minutes)" hint="For example, 45" inputMode="numeric" errors={errors} defaultValue={values.length} width="4" />
          <Input name="count" label="How many session slots" hint="From 1 to 20" inputMode="numeric" errors={errors} defaultValue={values.count} width="2" />
          <Input name="gap" label="Minutes between sessions (optional)" hint="Time to change rooms, for example 15" inputMode="numeric" errors={errors} defaultValue={values.gap} width="4" />
          <h2 className="govuk-heading-m">A break (optional)</h2>
          <Input name="breakAfter" label="After session number" hint="For lunch after the third session, enter 3. Leave blank for no break." inputMode="numeric" errors={errors} defaultValue={values.breakAfter} width="2" />
          <Input name="breakLength" label="Break lasts (minutes)" inputMode="numeric" errors={errors} defaultValue={values.breakLength} width="4" />
          <Input name="breakLabel" label="What happens in the break" hint="For example, Lunch" errors={errors} defaultValue={values.breakLabel} width="20" />
          <Button>Add slots</Button>
        </Form>
      </div>
    </div>
  );
}
