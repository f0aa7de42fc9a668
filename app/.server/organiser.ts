import { requireOrganiser } from "./auth";
import { requireEventBySlug, type EventRecord } from "./events";

/** Every organiser page starts here: the event (or 404) and its signed-in organiser (or 403). */
export async function requireOrganiserEvent(request: Request, slug: string | undefined): Promise<{ event: EventRecord; email: string }> {
  const event = await requireEventBySlug(slug);
  const email = await requireOrganiser(request, event.id);
  return { event, email };
}
