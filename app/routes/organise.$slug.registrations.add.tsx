import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, readForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { listTicketTypes } from "~/.server/events";
import { redirectWithFlash, requireEventRole } from "~/.server/auth";
import { addPerson, type CapacityWarning } from "~/.server/registration";
import { BackLink, Button, Checkboxes, ErrorSummary, Input, Select, Textarea, WarningText } from "~/components/govuk";
import { addPersonSchema } from "~/domain/people-forms";

export const meta: MetaFunction<typeof loader> = ({ data: loaded }) => [{ title: `Add a person${loaded ? ` – ${loaded.name}` : ""} – Pitchgrid` }];

/** "Add a person" (registrations) and "Add a walk-in" (check-in): organisers, and volunteers at the desk (who go back to check-in). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, role } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const from = role === "volunteer" || new URL(request.url).searchParams.get("from") === "check-in" ? "check-in" : "registrations";
  const tickets = await listTicketTypes(event.id);
  return { slug: event.slug, name: event.name, from, tickets: tickets.map((t) => ({ id: t.id, name: t.name, rule: t.rule })) };
}

type ActionResult = { errors?: Record<string, string[] | undefined>; values?: Record<string, string>; warning?: CapacityWarning };

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email: organiser, role } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  const form = await readForm(request);
  const parsed = parseWith(addPersonSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  const input = parsed.data;
  const values = stringValues(form);
  const overCapacity = input.overCapacityFor === String(input.ticketTypeId);
  const outcome = await withFormErrors(values, () => addPerson(event, organiser, { ...input, overCapacity }));
  if (!("added" in outcome)) return outcome;
  if (!outcome.added) return data<ActionResult>({ warning: outcome.warning, values }, { status: 200 });
  const said = [
    `${input.name} added with a confirmed place`,
    input.checkIn ? " and checked in" : "",
    outcome.overCapacity ? ", over capacity" : "",
    outcome.emailed ? `; we emailed ${input.email} their confirmation and private link.` : ".",
  ].join("");
  const back = input.from === "check-in" || role === "volunteer" ? `/organise/${event.slug}/check-in#person-${outcome.registrationId}` : `/organise/${event.slug}/registrations/${outcome.registrationId}`;
  return redirectWithFlash(request, back, said);
}

const RULE_HINTS: Record<string, string> = {
  open: "anyone",
  "council-only": "council email addresses only",
  "email-domains": "listed email domains only",
  approval: "needs approval",
};

export default function AddPerson() {
  const { slug, name, from, tickets } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const values = result?.values ?? {};
  const warning = result?.warning;
  const back = from === "check-in" ? `/organise/${slug}/check-in` : `/organise/${slug}/registrations`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>{from === "check-in" ? "Check-in" : "Registrations"}</BackLink>
        <ErrorSummary errors={result?.errors ?? {}} fieldOrder={["form", "name", "email", "organisation", "pronouns", "ticketTypeId", "reason"]} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Add a person</h1>
        {warning ? (
          <div className="govuk-error-summary" data-module="govuk-error-summary" data-testid="capacity-warning">
            <div role="alert">
              <h2 className="govuk-error-summary__title">No place is left</h2>
              <div className="govuk-error-summary__body">
                <p className="govuk-body">
                  {warning.ticketName} has {warning.ticketTaken} of {warning.quota} places taken, and the event {warning.eventTaken} of {warning.capacity}.
                  {warning.waiting > 0 ? ` ${warning.waiting} ${warning.waiting === 1 ? "person is" : "people are"} on the waiting list.` : ""}
                </p>
                <p className="govuk-body">
                  Adding {values.name || "this person"} puts the event over capacity: check the venue can take one more. Nobody on the waiting list loses their place.
                </p>
              </div>
            </div>
          </div>
        ) : (
          <p className="govuk-body">
            For walk-ins, replacements, speakers and volunteers. They get a confirmed place at once, can be checked in and can host a pitch. With an email address they are sent the
            usual confirmation and their private link.
          </p>
        )}
        <Form method="post" noValidate>
          <input type="hidden" name="from" value={from} />
          <Input name="name" label="Name" errors={result?.errors} defaultValue={values.name} autoComplete="off" spellCheck={false} />
          <Input name="email" label="Email address (optional)" type="email" errors={result?.errors} defaultValue={values.email} autoComplete="off" spellCheck={false} />
          <Input name="organisation" label="Organisation (optional)" errors={result?.errors} defaultValue={values.organisation} autoComplete="off" />
          <Input
            name="pronouns"
            label="Pronouns (optional)"
            hint="For example, she/her, he/him or they/them. Printed on their name badge."
            errors={result?.errors}
            defaultValue={values.pronouns}
            width="10"
            autoComplete="off"
            spellCheck={false}
          />
          <Select
            name="ticketTypeId"
            label="Ticket type"
            errors={result?.errors}
            defaultValue={values.ticketTypeId ?? String(tickets[0]?.id ?? "")}
            options={tickets.map((t) => ({ value: String(t.id), label: `${t.name} (${RULE_HINTS[t.rule] ?? t.rule})` }))}
          />
          <Textarea
            name="reason"
            label="Reason, if the ticket’s rule would not let them in (optional)"
            hint="For example “speaker”, “replacing Sam Jones from the same council” or “volunteer”. Kept on their registration."
            errors={result?.errors}
            defaultValue={values.reason}
            rows={2}
          />
          <Checkboxes
            name="checkIn"
            legend="At the desk"
            options={[{ value: "yes", label: "Check them in now" }]}
            defaultValue={values.checkIn ?? (from === "check-in" && !result ? "yes" : undefined)}
            small
          />
          {warning ? (
            <>
              <input type="hidden" name="overCapacityFor" value={values.ticketTypeId} />
              <WarningText>This adds a place beyond the event’s capacity.</WarningText>
              <div className="govuk-button-group">
                <Button variant="warning">Add them over capacity</Button>
                <a className="govuk-link" href={back}>
                  Do not add them
                </a>
              </div>
            </>
          ) : (
            <Button>Add person</Button>
          )}
        </Form>
      </div>
    </div>
  );
}
