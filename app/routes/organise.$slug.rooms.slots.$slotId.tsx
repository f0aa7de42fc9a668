import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, positiveIdOr404, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { findSlot, SlotFormSchema, slotFormValues, updateSlot } from "~/.server/grid";
import { BackLink, Button, dateAnchors, ErrorSummary } from "~/components/govuk";
import { SlotFields } from "~/components/OrganiserGridVenueForms";
import { formatTimeRange } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Change a slot – Pitchgrid" }];

async function requireSlot(request: Request, slug: string | undefined, slotId: string | undefined) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, slug));
  const slot = await findSlot(event.id, positiveIdOr404(slotId, "Slot"));
  if (!slot) throw new Response("Slot not found", { status: 404 });
  return { event, slot };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, slot } = await requireSlot(request, params.slug, params.slotId);
  return { slug: event.slug, name: event.name, slotId: slot.id, when: formatTimeRange(slot.startsAt, slot.endsAt, event.timeZone), values: slotFormValues(slot, event.timeZone) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, slot } = await requireSlot(request, params.slug, params.slotId);
  const parsed = await readIntentForm(request, { save: SlotFormSchema }, { missing: "save" });
  const back = `/organise/${event.slug}/rooms`;
  return withFormErrors(parsed.values, async () => {
    // Deleting asks first, on its own page (organise.$slug.rooms.slots.$slotId_.delete).
    if (!parsed.ok) return invalid(parsed.failure);
    await updateSlot(event.id, slot.id, parsed.data);
    return redirectWithFlash(request, back, "Slot saved.");
  });
}

export default function EditSlot() {
  const { slug, name, when, values, slotId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/rooms`}>Rooms and slots</BackLink>
        <ErrorSummary errors={result?.errors} fieldOrder={["date", "start", "end", "kind", "label"]} anchors={dateAnchors(result?.values ?? values, ["date"])} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Change the slot {when}</h1>
        <Form method="post">
          <SlotFields values={result?.values ?? values} errors={result?.errors} />
          <Button name="intent" value="save">
            Save slot
          </Button>
        </Form>
        <h2 className="govuk-heading-m">Delete this slot</h2>
        <p className="govuk-body">A slot with sessions on the grid cannot be deleted: move or unschedule them first.</p>
        <Link className="govuk-button govuk-button--warning" role="button" draggable={false} data-module="govuk-button" to={`/organise/${slug}/rooms/slots/${slotId}/delete`}>
          Delete this slot
        </Link>
      </div>
    </div>
  );
}
