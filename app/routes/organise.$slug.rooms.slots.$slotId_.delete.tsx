import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { deleteSlot, deletionImpact, findSlot } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { AskFirstForm, BackLink, ErrorSummary, WarningText } from "~/components/govuk";
import { formatDate, formatTimeRange } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Delete a slot? – Pitchgrid" }];

/** Deleting a slot cannot be undone: so it asks first, on this page (no JavaScript needed). */
async function requireSlot(request: Request, slug: string | undefined, slotId: string | undefined) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, slug));
  const id = Number(slotId);
  const slot = Number.isSafeInteger(id) ? await findSlot(event.id, id) : null;
  if (!slot) throw new Response("Slot not found", { status: 404 });
  return { event, slot };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, slot } = await requireSlot(request, params.slug, params.slotId);
  const tz = event.timeZone;
  return {
    slug: event.slug,
    name: event.name,
    slot: { id: slot.id, when: `${formatTimeRange(slot.startsAt, slot.endsAt, tz)} on ${formatDate(slot.startsAt, tz)}`, what: slot.kind === "session" ? "Sessions" : slot.label },
    impact: await deletionImpact("slot_id", slot.id),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, slot } = await requireSlot(request, params.slug, params.slotId);
  await readForm(request);
  return withFormErrors({}, async () => {
    await deleteSlot(event.id, slot.id, event.timeZone);
    return redirectWithFlash(request, `/organise/${event.slug}/rooms`, `Slot ${formatTimeRange(slot.startsAt, slot.endsAt, event.timeZone)} deleted.`);
  });
}

export default function DeleteSlot() {
  const { slug, name, slot, impact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/organise/${slug}/rooms/slots/${slot.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>The slot {slot.when}</BackLink>
        <ErrorSummary errors={result?.errors} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Delete the slot {slot.when}?</h1>
        {impact.sessions.length > 0 ? (
          <>
            <p className="govuk-body" data-testid="delete-blocked">
              This slot cannot be deleted while it has sessions on the grid: {impact.sessions.map((t) => `“${t}”`).join(", ")}. Move or unschedule them on the{" "}
              <Link className="govuk-link" to={`/organise/${slug}/grid`}>
                grid
              </Link>{" "}
              first.
            </p>
            <Link className="govuk-link" to={back}>
              Back to the slot
            </Link>
          </>
        ) : (
          <>
            <p className="govuk-body" data-testid="delete-consequences">
              The row “{slot.what}” at {slot.when} leaves the grid and the public schedule{impact.closedCells > 0 ? `, with the ${impact.closedCells} ${impact.closedCells === 1 ? "room" : "rooms"} closed in it` : ""}.
            </p>
            <WarningText>You cannot undo this: to have the slot back, add it again.</WarningText>
            <AskFirstForm confirm="Yes, delete this slot" cancel="No, keep it" cancelTo={back} variant="warning" />
          </>
        )}
      </div>
    </div>
  );
}
