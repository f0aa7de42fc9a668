import type { ReactNode } from "react";
import { Form } from "@remix-run/react";
import { Button, DateInput, dateAnchors, ErrorSummary, Input, Radios, Textarea, TimeInput, type FieldErrors } from "./govuk";
import { TICKET_FIELD_ORDER } from "~/domain/event-form";

const RULE_OPTIONS = [
  { value: "open", label: "Anyone", hint: "Open to anyone working for or with local government" },
  { value: "council-only", label: "People who work for a UK council", hint: "Their work email must be at a council; they confirm by an emailed link" },
  { value: "email-domains", label: "Only these email domains", hint: "List the domains below" },
  { value: "approval", label: "Anyone may apply, an organiser approves", hint: "For example, capped supplier places" },
];

export function TicketTypeForm({
  values,
  errors,
  submitLabel,
  children,
}: {
  values: Record<string, string | undefined>;
  errors?: FieldErrors;
  submitLabel: string;
  /** Shown above the button (a warning to confirm, with its hidden field). */
  children?: ReactNode;
}) {
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} fieldOrder={TICKET_FIELD_ORDER} anchors={dateAnchors(values, ["opensAt", "closesAt"])} />
      <Input name="name" label="Ticket type name" hint="For example, Council staff, or Suppliers" errors={errors} defaultValue={values.name} />
      <Input name="quota" label="Places" errors={errors} defaultValue={values.quota} width="5" inputMode="numeric" />
      <Radios name="rule" legend="Who can register" errors={errors} options={RULE_OPTIONS} defaultValue={values.rule ?? "open"} />
      <Textarea
        name="allowedDomains"
        label="Email domains"
        hint="One per line, like guildford.gov.uk. For council-only tickets, these are accepted as councils in addition to the register. No wildcards."
        errors={errors}
        defaultValue={values.allowedDomains}
        rows={4}
      />
      <p className="govuk-body">Registration opens and closes at these times in the event’s time zone. Leave them blank to open registration now and keep it open until the event.</p>
      <DateInput name="opensAt" legend="Date registration opens (optional)" errors={errors} values={values} />
      <TimeInput name="opensAtTime" label="Time registration opens (optional)" errors={errors} defaultValue={values.opensAtTime} />
      <DateInput name="closesAt" legend="Date registration closes (optional)" errors={errors} values={values} />
      <TimeInput name="closesAtTime" label="Time registration closes (optional)" errors={errors} defaultValue={values.closesAtTime} />
      {children}
      <Button>{submitLabel}</Button>
    </Form>
  );
}
