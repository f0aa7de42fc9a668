import { Link, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { needLabel } from "~/domain/needs";

/**
 * The organiser grid: rooms across, slots down. Every action is a form POST that works without
 * JavaScript (choose a session by link, then a cell's button). With JavaScript the same forms go
 * through one fetcher (no page reload), choosing a session is instant, and sessions can be
 * dragged onto cells; the keyboard route is the same as without JavaScript: choose, then press
 * Enter or Space on a cell's button.
 */
export type GridCard = { pitchId: number; title: string; hosts: string; interest: number; needs: string[]; pinned: boolean; changedBy: string | null };
export type GridCellData = { roomId: number; slotId: number; name: string; closed: boolean; changedBy: string | null; session: GridCard | null; warnings: { id: string; severity: "hard" | "soft"; marker: string }[] };
export type GridRow = { slotId: number; time: string; kind: "session" | "break"; label: string; cells: GridCellData[] };
type GridRoom = { id: number; name: string; detail: string };
/** How the grid is shown: rooms across (a table), a list by time slot (phones), or by screen width. */
export type GridView = "auto" | "table" | "list";

type OrganiserGridProps = {
  version: number;
  rooms: GridRoom[];
  rows: GridRow[];
  unscheduled: GridCard[];
  selected: number | null;
  view: GridView;
};

type SubmitFields = Record<string, string | number>;

const FETCHER_KEY = "organiser-grid";

/** One grid action as a small form carrying the grid version; all share one fetcher. */
function GridAction({ version, fields, children }: { version: number; fields: SubmitFields; children: ReactNode }) {
  const fetcher = useFetcher({ key: FETCHER_KEY });
  return (
    <fetcher.Form method="post" className="pg-grid-org-inline">
      <input type="hidden" name="version" value={version} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className="govuk-button govuk-button--secondary pg-grid-org-small">
        {children}
      </button>
    </fetcher.Form>
  );
}

export function OrganiserGrid({ version, rooms, rows, unscheduled, selected: initialSelected, view }: OrganiserGridProps) {
  const [selected, setSelected] = useState<number | null>(initialSelected);
  const [hydrated, setHydrated] = useState(false);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  useEffect(() => setHydrated(true), []);
  const fetcher = useFetcher({ key: FETCHER_KEY });
  const busy = fetcher.state !== "idle";
  // Our own change, once saved (or refused), starts a fresh choice; another organiser's change
  // arriving live keeps it (the page is updated under the organiser, not reset).
  useEffect(() => setSelected(initialSelected), [initialSelected]);
  // Escape cancels a choice, wherever focus is on the page.
  useEffect(() => {
    if (selected === null) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === "Escape" && !event.defaultPrevented) setSelected(null);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [selected]);
  // A warning's or jump link's target may be in the view hidden by screen width (the table, on a
  // phone): go to the same cell or slot in the list instead.
  useEffect(() => {
    if (view !== "auto") return;
    const onClick = (event: MouseEvent) => {
      const link = event.target instanceof Element ? event.target.closest('a[href^="#cell-"], a[href^="#slot-"]') : null;
      const id = link?.getAttribute("href")?.slice(1);
      const target = id ? document.getElementById(id) : null;
      if (!id || !target || target.offsetParent !== null || !document.getElementById(`list-${id}`)) return;
      event.preventDefault();
      window.location.hash = `list-${id}`;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, [view]);
  const wasBusy = useRef(false);
  useEffect(() => {
    if (wasBusy.current && !busy) setSelected(null);
    wasBusy.current = busy;
  }, [busy]);
  // The button pressed disappears with the change; keep a keyboard user's place on the session.
  const focusAfter = useRef<string | null>(null);
  const rememberFocus = (event: FormEvent) => {
    const pitchId = new FormData(event.target as HTMLFormElement).get("pitchId");
    focusAfter.current = typeof pitchId === "string" ? pitchId : null;
  };
  useEffect(() => {
    const pitchId = focusAfter.current;
    focusAfter.current = null;
    // The grid may be on the page twice (table and list, one hidden by screen width): the visible one.
    if (pitchId) [...document.querySelectorAll<HTMLElement>(`[data-pitch-id="${pitchId}"] .pg-grid-org-choose`)].find((el) => el.offsetParent !== null)?.focus();
  }, [version]);
  const submit = (fields: SubmitFields) => fetcher.submit({ ...fields, version: String(version) }, { method: "post" });

  const placed = new Map<number, GridCellData>();
  for (const row of rows) for (const cell of row.cells) if (cell.session) placed.set(cell.session.pitchId, cell);
  const allCards = [...unscheduled, ...[...placed.values()].map((c) => c.session!)];
  const selectedCard = allCards.find((c) => c.pitchId === selected) ?? null;

  const choose = (pitchId: number | null) => setSelected(pitchId);
  // Links keep the chosen view (without JavaScript the choice is in the address).
  const query = (select: number | null) => {
    const params = new URLSearchParams();
    if (view !== "auto") params.set("view", view);
    if (select !== null) params.set("select", String(select));
    return `?${params}`;
  };
  const chooseLink = (card: GridCard) => {
    const isSelected = selected === card.pitchId;
    const onActivate = (event: { preventDefault: () => void }) => {
      event.preventDefault();
      choose(isSelected ? null : card.pitchId);
    };
    return (
      <Link
        to={query(isSelected ? null : card.pitchId)}
        className="govuk-link pg-grid-org-choose"
        role="button"
        aria-pressed={isSelected}
        onClick={onActivate}
        onKeyDown={(event: KeyboardEvent) => {
          if (event.key === " ") onActivate(event);
        }}
        preventScrollReset
      >
        {isSelected ? "Cancel choice" : placed.has(card.pitchId) ? "Move or swap" : "Choose"}
        <span className="govuk-visually-hidden"> “{card.title}”</span>
      </Link>
    );
  };

  const onDragStart = (pitchId: number) => (event: DragEvent) => {
    event.dataTransfer.setData("text/plain", String(pitchId));
    event.dataTransfer.effectAllowed = "move";
  };
  const dropHandlers = (cell: GridCellData) =>
    hydrated && !cell.closed
      ? {
          onDragOver: (event: DragEvent) => {
            event.preventDefault();
            setDropTarget(cell.name);
          },
          onDragLeave: () => setDropTarget(null),
          onDrop: (event: DragEvent) => {
            event.preventDefault();
            setDropTarget(null);
            const pitchId = Number(event.dataTransfer.getData("text/plain"));
            if (!pitchId || cell.session?.pitchId === pitchId) return;
            if (cell.session) submit({ intent: "swap", pitchId: String(pitchId), otherPitchId: String(cell.session.pitchId) });
            else submit({ intent: "place", pitchId: String(pitchId), roomId: String(cell.roomId), slotId: String(cell.slotId) });
          },
        }
      : {};

  // Every card is an h3 under its section's h2 ("Not yet on the grid", "Grid"), or an h4 under
  // its slot's h3 in the list view (which has no drag and drop).
  const card = (c: GridCard, actions: ReactNode, inList = false) => {
    const draggable = hydrated && !inList;
    return (
      <div
        className={`pg-grid-org-card${selected === c.pitchId ? " pg-grid-org-card--selected" : ""}`}
        draggable={draggable ? true : undefined}
        onDragStart={draggable ? onDragStart(c.pitchId) : undefined}
        data-pitch-id={c.pitchId}
      >
        {inList ? <h4>{c.title}</h4> : <h3>{c.title}</h3>}
        <p className="govuk-body-s govuk-!-margin-bottom-1">
          {c.hosts ? `${c.hosts}. ` : ""}
          {c.interest} interested
          {c.needs.length > 0 ? `. Needs ${c.needs.map(needLabel).join(", ")}` : ""}
          {c.pinned ? (
            <>
              {" "}
              <strong className="govuk-tag govuk-tag--blue">Pinned</strong>
            </>
          ) : null}
        </p>
        {c.changedBy ? <p className="pg-grid-org-by">Changed by {c.changedBy}</p> : null}
        <div className="pg-grid-org-inline">
          {chooseLink(c)}
          {actions}
        </div>
      </div>
    );
  };

  // What a cell holds (the same in the table and the list): its session with its actions, or
  // "Place here" while a session is chosen, or Empty / Closed; then its warning markers.
  const cellContent = (cell: GridCellData, inList = false) => (
    <>
      {cell.closed ? (
        <>
          <p className="govuk-body-s govuk-!-margin-bottom-1">Closed</p>
          {cell.changedBy ? <p className="pg-grid-org-by">Closed by {cell.changedBy}</p> : null}
          <GridAction version={version} fields={{ intent: "open", roomId: cell.roomId, slotId: cell.slotId }}>
            Reopen<span className="govuk-visually-hidden"> {cell.name}</span>
          </GridAction>
        </>
      ) : cell.session ? (
        card(
          cell.session,
          <>
            {selectedCard && selectedCard.pitchId !== cell.session.pitchId && placed.has(selectedCard.pitchId) ? (
              <GridAction version={version} fields={{ intent: "swap", pitchId: selectedCard.pitchId, otherPitchId: cell.session.pitchId }}>
                Swap<span className="govuk-visually-hidden"> “{selectedCard.title}” with “{cell.session.title}”</span>
              </GridAction>
            ) : null}
            <GridAction version={version} fields={{ intent: cell.session.pinned ? "unpin" : "pin", pitchId: cell.session.pitchId }}>
              {cell.session.pinned ? "Unpin" : "Pin"}
              <span className="govuk-visually-hidden"> “{cell.session.title}”</span>
            </GridAction>
            <GridAction version={version} fields={{ intent: "unschedule", pitchId: cell.session.pitchId }}>
              Unschedule<span className="govuk-visually-hidden"> “{cell.session.title}”</span>
            </GridAction>
          </>,
          inList,
        )
      ) : selectedCard ? (
        <GridAction version={version} fields={{ intent: "place", pitchId: selectedCard.pitchId, roomId: cell.roomId, slotId: cell.slotId }}>
          Place here<span className="govuk-visually-hidden"> “{selectedCard.title}” in {cell.name}</span>
        </GridAction>
      ) : (
        <>
          <p className="govuk-body-s govuk-!-margin-bottom-1">Empty</p>
          <GridAction version={version} fields={{ intent: "close", roomId: cell.roomId, slotId: cell.slotId }}>
            Close<span className="govuk-visually-hidden"> {cell.name}</span>
          </GridAction>
        </>
      )}
      {cell.warnings.length > 0 ? (
        <ul className="pg-grid-org-marks">
          {cell.warnings.map((w) => (
            <li key={w.id}>
              <a className={`pg-grid-mark pg-grid-mark--${w.severity}`} href={`#warning-${w.id}`}>
                {w.severity === "hard" ? "Problem: " : ""}
                {w.marker}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
  const cellClasses = (cell: GridCellData) => {
    const hard = cell.warnings.some((w) => w.severity === "hard");
    return [cell.closed ? "pg-grid-org-closed" : "", hard ? "pg-grid-org-hard" : cell.warnings.length ? "pg-grid-org-soft" : "", dropTarget === cell.name ? "pg-grid-org-target" : ""].filter(Boolean).join(" ") || undefined;
  };
  // With both views on the page (chosen by screen width), the list's ids must differ from the
  // table's; the list alone takes the table's ids, so warning links reach its cells.
  const listIds = view === "list" ? "" : "list-";
  const jumpNav = (prefix: string) => (
    <nav aria-label="Jump to a time slot" className="pg-grid-jump">
      <span className="govuk-body-s">Jump to:</span>
      <ul className="govuk-list govuk-body-s">
        {rows.map((row) => (
          <li key={row.slotId}>
            <a className="govuk-link" href={`#${prefix}slot-${row.slotId}`}>
              {row.time}
              {row.kind === "break" && row.label ? ` (${row.label})` : ""}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
  const roomById = new Map(rooms.map((room) => [room.id, room]));

  return (
    <div onSubmit={rememberFocus}>
      <div aria-live="polite" className="govuk-visually-hidden">
        {selectedCard ? `Chosen: ${selectedCard.title}. Now choose a cell.` : ""}
        {busy ? "Saving" : ""}
      </div>
      {selectedCard ? (
        <div className="govuk-inset-text" data-testid="grid-choice">
          You chose <strong>“{selectedCard.title}”</strong>. Now press <strong>Place here</strong> on an empty cell, or <strong>Swap</strong> on another session{hydrated ? " (Escape cancels)" : ""}.{" "}
          <Link to={query(null)} className="govuk-link" onClick={(e) => (e.preventDefault(), choose(null))} preventScrollReset>
            Cancel
          </Link>
        </div>
      ) : null}

      <h2 className="govuk-heading-m">Not yet on the grid ({unscheduled.length})</h2>
      {unscheduled.length === 0 ? (
        <p className="govuk-body">Every open session is on the grid.</p>
      ) : (
        <div className="pg-grid-org-pool">{unscheduled.map((c) => <div key={c.pitchId}>{card(c, null)}</div>)}</div>
      )}

      <h2 className="govuk-heading-m">Grid</h2>
      <p className="govuk-body-s pg-grid-view-choice" data-testid="grid-view-choice">
        {view === "auto" ? "Rooms across on a wide screen, a list by time slot on a phone." : view === "list" ? "Shown as a list by time slot." : "Shown with rooms across."}{" "}
        {(
          [
            ["table", "Always show rooms across"],
            ["list", "Always show a list by time slot"],
            ["auto", "Choose by screen width"],
          ] as const
        )
          .filter(([to]) => to !== view)
          .map(([to, label], i) => (
            <span key={to}>
              {i > 0 ? " · " : ""}
              <Link className="govuk-link" to={to === "auto" ? "?" : `?view=${to}`} preventScrollReset>
                {label}
              </Link>
            </span>
          ))}
      </p>
      {view !== "list" ? (
        <div className={`pg-grid-org-tableview${view === "auto" ? " pg-grid-org-auto" : ""}`}>
          {jumpNav("")}
          {/* Focusable, so the grid can be scrolled from the keyboard too. */}
          <div className="pg-grid-org-scroll" role="region" aria-label="The grid: rooms across, time slots down" tabIndex={0}>
            <table className="pg-grid-org-table govuk-body-s">
              <caption className="govuk-visually-hidden">Rooms across, time slots down</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  {rooms.map((room) => (
                    <th scope="col" key={room.id}>
                      {room.name}
                      <span className="pg-grid-org-room-detail">{room.detail}</span>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) =>
                  row.kind === "break" ? (
                    <tr key={row.slotId} className="pg-grid-org-break">
                      <th scope="row" id={`slot-${row.slotId}`}>
                        {row.time}
                      </th>
                      <td colSpan={Math.max(1, rooms.length)}>{row.label}</td>
                    </tr>
                  ) : (
                    <tr key={row.slotId}>
                      <th scope="row" id={`slot-${row.slotId}`}>
                        {row.time}
                        {row.label ? (
                          <>
                            <br />
                            {row.label}
                          </>
                        ) : null}
                      </th>
                      {row.cells.map((cell) => (
                        <td key={cell.roomId} id={`cell-${cell.roomId}-${cell.slotId}`} className={cellClasses(cell)} data-cell={cell.name} {...dropHandlers(cell)}>
                          {cellContent(cell)}
                        </td>
                      ))}
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      {view !== "table" ? (
        <div className={`pg-grid-org-listview${view === "auto" ? " pg-grid-org-auto" : ""}`} data-testid="grid-list">
          {jumpNav(listIds)}
          {rows.map((row) => (
            <section key={row.slotId} className="pg-grid-org-listslot" aria-labelledby={`${listIds}slot-${row.slotId}`}>
              <h3 className="govuk-heading-s" id={`${listIds}slot-${row.slotId}`}>
                {row.time}
                {row.label ? `: ${row.label}` : ""}
              </h3>
              {row.kind === "break" ? null : (
                <ul className="govuk-list pg-grid-org-listcells">
                  {row.cells.map((cell) => (
                    <li key={cell.roomId} id={`${listIds}cell-${cell.roomId}-${cell.slotId}`} className={cellClasses(cell)} data-list-cell={cell.name}>
                      <p className="govuk-body-s govuk-!-margin-bottom-1">
                        <strong>{roomById.get(cell.roomId)?.name}</strong> <span className="pg-grid-org-room-detail">{roomById.get(cell.roomId)?.detail}</span>
                      </p>
                      {cellContent(cell, true)}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** The refusal (stale grid or a broken rule) from the last action, plain or fetcher. */
export function useGridRefusal(actionData: { refused?: string } | undefined) {
  const fetcher = useFetcher<{ refused?: string }>({ key: FETCHER_KEY });
  // A redirect (the next change, saved) leaves the fetcher's last data in place: a refusal is
  // shown only until the organiser sends another change.
  const [answered, setAnswered] = useState<unknown>(undefined);
  useEffect(() => {
    if (fetcher.state === "submitting") setAnswered(fetcher.data);
  }, [fetcher.state, fetcher.data]);
  const fromFetcher = fetcher.data !== answered ? fetcher.data?.refused : undefined;
  return fromFetcher ?? actionData?.refused ?? null;
}

/** Whether one of the grid's own changes is being saved (live updates wait for it). */
export function useGridSaving() {
  return useFetcher({ key: FETCHER_KEY }).state !== "idle";
}

/** Forms above the grid (undo, publish) that also carry the version, through the same fetcher. */
export function GridActionButton({ version, intent, children, variant }: { version: number; intent: string; children: ReactNode; variant?: "secondary" | "warning" }) {
  const fetcher = useFetcher({ key: FETCHER_KEY });
  return (
    <fetcher.Form method="post" className="pg-grid-org-inline">
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={`govuk-button${variant ? ` govuk-button--${variant}` : ""}`}>
        {children}
      </button>
    </fetcher.Form>
  );
}
