import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { env, styleHash, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { buildPublicGrid, isNotModified, type PublicGrid, loadPublicSchedule, findScheduleVersion, schedulePageCaching } from "~/.server/schedule";
import { PublicGridPrint } from "~/components/PublicGrid";
import printCss from "~/styles/print.css?raw";
import { notesLinkPattern } from "~/domain/session-notes";

/**
 * The wall poster: a standalone page (no site header, footer or scripts) with its stylesheet
 * inline, so it prints the same from any browser: A3 landscape, the whole grid on one page.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const caching = schedulePageCaching(request, version.version, "print");
  if (isNotModified(request, caching.etag)) return new Response(null, { status: 304, headers: withSecurityHeaders(caching.headers) });
  const schedule = (await loadPublicSchedule(version))?.schedule;
  if (!schedule) throw new Response("Event not found", { status: 404, statusText: "Not Found" });
  const title = `${schedule.event.name}: the grid`;
  const grid = buildPublicGrid(schedule, null);
  // The CSP allows no inline style but this exact text (the same for the same ETag).
  const css = `${printCss}\nbody { --pg-print-scale: ${printScale(grid).toFixed(2)}; }\n`;
  const headers = withSecurityHeaders(caching.headers, { styleHashes: [styleHash(css)] });
  const body = version.published ? (
    <PublicGridPrint eventName={schedule.event.name} grid={grid} notesPattern={notesLinkPattern(schedule.notesTemplate, schedule.event.slug, env().PUBLIC_URL)} />
  ) : (
    <>
      <h1>{schedule.event.name}</h1>
      <p>The organisers have not published the grid yet.</p>
    </>
  );
  const html = renderToStaticMarkup(
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <main>
          {version.draftPreview ? <p data-testid="draft-notice">Draft: only organisers can see this page.</p> : null}
          {body}
        </main>
      </body>
    </html>,
  );
  headers.set("Content-Type", "text/html; charset=utf-8");
  return new Response(`<!DOCTYPE html>${html}`, { headers });
}

/**
 * Session text fills a sheet at full size for 7 session slots of 6 rooms. A cell's height grows
 * with the square of the type size (bigger letters, and fewer of them on each line), so the
 * size shrinks with the square root of the number of cells, down to half.
 */
function printScale(grid: PublicGrid): number {
  const sessionRows = grid.days.reduce((n, day) => n + day.rows.filter((row) => row.kind === "session").length, 0);
  const cells = sessionRows * Math.max(grid.rooms.length, 1);
  return Math.max(0.5, Math.min(1, Math.sqrt(42 / Math.max(cells, 1))));
}
