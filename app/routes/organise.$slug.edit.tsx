import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { listSlots, slotsMoveQuestion, SlugTakenError } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { capacityCutWarning, findPrivacySettings, quotaTotalNote, saveEventDetails, siteWindowDefaults } from "~/.server/registration";
import { WarningText } from "~/components/govuk";
import { EventForm } from "~/components/EventForm";
import { OrganiserNav } from "~/components/OrganiserNav";
import { EventFormSchema, eventFormValues, privacyFormValues } from "~/domain/event-form";

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
  // Cutting the capacity below the places taken is allowed, but only after a warning.
  const cut = await capacityCutWarning(event.id, parsed.data.name, parsed.data.capacity);
  if (cut && form.confirmCut !== String(parsed.data.capacity)) return data({ warning: cut, values: stringValues(form), errors: undefined }, { status: 200 });
  const moving = await slotsMoveQuestion(event, parsed.data);
  if (moving) return formError(moving, stringValues(form), "moveSlots");
  try {
    const { event: updated, offered } = await saveEventDetails(event.id, parsed.data);
    const offers = offered === 0 ? "" : ` ${offered} ${offered === 1 ? "place was" : "places were"} offered to the waiting list.`;
    const note = await quotaTotalNote(event.id);
    return redirectWithFlash(request, `/organise/${updated.slug}`, `Event details saved.${offers}${note ? ` ${note}` : ""}`);
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
          {result && "warning" in result ? (
            <div className="govuk-error-summary" data-testid="cut-warning">
              <div role="alert">
                <h2 className="govuk-error-summary__title">Fewer places than people who have one</h2>
                <div className="govuk-error-summary__body">
                  <p className="govuk-body">{result.warning}</p>
                </div>
              </div>
            </div>
          ) : null}
          <EventForm
            values={result?.values ?? values}
            errors={result?.errors}
            submitLabel={result && "warning" in result ? "Save the lower number" : "Save event details"}
            defaults={defaults}
            slotCount={slotCount}
          >
            {result && "warning" in result ? (
              <>
                <input type="hidden" name="confirmCut" value={result.values.capacity} />
                <WarningText>You are saving fewer places than people who have one.</WarningText>
              </>
            ) : null}
          </EventForm>
        </div>
      </div>
    </>
  );
}
