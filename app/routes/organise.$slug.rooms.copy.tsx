import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { invalid, parseWith, readForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { copySources, copyVenue } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { BackLink, Button, Checkboxes, ErrorSummary, InsetText, Radios } from "~/components/govuk";
import { formatDate } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Copy rooms and slots – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const sources = await copySources(email, event.id);
  return {
    slug: event.slug,
    name: event.name,
    eventDay: formatDate(event.startsAt, event.timeZone),
    sources: sources
      .filter((s) => s.rooms > 0 || s.slots > 0)
      .map((s) => ({ id: s.id, label: `${s.name} (${formatDate(s.startsAt, s.timeZone)})`, hint: `${s.rooms} ${s.rooms === 1 ? "room" : "rooms"}, ${s.slots} ${s.slots === 1 ? "slot" : "slots"}` })),
  };
}

const CopySchema = z.object({
  fromEventId: z.coerce.number({ invalid_type_error: "Choose the event to copy from" }).int().positive("Choose the event to copy from"),
  what: z.array(z.enum(["rooms", "slots"])).min(1, "Choose what to copy: rooms, slots or both"),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request, ["what"]);
  const parsed = parseWith(CopySchema, { ...form, fromEventId: form.fromEventId ?? "", what: Array.isArray(form.what) ? form.what : [] });
  if (!parsed.ok) return invalid(parsed.failure);
  return withFormErrors(stringValues(form), async () => {
    const copied = await copyVenue(email, event.id, parsed.data.fromEventId, { rooms: parsed.data.what.includes("rooms"), slots: parsed.data.what.includes("slots") });
    const skipped = copied.skippedRooms.length > 0 ? ` Skipped ${copied.skippedRooms.map((n) => `“${n}”`).join(", ")}: this event already has a room of that name.` : "";
    return redirectWithFlash(
      request,
      `/organise/${event.slug}/rooms`,
      `Copied ${copied.rooms} ${copied.rooms === 1 ? "room" : "rooms"}${copied.closedCells > 0 ? "," : " and"} ${copied.slots} ${copied.slots === 1 ? "slot" : "slots"}${copied.closedCells > 0 ? ` and ${copied.closedCells} closed ${copied.closedCells === 1 ? "cell" : "cells"} (a room closed for a slot)` : ""}.${skipped}`,
    );
  });
}

export default function CopyVenue() {
  const { slug, name, eventDay, sources } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/rooms`}>Rooms and slots</BackLink>
        <ErrorSummary errors={result?.errors} fieldOrder={["fromEventId", "what"]} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Copy rooms and slots from another event</h1>
        {sources.length === 0 ? (
          <InsetText>None of your other events has rooms or slots to copy.</InsetText>
        ) : (
          <Form method="post">
            <Radios
              name="fromEventId"
              legend="Copy from"
              errors={result?.errors}
              defaultValue={values?.fromEventId}
              options={sources.map((s) => ({ value: String(s.id), label: s.label, hint: s.hint }))}
            />
            <Checkboxes
              name="what"
              legend="What to copy"
              hint={`Slots move to this event’s day (${eventDay}) at the same times. A room whose name this event already has is skipped. With both, a room closed for a slot there is closed here too. Sessions are never copied.`}
              errors={result?.errors}
              defaultValue={values?.what ? values.what.split("\n") : ["rooms", "slots"]}
              options={[
                { value: "rooms", label: "Rooms (names, capacity, step-free access, screen, notes)" },
                { value: "slots", label: "Time slots and breaks" },
              ]}
            />
            <Button>Copy</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
