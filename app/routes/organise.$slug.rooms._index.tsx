import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invalid, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { createRoom, createSlot, largeRoomRule, listRooms, listSlots, moveRoom, RoomFormSchema, SlotFormSchema } from "~/.server/grid";
import { Button, dateAnchors, ErrorSummary, WarningText } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { RoomFields, SlotFields } from "~/components/OrganiserGridVenueForms";
import { formatDate, formatTimeRange, utcToZoned } from "~/domain/time";
import { slotDatesMatter, slotsOutsideEvent } from "~/domain/event-day";

export const meta: MetaFunction = () => [{ title: "Rooms and slots – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [rooms, slots] = await Promise.all([listRooms(event.id), listSlots(event.id)]);
  const tz = event.timeZone;
  // Dates are shown whenever they could differ from the event's day (issue 14).
  const multiDay = slotDatesMatter(slots, event, tz);
  const when = (s: (typeof slots)[number]) => `${multiDay ? `${formatDate(s.startsAt, tz)}, ` : ""}${formatTimeRange(s.startsAt, s.endsAt, tz)}`;
  return {
    slug: event.slug,
    name: event.name,
    eventDate: utcToZoned(event.startsAt, tz).date,
    rooms,
    slots: slots.map((s) => ({ id: s.id, kind: s.kind, label: s.label, when: when(s) })),
    eventTimes: `${formatDate(event.startsAt, tz)}, ${formatTimeRange(event.startsAt, event.endsAt, tz)}`,
    outsideEvent: slotsOutsideEvent(slots, event).map(when),
    largeRoom: largeRoomRule(rooms),
  };
}

const MoveSchema = z.object({ roomId: z.coerce.number().int().positive(), direction: z.enum(["up", "down"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, { "move-room": MoveSchema, "add-room": RoomFormSchema, "add-slot": SlotFormSchema });
  const back = `/organise/${event.slug}/rooms`;
  if (submitted.intent === "move-room") {
    const parsed = submitted;
    if (!parsed.ok) throw new Response("That room could not be moved", { status: 400 });
    await withErrorPage(() => moveRoom(event.id, parsed.data.roomId, parsed.data.direction));
    return redirectWithFlash(request, back, "Room order saved.");
  }
  if (submitted.intent === "add-room") {
    const parsed = submitted;
    if (!parsed.ok) return invalid({ ...parsed.failure, values: { ...parsed.failure.values, intent: "add-room" } });
    return withFormErrors({ ...parsed.values, intent: "add-room" }, async () => {
      await createRoom(event.id, parsed.data);
      return redirectWithFlash(request, back, `Room “${parsed.data.name}” added.`);
    });
  }
  const parsed = submitted;
  if (!parsed.ok) return invalid(parsed.failure);
  return withFormErrors(parsed.values, async () => {
    await createSlot(event.id, parsed.data);
    return redirectWithFlash(request, back, "Slot added.");
  });
}

export default function RoomsAndSlots() {
  const { slug, name, eventDate, rooms, slots, eventTimes, outsideEvent, largeRoom } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const roomFailed = result?.values?.intent === "add-room";
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Rooms and slots</h1>
      <OrganiserNav slug={slug} name={name} />
      <ErrorSummary errors={result?.errors} fieldOrder={["name", "capacity", "stepFree", "hasScreen", "large", "notes", "date", "start", "end", "kind", "label"]} anchors={dateAnchors(result?.values, ["date"])} />

      <h2 className="govuk-heading-l">Rooms</h2>
      {rooms.length === 0 ? (
        <p className="govuk-body">No rooms yet. Add the rooms sessions can happen in.</p>
      ) : (
        <div className="pg-grid-org-scroll">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-table__caption--s">Rooms, in the order they appear on the grid</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">Room</th>
                <th scope="col" className="govuk-table__header govuk-table__header--numeric">Capacity</th>
                <th scope="col" className="govuk-table__header">Step-free</th>
                <th scope="col" className="govuk-table__header">Screen</th>
                <th scope="col" className="govuk-table__header">Large</th>
                <th scope="col" className="govuk-table__header">Notes</th>
                <th scope="col" className="govuk-table__header">Order</th>
                <th scope="col" className="govuk-table__header">To print</th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {rooms.map((room, index) => (
                <tr className="govuk-table__row" key={room.id}>
                  <th scope="row" className="govuk-table__header">
                    <Link className="govuk-link" to={`/organise/${slug}/rooms/${room.id}`}>
                      {room.name}
                      <span className="govuk-visually-hidden"> (change)</span>
                    </Link>
                  </th>
                  <td className="govuk-table__cell govuk-table__cell--numeric">{room.capacity}</td>
                  <td className="govuk-table__cell">{room.stepFree ? "Yes" : "No"}</td>
                  <td className="govuk-table__cell">{room.hasScreen ? "Yes" : "No"}</td>
                  <td className="govuk-table__cell">{room.large === null ? "Not said (by size)" : room.large ? "Yes" : "No"}</td>
                  <td className="govuk-table__cell">{room.notes}</td>
                  <td className="govuk-table__cell">
                    <Form method="post" className="pg-grid-org-inline">
                      <input type="hidden" name="intent" value="move-room" />
                      <input type="hidden" name="roomId" value={room.id} />
                      {index > 0 ? (
                        <button className="govuk-button govuk-button--secondary pg-grid-org-small" name="direction" value="up">
                          Move up<span className="govuk-visually-hidden"> {room.name}</span>
                        </button>
                      ) : null}
                      {index < rooms.length - 1 ? (
                        <button className="govuk-button govuk-button--secondary pg-grid-org-small" name="direction" value="down">
                          Move down<span className="govuk-visually-hidden"> {room.name}</span>
                        </button>
                      ) : null}
                    </Form>
                  </td>
                  <td className="govuk-table__cell">
                    {/* A standalone print page, not a route of the app: a plain link. */}
                    <a className="govuk-link" href={`/events/${slug}/rooms/${room.id}/door`}>
                      Door sheet<span className="govuk-visually-hidden"> for {room.name}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {largeRoom ? <p className="govuk-body-s">{largeRoom}</p> : null}
      {rooms.length > 0 ? (
        <p className="govuk-body">
          On the day: print a door sheet for each room (its sessions for the day), and put the{" "}
          <a className="govuk-link" href={`/events/${slug}/display`}>
            venue display
          </a>{" "}
          (now and next in every room, updating itself) on a screen in the lobby.
        </p>
      ) : null}
      <h3 className="govuk-heading-m">Add a room</h3>
      <Form method="post">
        <input type="hidden" name="intent" value="add-room" />
        <RoomFields values={roomFailed ? result.values : {}} errors={roomFailed ? result.errors : undefined} />
        <Button>Add room</Button>
      </Form>

      <h2 className="govuk-heading-l">Time slots</h2>
      {outsideEvent.length > 0 ? (
        <WarningText>
          {outsideEvent.length === 1 ? "This slot is" : `These ${outsideEvent.length} slots are`} outside the event’s times ({eventTimes}): {outsideEvent.join("; ")}. Change{" "}
          {outsideEvent.length === 1 ? "it" : "them"}, or the event’s date and times in Event details.
        </WarningText>
      ) : null}
      {slots.length === 0 ? (
        <p className="govuk-body">No slots yet. Add the session slots, and breaks such as registration, pitching and lunch.</p>
      ) : (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Time slots, in order</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Time</th>
              <th scope="col" className="govuk-table__header">What happens</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {slots.map((slot) => (
              <tr className="govuk-table__row" key={slot.id}>
                <th scope="row" className="govuk-table__header">
                  <Link className="govuk-link" to={`/organise/${slug}/rooms/slots/${slot.id}`}>
                    {slot.when}
                    <span className="govuk-visually-hidden"> (change)</span>
                  </Link>
                </th>
                <td className="govuk-table__cell">{slot.kind === "session" ? "Sessions" : slot.label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="govuk-body">
        <Link className="govuk-link" to={`/organise/${slug}/rooms/slots/several`}>
          Add several slots at once
        </Link>{" "}
        (a start time, a length, how many, and a break), or{" "}
        <Link className="govuk-link" to={`/organise/${slug}/rooms/copy`}>
          copy rooms and slots from another of your events
        </Link>
        .
      </p>
      <h3 className="govuk-heading-m">Add a slot</h3>
      <Form method="post">
        <input type="hidden" name="intent" value="add-slot" />
        <SlotFields values={!roomFailed && result?.values ? result.values : { date: eventDate, kind: "session" }} errors={!roomFailed ? result?.errors : undefined} />
        <Button>Add slot</Button>
      </Form>
    </>
  );
}
