import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, parseWith, readForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserRegistration } from "~/.server/auth";
import { transferPlace } from "~/.server/registration";
import { STATUS_LABELS } from "~/domain/registration-rules";
import { BackLink, Button, ErrorSummary, Input, WarningText } from "~/components/govuk";
import { transferSchema } from "~/domain/people-forms";

export const meta: MetaFunction = () => [{ title: "Pass a place to a colleague – Pitchgrid" }];

async function requireConfirmed(request: Request, slug: string | undefined, id: string | undefined) {
  const found = await withErrorPage(() => requireOrganiserRegistration(request, slug, id));
  if (found.registration.status !== "confirmed") {
    throw new Response(`Only a confirmed place can be passed on; ${found.registration.name} is ${STATUS_LABELS[found.registration.status].toLowerCase()}.`, { status: 409, statusText: "Conflict" });
  }
  return found;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, registration: r } = await requireConfirmed(request, params.slug, params.id);
  return { slug: event.slug, eventName: event.name, person: { id: r.id, name: r.name, ticketType: r.ticketTypeName, organisation: r.organisation } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, registration, email: organiser } = await requireConfirmed(request, params.slug, params.id);
  const form = await readForm(request);
  const parsed = parseWith(transferSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  const done = await withFormErrors(stringValues(form), () => transferPlace(event, registration.id, parsed.data, organiser));
  if (!("newRegistrationId" in done)) return done;
  return redirectWithFlash(
    request,
    `/organise/${event.slug}/registrations/${done.newRegistrationId}`,
    `${registration.name}’s place has passed to ${parsed.data.name}. Both have been emailed.`,
  );
}

export default function TransferPlace() {
  const { slug, eventName, person } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  const back = `/organise/${slug}/registrations/${person.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>{person.name}</BackLink>
        <ErrorSummary errors={result?.errors ?? {}} fieldOrder={["form", "name", "email", "organisation"]} />
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">Pass {person.name}’s place to a colleague</h1>
        <p className="govuk-body">
          The colleague gets {person.name}’s place ({person.ticketType}) straight away, with the usual confirmation email and their own private link. {person.name}’s registration
          is cancelled and they are told. The place does not go to the waiting list.
        </p>
        <p className="govuk-body" data-testid="carried-over">
          {person.name}’s answers to your questions go with the place, and so do the sessions they host: the colleague becomes their host. {person.name}’s access and dietary needs
          and their “I’d go” marks do not.
        </p>
        <Form method="post" noValidate>
          <Input name="name" label="Colleague’s name" errors={result?.errors} defaultValue={values.name} autoComplete="off" spellCheck={false} />
          <Input name="email" label="Colleague’s email address" type="email" errors={result?.errors} defaultValue={values.email} autoComplete="off" spellCheck={false} />
          <Input name="organisation" label="Organisation" hint={`Leave empty for ${person.organisation || "the same organisation"}`} errors={result?.errors} defaultValue={values.organisation} autoComplete="off" />
          <WarningText>Both are emailed straight away. You cannot undo this.</WarningText>
          <div className="govuk-button-group">
            <Button>Pass the place on</Button>
            <Link to={back} className="govuk-link">
              Keep the place with {person.name}
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
