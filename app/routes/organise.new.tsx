import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireEventCreator } from "~/.server/auth";
import { createEvent, SlugTakenError } from "~/.server/events";
import { siteWindowDefaults } from "~/.server/registration";
import { EventForm } from "~/components/EventForm";
import { BackLink } from "~/components/govuk";
import { EventFormSchema } from "~/domain/event-form";

export const meta: MetaFunction = () => [{ title: "Create an event – Pitchgrid" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const email = await withErrorPage(() => requireEventCreator(request));
  return { defaults: siteWindowDefaults(), email };
}

export async function action({ request }: ActionFunctionArgs) {
  const email = await withErrorPage(() => requireEventCreator(request));
  const form = await readForm(request);
  const parsed = parseWith(EventFormSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    const event = await createEvent(parsed.data, email);
    return redirectWithFlash(request, `/organise/${event.slug}`, `${event.name} has been created as a draft: only its organisers can see it. Add its ticket types, then publish it.`);
  } catch (error) {
    if (error instanceof SlugTakenError) return formError(error.message, stringValues(form), "slug");
    throw error;
  }
}

export default function NewEvent() {
  const { defaults, email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to="/organise">Your events</BackLink>
        <h1 className="govuk-heading-l">Create an event</h1>
        <EventForm values={result?.values ?? { timeZone: "Europe/London", startTime: "09:00", endTime: "17:00", contactEmail: email }} errors={result?.errors} submitLabel="Create event" defaults={defaults} />
      </div>
    </div>
  );
}
