/**
 * Session notes (issue 17): each session's notes are either at a link the organisers' template
 * makes per session (a shared document elsewhere), or on the session's notes page in Pitchgrid.
 * Pure: no database, safe in the browser.
 */

const NOTES_TEMPLATE_MAX_LENGTH = 500;
/** A notes page's text at most (well inside MAX_BODY_BYTES with the rest of the form). */
export const NOTES_MAX_LENGTH = 20_000;

const PLACEHOLDERS = new Set(["slug", "id"]);

/** The notes link of one session from the event's template: {slug} and {id} filled in. */
export function notesLinkFromTemplate(template: string, slug: string, pitchId: number): string {
  return template.replace(/\{(slug|id)\}/g, (_, name: string) => (name === "slug" ? encodeURIComponent(slug) : String(pitchId)));
}

/** The Pitchgrid notes page of a session (a path on this site). */
function notesPagePath(slug: string, pitchId: number): string {
  return `/events/${slug}/sessions/${pitchId}/notes`;
}

/**
 * Where a session's notes are: the template's link when the event has one, else its notes page
 * (absolute when publicUrl is given, for feeds and exports).
 */
export function sessionNotesUrl(template: string | null | undefined, slug: string, pitchId: number, publicUrl = ""): string {
  return template ? notesLinkFromTemplate(template, slug, pitchId) : `${publicUrl}${notesPagePath(slug, pitchId)}`;
}

/**
 * Every session's notes link as one pattern for paper, with "<no.>" where the session's number
 * goes (printed in each cell), short: "pitchgrid.example/events/lgc/sessions/<no.>/notes".
 */
export function notesLinkPattern(template: string | null | undefined, slug: string, publicUrl: string): string {
  const url = template ? template.replace(/\{slug\}/g, encodeURIComponent(slug)) : `${publicUrl}${notesPagePath(slug, 0).replace("/0/", "/{id}/")}`;
  return shortLink(url).replace(/\{id\}/g, "<no.>");
}

/** The link as printed on paper: without "https://" and a trailing slash. */
export function shortLink(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\/$/, "");
}

/**
 * Checks a notes link template as typed: empty means "notes in Pitchgrid" (null); otherwise an
 * https address with {id} (so each session gets its own document) and only the placeholders
 * {slug} and {id}, which must still be an https address once they are filled in.
 */
export function checkNotesTemplate(text: string): { ok: true; template: string | null } | { ok: false; message: string } {
  const template = text.trim();
  if (template === "") return { ok: true, template: null };
  if (template.length > NOTES_TEMPLATE_MAX_LENGTH) return { ok: false, message: `Notes link template must be ${NOTES_TEMPLATE_MAX_LENGTH} characters or fewer` };
  if (/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/.test(template)) return { ok: false, message: "Notes link template must not contain spaces or invisible characters" };
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!PLACEHOLDERS.has(match[1])) return { ok: false, message: `Notes link template can only use {slug} and {id}, not {${match[1]}}` };
  }
  if (/[{}]/.test(template.replace(/\{(slug|id)\}/g, ""))) return { ok: false, message: "Notes link template has a { or } that is not part of {slug} or {id}" };
  if (/^https:\/\/[^/?#]*[{}]/i.test(template)) return { ok: false, message: "Notes link template must name its website in full: put {slug} and {id} after the first /" };
  if (!template.includes("{id}")) return { ok: false, message: "Notes link template must contain {id}, so each session gets its own notes" };
  let url: URL;
  try {
    url = new URL(notesLinkFromTemplate(template, "example-camp", 123));
  } catch {
    return { ok: false, message: "Enter the notes link template as a web address starting https://, like https://docs.example/notes/{slug}-{id}" };
  }
  if (url.protocol !== "https:" || !template.toLowerCase().startsWith("https://") || url.hostname === "" || url.username || url.password) {
    return { ok: false, message: "Notes link template must be an https:// web address, like https://docs.example/notes/{slug}-{id}" };
  }
  return { ok: true, template };
}

/**
 * "Saved by" in a notes history. Notes pages are public, and only hosts' names are published
 * with their sessions: everyone sees a host's name; only the event's team sees other attendees'
 * names and the team's addresses. A save by the team says whether an organiser or a volunteer made it.
 */
export function savedByLabel(by: { organiser: string | null; volunteer?: boolean; attendeeName: string | null; isHost: boolean }, viewerIsOrganiser: boolean): string {
  if (by.organiser) {
    if (by.volunteer) return viewerIsOrganiser ? `${by.organiser} (volunteer)` : "A volunteer";
    return viewerIsOrganiser ? `${by.organiser} (organiser)` : "An organiser";
  }
  if (by.attendeeName === null) return "An attendee";
  if (by.isHost) return `${by.attendeeName} (host)`;
  return viewerIsOrganiser ? by.attendeeName : "An attendee";
}
