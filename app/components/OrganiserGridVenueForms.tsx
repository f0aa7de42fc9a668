import { DateInput, Input, Radios, Textarea, TimeInput, type FieldErrors } from "~/components/govuk";

/** The room and slot forms of the "Rooms and slots" pages. */
export function RoomFields({ values, errors }: { values: Record<string, string>; errors?: FieldErrors }) {
  return (
    <>
      <Input name="name" label="Room name" errors={errors} defaultValue={values.name} width="20" />
      <Input name="capacity" label="Capacity" hint="How many people it holds, for example 30" inputMode="numeric" errors={errors} defaultValue={values.capacity} width="4" />
      {/* Explicit answers with no default (issue 14): a room noted "second floor, no lift" was
          once saved as step-free because the box came ticked, and warnings and the optimiser trusted it. */}
      <Radios
        name="stepFree"
        legend="Can everyone get to this room without steps?"
        hint="Step-free from the entrance: level, ramped or by a working lift"
        small
        errors={errors}
        defaultValue={values.stepFree}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
      />
      <Radios
        name="hasScreen"
        legend="Does it have a screen or projector?"
        small
        errors={errors}
        defaultValue={values.hasScreen}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
      />
      <Radios
        name="large"
        legend="Is this a large room?"
        hint="Sessions that ask for a larger room (a big audience, or space to move around) go only in large rooms: the grid warns, and Suggest a grid keeps to it. Say yes for your main hall and any room nearly as big."
        small
        errors={errors}
        defaultValue={values.large}
        options={[
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]}
      />
      <Textarea name="notes" label="Notes (optional)" hint="For example, second floor, ask at reception for the key" rows={2} errors={errors} defaultValue={values.notes} />
    </>
  );
}

export function SlotFields({ values, errors }: { values: Record<string, string>; errors?: FieldErrors }) {
  return (
    <>
      <DateInput name="date" legend="Date" errors={errors} values={values} />
      <TimeInput name="start" label="Start time" hint="For example, 09:30 or 14:00" errors={errors} defaultValue={values.start} />
      <TimeInput name="end" label="End time" hint="For example, 11:15" errors={errors} defaultValue={values.end} />
      <Radios
        name="kind"
        legend="What happens in this slot"
        small
        errors={errors}
        defaultValue={values.kind ?? "session"}
        options={[
          { value: "session", label: "Sessions (shown on the grid as a row of rooms)" },
          { value: "break", label: "A break: registration, pitching, lunch or close" },
        ]}
      />
      <Input name="label" label="Label (needed for a break)" hint="For example, Lunch" errors={errors} defaultValue={values.label} width="20" />
    </>
  );
}

