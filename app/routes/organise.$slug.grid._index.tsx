import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, type ShouldRevalidateFunction, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { withErrorPage, withFormErrors, withRefusals, readIntentForm } from "~/.server/platform";
import { cellKey, loadOrganiserGrid, openSpaceEnabled, organiserGridFingerprint, placePitch, setOpenSpace, recentGridChanges, setCellClosed, setClashThreshold, setPinned, setPublished, swapPitches, undoLastChange, unschedulePitch, WARNING_KIND_LABELS } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { ErrorSummary, ProblemSummary, WarningText } from "~/components/govuk";
import { GridActionButton, OrganiserGrid, useGridRefusal, useGridSaving, type GridCard, type GridRow, type GridView } from "~/components/OrganiserGrid";
import { useLiveOrganiserGrid } from "~/components/useLiveOrganiserGrid";
import { OrganiserNav } from "~/components/OrganiserNav";
import { formatDate, formatDateTime, formatTime } from "~/domain/time";
import { wideLayout } from "~/domain/layout";

/** Rooms across need the whole window. */
export const handle = wideLayout;
import { slotDatesMatter } from "~/domain/event-day";
import { showUpSentence } from "~/domain/attendance";

export const meta: MetaFunction = () => [{ title: "Grid – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  // Read before the grid: a change landing in between makes the page poll once more, never miss it.
  const fingerprint = (await organiserGridFingerprint(event.id)) ?? "";
  const [grid, changes, openSpace] = await Promise.all([loadOrganiserGrid(event.id), recentGridChanges(event.id), openSpaceEnabled(event.id)]);
  if (!grid) throw new Response("Event not found", { status: 404 });
  const tz = event.timeZone;
  const { schedule, warnings } = grid;
  // Dates are shown whenever they could differ from the event's day (issue 14).
  const multiDay = slotDatesMatter(schedule.slots, event, tz);
  const timeOf = (startsAt: string) => (multiDay ? `${formatDate(startsAt, tz)}, ${formatTime(startsAt, tz)}` : formatTime(startsAt, tz));
  const closed = new Set(grid.closedCells);
  const whenOf = (at: string) => (formatDate(at, tz) === formatDate(new Date().toISOString(), tz) ? formatTime(at, tz) : formatDateTime(at, tz));
  const byLine = (by: { who: string; at: string } | undefined) => (by ? `${by.who}, ${whenOf(by.at)}` : null);
  const toCard = (s: (typeof grid.sessions)[number]): GridCard => ({
    pitchId: s.pitchId,
    title: s.title,
    hosts: s.hosts.map((h) => h.name).join(", "),
    interest: s.interest,
    needs: s.needs,
    pinned: s.pinned,
    changedBy: byLine(changes.byPitch.get(s.pitchId)),
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
              changedBy: closed.has(key) ? byLine(changes.byCell.get(key)) : null,
              session: session ? toCard(session) : null,
              warnings: (warnings.byCell[key] ?? []).map((w) => ({ id: w.id, severity: w.severity, marker: w.kind === "interest-clash" ? `${w.people} want both` : WARNING_KIND_LABELS[w.kind] })),
            };
          }),
  }));
  const url = new URL(request.url);
  const selected = Number(url.searchParams.get("select"));
  // Each warning once, grouped by kind (problems first), with links to the cells it is about.
  const cellNames = new Map(schedule.rooms.flatMap((room) => schedule.slots.map((slot) => [cellKey(room.id, slot.id), `${room.name} at ${timeOf(slot.startsAt)}`] as const)));
  const groups: { kind: string; label: string; severity: "hard" | "soft"; items: { id: string; message: string; cells: { href: string; name: string }[] }[] }[] = [];
  for (const w of warnings.summary) {
    let group = groups.find((g) => g.kind === w.kind);
    if (!group) groups.push((group = { kind: w.kind, label: WARNING_KIND_LABELS[w.kind], severity: w.severity, items: [] }));
    group.items.push({ id: w.id, message: w.message, cells: w.cells.map((key) => ({ href: `#cell-${key.replace(":", "-")}`, name: cellNames.get(key) ?? key })) });
  }
  return {
    slug: event.slug,
    name: event.name,
    version: schedule.gridVersion,
    fingerprint,
    recent: changes.recent.map((c) => ({ id: c.id, who: c.who, what: c.what, when: whenOf(c.at) })),
    publishedAt: schedule.publishedAt ? formatDateTime(schedule.publishedAt, tz) : null,
    rooms: schedule.rooms.map((r) => ({
      id: r.id,
      name: r.name,
      detail: [`${r.capacity} places`, r.stepFree ? "step-free" : "not step-free", r.hasScreen ? "screen" : null, r.large ? "large" : null].filter(Boolean).join(", "),
    })),
    rows,
    unscheduled: grid.unscheduled.map(toCard),
    warningGroups: groups,
    quietClashes: warnings.quietClashes,
    clashThreshold: grid.clashThreshold,
    openSpace,
    showUpNote: showUpSentence(grid.showUp),
    undo: grid.undo?.description ?? null,
    selected: grid.sessions.some((s) => s.pitchId === selected) ? selected : null,
    view: gridView(url),
    hasSessionSlots: grid.sessionSlots.length > 0 && schedule.rooms.length > 0,
  };
}

const id = z.coerce.number().int().positive();
const atVersion = z.object({ version: z.coerce.number().int().min(0) });
const onePitch = atVersion.extend({ pitchId: id });
const oneCell = atVersion.extend({ roomId: id, slotId: id });
const GridActions = {
  place: atVersion.extend({ pitchId: id, roomId: id, slotId: id }),
  swap: atVersion.extend({ pitchId: id, otherPitchId: id }),
  unschedule: onePitch,
  pin: onePitch,
  unpin: onePitch,
  close: oneCell,
  open: oneCell,
  // Unpublishing asks first, on its own page (organise.$slug.grid.unpublish).
  undo: atVersion,
  publish: atVersion,
  // Not a grid change: which interest clashes the warnings list (smaller ones are counted).
  "clash-threshold": z.object({ clashThreshold: z.string().trim() }),
  // Nor is whether hosts may place their own sessions (Open Space).
  "open-space": z.object({ openSpace: z.enum(["on", "off"]) }),
};

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

/** Rooms across, a list by time slot, or (no choice made) whichever fits the screen. */
function gridView(url: URL): GridView {
  const view = url.searchParams.get("view");
  return view === "list" || view === "table" ? view : "auto";
}

/** Back to the grid after a change, in the view the organiser chose (forms post to the page's own address). */
function gridPath(request: Request, slug: string) {
  const view = gridView(new URL(request.url));
  return `/organise/${slug}/grid${view === "auto" ? "" : `?view=${view}`}`;
}


export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, GridActions);
  if (!submitted.ok) return data({ refused: "That change could not be read. Reload the grid and try again." }, { status: 400 });
  if (submitted.intent === "clash-threshold") {
    const threshold = submitted.data;
    // A form of its own: a bad value is a field error with an error summary, not a refused change.
    return withFormErrors(submitted.values, async () => {
      await setClashThreshold(event.id, /^\d+$/.test(threshold.clashThreshold) ? Number(threshold.clashThreshold) : NaN);
      return redirectWithFlash(request, gridPath(request, event.slug), "Warnings updated.");
    });
  }
  // Not a grid change either: whether hosts may place their own sessions (Open Space).
  if (submitted.intent === "open-space") {
    const on = submitted.data.openSpace === "on";
    await setOpenSpace(event.id, on);
    return redirectWithFlash(
      request,
      gridPath(request, event.slug),
      on ? "Hosts can now place their own sessions in free cells." : "Hosts can no longer place their own sessions; their sessions stay where they are.",
    );
  }
  const form = submitted;
  const v = form.data.version;
  // Refused (a conflict): the page shows why, above the current grid (the loader runs again).
  return withRefusals(async () => {
    switch (form.intent) {
      case "place":
        await placePitch(event.id, email, v, form.data.pitchId, form.data.roomId, form.data.slotId);
        break;
      case "swap":
        await swapPitches(event.id, email, v, form.data.pitchId, form.data.otherPitchId);
        break;
      case "unschedule":
        await unschedulePitch(event.id, email, v, form.data.pitchId);
        break;
      case "pin":
      case "unpin":
        await setPinned(event.id, email, v, form.data.pitchId, form.intent === "pin");
        break;
      case "close":
      case "open":
        await setCellClosed(event.id, email, v, form.data.roomId, form.data.slotId, form.intent === "close");
        break;
      case "undo":
        await undoLastChange(event.id, email, v);
        break;
      case "publish":
        await setPublished(event.id, email, v, true);
        break;
    }
    return redirectWithFlash(request, gridPath(request, event.slug), DONE[form.intent]);
  });
}

/** A refused change still shows the grid as it is now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => (actionStatus === 409 ? true : defaultShouldRevalidate);

export default function OrganiserGridPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const refused = useGridRefusal(result && "refused" in result ? result : undefined);
  const formErrors = result && "errors" in result ? result : null;
  useLiveOrganiserGrid(page.slug, page.fingerprint, useGridSaving());
  return (
    <>
      <span className="govuk-caption-l">{page.name}</span>
      <h1 className="govuk-heading-xl">Grid</h1>
      <OrganiserNav slug={page.slug} name={page.name} />
      <ErrorSummary errors={formErrors?.errors} fieldOrder={["clashThreshold"]} />
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
      {page.recent.length > 0 ? (
        <details className="govuk-details pg-grid-recent">
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">
              Latest change: {page.recent[0].who}, {page.recent[0].when}
            </span>
          </summary>
          <div className="govuk-details__text">
            <ul className="govuk-list" data-testid="grid-recent">
              {page.recent.map((c) => (
                <li key={c.id}>
                  {c.when}, {c.who}: {c.what}
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}

      <GridWarningSummary groups={page.warningGroups} quiet={page.quietClashes} threshold={page.clashThreshold} showUpNote={page.showUpNote} slug={page.slug} view={page.view} thresholdError={formErrors?.errors.clashThreshold?.[0]} thresholdTyped={formErrors?.values.clashThreshold} />

      <OpenSpaceSetting on={page.openSpace} />

      {page.hasSessionSlots ? (
        <>
          <p className="govuk-hint">Choose a session, then press Place here on an empty cell or Swap on another session. With a mouse you can also drag a session onto a cell.</p>
          <OrganiserGrid version={page.version} rooms={page.rooms} rows={page.rows} unscheduled={page.unscheduled} selected={page.selected} view={page.view} />
        </>
      ) : (
        <p className="govuk-body">
          Add rooms and session slots first, in <Link className="govuk-link" to={`/organise/${page.slug}/rooms`}>Rooms and slots</Link>.
        </p>
      )}
    </>
  );
}

/** The Open Space setting: hosts place their own sessions in free cells (issue 17). */
function OpenSpaceSetting({ on }: { on: boolean }) {
  return (
    <section aria-labelledby="open-space" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="open-space">
        Open Space: hosts place their own sessions
      </h2>
      <p className="govuk-body" data-testid="open-space-state">
        {on ? (
          <>
            <strong className="govuk-tag govuk-tag--green">On</strong> Hosts can put their own session in a free cell from its pitch page, move it, or take it off the grid, as long as you have not pinned it.
          </>
        ) : (
          <>
            <strong className="govuk-tag govuk-tag--grey">Off</strong> Only organisers place sessions.
          </>
        )}
      </p>
      <p className="govuk-body-s">
        With Open Space on, a host sees only free cells that suit their session: not closed, not taken, none of its hosts already hosting at that time, and no problem the grid would warn you about (the
        room big enough for the expected attendance, the needs met, not an avoided time). Each host&apos;s change is in the history of changes, and you can still move, pin or unplace any session.
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value="open-space" />
        <input type="hidden" name="openSpace" value={on ? "off" : "on"} />
        <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
          {on ? "Turn Open Space off" : "Let hosts place their own sessions"}
        </button>
      </Form>
    </section>
  );
}

type WarningGroup = ReturnType<typeof useLoaderData<typeof loader>>["warningGroups"][number];

/** Each warning once, problems before interest clashes, with links to the cells (which carry a short marker). */
function GridWarningSummary({
  groups,
  quiet,
  threshold,
  showUpNote,
  slug,
  view,
  thresholdError,
  thresholdTyped,
}: {
  groups: WarningGroup[];
  quiet: { count: number; people: number };
  threshold: number;
  showUpNote: string;
  slug: string;
  view: "auto" | "list" | "table";
  thresholdError?: string;
  thresholdTyped?: string | string[];
}) {
  const problems = groups.filter((g) => g.severity === "hard").reduce((n, g) => n + g.items.length, 0);
  const clashes = groups.filter((g) => g.severity === "soft").reduce((n, g) => n + g.items.length, 0);
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <section aria-labelledby="grid-warnings" className="pg-grid-warnings">
      <h2 className="govuk-heading-m" id="grid-warnings">
        {problems === 0 && clashes === 0 ? "No warnings" : [problems ? plural(problems, "problem to fix", "problems to fix") : null, clashes ? plural(clashes, "interest clash", "interest clashes") : null].filter(Boolean).join(", ")}
      </h2>
      {problems > 0 ? <WarningText>Fix these before you publish: on the day they send people to the wrong place. Cells with a problem are marked.</WarningText> : null}
      <div data-testid="grid-warnings">
        {groups.map((g) => (
          <div key={g.kind}>
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              {g.severity === "hard" ? "Problem: " : ""}
              {g.label} ({g.items.length})
            </h3>
            <ul className="govuk-list govuk-list--bullet govuk-body-s">
              {g.items.map((w) => (
                <li key={w.id} id={`warning-${w.id}`}>
                  {w.message}
                  {" – "}
                  {w.cells.map((c, i) => (
                    <span key={c.href}>
                      {i > 0 ? ", " : ""}
                      {view === "auto" ? (
                        // Both views are on the page and screen width hides one: one link each, so
                        // the visible link goes to the visible cell with JavaScript off too.
                        <>
                          <a className="govuk-link pg-grid-org-tableview pg-grid-org-auto" href={c.href}>
                            {c.name}
                          </a>
                          <a className="govuk-link pg-grid-org-listview pg-grid-org-auto" href={`#list-${c.href.slice(1)}`}>
                            {c.name}
                          </a>
                        </>
                      ) : (
                        <a className="govuk-link" href={c.href}>
                          {c.name}
                        </a>
                      )}
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
      <p className="govuk-body-s" data-testid="grid-show-up">
        {showUpNote}{" "}
        <Link className="govuk-link" to={`/organise/${slug}/attendance`}>
          Head counts and show-up ratio
        </Link>
      </p>
      {quiet.count > 0 ? (
        <p className="govuk-body-s" data-testid="grid-quiet-clashes">
          {plural(quiet.count, "smaller interest clash", "smaller interest clashes")} ({plural(quiet.people, "person", "people")} in all, fewer than {threshold} each) {quiet.count === 1 ? "is" : "are"} not listed.
        </p>
      ) : null}
      <Form method="post" className="pg-grid-threshold">
        <input type="hidden" name="intent" value="clash-threshold" />
        <div className={`govuk-form-group govuk-!-margin-bottom-2${thresholdError ? " govuk-form-group--error" : ""}`}>
          <label className="govuk-label govuk-label--s" htmlFor="clashThreshold">
            List interest clashes of at least this many people
          </label>
          {thresholdError ? (
            <p id="clashThreshold-error" className="govuk-error-message">
              <span className="govuk-visually-hidden">Error:</span> {thresholdError}
            </p>
          ) : null}
          <input
            className={`govuk-input govuk-input--width-3${thresholdError ? " govuk-input--error" : ""}`}
            id="clashThreshold"
            name="clashThreshold"
            type="text"
            inputMode="numeric"
            aria-describedby={thresholdError ? "clashThreshold-error" : undefined}
            defaultValue={thresholdError && typeof thresholdTyped === "string" ? thresholdTyped : threshold}
            key={thresholdError ? `error-${thresholdTyped}` : threshold}
          />{" "}
          <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0">
            Update warnings
          </button>
        </div>
      </Form>
    </section>
  );
}
