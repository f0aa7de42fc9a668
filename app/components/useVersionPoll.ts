import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { browserEnvironment, startVersionPoller } from "./version-poller";

type Connection = { lost: boolean; confirmedAt: number | null };

/**
 * The one way an open page keeps itself current: polls `url` (a version endpoint answering
 * JSON, 304 while unchanged) every POLL_MS with backoff while the network fails, pauses while
 * the tab is hidden, and reloads the page's data in place (Remix revalidation) when the version
 * it reads differs from `version`, the one the page shows. `hold` is asked before each reload:
 * while it says yes (a save in flight, a volunteer typing) the reload waits for a later poll.
 * Returns whether the connection is lost and when the server last answered, for a notice.
 * With JavaScript off none of this runs; each page says how it stays fresh without it.
 */
export function useVersionPoll(options: { url: string; version: string; field?: string; intervalMs?: number; refreshEveryMs?: number; hold?: () => boolean }): Connection {
  const { url, version, field, intervalMs, refreshEveryMs, hold } = options;
  const revalidator = useRevalidator();
  const navigating = useNavigation().state !== "idle";
  const latest = useRef({ version, revalidator, hold, navigating });
  latest.current = { version, revalidator, hold, navigating };
  const [connection, setConnection] = useState<Connection>({ lost: false, confirmedAt: null });
  const poller = useRef<ReturnType<typeof startVersionPoller> | null>(null);

  useEffect(() => {
    if (!url) return;
    const started = startVersionPoller(
      {
        url,
        field,
        intervalMs,
        refreshEveryMs,
        shown: () => latest.current.version,
        // Also while a form's submission or a link is loading: a reload then restarts that
        // navigation's loaders, and the first call may already have taken its one-time message
        // ("… is at the microphone") from the session, so the page would never show it.
        held: () => latest.current.revalidator.state !== "idle" || latest.current.navigating || (latest.current.hold?.() ?? false),
        reload: () => latest.current.revalidator.revalidate(),
        onConnection: (lost, confirmedAt) => setConnection({ lost, confirmedAt }),
      },
      browserEnvironment(),
    );
    poller.current = started;
    return () => {
      started.stop();
      poller.current = null;
    };
  }, [url, field, intervalMs, refreshEveryMs]);

  // New data reached the page (a poll's reload, or the person's own save): the server answers,
  // so a backoff left from a network drop the browser never reported ends here.
  useEffect(() => {
    poller.current?.reset();
  }, [version]);

  return connection;
}
