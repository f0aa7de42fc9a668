import type { TicketRule } from "../events";
import { OPEN_NAMESPACES } from "~/domain/domains";
import registerFile from "./data/council-register.json";

/**
 * Who may take a place on a ticket type. Pure functions: the council register is data passed in,
 * built by scripts/build-council-register.ts from the sources in db/reference/council-domains/.
 *
 * Addresses are compared as plain ASCII only. Anything non-ASCII (unicode lookalikes, fullwidth
 * "@", the Kelvin sign that lower-cases to "k") is refused as malformed rather than folded, so the
 * address we check is always the address the verification email goes to.
 */

export type CouncilRegister = { domains: ReadonlyMap<string, string> };

type EligibilityResult =
  | { ok: true; councilName: string | null }
  | { ok: false; reason: string; canRequestApproval: boolean };

export type CouncilRegisterFile = {
  builtAt: string;
  sources: { file: string; repository: string; commit: string; licence: string; attribution: string }[];
  counts: Record<string, number>;
  councils: Record<string, string>;
  otherPublicSector: Record<string, PublicSectorKind>;
};

/** Kinds of public body that are not councils, so a refusal can say why. */
export type PublicSectorKind =
  | "central-government"
  | "devolved-government"
  | "parliament"
  | "nhs"
  | "police"
  | "fire"
  | "military"
  | "public-body";

export const MALFORMED_EMAIL = "Enter an email address in the correct format, like name@example.com";
const COUNCIL_ONLY = "This event is for people who work for a UK council.";

let cached: CouncilRegister | undefined;

/** The council register shipped with the app (domain -> council name), read once. */
export function loadCouncilRegister(): CouncilRegister {
  cached ??= { domains: new Map(Object.entries((registerFile as CouncilRegisterFile).councils)) };
  return cached;
}

const otherPublicSector: ReadonlyMap<string, PublicSectorKind> = new Map(
  Object.entries((registerFile as CouncilRegisterFile).otherPublicSector),
);

/** Trims and lower-cases ASCII letters only; other characters are left for validation to refuse. */
export function normaliseEmail(email: string): string {
  return email.trim().replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

// RFC 5322 dot-atom local part: no quoted strings, comments, spaces or a second "@".
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^[a-z]{2,63}$/;

/** A lower-case ASCII host name of two or more labels with an alphabetic top level, no trailing dot. */
function isValidDomain(domain: string): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  const labels = domain.split(".");
  if (labels.length < 2) return false;
  return labels.every((label) => DOMAIN_LABEL.test(label)) && TOP_LEVEL.test(labels[labels.length - 1]);
}

/** The domain of a well-formed address (normalised), or null when the address is malformed. */
export function emailDomain(email: string): string | null {
  const address = normaliseEmail(email);
  if (address.length > 254) return null;
  const at = address.indexOf("@");
  if (at < 1 || at !== address.lastIndexOf("@")) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return null;
  return isValidDomain(domain) ? domain : null;
}


/** Organiser-listed domains, cleaned: lower-case, an optional leading "@" dropped, wildcards and open suffixes ignored. */
export function cleanListedDomains(domains: readonly string[]): string[] {
  const cleaned = new Set<string>();
  for (const entry of domains) {
    const domain = normaliseEmail(entry).replace(/^@/, "");
    if (isValidDomain(domain) && !OPEN_NAMESPACES.has(domain)) cleaned.add(domain);
  }
  return [...cleaned];
}

/** The domain itself, then each parent domain: mail.guildford.gov.uk, guildford.gov.uk, gov.uk. */
function selfAndParents(domain: string): string[] {
  const labels = domain.split(".");
  const out: string[] = [];
  for (let i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join("."));
  return out;
}

/** The listed domain that `domain` equals or is a subdomain of, if any. */
function matchListed(domain: string, listed: readonly string[]): string | null {
  const set = new Set(cleanListedDomains(listed));
  return selfAndParents(domain).find((candidate) => set.has(candidate)) ?? null;
}

/**
 * The council that owns `domain` (exactly, or as a parent domain), or null. Organiser-listed
 * extra domains count as councils and are named by the domain itself unless the register names
 * them. Never matches lookalikes: only whole labels at the end of the domain are compared.
 */
export function councilForDomain(domain: string, register: CouncilRegister, extraDomains: string[] = []): string | null {
  const host = normaliseEmail(domain);
  if (!isValidDomain(host)) return null;
  const extras = new Set(cleanListedDomains(extraDomains));
  for (const candidate of selfAndParents(host)) {
    const council = register.domains.get(candidate);
    if (council) return council;
    if (extras.has(candidate)) return candidate;
  }
  return null;
}

const KIND_WORDING: Record<PublicSectorKind, string> = {
  "central-government": "a central government address",
  "devolved-government": "a devolved government address",
  parliament: "a parliament address",
  nhs: "an NHS address",
  police: "a police address",
  fire: "a fire and rescue service address",
  military: "a Ministry of Defence or armed forces address",
  "public-body": "the address of a public body that is not a council",
};

// Well-known public-sector namespaces that the source data only covers with wildcards.
const KIND_BY_SUFFIX: [string, PublicSectorKind][] = [
  ["nhs.uk", "nhs"],
  ["nhs.net", "nhs"],
  ["nhs.scot", "nhs"],
  ["nhs.wales", "nhs"],
  ["hscni.net", "nhs"],
  ["police.uk", "police"],
  ["pnn.police.uk", "police"],
  ["mod.uk", "military"],
  ["mod.gov.uk", "military"],
  ["mil.uk", "military"],
  ["parliament.uk", "parliament"],
  ["parliament.scot", "parliament"],
  ["senedd.wales", "parliament"],
  ["niassembly.gov.uk", "parliament"],
  ["gov.scot", "devolved-government"],
  ["gov.wales", "devolved-government"],
  ["llyw.cymru", "devolved-government"],
];

/** Why a domain that is not on the register is not a council address, when we can tell. */
export function publicSectorKind(domain: string): PublicSectorKind | null {
  const parents = selfAndParents(domain);
  for (const candidate of parents) {
    const kind = otherPublicSector.get(candidate);
    if (kind) return kind;
  }
  for (const candidate of parents) {
    const known = KIND_BY_SUFFIX.find(([suffix]) => suffix === candidate);
    if (known) return known[1];
  }
  // Fire and rescue services use names like london-fire.gov.uk or dsfire.gov.uk.
  if (domain.endsWith(".gov.uk") && /fire/.test(domain.slice(0, -".gov.uk".length))) return "fire";
  return null;
}

/** Whether `email` may take a place on a ticket with this rule, and which council it is from. */
export function checkEligibility(
  ticket: { rule: TicketRule; allowedDomains: string[] },
  email: string,
  register: CouncilRegister,
): EligibilityResult {
  const domain = emailDomain(email);
  if (!domain) return { ok: false, reason: MALFORMED_EMAIL, canRequestApproval: false };
  const registered = councilForDomain(domain, register);

  switch (ticket.rule) {
    case "open":
    case "approval":
      return { ok: true, councilName: registered };
    case "email-domains": {
      if (matchListed(domain, ticket.allowedDomains)) return { ok: true, councilName: registered };
      const listed = cleanListedDomains(ticket.allowedDomains);
      const reason =
        listed.length === 0
          ? "This ticket is only for people invited by the organisers."
          : `This ticket is only for people with an email address at ${listed.join(", ")}. ${domain} is not one of them.`;
      return { ok: false, reason, canRequestApproval: true };
    }
    case "council-only": {
      const council = councilForDomain(domain, register, ticket.allowedDomains);
      if (council) return { ok: true, councilName: council };
      const kind = publicSectorKind(domain);
      const why = kind ? `is ${KIND_WORDING[kind]}` : "is not on our register of council email addresses";
      return { ok: false, reason: `${COUNCIL_ONLY} ${domain} ${why}.`, canRequestApproval: true };
    }
  }
}
