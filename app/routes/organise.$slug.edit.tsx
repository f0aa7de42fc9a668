import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/errors";
import { listSlots, SlugTakenError } from "~/.server/events";
import { slotsMoveQuestion } from "~/.server/events/date-change";
import { formError, invalid, parseWith, readForm, stringValues } from "~/.server/forms";
import { requireOrganiserEvent } from "~/.server/organiser";
import { saveEventDetails, siteWindowDefaults } from "~/.server/registrations";
import { redirectWithFlash } from "~/.server/session";
import { EventForm } from "~/components/EventForm";
import { OrganiserNav } from "~/components/OrganiserNav";
import { EventFormSchema, eventFormValues, privacyFormValues } from "~/forms/event-form";
import { findPrivacySettings } from "~/.server/privacy";

export const meta: MetaFunction = () => [{ title: "Event details – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const privacy = await findPrivacySettings(event.id);
  const slotCount = (await listSlots(event.id)).length;
  return { slug: event.slug, name: event.name, values: { ...eventFormValues(event), ...privacyFormValues(privacy ?? undefined) }, defaults: siteWindowDefaults(), slotCount };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const parsed = parseWith(EventFormSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  const moving = await slotsMoveQuestion(event, parsed.data);
  if (moving) return formError(moving, stringValues(form), "moveSlots");
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
  const { slug, name, values, defaults, slotCount } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Event details</h1>
      <OrganiserNav slug={slug} name={name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <EventForm values={result?.values ?? values} errors={result?.errors} submitLabel="Save event details" defaults={defaults} slotCount={slotCount} />
        </div>
      </div>
    </>
  );
}
