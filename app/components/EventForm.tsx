import { Form } from "@remix-run/react";
import { Button, ErrorSummary, Input, Textarea, type FieldErrors } from "./govuk";
import { EVENT_FIELD_ORDER } from "~/forms/event-form";

export function EventForm({
  values,
  errors,
  submitLabel,
  defaults,
}: {
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  submitLabel: string;
  /** The site's usual windows (HOLD_MINUTES, OFFER_HOURS), shown as the blank fields' meaning. */
  defaults: { holdMinutes: number; offerHours: number };
}) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} fieldOrder={EVENT_FIELD_ORDER} />
      <Input name="name" label="Event name" hint="For example, LocalGovCamp 2026" errors={errors} defaultValue={values.name} />
      <Input
        name="slug"
        label="Web address"
        hint="Lower-case letters, numbers and hyphens. People will find the event at /events/ followed by this."
        errors={errors}
        defaultValue={values.slug}
        width="20"
        spellCheck={false}
      />
      <Textarea name="summary" label="Summary" hint="Who the day is for and what happens (optional)" errors={errors} defaultValue={values.summary} />
      <Input name="venue" label="Venue" hint="Name and address (optional)" errors={errors} defaultValue={values.venue} />
      <Input name="startDate" type="date" label="Date" hint="For example, 2026-03-28" errors={errors} defaultValue={values.startDate} width="10" />
      <Input name="startTime" type="time" label="Start time" hint="24-hour clock, for example 09:00" errors={errors} defaultValue={values.startTime} width="5" />
      <Input name="endDate" type="date" label="End date (if not the same day)" errors={errors} defaultValue={values.endDate} width="10" />
      <Input name="endTime" type="time" label="End time" hint="For example, 17:00" errors={errors} defaultValue={values.endTime} width="5" />
      <Input name="timeZone" label="Time zone" hint="Times are shown to everyone in this zone" errors={errors} defaultValue={values.timeZone ?? "Europe/London"} width="20" />
      <Input name="capacity" label="Total places" hint="Across all ticket types" errors={errors} defaultValue={values.capacity} width="5" inputMode="numeric" />
      <Input
        name="holdMinutes"
        label="Minutes to confirm an email address (optional)"
        hint={`How long the link we email to confirm a new registration works, in minutes. Nothing is held meanwhile: a place goes to whoever confirms first. Leave blank for ${defaults.holdMinutes}.`}
        errors={errors}
        defaultValue={values.holdMinutes}
        width="4"
        inputMode="numeric"
      />
      <Input
        name="offerHours"
        label="Hours to accept a waiting-list offer (optional)"
        hint={`Then the place goes to the next person. Shorter in the last days before the event; leave blank for ${defaults.offerHours}.`}
        errors={errors}
        defaultValue={values.offerHours}
        width="4"
        inputMode="numeric"
      />
      <Button>{submitLabel}</Button>
    </Form>
  );
}
