import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { readForm } from "~/.server/forms";
import { withRefusals, withErrorPage } from "~/.server/errors";
import { loadOrganiserGrid, placePitch, setCellClosed, setPinned, setPublished, swapPitches, undoLastChange, unschedulePitch } from "~/.server/grid";
import { cellKey } from "~/.server/grid-warnings";
import { requireOrganiserEvent } from "~/.server/organiser";
import { redirectWithFlash } from "~/.server/session";
import { ProblemSummary, WarningText } from "~/components/govuk";
import { GridActionButton, OrganiserGrid, useGridRefusal, type GridCard, type GridRow } from "~/components/OrganiserGrid";
import { OrganiserNav } from "~/components/OrganiserNav";
import { formatDate, formatDateTime, formatTime } from "~/utils/time";
import { slotDatesMatter } from "~/domain/event-day";

export const meta: MetaFunction = () => [{ title: "Grid – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const grid = await loadOrganiserGrid(event.id);
  if (!grid) throw new Response("Event not found", { status: 404 });
  const tz = event.timeZone;
  const { schedule, warnings } = grid;
  // Dates are shown whenever they could differ from the event's day (issue 14).
  const multiDay = slotDatesMatter(schedule.slots, event, tz);
  const timeOf = (startsAt: string) => (multiDay ? `${formatDate(startsAt, tz)}, ${formatTime(startsAt, tz)}` : formatTime(startsAt, tz));
  const closed = new Set(grid.closedCells);
  const toCard = (s: (typeof grid.sessions)[number]): GridCard => ({
    pitchId: s.pitchId,
    title: s.title,
    hosts: s.hosts.map((h) => h.name).join(", "),
    interest: s.interest,
    needs: s.needs,
    pinned: s.pinned,
  });
  const bySlotRoom = new Map(grid.sessions.filter((s) => s.roomId !== null).map((s) => [cellKey(s.roomId!, s.slotId!), s]));
  const rows: GridRow[] = schedule.slots.map((slot) => ({
    slotId: slot.id,
    time: timeOf(slot.startsAt),
    kind: slot.kind,
    label: slot.label,
    cells:
      slot.kind === "break"
        ? []
        : schedule.rooms.map((room) => {
            const key = cellKey(room.id, slot.id);
            const session = bySlotRoom.get(key);
            return {
              roomId: room.id,
              slotId: slot.id,
              name: `${room.name} at ${timeOf(slot.startsAt)}`,
              closed: closed.has(key),
              session: session ? toCard(session) : null,
              warnings: (warnings.byCell[key] ?? []).map((w) => ({ severity: w.severity, message: w.message })),
            };
          }),
  }));
  const selected = Number(new URL(request.url).searchParams.get("select"));
  return {
    slug: event.slug,
    name: event.name,
    version: schedule.gridVersion,
    publishedAt: schedule.publishedAt ? formatDateTime(schedule.publishedAt, tz) : null,
    rooms: schedule.rooms.map((r) => ({
      id: r.id,
      name: r.name,
      detail: [`${r.capacity} places`, r.stepFree ? "step-free" : "not step-free", r.hasScreen ? "screen" : null].filter(Boolean).join(", "),
    })),
    rows,
    unscheduled: grid.unscheduled.map(toCard),
    summary: warnings.summary.map((w) => ({ severity: w.severity, message: w.message })),
    undo: grid.undo?.description ?? null,
    selected: grid.sessions.some((s) => s.pitchId === selected) ? selected : null,
    hasSessionSlots: grid.sessionSlots.length > 0 && schedule.rooms.length > 0,
  };
}

const id = z.coerce.number().int().positive();
const GridActionSchema = z.intersection(
  z.object({ version: z.coerce.number().int().min(0) }),
  z.discriminatedUnion("intent", [
    z.object({ intent: z.literal("place"), pitchId: id, roomId: id, slotId: id }),
    z.object({ intent: z.literal("swap"), pitchId: id, otherPitchId: id }),
    z.object({ intent: z.enum(["unschedule", "pin", "unpin"]), pitchId: id }),
    z.object({ intent: z.enum(["close", "open"]), roomId: id, slotId: id }),
    // Unpublishing asks first, on its own page (organise.$slug.grid.unpublish).
    z.object({ intent: z.enum(["undo", "publish"]) }),
  ]),
);

const DONE: Record<string, string> = {
  place: "Session placed.",
  swap: "Sessions swapped.",
  unschedule: "Session taken off the grid.",
  pin: "Session pinned: Suggest a grid will not move it.",
  unpin: "Session unpinned.",
  close: "Room closed for that slot.",
  open: "Room reopened for that slot.",
  undo: "Last change undone.",
  publish: "Grid published: everyone can see it now, and every change is live.",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const parsed = GridActionSchema.safeParse(await readForm(request));
  if (!parsed.success) return data({ refused: "That change could not be read. Reload the grid and try again." }, { status: 400 });
  const form = parsed.data;
  const v = form.version;
  // Refused (a conflict): the page shows why, above the current grid (the loader runs again).
  return withRefusals(async () => {
    switch (form.intent) {
      case "place":
        await placePitch(event.id, email, v, form.pitchId, form.roomId, form.slotId);
        break;
      case "swap":
        await swapPitches(event.id, email, v, form.pitchId, form.otherPitchId);
        break;
      case "unschedule":
        await unschedulePitch(event.id, email, v, form.pitchId);
        break;
      case "pin":
      case "unpin":
        await setPinned(event.id, email, v, form.pitchId, form.intent === "pin");
        break;
      case "close":
      case "open":
        await setCellClosed(event.id, email, v, form.roomId, form.slotId, form.intent === "close");
        break;
      case "undo":
        await undoLastChange(event.id, email, v);
        break;
      case "publish":
        await setPublished(event.id, email, v, true);
        break;
    }
    return redirectWithFlash(request, `/organise/${event.slug}/grid`, DONE[form.intent]);
  });
}

/** A refused change still shows the grid as it is now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => (actionStatus === 409 ? true : defaultShouldRevalidate);

export default function OrganiserGridPage() {
  const page = useLoaderData<typeof loader>();
  const refused = useGridRefusal(useActionData<typeof action>());
  const hard = page.summary.filter((w) => w.severity === "hard").length;
  return (
    <>
      <span className="govuk-caption-l">{page.name}</span>
      <h1 className="govuk-heading-xl">Grid</h1>
      <OrganiserNav slug={page.slug} name={page.name} />
      {refused ? (
        <ProblemSummary title="Your change was not made" testId="grid-refusal">
          {refused}
        </ProblemSummary>
      ) : null}

      <p className="govuk-body">
        {page.publishedAt ? (
          <>
            <strong className="govuk-tag govuk-tag--green">Published</strong> since {page.publishedAt}. Every change is live on the public schedule.
          </>
        ) : (
          <>
            <strong className="govuk-tag govuk-tag--grey">Not published</strong> The public schedule shows nothing until you publish.
          </>
        )}
      </p>
      <div className="pg-button-row">
        {page.undo ? (
          <GridActionButton version={page.version} intent="undo" variant="secondary">
            Undo<span className="govuk-visually-hidden">: {page.undo}</span>
          </GridActionButton>
        ) : null}
        {page.publishedAt ? (
          <Link className="govuk-button govuk-button--warning pg-grid-org-inline" to={`/organise/${page.slug}/grid/unpublish`} role="button" draggable={false} data-module="govuk-button" data-testid="unpublish-link">
            Unpublish
          </Link>
        ) : (
          <GridActionButton version={page.version} intent="publish">
            Publish the grid
          </GridActionButton>
        )}
        <Link className="govuk-link" to={`/organise/${page.slug}/grid/history`}>
          History of changes
        </Link>
        <Link className="govuk-link" to={`/organise/${page.slug}/grid/suggest`}>
          Suggest a grid
        </Link>
      </div>
      {page.undo ? <p className="govuk-body-s">Undo will revert: {page.undo}</p> : null}

      {page.summary.length > 0 ? (
        <section aria-labelledby="grid-warnings">
          <h2 className="govuk-heading-m" id="grid-warnings">
            {page.summary.length} {page.summary.length === 1 ? "warning" : "warnings"}
            {hard > 0 ? `, ${hard} of them ${hard === 1 ? "a clash" : "clashes"}` : ""}
          </h2>
          <WarningText>Check these before you publish. They are also shown on the cells.</WarningText>
          <ul className="govuk-list govuk-list--bullet" data-testid="grid-warnings">
            {page.summary.map((w, i) => (
              <li key={i}>
                <strong>{w.severity === "hard" ? "Clash: " : "Warning: "}</strong>
                {w.message}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <p className="govuk-body">No warnings.</p>
      )}

      {page.hasSessionSlots ? (
        <>
          <p className="govuk-hint">Choose a session, then press Place here on an empty cell or Swap on another session. With a mouse you can also drag a session onto a cell.</p>
          <OrganiserGrid version={page.version} rooms={page.rooms} rows={page.rows} unscheduled={page.unscheduled} selected={page.selected} />
        </>
      ) : (
        <p className="govuk-body">
          Add rooms and session slots first, in <Link className="govuk-link" to={`/organise/${page.slug}/rooms`}>Rooms and slots</Link>.
        </p>
      )}
    </>
  );
}
