import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { withErrorPage } from "~/.server/platform";
import { getAttendee, rememberAttendee } from "~/.server/auth";
import { findEventById } from "~/.server/events";
import { requireRegistrationByToken } from "~/.server/registration";

// The link in a change notice: recognises the person on this device (as their private link
// does) and opens the event's calendar page, where their own feed is. A device that already
// recognises someone else goes to the private link's page, which asks before switching.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const event = (await findEventById(registration.eventId))!;
  const current = await getAttendee(request, registration.eventId);
  if (current && current.registrationId !== registration.id) return redirect(`/r/${params.token}`, 303);
  return redirect(`/events/${event.slug}/calendar`, { status: 303, headers: await rememberAttendee(request, registration.id) });
}
