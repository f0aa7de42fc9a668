import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

const POLL_MS = 2500;

/**
 * Keeps an open organiser grid current while other organisers work on it: polls the grid's
 * fingerprint (a 304 while nothing changed) and, when it moves, reloads the page's data in
 * place; the organiser's chosen session and focus stay. It waits while the organiser's own
 * change is being saved (that reloads the data anyway). With JavaScript off the page is as
 * fresh as its last load, and a change made from it is still checked against what changed since.
 */
export function useLiveOrganiserGrid(slug: string, fingerprint: string, busy: boolean) {
  const revalidator = useRevalidator();
  const latest = useRef({ fingerprint, revalidator, busy });
  latest.current = { fingerprint, revalidator, busy };

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (!document.hidden) {
        try {
          const response = await fetch(`/organise/${encodeURIComponent(slug)}/grid/version`, { headers: { Accept: "application/json" } });
          const body = response.ok ? ((await response.json()) as { fingerprint?: string }) : {};
          const { fingerprint: shown, revalidator: current, busy: saving } = latest.current;
          if (body.fingerprint && body.fingerprint !== shown && !saving && current.state === "idle") current.revalidate();
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
  }, [slug]);
}
