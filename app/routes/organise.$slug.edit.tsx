import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { SlugTakenError } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { findPrivacySettings, saveEventDetails, siteWindowDefaults } from "~/.server/registration";
import { EventForm } from "~/components/EventForm";
import { OrganiserNav } from "~/components/OrganiserNav";
import { EventFormSchema, eventFormValues, privacyFormValues } from "~/domain/event-form";

export const meta: MetaFunction = () => [{ title: "Event details – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const privacy = await findPrivacySettings(event.id);
  return { slug: event.slug, name: event.name, values: { ...eventFormValues(event), ...privacyFormValues(privacy ?? undefined) }, defaults: siteWindowDefaults() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const parsed = parseWith(EventFormSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    const { event: updated, offered } = await saveEventDetails(event.id, parsed.data);
    const offers = offered === 0 ? "" : ` ${offered} ${offered === 1 ? "place was" : "places were"} offered to the waiting list.`;
    return redirectWithFlash(request, `/organise/${updated.slug}`, `Event details saved.${offers}`);
  } catch (error) {
    if (error instanceof SlugTakenError) return formError(error.message, stringValues(form), "slug");
    throw error;
  }
}

export default function EditEvent() {
  const { slug, name, values, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Event details</h1>
      <OrganiserNav slug={slug} name={name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EventForm values={result?.values ?? values} errors={result?.errors} submitLabel="Save event details" defaults={defaults} />
        </div>
      </div>
    </>
  );
}
