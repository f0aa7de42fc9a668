import { Fragment, useEffect, useRef, useState } from "react";
import type { PublicGrid as PublicGridData, PublicSession } from "~/.server/schedule";
import { formatTime } from "~/domain/time";
import { useVersionPoll } from "./useVersionPoll";

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

/** Must match public/sw.js. */
const OFFLINE_CACHE = "pitchgrid-schedule-v1";

/**
 * The public schedule pages register the service worker (public/sw.js, scope /events/) that
 * keeps them for when the venue wifi drops, and hand it what this page was loaded with (the page
 * itself and its assets), since the first page load happens before the worker controls it.
 * Without service workers (or JavaScript) nothing happens and the pages work as before.
 */
function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker
    .register("/sw.js", { scope: "/events/" })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const assets = [
        ...Array.from(document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"], link[rel="modulepreload"], link[rel="icon"]'), (link) => link.href),
        ...performance.getEntriesByType("resource").map((entry) => entry.name),
      ].filter((href) => new URL(href, location.href).pathname.startsWith("/assets/"));
      registration.active?.postMessage({ type: "keep", urls: [location.href, ...new Set(assets)] });
    })
    .catch(() => {
      // No service worker (private browsing, an old browser): the page works as before.
    });
}

/** When the copy of this page the service worker kept was fetched, if it kept one. */
async function cachedAt(): Promise<number | null> {
  if (typeof caches === "undefined") return null;
  try {
    const response = await (await caches.open(OFFLINE_CACHE)).match(location.href, { ignoreVary: true });
    const at = Date.parse(response?.headers.get("X-Pitchgrid-Cached-At") ?? "");
    return Number.isNaN(at) ? null : at;
  } catch {
    return null;
  }
}

/**
 * Keeps an open schedule page current: polls the cheap version endpoint (the browser answers
 * most polls from its cache with a 304) and, when the version moves, reloads the page's data in
 * place. With JavaScript off the page is simply as fresh as its last load. `refreshEveryMs`
 * also reloads on a timer, for pages that change with the clock ("now and next").
 * When the network drops, the notice says so and how old the schedule shown is ("as of 11:42am",
 * in the event's time zone); back online, the next poll brings it up to date.
 */
export function useLiveSchedule(slug: string, version: string, timeZone: string, refreshEveryMs?: number): string | null {
  const [notice, setNotice] = useState<string | null>(null);
  const [offlineNotice, setOfflineNotice] = useState<string | null>(null);
  const first = useRef(true);
  const { lost, confirmedAt } = useVersionPoll({ url: slug ? `/events/${encodeURIComponent(slug)}/schedule/version` : "", version, refreshEveryMs });

  useEffect(() => {
    // Announce updates after the first render only (a fresh page load needs no announcement).
    if (first.current) {
      first.current = false;
      return;
    }
    setNotice(`The schedule was updated at ${formatTime(new Date(), timeZone)}.`);
  }, [version, timeZone]);

  useEffect(keepForOffline, []);

  useEffect(() => {
    if (!lost) {
      setOfflineNotice(null);
      return;
    }
    // As of the later of the copy the service worker kept and the last poll that answered.
    let stale = false;
    void cachedAt().then((kept) => {
      const asOf = Math.max(kept ?? 0, confirmedAt ?? 0) || Date.now();
      if (!stale) setOfflineNotice(`You are offline. This is the schedule as of ${formatTime(new Date(asOf), timeZone)}; it will update when you are back online.`);
    });
    return () => {
      stale = true;
    };
  }, [lost, confirmedAt, timeZone]);

  return offlineNotice ?? notice;
}

/** A polite live region: screen readers hear when the grid changed under them. */
export function LiveNotice({ notice }: { notice: string | null }) {
  return (
    <p className="govuk-body-s pg-sched-live" role="status">
      {notice}
    </p>
  );
}
