import { env } from "../platform";
import type { EventRecord } from "../events";

/**
 * What hosts of a session are told: asked to co-host, and what an organiser did to their session
 * (withdrawn, restored, combined with another, separated again). Every one greets the person and
 * ends with their private link for the event.
 */

type Event = Pick<EventRecord, "name" | "slug">;

function hostEmail(subject: string, name: string, paragraphs: string[], manageToken: string) {
  return { subject, text: [`Dear ${name},`, ...paragraphs, `Your private link for this event (do not share it):\n${env().PUBLIC_URL}/r/${manageToken}`].join("\n\n") };
}

function pitchUrl(event: Event, pitchId: number) {
  return `${env().PUBLIC_URL}/events/${event.slug}/pitches/${pitchId}`;
}

export function coHostInvitationEmail(event: Event, p: { name: string; inviter: string; title: string; pitchId: number; manageToken: string }) {
  return hostEmail(
    `Will you co-host a session at ${event.name}?`,
    p.name,
    [
      `${p.inviter} has asked you to co-host a session they pitched at ${event.name}: “${p.title}”.`,
      `To accept or decline, open your private link below on your phone or computer, then go to the pitch:\n${pitchUrl(event, p.pitchId)}`,
      "If you do nothing, you will not be listed as a host.",
    ],
    p.manageToken,
  );
}

export function sessionWithdrawnEmail(event: Event, p: { name: string; title: string; placed: boolean; manageToken: string }) {
  return hostEmail(
    `Your session at ${event.name} has been withdrawn`,
    p.name,
    [
      `An organiser of ${event.name} has withdrawn the session “${p.title}”${p.placed ? " and taken it off the grid" : ""}.`,
      "If you think this is a mistake, talk to an organiser. You can still pitch another session while pitching is open.",
    ],
    p.manageToken,
  );
}

/** `placedIn` says where it is back on the grid (null: not on the grid yet). */
export function sessionRestoredEmail(event: Event, p: { name: string; title: string; placedIn: string | null; manageToken: string }) {
  return hostEmail(
    `Your session at ${event.name} is back`,
    p.name,
    [
      `An organiser of ${event.name} has restored the session “${p.title}”, which had been withdrawn.`,
      p.placedIn ? `It is back on the grid: ${p.placedIn}.` : "It is not on the grid yet: the organisers will place it.",
    ],
    p.manageToken,
  );
}

/** To the hosts of the duplicate: they now host the session kept. */
export function sessionMergedEmail(event: Event, p: { name: string; duplicateTitle: string; keptTitle: string; keptId: number; manageToken: string }) {
  return hostEmail(
    `Your session at ${event.name} has been combined with a similar one`,
    p.name,
    [
      `An organiser of ${event.name} has combined your session “${p.duplicateTitle}” with “${p.keptTitle}”, which is about the same thing.`,
      `You are now one of its hosts, and everyone who said they would go to yours is counted there:\n${pitchUrl(event, p.keptId)}`,
    ],
    p.manageToken,
  );
}

export function sessionSeparatedEmail(event: Event, p: { name: string; duplicateTitle: string; keptTitle: string; manageToken: string }) {
  return hostEmail(
    `Your session at ${event.name} is separate again`,
    p.name,
    [`An organiser of ${event.name} has separated your session “${p.duplicateTitle}” from “${p.keptTitle}”: it is its own session again.`],
    p.manageToken,
  );
}
