import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, positiveIdOr404, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { findRoom, RoomFormSchema, updateRoom } from "~/.server/grid";
import { BackLink, Button, ErrorSummary } from "~/components/govuk";
import { RoomFields } from "~/components/OrganiserGridVenueForms";

export const meta: MetaFunction = () => [{ title: "Change a room – Pitchgrid" }];

async function requireRoom(request: Request, slug: string | undefined, roomId: string | undefined) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, slug));
  const room = await findRoom(event.id, positiveIdOr404(roomId, "Room"));
  if (!room) throw new Response("Room not found", { status: 404 });
  return { event, room };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, room } = await requireRoom(request, params.slug, params.roomId);
  return {
    slug: event.slug,
    name: event.name,
    room,
    values: { name: room.name, capacity: String(room.capacity), stepFree: room.stepFree ? "yes" : "no", hasScreen: room.hasScreen ? "yes" : "no", large: room.large === null ? "" : room.large ? "yes" : "no", notes: room.notes },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, room } = await requireRoom(request, params.slug, params.roomId);
  const submitted = await readIntentForm(request, { save: RoomFormSchema }, { missing: "save" });
  const back = `/organise/${event.slug}/rooms`;
  // Deleting asks first, on its own page (organise.$slug.rooms.$roomId_.delete).
  if (!submitted.ok) return invalid(submitted.failure);
  const parsed = submitted;
  return withFormErrors(submitted.values, async () => {
    await updateRoom(event.id, room.id, parsed.data);
    return redirectWithFlash(request, back, `Room “${parsed.data.name}” saved.`);
  });
}

export default function EditRoom() {
  const { slug, name, room, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/rooms`}>Rooms and slots</BackLink>
        <ErrorSummary errors={result?.errors} fieldOrder={["name", "capacity", "stepFree", "hasScreen", "large", "notes"]} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Change {room.name}</h1>
        <Form method="post">
          <RoomFields values={result?.values ?? values} errors={result?.errors} />
          <Button name="intent" value="save">
            Save room
          </Button>
        </Form>
        <h2 className="govuk-heading-m">Delete this room</h2>
        <p className="govuk-body">A room with sessions on the grid cannot be deleted: move or unschedule them first.</p>
        <Link className="govuk-button govuk-button--warning" role="button" draggable={false} data-module="govuk-button" to={`/organise/${slug}/rooms/${room.id}/delete`}>
          Delete {room.name}
        </Link>
      </div>
    </div>
  );
}
