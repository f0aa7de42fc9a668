import { isEventTeamMember, requireEventRoleFor } from "./organisers";
import type { EventRole } from "~/domain/event-roles";
import { getSignedInEmail } from "./cookie-session";
import { findEventBySlug, requireEventBySlug, type EventRecord } from "../events";
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

/** What a public page reads of its event: at least its id and whether it is a draft. */
type PublicRead = { eventId: number; draft: boolean };

async function readEventRecord(slug: string): Promise<(EventRecord & { eventId: number }) | null> {
  const event = await findEventBySlug(slug);
  return event && { ...event, eventId: event.id };
}

/**
 * Every public event page starts here, and drafts are decided here alone: the event as the page
 * reads it (its record by default; schedule pages pass `findScheduleVersion`, one narrow read), or
 * a 404 page. A draft is shown only to its organisers and volunteers (signed in), with
 * `draftPreview` true so the page shows the draft notice; to everyone else it does not exist yet.
 * Calendar feeds and exports are not pages: they stay 404 for a draft, whoever asks.
 */
export async function requirePublicEvent(request: Request, slug: string | undefined): Promise<EventRecord & { eventId: number; draftPreview: boolean }>;
export async function requirePublicEvent<T extends PublicRead>(
  request: Request,
  slug: string | undefined,
  read: (slug: string) => Promise<T | null>,
): Promise<T & { draftPreview: boolean }>;
export async function requirePublicEvent(
  request: Request,
  slug: string | undefined,
  read: (slug: string) => Promise<PublicRead | null> = readEventRecord,
): Promise<PublicRead & { draftPreview: boolean }> {
  const found = slug ? await read(slug) : null;
  if (!found) throw notFound("Event");
  if (!found.draft) return { ...found, draftPreview: false };
  const email = await getSignedInEmail(request);
  if (!email || !(await isEventTeamMember(email, found.eventId))) throw notFound("Event");
  return { ...found, draftPreview: true };
}
