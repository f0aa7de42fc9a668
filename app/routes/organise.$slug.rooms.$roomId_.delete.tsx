import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { deleteRoom, deletionImpact, findRoom } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { AskFirstForm, BackLink, ErrorSummary, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Delete a room? – Pitchgrid" }];

/** Deleting a room cannot be undone: so it asks first, on this page (no JavaScript needed). */
async function requireRoom(request: Request, slug: string | undefined, roomId: string | undefined) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, slug));
  const id = Number(roomId);
  const room = Number.isSafeInteger(id) ? await findRoom(event.id, id) : null;
  if (!room) throw new Response("Room not found", { status: 404 });
  return { event, room };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, room } = await requireRoom(request, params.slug, params.roomId);
  return { slug: event.slug, name: event.name, room: { id: room.id, name: room.name, capacity: room.capacity }, impact: await deletionImpact("room_id", room.id) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, room } = await requireRoom(request, params.slug, params.roomId);
  await readForm(request);
  return withFormErrors({}, async () => {
    await deleteRoom(event.id, room.id);
    return redirectWithFlash(request, `/organise/${event.slug}/rooms`, `Room “${room.name}” deleted.`);
  });
}

export default function DeleteRoom() {
  const { slug, name, room, impact } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/organise/${slug}/rooms/${room.id}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>{room.name}</BackLink>
        <ErrorSummary errors={result?.errors} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Delete {room.name}?</h1>
        {impact.sessions.length > 0 ? (
          <>
            <p className="govuk-body" data-testid="delete-blocked">
              {room.name} cannot be deleted while it has sessions on the grid: {impact.sessions.map((t) => `“${t}”`).join(", ")}. Move or unschedule them on the{" "}
              <Link className="govuk-link" to={`/organise/${slug}/grid`}>
                grid
              </Link>{" "}
              first.
            </p>
            <Link className="govuk-link" to={back}>
              Back to {room.name}
            </Link>
          </>
        ) : (
          <>
            <p className="govuk-body" data-testid="delete-consequences">
              {room.name} (for {room.capacity}) leaves the grid and the room list{impact.closedCells > 0 ? `, with the ${impact.closedCells} ${impact.closedCells === 1 ? "slot" : "slots"} it is closed for` : ""}. Its calendar feed stops working.
            </p>
            <WarningText>You cannot undo this: to have the room back, add it again.</WarningText>
            <AskFirstForm confirm={<>Yes, delete {room.name}</>} cancel="No, keep it" cancelTo={back} variant="warning" />
          </>
        )}
      </div>
    </div>
  );
}
