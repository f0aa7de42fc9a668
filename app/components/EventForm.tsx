import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Button, DateInput, dateAnchors, ErrorSummary, Input, Radios, Textarea, TimeInput, type FieldErrors } from "./govuk";
import { DEFAULT_NEEDS_RETENTION_DAYS, DEFAULT_PERSONAL_RETENTION_DAYS, LAWFUL_BASES, LAWFUL_BASIS_LABELS } from "~/domain/privacy-notice";
import { EVENT_FIELD_ORDER } from "~/domain/event-form";

export function EventForm({
  values,
  errors,
  submitLabel,
  defaults,
  children,
  slotCount = 0,
}: {
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  submitLabel: string;
  /** The site's usual windows (HOLD_MINUTES, OFFER_HOURS), shown as the blank fields' meaning. */
  defaults: { holdMinutes: number; offerHours: number };
  /** Shown above the button (a warning to confirm, with its hidden field). */
  children?: ReactNode;
  /** Slots the event has (edit page): if the date changes, they may move with it. */
  slotCount?: number;
}) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} fieldOrder={EVENT_FIELD_ORDER} anchors={dateAnchors(values, ["startDate", "endDate"])} />
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
      <DateInput name="startDate" legend="Date of the event" errors={errors} values={values} />
      <TimeInput name="startTime" label="Start time" errors={errors} defaultValue={values.startTime} />
      <DateInput name="endDate" legend="End date (if not the same day)" hint="For example, 28 3 2026. Leave it blank for a one-day event." errors={errors} values={values} />
      <TimeInput name="endTime" label="End time" hint="For example, 17:00 or 5pm" errors={errors} defaultValue={values.endTime} />
      {slotCount > 0 ? (
        <Radios
          name="moveSlots"
          legend="If you change the date, what happens to the time slots?"
          hint={`The event has ${slotCount} time ${slotCount === 1 ? "slot" : "slots"} on the rooms and slots page. Sessions on the grid stay in their slots. Only needed when the date changes.`}
          small
          errors={errors}
          defaultValue={values.moveSlots}
          options={[
            { value: "yes", label: "Move them, and the sessions in them, to the new date at the same times" },
            { value: "no", label: "Leave them on their current dates" },
          ]}
        />
      ) : null}
      <Input name="timeZone" label="Time zone" hint="Times are shown to everyone in this zone" errors={errors} defaultValue={values.timeZone ?? "Europe/London"} width="20" />
      <Input name="capacity" label="Total places" hint="Across all ticket types" errors={errors} defaultValue={values.capacity} width="5" inputMode="numeric" />
      <Input
        name="contactEmail"
        type="email"
        label="Contact email address"
        hint="Replies to every email about the event go here, and calendar invitations name it as the organiser. Leave blank for your own address."
        errors={errors}
        defaultValue={values.contactEmail}
        spellCheck={false}
        autoComplete="email"
      />
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
      <h2 className="govuk-heading-m">Privacy</h2>
      <p className="govuk-body">These appear in the event’s privacy notice, linked from the registration form.</p>
      <Input
        name="controllerName"
        label="Who runs the event (optional)"
        hint="The organisation responsible for attendees’ details (the data controller), for example Guildford Borough Council. Leave blank for “the organisers of” the event."
        errors={errors}
        defaultValue={values.controllerName}
      />
      <Input
        name="privacyContact"
        type="email"
        label="Privacy contact email (optional)"
        hint="Where people ask about or object to the use of their details, for example your data protection officer. Leave blank for this site’s address."
        errors={errors}
        defaultValue={values.privacyContact}
        spellCheck={false}
      />
      <Radios
        name="lawfulBasis"
        legend="Lawful basis for using people’s details"
        errors={errors}
        defaultValue={values.lawfulBasis ?? "legitimate-interests"}
        options={LAWFUL_BASES.map((basis) => ({ value: basis, label: LAWFUL_BASIS_LABELS[basis] }))}
      />
      <Input
        name="needsRetentionDays"
        label="Days after the event to keep access and dietary needs"
        hint={`Then they are erased, with answers to your own questions and approval requests. Leave blank for ${DEFAULT_NEEDS_RETENTION_DAYS}.`}
        errors={errors}
        defaultValue={values.needsRetentionDays ?? String(DEFAULT_NEEDS_RETENTION_DAYS)}
        width="4"
        inputMode="numeric"
      />
      <Input
        name="personalRetentionDays"
        label="Days after the event to keep names and email addresses"
        hint={`Then everything that identifies a person is anonymised; counts are kept. Leave blank for ${DEFAULT_PERSONAL_RETENTION_DAYS}.`}
        errors={errors}
        defaultValue={values.personalRetentionDays ?? String(DEFAULT_PERSONAL_RETENTION_DAYS)}
        width="4"
        inputMode="numeric"
      />
      {children}
      <Button>{submitLabel}</Button>
    </Form>
  );
}
