/**
 * Rebuilds app/.server/registration/data/council-register.json (domain -> council name, shipped with the app)
 * from the source files in db/reference/council-domains/ (see its SOURCE.md):
 *
 *   - user_domains.json (GOV.UK Digital Backbone, OGL v3): only records typed local_authority,
 *     never wildcard patterns; minus exclusions.csv (bodies typed local_authority that are not councils)
 *   - supplement.csv (ours): council domains missing upstream, shared-service domains, names for free-text notes
 *   - uk_local_authorities_future.csv (mySociety, CC-BY-4.0): the councils' official names, and coverage
 *   - public-sector-kinds.csv (ours) plus user_domains.json's other records: which non-council
 *     domains are central government, NHS, police..., so a refusal can say why
 *
 * Usage: npm run council-register   (drop a newer upstream file into db/reference/council-domains/ first)
 */
import { readFileSync, writeFileSync } from "node:fs";
import { OPEN_NAMESPACES } from "../app/domain/domains";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CouncilRegisterFile, PublicSectorKind } from "../app/.server/registration";

export const SOURCE_DIR = "db/reference/council-domains";
export const REGISTER_FILE = "app/.server/registration/data/council-register.json";

const KINDS: PublicSectorKind[] = [
  "central-government",
  "devolved-government",
  "parliament",
  "nhs",
  "police",
  "fire",
  "military",
  "public-body",
];


type UserDomain = {
  domain_pattern: string;
  organisation_type_id: string | null;
  notes: string | null;
};

type Authority = {
  code: string;
  officialName: string;
  niceName: string;
  altNames: string[];
  type: string;
  current: boolean;
};

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows.filter((r) => r.length > 1 || r[0] !== "");
  return body.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ""])));
}

/** Lower-case words only, so "King's Lynn & West Norfolk" and "Kings Lynn and West Norfolk" meet. */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['’.]/g, "")
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

/** The council's name in a user_domains.json note such as "Local authority: Guildford". */
function nameInNote(note: string | null): string | null {
  const match = /^(?:Legacy local authority|Local authority|Combined authority):\s*([^(;]+)/.exec(note ?? "");
  return match ? match[1].trim() : null;
}

/**
 * The note's name, then the same name without the descriptive words the notes add
 * ("Leeds City", "Glasgow, City of", "Camden London Borough Council", "Wiltshire Unitary").
 */
function nameVariants(name: string): string[] {
  const key = nameKey(name);
  const bare = key
    .replace(/ city of$/, "")
    .replace(/ (london borough council|district council|council)$/, "")
    .replace(/ (city|district|unitary)$/, "");
  return [key, bare, `city of ${bare}`];
}

const DOMAIN = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function assertPlainDomain(domain: string, where: string) {
  if (!DOMAIN.test(domain) || OPEN_NAMESPACES.has(domain)) throw new Error(`${where}: "${domain}" is not a plain council domain`);
}

export function buildCouncilRegister(options: { sourceDir?: string; builtAt: string }): CouncilRegisterFile {
  const dir = options.sourceDir ?? SOURCE_DIR;
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");

  const userDomains = (JSON.parse(read("user_domains.json")) as { domains: UserDomain[] }).domains;
  const authorities: Authority[] = parseCsv(read("uk_local_authorities_future.csv")).map((r) => ({
    code: r["local-authority-code"],
    officialName: r["official-name"],
    niceName: r["nice-name"],
    altNames: r["alt-names"] ? r["alt-names"].split(",") : [],
    type: r["local-authority-type"],
    current: r["current-authority"] === "True",
  }));
  const supplement = parseCsv(read("supplement.csv"));
  const exclusions = parseCsv(read("exclusions.csv"));
  const kinds = parseCsv(read("public-sector-kinds.csv"));

  const byCode = new Map(authorities.map((a) => [a.code, a]));
  // Name -> authority. Later entries win: an authority's own names over another's alternative
  // names, a current council over an abolished one or a combined authority of the same name.
  const rank = (a: Authority) => (a.current ? 2 : 0) + (["COMB", "SRA"].includes(a.type) ? 0 : 1);
  const ordered = [...authorities].sort((a, b) => rank(a) - rank(b));
  const byName = new Map<string, Authority>();
  for (const authority of ordered) for (const name of authority.altNames) byName.set(nameKey(name), authority);
  for (const authority of ordered) for (const name of [authority.niceName, authority.officialName]) byName.set(nameKey(name), authority);

  const excluded = new Map(exclusions.map((e) => [e.domain, e.kind as PublicSectorKind]));
  const councils = new Map<string, string>();
  const matchedCodes = new Set<string>();
  const unnamed: string[] = [];
  const sourceDomains = new Set<string>();

  for (const record of userDomains) {
    // Wildcards (*.gov.uk, *.nhs.uk ...) mean "public sector", never "council".
    if (record.organisation_type_id !== "local_authority" || record.domain_pattern.includes("*")) continue;
    const domain = record.domain_pattern.trim().toLowerCase();
    if (excluded.has(domain)) continue;
    sourceDomains.add(domain);
    const name = nameInNote(record.notes);
    const authority = name ? nameVariants(name).map((n) => byName.get(n)).find(Boolean) : undefined;
    if (authority) {
      councils.set(domain, authority.officialName);
      matchedCodes.add(authority.code);
    } else unnamed.push(domain);
  }

  let fromSupplement = 0;
  for (const entry of supplement) {
    const domain = entry.domain.trim().toLowerCase();
    assertPlainDomain(domain, "supplement.csv");
    const codes = entry["local-authority-codes"] ? entry["local-authority-codes"].split(";") : [];
    for (const code of codes) {
      if (!byCode.has(code)) throw new Error(`supplement.csv: ${domain} names unknown local-authority-code ${code}`);
      matchedCodes.add(code);
    }
    const name = entry.name || (codes.length === 1 ? byCode.get(codes[0])!.officialName : "");
    if (!name) throw new Error(`supplement.csv: ${domain} needs a name`);
    if (!sourceDomains.has(domain)) fromSupplement++;
    councils.set(domain, name);
    const at = unnamed.indexOf(domain);
    if (at >= 0) unnamed.splice(at, 1);
  }
  if (unnamed.length > 0) {
    throw new Error(`No council name for ${unnamed.join(", ")}: add them to supplement.csv with a local-authority-code or name`);
  }
  for (const domain of councils.keys()) assertPlainDomain(domain, "register");

  // Domains that are public sector but not councils, so a refusal can say why.
  const otherPublicSector = new Map<string, PublicSectorKind>();
  const TYPE_KINDS: Record<string, PublicSectorKind> = {
    central_gov: "central-government",
    devolved: "devolved-government",
    devolved_wildcard: "devolved-government",
    nhs: "nhs",
    police: "police",
    military: "military",
  };
  for (const record of userDomains) {
    if (record.organisation_type_id === "local_authority" || record.organisation_type_id === "public_sector_wildcard") continue;
    const domain = record.domain_pattern.trim().toLowerCase().replace(/^\*\./, "");
    otherPublicSector.set(domain, TYPE_KINDS[record.organisation_type_id ?? ""] ?? "public-body");
  }
  for (const [domain, kind] of excluded) otherPublicSector.set(domain, kind);
  for (const entry of kinds) {
    const kind = entry.kind as PublicSectorKind;
    if (!KINDS.includes(kind)) throw new Error(`public-sector-kinds.csv: unknown kind ${entry.kind} for ${entry.domain}`);
    otherPublicSector.set(entry.domain.trim().toLowerCase(), kind);
  }
  for (const domain of councils.keys()) otherPublicSector.delete(domain);

  const currentPrincipal = authorities.filter((a) => a.current && !["COMB", "SRA"].includes(a.type));
  const missing = currentPrincipal.filter((a) => !matchedCodes.has(a.code)).map((a) => a.officialName);

  const sorted = <T>(map: Map<string, T>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    builtAt: options.builtAt,
    sources: [
      {
        file: "user_domains.json",
        repository: "govuk-digital-backbone/ukps-domains (data/user_domains.json)",
        commit: "594c899",
        licence: "OGL-UK-3.0",
        attribution: "Contains public sector information licensed under the Open Government Licence v3.0.",
      },
      {
        file: "uk_local_authorities_future.csv",
        repository: "mysociety/uk_local_authority_names_and_codes (data/packages/uk_la_future/uk_local_authorities_future.csv)",
        commit: "67ef8b1",
        licence: "CC-BY-4.0",
        attribution: "UK local authority names and codes by mySociety, licensed under CC BY 4.0.",
      },
      {
        file: "supplement.csv, exclusions.csv, public-sector-kinds.csv",
        repository: "this project (db/reference/council-domains)",
        commit: "",
        licence: "MIT",
        attribution: "Pitchgrid contributors.",
      },
    ],
    counts: {
      councilDomains: councils.size,
      fromUserDomains: sourceDomains.size,
      fromSupplement,
      excluded: excluded.size,
      currentPrincipalCouncils: currentPrincipal.length,
      currentPrincipalCouncilsCovered: currentPrincipal.length - missing.length,
      otherPublicSectorDomains: otherPublicSector.size,
    },
    councils: sorted(councils),
    otherPublicSector: sorted(otherPublicSector),
  };
}

/** The shipped file's text: stable key order, one entry per line, so a rebuild diffs cleanly. */
export function serialiseCouncilRegister(file: CouncilRegisterFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const file = buildCouncilRegister({ builtAt: new Date().toISOString() });
  writeFileSync(REGISTER_FILE, serialiseCouncilRegister(file));
  const c = file.counts;
  console.log(
    `Wrote ${REGISTER_FILE}: ${c.councilDomains} council domains (${c.fromUserDomains} from user_domains.json, ${c.fromSupplement} from the supplement), ` +
      `covering ${c.currentPrincipalCouncilsCovered} of ${c.currentPrincipalCouncils} current councils; ${c.otherPublicSectorDomains} other public-sector domains.`,
  );
}
