import { isEventTeamMember, requireEventRoleFor } from "./organisers";
import type { EventRole } from "~/domain/event-roles";
import { getSignedInEmail } from "./cookie-session";
import { requireEventBySlug, type EventRecord } from "../events";
import { findRegistration, type Registration } from "../registration";
import { notFound, parsePositiveId } from "../platform";

/**
 * Every organiser page starts here: the event (or 404) and its signed-in team member (or 403),
 * with their role. `needed` is the least role the page needs: "volunteer" for what happens in the
 * room (volunteers and organisers), "organiser" for everything else (volunteers get 403).
 */
export async function requireEventRole(
  request: Request,
  slug: string | undefined,
  needed: EventRole,
): Promise<{ event: EventRecord; email: string; role: EventRole }> {
  const event = await requireEventBySlug(slug);
  const { email, role } = await requireEventRoleFor(request, event.id, needed);
  return { event, email, role };
}

/** Every organiser-only page starts here: the event (or 404) and its signed-in organiser (or 403; volunteers too). */
export async function requireOrganiserEvent(request: Request, slug: string | undefined): Promise<{ event: EventRecord; email: string }> {
  const { event, email } = await requireEventRole(request, slug, "organiser");
  return { event, email };
}

/** An organiser page about one person: their registration at this event (or 404), never erased. */
export async function requireOrganiserRegistration(
  request: Request,
  slug: string | undefined,
  id: string | undefined,
): Promise<{ event: EventRecord; email: string; registration: Registration }> {
  const { event, email } = await requireOrganiserEvent(request, slug);
  const registrationId = parsePositiveId(id);
  const registration = registrationId === null ? null : await findRegistration(registrationId);
  if (!registration || registration.eventId !== event.id || registration.status === "erased") {
    throw notFound("Registration");
  }
  return { event, email, registration };
}

/**
 * For a public page that shows the event's team a draft's preview: whether the person signed in on this
 * request organises or volunteers at the event (false when nobody is signed in).
 */
export function organisesEvent(request: Request): (eventId: number) => Promise<boolean> {
  return async (eventId) => {
    const email = await getSignedInEmail(request);
    return !!email && (await isEventTeamMember(email, eventId));
  };
}

/**
 * Every public event page starts here: the event, or a 404 page. A draft is shown only to its
 * organisers and volunteers (signed in); to everyone else it does not exist yet.
 */
export async function requirePublicEvent(request: Request, slug: string | undefined): Promise<EventRecord & { draftPreview: boolean }> {
  const event = await requireEventBySlug(slug);
  const email = event.draft ? await getSignedInEmail(request) : null;
  const draftPreview = !!email && (await isEventTeamMember(email, event.id));
  if (event.draft && !draftPreview) throw notFound("Event");
  return { ...event, draftPreview };
}
