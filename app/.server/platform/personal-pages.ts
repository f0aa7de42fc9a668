/**
 * Pages that show one person's data, hold a secret in their address, or are for organisers
 * only must never be kept by a browser or a cache: `Cache-Control: private, no-store`. A
 * loader's own headers are dropped unless its route exports `headers`, so this is decided in
 * one place, by path, in entry.server.tsx for every page and data request (errors included).
 * Resource routes (CSV, JSON exports, feeds) set their own headers.
 */
const PERSONAL_PATHS: RegExp[] = [
  // A person's private manage link and everything under it.
  /^\/r\//,
  // Every organiser page, and the organiser's home.
  /^\/organise(?:[/.]|$)/,
  // A sign-in link (its token is in the address) and the local outbox (everyone's links).
  /^\/sign-in\/verify(?:[/.]|$)/,
  /^\/dev\//,
  // After registering: the confirmation link (a token) and the pages that name the person.
  /^\/events\/[^/]+\/register\/(?:confirm|confirmed|check-email)(?:[/.]|$)/,
  // A standby number joined from the door (its token is in the address).
  /^\/events\/[^/]+\/standby\/[^/]+/,
  // The pitch queue shows this attendee's place, and a typed name's place is reached by a token
  // (the projector too, which names who is pitching; its version poll sets its own headers).
  /^\/events\/[^/]+\/pitch-queue(?!\/version(?:[/.]|$))(?:[/.]|$)/,
  // Pitches show which ones this attendee marked, and their own pitch forms.
  /^\/events\/[^/]+\/pitches(?:[/.]|$)/,
  // Unsubscribe and feedback links (a token in the address; issue 17).
  /^\/events\/[^/]+\/(?:unsubscribe|feedback)\//,
  // A session's notes page and head-count form name the person editing (issue 17).
  /^\/events\/[^/]+\/sessions\/[^/]+\/(?:notes|head-count)(?:[/.]|$)/,
  // The calendar page shows the person's secret feed address.
  /^\/events\/[^/]+\/calendar(?:[/.]|$)/,
];

const NO_STORE = "private, no-store";

function isPersonalPath(pathname: string): boolean {
  return PERSONAL_PATHS.some((pattern) => pattern.test(pathname));
}

/** Marks a page or data response no-store when its path is personal. */
export function markPersonalPage(request: Request, headers: Headers) {
  if (isPersonalPath(new URL(request.url).pathname)) headers.set("Cache-Control", NO_STORE);
}
