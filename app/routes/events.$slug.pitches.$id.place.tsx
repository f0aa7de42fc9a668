import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DomainError, errorResponse, formError, invalid, noFields, positiveIdOr404, readIntentForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireConfirmedAttendee, requirePublicEvent } from "~/.server/auth";
import { GridChangeRefused, openSpaceChoice, placeOwnSession } from "~/.server/grid";
import { Button, ErrorSummary, InsetText, Radios } from "~/components/govuk";

/**
 * Open Space (issue 17): a host chooses where and when their own session goes, from the free
 * cells that suit it, or takes it back off the grid, while the event allows it and it is not
 * pinned. A plain form: works without JavaScript and on a phone.
 */
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Choose where and when – ${data.pitch.title} – Pitchgrid` : "Choose where and when – Pitchgrid" }];

async function load(request: Request, params: { slug?: string; id?: string }) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const pitchId = positiveIdOr404(params.id, "Pitch");
  return { event, attendee, pitchId };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, attendee, pitchId } = await load(request, params);
  const choice = await withErrorPage(() => openSpaceChoice(event.id, attendee.registrationId, pitchId));
  return {
    event: { name: event.name, slug: event.slug },
    pitch: { id: pitchId, title: choice.session.title },
    where: choice.where,
    pinned: choice.session.placement?.pinned ?? false,
    published: choice.published,
    cells: choice.cells.map((c) => ({ value: `${c.roomId}-${c.slotId}`, label: `${c.time}, ${c.room}` })),
  };
}

const Actions = {
  place: z.object({ cell: z.string().regex(/^\d{1,9}-\d{1,9}$/, "Choose where and when your session goes").optional() }),
  remove: noFields,
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, attendee, pitchId } = await load(request, params);
  const parsed = await readIntentForm(request, Actions);
  if (!parsed.ok) return invalid(parsed.failure);
  const form = parsed.intent === "place" ? { intent: "place" as const, cell: parsed.data.cell } : { intent: "remove" as const, cell: undefined };
  if (form.intent === "place" && !form.cell) return formError("Choose where and when your session goes", {}, "cell");
  const [roomId, slotId] = form.intent === "place" ? form.cell!.split("-").map(Number) : [0, 0];
  try {
    await placeOwnSession(event.id, attendee.registrationId, pitchId, form.intent === "place" ? { roomId, slotId } : null);
  } catch (error) {
    // Someone took the cell first, or it no longer suits: say why; the list below is read again.
    if (error instanceof GridChangeRefused) return formError(error.message, {}, form.intent === "place" ? "cell" : "form", 409);
    if (error instanceof DomainError) throw errorResponse(error);
    throw error;
  }
  const here = `/events/${event.slug}/pitches/${pitchId}`;
  return redirectWithFlash(request, here, form.intent === "place" ? "Your session is on the grid. It is shown below." : "Your session is off the grid.");
}

/** A refused choice shows a fresh list of free cells. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => (actionStatus === 409 ? true : defaultShouldRevalidate);

export default function PlaceOwnSession() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${page.event.slug}/pitches/${page.pitch.id}`} className="govuk-back-link">
          {page.pitch.title}
        </Link>
        <ErrorSummary errors={errors} fieldOrder={["cell"]} />
        <span className="govuk-caption-l">{page.event.name}</span>
        <h1 className="govuk-heading-l">Choose where and when “{page.pitch.title}” happens</h1>
        <p className="govuk-body">
          At this event hosts put their own sessions on the grid, Open Space style. The list has only the free rooms and times that suit your session: no other session is there, you and your co-hosts are not
          hosting anything else at that time, and the room is big enough and has what your session needs. The organisers can still move it.
        </p>
        <p className="govuk-body" data-testid="own-placement">
          {page.where ? (
            <>
              Your session is in <strong>{page.where}</strong>.
            </>
          ) : (
            "Your session is not on the grid yet."
          )}
        </p>
        {page.pinned ? (
          <InsetText>An organiser has pinned your session there, so only the organisers can move it now.</InsetText>
        ) : (
          <>
            {page.cells.length > 0 ? (
              <Form method="post">
                <input type="hidden" name="intent" value="place" />
                <Radios
                  name="cell"
                  legend={page.where ? "Move it to" : "Put it in"}
                  hint="Times first, then the room."
                  errors={errors}
                  options={page.cells}
                  small
                />
                <Button>{page.where ? "Move my session" : "Put my session here"}</Button>
              </Form>
            ) : (
              <InsetText>No free room and time suits your session just now. Ask an organiser, who can close or move other sessions.</InsetText>
            )}
            {page.where ? (
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <Button variant="secondary">Take my session off the grid</Button>
              </Form>
            ) : null}
          </>
        )}
        {!page.published ? <p className="govuk-body">The grid is not public yet: people will see where your session is once the organisers publish it.</p> : null}
      </div>
    </div>
  );
}
