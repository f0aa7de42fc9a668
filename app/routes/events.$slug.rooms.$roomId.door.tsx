import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { env, styleHash, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { doorSheetDay, isNotModified, loadPublicSchedule, findScheduleVersion, roomDoorSheet, schedulePageCaching } from "~/.server/schedule";
import { utcToZoned } from "~/domain/time";
import doorCss from "~/styles/door.css?raw";

/**
 * A room's door sheet to print: a standalone page (no site header, footer or scripts, like the
 * wall poster) with the room's name large and its sessions for each day, times in the event's
 * time zone. A4 portrait, one day to a sheet. A multi-day event's sheet offers a link per day
 * (and "every day"); it prints today's while the event is on, else the first day's.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const asked = new URL(request.url).searchParams.get("day");
  // Without a day asked for, the sheet is today's while the event is on: the date is part of the ETag.
  const today = utcToZoned(new Date(), version.timeZone).date;
  const caching = schedulePageCaching(request, version.version, `door${params.roomId}-${today}-${(asked ?? "").replace(/[^\w-]/g, "").slice(0, 10)}`);
  if (isNotModified(request, caching.etag)) return new Response(null, { status: 304, headers: withSecurityHeaders(caching.headers) });
  const entry = await loadPublicSchedule(version);
  const roomId = /^\d{1,9}$/.test(params.roomId ?? "") ? Number(params.roomId) : NaN;
  const sheet = entry ? roomDoorSheet(entry.schedule, entry.grid, roomId) : null;
  if (!entry || !sheet) throw new Response("Room not found", { status: 404, statusText: "Not Found" });
  const chosen = doorSheetDay(
    sheet.days.map((d) => d.day),
    today,
    asked,
  );
  const days = chosen === "all" ? sheet.days : sheet.days.filter((d) => d.day === chosen);
  const { event } = entry.schedule;
  const facts = [`${sheet.room.capacity} seats`, sheet.room.stepFree ? "step-free access" : null, sheet.room.hasScreen ? "screen" : null].filter(Boolean).join(", ");
  const scheduleUrl = `${env().PUBLIC_URL}/events/${event.slug}/schedule`;
  const heading = (
    <>
      <p className="event">{event.name}</p>
      {version.draftPreview ? <p data-testid="draft-notice">Draft: only organisers can see this page.</p> : null}
      <h1>{sheet.room.name}</h1>
      <p className="facts">{facts}</p>
    </>
  );
  const body = !version.published ? (
    <section>
      {heading}
      <p>The organisers have not published the grid yet.</p>
    </section>
  ) : days.length === 0 ? (
    <section>
      {heading}
      <p>The organisers have not set the times of the day yet.</p>
    </section>
  ) : (
    days.map((day) => (
      <section key={day.day}>
        {heading}
        <h2>{day.date}</h2>
        <table>
          <caption className="visually-hidden">{`Sessions in ${sheet.room.name} on ${day.date}`}</caption>
          <tbody>
            {day.rows.map((row) => (
              <tr key={row.slotId} className={row.kind === "break" ? "break" : undefined}>
                <th scope="row">{row.time}</th>
                <td>
                  {row.kind === "break" ? (
                    row.label
                  ) : row.session ? (
                    <>
                      <span className="title">{row.session.title}</span>
                      {row.session.hosts.length ? <span className="hosts">By {row.session.hosts.join(", ")}</span> : null}
                    </>
                  ) : (
                    <span className="free">No session</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="footer">Times are local times at the venue. The whole schedule, kept up to date: {scheduleUrl}</p>
      </section>
    ))
  );
  const css = `${doorCss}\n.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }\n`;
  const html = renderToStaticMarkup(
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${sheet.room.name}: door sheet – ${event.name}`}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main>
          {version.published && sheet.days.length > 1 ? (
            <nav className="days" aria-label="Which day to print">
              <ul>
                {[...sheet.days.map((d) => ({ key: d.day, label: d.date })), { key: "all", label: "Every day, one to a sheet" }].map((choice) => (
                  <li key={choice.key}>
                    <a href={`?day=${choice.key}`} aria-current={choice.key === chosen ? "page" : undefined}>
                      {choice.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
          {body}
        </main>
      </body>
    </html>,
  );
  const headers = withSecurityHeaders(caching.headers, { styleHashes: [styleHash(css)] });
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers });
}
