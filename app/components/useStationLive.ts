import { useRef } from "react";
import { QUEUE_POLL_MS } from "~/domain/version-poll";
import { hasUnsavedInput } from "./unsaved-input";
import { useVersionPoll } from "./useVersionPoll";

/**
 * The pitch station keeps itself current (people joining from phones, pitches recorded and the
 * queue moved by another volunteer) by polling the queue's version like the projector. A reload
 * re-renders the station's forms from the server, so it waits while the volunteer has a field
 * focused or unsaved input in any form, or the page shows a form's errors (their typed values
 * would go): the first poll after they save, or clear the field and move on, brings it up to date.
 * Returns the line to show: nothing, or that the connection is lost.
 */
export function useStationLive(slug: string, version: string, showingErrors: boolean): string | null {
  const errors = useRef(showingErrors);
  errors.current = showingErrors;
  const { lost } = useVersionPoll({
    url: `/events/${encodeURIComponent(slug)}/pitch-queue/version`,
    version,
    intervalMs: QUEUE_POLL_MS,
    hold: () => errors.current || hasUnsavedInput(document),
  });
  return lost ? "Connection lost: the queue below may be out of date. It updates when the connection is back." : null;
}
