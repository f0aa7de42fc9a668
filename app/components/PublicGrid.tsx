import { useRevalidator } from "@remix-run/react";
import { Fragment, useEffect, useRef, useState } from "react";
import type { PublicGrid as PublicGridData, PublicSession } from "~/.server/schedule";
import { formatTime } from "~/domain/time";

// Types only: these come from the loaders' serialised data, never from server code at runtime.
type Grid = PublicGridData;
type Session = PublicSession;

export function interestLabel(count: number) {
  return count === 1 ? "1 person interested" : `${count} people interested`;
}

/** Says in words (not colour alone) why a session is highlighted for this attendee. */
export function MineTag({ mine }: { mine: Session["mine"] }) {
  if (!mine) return null;
  return <strong className="pg-sched-tag">{mine === "hosting" ? "You are hosting" : "You marked this"}</strong>;
}

function SessionCell({ slug, session, time }: { slug: string; session: Session; time: string }) {
  return (
    <>
      {/* A plain link: forty router links cost more to render than the rest of the page. */}
      <a className="govuk-link pg-sched-title" href={`/events/${slug}/sessions/${session.id}`}>
        {session.title}
      </a>
      <span className="pg-sched-where">
        {session.roomName}, {time}
      </span>
      {session.hosts.length ? <span className="pg-sched-meta">By {session.hosts.join(", ")}</span> : null}
      <span className="pg-sched-meta">
        {session.format}, {interestLabel(session.interest)}
      </span>
      {/* "Notes" alone: its cell gives the session, and a name holding the title would make "the link named <title>" ambiguous. */}
      <a className="govuk-link pg-sched-notes" href={session.notes}>
        Notes
      </a>
      <MineTag mine={session.mine} />
    </>
  );
}

/**
 * The public grid: a real table per day (rooms across, slots down) that the stylesheet turns
 * into a list by slot on narrow screens, so one copy of the markup serves phones and laptops
 * and nothing needs JavaScript to read it.
 */
export function PublicGridTables({ slug, grid }: { slug: string; grid: Grid }) {
  const columns = grid.rooms.length + 1;
  return (
    <>
      {grid.days.map((day, dayIndex) => (
        <Fragment key={day.date}>
          {/* Plain fragment links to the slot rows' ids, as on the organiser grid: no JavaScript needed. */}
          <nav aria-label={grid.days.length > 1 ? `Jump to a time slot on ${day.date}` : "Jump to a time slot"} className="pg-grid-jump">
            <span className="govuk-body-s">Jump to:</span>
            <ul className="govuk-list govuk-body-s">
              {day.rows.map((row) => (
                <li key={row.slotId}>
                  <a className="govuk-link" href={`#slot-${row.slotId}`}>
                    {row.time}
                    {row.kind === "break" && row.label ? ` (${row.label})` : ""}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        <div className="pg-sched-scroll" role="region" aria-labelledby={`pg-sched-day-${dayIndex}`} tabIndex={0}>
          <table className="pg-sched">
            <caption className="govuk-table__caption govuk-table__caption--m" id={`pg-sched-day-${dayIndex}`}>
              {day.date}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="pg-sched-time">
                  Time
                </th>
                {grid.rooms.map((room) => (
                  <th scope="col" key={room.id}>
                    {room.name}
                    <span className="pg-sched-room-facts">
                      {room.capacity} seats{room.stepFree ? ", step-free" : ""}
                      {room.hasScreen ? ", screen" : ""}
                    </span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {day.rows.map((row) =>
                row.kind === "break" ? (
                  <tr key={row.slotId} className="pg-sched-break">
                    <th scope="row" className="pg-sched-time" id={`slot-${row.slotId}`}>
                      {row.time}
                    </th>
                    <td colSpan={columns - 1}>{row.label}</td>
                  </tr>
                ) : (
                  <tr key={row.slotId}>
                    <th scope="row" className="pg-sched-time" id={`slot-${row.slotId}`}>
                      {row.time}
                      {row.label ? <span className="pg-sched-room-facts">{row.label}</span> : null}
                    </th>
                    {row.cells.map((session, index) =>
                      session ? (
                        <td key={grid.rooms[index].id} className={session.mine ? "pg-sched-mine" : undefined}>
                          <SessionCell slug={slug} session={session} time={row.time} />
                        </td>
                      ) : (
                        <td key={grid.rooms[index].id} className="pg-sched-empty">
                          <span className="govuk-visually-hidden">No session</span>
                        </td>
                      ),
                    )}
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
        </Fragment>
      ))}
    </>
  );
}

/**
 * The wall poster: the same grid, large type, no links or live region. Notes: one line under the
 * title gives the address pattern, and each cell its session's number (a line per cell would push
 * a full grid onto a second sheet).
 */
export function PublicGridPrint({ eventName, grid, notesPattern }: { eventName: string; grid: Grid; notesPattern: string }) {
  return (
    <>
      <h1>
        {eventName} <span className="notes-pattern">Session notes: {notesPattern} (&lt;no.&gt;: the number after each title)</span>
      </h1>
      {grid.days.map((day) => (
        <table key={day.date}>
          <caption>{day.date}</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              {grid.rooms.map((room) => (
                <th scope="col" key={room.id}>
                  {room.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {day.rows.map((row) => (
              <tr key={row.slotId} className={row.kind === "break" ? "break" : undefined}>
                <th scope="row">{row.time}</th>
                {row.kind === "break" ? (
                  <td colSpan={grid.rooms.length}>{row.label}</td>
                ) : (
                  row.cells.map((session, index) => (
                    <td key={grid.rooms[index].id}>
                      {session ? (
                        <Fragment>
                          <span className="title">
                            {session.title} <span className="no">{session.id}</span>
                          </span>
                          {session.hosts.length ? <span className="hosts">{session.hosts.join(", ")}</span> : null}
                        </Fragment>
                      ) : null}
                    </td>
                  ))
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

const POLL_MS = 2500;

/**
 * Keeps an open schedule page current: polls the cheap version endpoint (the browser answers
 * most polls from its cache with a 304) and, when the version moves, reloads the page's data in
 * place. With JavaScript off the page is simply as fresh as its last load. `refreshEveryMs`
 * also reloads on a timer, for pages that change with the clock ("now and next").
 */
export function useLiveSchedule(slug: string, version: string, timeZone: string, refreshEveryMs?: number): string | null {
  const revalidator = useRevalidator();
  const latest = useRef({ version, revalidator });
  latest.current = { version, revalidator };
  const [notice, setNotice] = useState<string | null>(null);
  const first = useRef(true);

  useEffect(() => {
    // Announce updates after the first render only (a fresh page load needs no announcement).
    if (first.current) {
      first.current = false;
      return;
    }
    setNotice(`The schedule was updated at ${formatTime(new Date(), timeZone)}.`);
  }, [version, timeZone]);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    let lastRefresh = Date.now();
    const tick = async () => {
      if (!document.hidden) {
        try {
          const response = await fetch(`/events/${encodeURIComponent(slug)}/schedule/version`, { headers: { Accept: "application/json" } });
          const body = response.ok ? ((await response.json()) as { version?: string }) : {};
          const due = refreshEveryMs !== undefined && Date.now() - lastRefresh >= refreshEveryMs;
          const { version: shown, revalidator: current } = latest.current;
          if ((body.version && body.version !== shown) || due) {
            lastRefresh = Date.now();
            if (current.state === "idle") current.revalidate();
          }
        } catch {
          // Venue wifi drops: keep the page as it is and try again on the next tick.
        }
      }
      if (!stopped) timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [slug, refreshEveryMs]);

  return notice;
}

/** A polite live region: screen readers hear when the grid changed under them. */
export function LiveNotice({ notice }: { notice: string | null }) {
  return (
    <p className="govuk-body-s pg-sched-live" role="status">
      {notice}
    </p>
  );
}
