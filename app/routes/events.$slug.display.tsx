import type { LoaderFunctionArgs } from "@remix-run/node";
import QRCode from "qrcode";
import { renderToStaticMarkup } from "react-dom/server";
import { env, styleHash, withErrorPage, withSecurityHeaders } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { displayScale, loadPublicSchedule, nowAndNext, findScheduleVersion } from "~/.server/schedule";
import { NowAndNextRooms } from "~/components/NowAndNextRooms";
import { CLOCK_TEXT_SOURCE, clockText } from "~/domain/clock";
import { formatTime } from "~/domain/time";
import { POLL_MS, pollDelays } from "~/domain/version-poll";
import displayCss from "~/styles/display.css?raw";

/**
 * The venue display: a standalone page for a TV in the lobby (no site header, no links to
 * follow, no cookies read or set), "now" and "next in this room" for every room in large type.
 * It keeps itself current the way the public grid does: a small script polls the schedule's
 * version URL and, when it moves (or each minute, as slots start and end), fetches this page
 * again and swaps its content in place, so a wifi drop leaves the last good screen up with a
 * notice. Without JavaScript a refresh every minute does the same.
 */
const REFRESH_SECONDS = 60;

/**
 * The display cannot use useVersionPoll (app/components/useVersionPoll.ts): it is a standalone
 * page with no JavaScript bundle, allowed only this inline script by its hash in the CSP, so it
 * works on a lobby TV's old browser and loads nothing else. It follows the same rules with the
 * same parameters, taken from app/domain/version-poll.ts: the same version URL every POLL_MS,
 * the waits of pollDelays() after failures in a row (a network error or a 5xx), paused while
 * hidden, at once when the browser comes back online; and it says when the connection is lost.
 * It also ticks the clock each minute with clockText's own source (app/domain/clock.ts).
 */
const DISPLAY_SCRIPT = `(function () {
  var root = document.documentElement;
  var slug = root.getAttribute("data-slug");
  var shown = root.getAttribute("data-version");
  var last = Date.now();
  var delays = ${JSON.stringify(pollDelays(POLL_MS))};
  var failures = 0;
  var timer = null;
  var busy = false;
  var status = document.getElementById("pg-display-status");
  function offline(lost) {
    var main = document.querySelector("main");
    status.textContent = lost ? "Connection lost: this is the schedule as of " + (main ? main.getAttribute("data-as-of") : "") + "." : "";
    status.hidden = !lost;
  }
  function refresh() {
    return fetch(location.href, { headers: { Accept: "text/html" }, cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.text();
    }).then(function (html) {
      var next = new DOMParser().parseFromString(html, "text/html");
      var main = next.querySelector("main");
      if (!main) return;
      document.querySelector("main").replaceWith(document.adoptNode(main));
      shown = next.documentElement.getAttribute("data-version");
      last = Date.now();
    });
  }
  function later(ms) {
    clearTimeout(timer);
    timer = setTimeout(tick, ms);
  }
  function tick() {
    if (busy) return;
    if (document.hidden) return later(delays[0]);
    busy = true;
    fetch("/events/" + encodeURIComponent(slug) + "/schedule/version", { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status >= 500) throw new Error("HTTP " + response.status);
        return response.ok ? response.json() : {};
      })
      .then(function (body) {
        if ((body.version && body.version !== shown) || Date.now() - last >= ${REFRESH_SECONDS * 1000}) return refresh();
      })
      .then(function () { failures = 0; offline(false); }, function () { failures++; offline(true); })
      .then(function () { busy = false; later(delays[Math.min(failures, delays.length - 1)]); });
  }
  var zone = root.getAttribute("data-time-zone");
  var clock = document.getElementById("pg-display-clock");
  ${CLOCK_TEXT_SOURCE}
  function showTime() {
    try { clock.textContent = clockText(new Date(), zone); } catch (e) { /* an unknown zone: keep the time the page was made */ }
    setTimeout(showTime, 60000 - (Date.now() % 60000) + 50);
  }
  showTime();
  window.addEventListener("online", function () { later(0); });
  window.addEventListener("offline", function () { offline(true); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) later(0); });
  later(delays[0]);
})();`;

// One QR image per address (the event's schedule URL never changes while the app runs).
const qrImages = new Map<string, string>();
async function qrSvg(url: string): Promise<string> {
  let svg = qrImages.get(url);
  if (!svg) {
    svg = (await QRCode.toString(url, { type: "svg", margin: 1 })).replace("<svg ", '<svg role="img" aria-label="QR code for the schedule" ');
    if (qrImages.size > 500) qrImages.clear();
    qrImages.set(url, svg);
  }
  return svg;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const now = new Date();
  const version = await withErrorPage(() => requirePublicEvent(request, params.slug, findScheduleVersion));
  const schedule = (await loadPublicSchedule(version))?.schedule;
  if (!schedule) throw new Response("Event not found", { status: 404, statusText: "Not Found" });
  const { event } = schedule;
  const view = version.published ? nowAndNext(schedule, now) : null;
  const scheduleUrl = `${env().PUBLIC_URL}/events/${event.slug}/schedule`;
  const asOf = formatTime(now, event.timeZone);
  const css = `${displayCss}\nbody { --pg-display-scale: ${displayScale(schedule.rooms.length).toFixed(2)}; }\n`;

  const html = renderToStaticMarkup(
    <html lang="en-GB" data-slug={event.slug} data-version={version.version} data-time-zone={event.timeZone}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Now and next – ${event.name}`}</title>
        <noscript>
          <meta httpEquiv="refresh" content={String(REFRESH_SECONDS)} />
        </noscript>
        <style dangerouslySetInnerHTML={{ __html: css }} />
      </head>
      <body>
        <header>
          <h1>{event.name}</h1>
          {version.draftPreview ? <p data-testid="draft-notice">Draft: only organisers can see this page.</p> : null}
          <p className="when">
            {view ? view.today : null}
            {/* The time in the event's zone: as made without JavaScript (the page reloads each minute), ticked each minute with it. */}
            <span className="clock" id="pg-display-clock">
              {clockText(now, event.timeZone)}
            </span>
          </p>
        </header>
        <main data-as-of={asOf}>
          <NowAndNextRooms view={view} variant="display" />
        </main>
        <footer>
          <span dangerouslySetInnerHTML={{ __html: await qrSvg(scheduleUrl) }} />
          <p>
            The whole schedule on your phone: <strong>{scheduleUrl}</strong>
          </p>
          <p className="status" id="pg-display-status" role="status" hidden />
        </footer>
        <script dangerouslySetInnerHTML={{ __html: DISPLAY_SCRIPT }} />
      </body>
    </html>,
  );
  // The CSP allows no inline style or script but these exact texts. Nothing here depends on
  // who asks, and nothing is cached: a TV or two ask once a minute.
  const headers = withSecurityHeaders({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" }, { styleHashes: [styleHash(css)], scriptHashes: [styleHash(DISPLAY_SCRIPT)] });
  return new Response(`<!DOCTYPE html>${html}`, { headers });
}
