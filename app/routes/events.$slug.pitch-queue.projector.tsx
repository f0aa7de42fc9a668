import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { env, qrCodeDataUrl, withErrorPage } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { pitchQueueVersion, pitchQueueView, stationPitches } from "~/.server/pitching";
import { formatCountdown, secondsLeft } from "~/domain/pitch-queue";
import { liveWithoutScript } from "~/domain/layout";
import { formatTime } from "~/domain/time";
import { QUEUE_POLL_MS } from "~/domain/version-poll";
import { useVersionPoll } from "~/components/useVersionPoll";
import queueCss from "~/styles/pitch-queue.css?url";

// Without JavaScript the page reloads itself every 10 seconds (a countdown cannot tick then).
export const handle = liveWithoutScript(10);
export const links: LinksFunction = () => [{ rel: "stylesheet", href: queueCss }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Pitching now – ${data.name} – Pitchgrid` : "Pitching now – Pitchgrid" }];

/**
 * The projector in the hall: who is pitching and what, a countdown, who is next, the latest pitch
 * recorded at the station, and the link (with a QR code) to join the queue. Updates live by
 * polling the queue's version; the countdown ticks in the browser.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const [view, version, recorded] = await Promise.all([pitchQueueView(event.id), pitchQueueVersion(event.id), stationPitches(event.id, 1)]);
  const joinLink = `${env().PUBLIC_URL}/events/${event.slug}/pitch-queue`;
  const current = view.current;
  return {
    name: event.name,
    draft: event.draftPreview,
    slug: event.slug,
    timeZone: event.timeZone,
    version,
    countdownSeconds: view.settings.countdownSeconds,
    current: current ? { name: current.name, title: current.title, secondsLeft: secondsLeft(current.startedAt, view.settings.countdownSeconds, new Date()) } : null,
    next: view.next ? { name: view.next.name, title: view.next.title } : null,
    afterNext: Math.max(0, view.waiting.length - 1),
    justPitched: recorded[0] ? { title: recorded[0].title, hosts: recorded[0].hosts } : null,
    joiningOpen: view.settings.joiningOpen,
    joinLink,
    joinQr: view.settings.joiningOpen ? await qrCodeDataUrl(joinLink) : null,
  };
}

/** Counts down from what the server said was left when the page (or its data) loaded. */
function Countdown({ from }: { from: number }) {
  const [left, setLeft] = useState(from);
  useEffect(() => {
    const started = Date.now();
    setLeft(from);
    const timer = setInterval(() => setLeft(Math.max(0, from - Math.floor((Date.now() - started) / 1000))), 250);
    return () => clearInterval(timer);
  }, [from]);
  return (
    <p className={`pg-projector-count${left === 0 ? " pg-projector-count--done" : ""}`} role="timer" aria-label={`${left} seconds left`} data-testid="projector-countdown">
      {left === 0 ? "Time!" : formatCountdown(left)}
    </p>
  );
}

export default function PitchProjector() {
  const { name, slug, draft, timeZone, version, current, next, afterNext, justPitched, joiningOpen, joinLink, joinQr } = useLoaderData<typeof loader>();
  // Reloads the page's data whenever the queue's version moves (a 304 while it does not).
  const connection = useVersionPoll({ url: `/events/${encodeURIComponent(slug)}/pitch-queue/version`, version, intervalMs: QUEUE_POLL_MS });
  return (
    <div className="pg-projector">
      <h1 className="govuk-visually-hidden">{`Pitching now at ${name}`}</h1>
      {draft ? <p data-testid="draft-notice">Draft: only organisers can see this page.</p> : null}
      {current ? (
        <section aria-label="Pitching now" data-testid="projector-current">
          <p className="pg-projector-label">Pitching now</p>
          <p className="pg-projector-name">{current.name}</p>
          {current.title ? <p className="pg-projector-title">{current.title}</p> : null}
          {/* Keyed by the version, so a new pitcher (or a restart) starts a fresh countdown. */}
          <Countdown key={version} from={current.secondsLeft} />
        </section>
      ) : (
        <p className="pg-projector-idle" data-testid="projector-current">
          {next ? "Pitches start soon" : "Nobody is in the pitch queue"}
        </p>
      )}
      <p className="pg-projector-next" data-testid="projector-next">
        {next ? `Next: ${next.name}${next.title ? ` – ${next.title}` : ""}${afterNext > 0 ? ` (then ${afterNext} more)` : ""}` : "Nobody waiting"}
      </p>
      {justPitched ? (
        <p className="pg-projector-just" data-testid="projector-just-pitched">
          {`Just pitched: “${justPitched.title}”${justPitched.hosts ? ` by ${justPitched.hosts}` : ""}`}
        </p>
      ) : null}
      {joiningOpen && joinQr ? (
        <div className="pg-projector-join">
          <img src={joinQr} alt={`QR code for ${joinLink}`} width="200" height="200" />
          <p>
            Want to pitch? Join the queue:
            <br />
            <a className="govuk-link" href={joinLink}>
              {joinLink}
            </a>
          </p>
        </div>
      ) : null}
      <p className="govuk-body-s pg-projector-lost" role="status" data-testid="projector-lost">
        {connection.lost ? `Connection lost: this is the queue as of ${connection.confirmedAt ? formatTime(new Date(connection.confirmedAt), timeZone) : "the last update"}.` : null}
      </p>
      <p className="govuk-body-s govuk-!-margin-top-6">This screen updates itself. Without JavaScript it reloads every 10 seconds and the countdown does not tick.</p>
    </div>
  );
}
