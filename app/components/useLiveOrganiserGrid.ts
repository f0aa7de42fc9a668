import { useRef } from "react";
import { useVersionPoll } from "./useVersionPoll";

/**
 * Keeps an open organiser grid current while other organisers work on it: polls the grid's
 * fingerprint (a 304 while nothing changed) and, when it moves, reloads the page's data in
 * place; the organiser's chosen session and focus stay. It waits while the organiser's own
 * change is being saved (that reloads the data anyway). With JavaScript off the page is as
 * fresh as its last load, and a change made from it is still checked against what changed since.
 */
export function useLiveOrganiserGrid(slug: string, fingerprint: string, busy: boolean) {
  const saving = useRef(busy);
  saving.current = busy;
  return useVersionPoll({ url: `/organise/${encodeURIComponent(slug)}/grid/version`, version: fingerprint, field: "fingerprint", hold: () => saving.current });
}
