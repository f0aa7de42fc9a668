import type { EventRecord } from "../../events";
import { confirmUrl, dateTimeIn, eventLines, manageParagraph } from "./parts";

/** The person's links again: asked for by them (or an organiser for them), or a new private link replacing the old ones. */

/**
 * The links again. `confirmation` is there when a held place or an open offer needs its link
 * (a fresh one: earlier links stop working); otherwise `statusLabel` says where the registration stands.
 */
export function linksAgainEmail(
  event: EventRecord,
  p: { name: string; confirmation: { kind: "held" | "offered"; until: string | null; verifyToken: string } | null; statusLabel: string; manageToken: string },
) {
  const lines = [`Dear ${p.name},`, `You asked us to send your links for ${event.name} again.`];
  if (p.confirmation) {
    const { kind, until, verifyToken } = p.confirmation;
    lines.push(
      `${kind === "held" ? "To confirm your email address" : "To accept the place we offered you"}, open this link${until ? ` before ${dateTimeIn(until, event.timeZone)}` : ""} (earlier links no longer work):\n${confirmUrl(event.slug, verifyToken)}`,
    );
  } else {
    lines.push(`Your registration: ${p.statusLabel}.`);
  }
  lines.push(eventLines(event), manageParagraph(p.manageToken));
  return { subject: `Your links for ${event.name}`, text: lines.join("\n\n") };
}

/** A new private link; the ones sent before no longer work. */
export function newLinkEmail(event: EventRecord, name: string, manageToken: string) {
  return {
    subject: `Your new link for ${event.name}`,
    text: [`Dear ${name},`, "You asked for a new private link. The links we sent you before no longer work.", eventLines(event), manageParagraph(manageToken)].join("\n\n"),
  };
}
