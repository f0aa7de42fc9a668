import { Form } from "@remix-run/react";
import { Button, Checkboxes, ErrorSummary, Input, Radios, Select, Textarea, type FieldErrors } from "~/components/govuk";

// Kept here rather than imported from .server: the browser bundle needs the words too.
const FORMAT_CHOICES = [
  { value: "discussion", label: "Discussion", hint: "A conversation everyone joins in" },
  { value: "show-and-tell", label: "Show and tell", hint: "You show something you made or learned, then take questions" },
  { value: "workshop", label: "Workshop", hint: "People do something together, hands on" },
  { value: "other", label: "Something else" },
];

const NEED_CHOICES = [
  { value: "step-free", label: "A step-free room" },
  { value: "screen", label: "A screen or projector" },
  { value: "large-room", label: "A larger room" },
];

export const FORMAT_NAMES: Record<string, string> = { discussion: "Discussion", "show-and-tell": "Show and tell", workshop: "Workshop", other: "Other" };
export const NEED_NAMES: Record<string, string> = Object.fromEntries(NEED_CHOICES.map((c) => [c.value, c.label]));

const PITCH_FIELD_ORDER = ["hostRegistrationId", "title", "description", "format", "coHosts", "needs", "avoidSlotIds"];

type Values = Record<string, string | undefined>;

const lines = (value: string | undefined) => (value ? value.split("\n").filter(Boolean) : []);

/**
 * The pitch form, for attendees and for organisers pitching on someone's behalf (who first
 * choose the host). Works as a plain form; checkbox lists arrive as repeated fields.
 */
export function PitchForm({
  values,
  errors,
  slots,
  submitLabel,
  hosts,
}: {
  values: Values;
  errors: FieldErrors;
  slots: { id: number; label: string }[];
  submitLabel: string;
  hosts?: { id: number; label: string }[];
}) {
  return (
    <>
      <ErrorSummary errors={errors} fieldOrder={PITCH_FIELD_ORDER} />
      <Form method="post" noValidate>
        {hosts ? (
          <Select
            name="hostRegistrationId"
            label="Who is pitching?"
            hint="Only confirmed attendees can host. Ask the person to spell their name if there are two alike."
            errors={errors}
            defaultValue={values.hostRegistrationId ?? ""}
            options={[{ value: "", label: "Choose the host" }, ...hosts.map((h) => ({ value: String(h.id), label: h.label }))]}
          />
        ) : null}
        <Input name="title" label="Session title" hint="3 to 120 characters. Say what people will talk about or do." errors={errors} defaultValue={values.title} />
        <Textarea
          name="description"
          label="Description (optional)"
          hint="Up to 1,000 characters. Plain text: links and formatting are shown as typed."
          errors={errors}
          defaultValue={values.description}
          rows={5}
        />
        <Radios name="format" legend="Format" errors={errors} defaultValue={values.format ?? "discussion"} options={FORMAT_CHOICES} small />
        <Textarea
          name="coHosts"
          label="Co-hosts (optional)"
          hint="Work email addresses of up to 3 other attendees, separated by commas. We email them to ask if they will co-host."
          errors={errors}
          defaultValue={values.coHosts}
          rows={2}
        />
        <Checkboxes name="needs" legend="What does the session need? (optional)" errors={errors} defaultValue={lines(values.needs)} options={NEED_CHOICES} small />
        {slots.length > 0 ? (
          <Checkboxes
            name="avoidSlotIds"
            legend="Times you cannot do (optional)"
            hint="For example if you leave at 3pm. We will try not to put the session then."
            errors={errors}
            defaultValue={lines(values.avoidSlotIds)}
            options={slots.map((s) => ({ value: String(s.id), label: s.label }))}
            small
          />
        ) : null}
        <Button>{submitLabel}</Button>
      </Form>
    </>
  );
}
