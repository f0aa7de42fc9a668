import { z } from "zod";
import { singleLine } from "~/domain/single-line";

/**
 * The rules of pitching, as pure functions: what a pitch may say, how duplicates combine, how
 * the list is ordered, and who may still change a pitch. No database here.
 */
export const PITCH_FORMATS = ["discussion", "show-and-tell", "workshop", "other"] as const;
export type PitchFormat = (typeof PITCH_FORMATS)[number];

export const PITCH_NEEDS = ["step-free", "screen", "large-room"] as const;
export type PitchNeed = (typeof PITCH_NEEDS)[number];

export type HostRole = "host" | "co-host-invited" | "co-host";
export type PitchStatus = "open" | "withdrawn" | "merged";

const TITLE_MIN = 3;
const TITLE_MAX = 120;
const DESCRIPTION_MAX = 1000;
const MAX_CO_HOSTS = 3;
/** Open pitches one person may host at once, so a few keen people cannot fill the wall. */
export const MAX_OPEN_PITCHES = 5;

// Control characters other than tab and newline have no place in a title or a description.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function cleanTitle(value: string): string {
  return value.replace(CONTROL, "").replace(/\s+/g, " ").trim();
}

export function cleanDescription(value: string): string {
  return value
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const EMAIL = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]+$/;

/** Co-host addresses typed as one field: separated by commas, semicolons, spaces or new lines. */
export function parseCoHostEmails(value: string): { ok: true; emails: string[] } | { ok: false; message: string } {
  const parts = value
    .split(/[\s,;]+/)
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const emails = [...new Set(parts)];
  const wrong = emails.find((email) => email.length > 254 || !EMAIL.test(email));
  if (wrong) return { ok: false, message: "Enter co-hosts’ email addresses in the correct format, like name@council.gov.uk, separated by commas" };
  if (emails.length > MAX_CO_HOSTS) return { ok: false, message: `You can invite up to ${MAX_CO_HOSTS} co-hosts` };
  return { ok: true, emails };
}

const text = z.preprocess((value) => (typeof value === "string" ? value : ""), z.string());
const list = z.preprocess((value) => (Array.isArray(value) ? value : typeof value === "string" && value !== "" ? [value] : []), z.array(z.string()));

/** The pitch form, as attendees and organisers fill it in. */
export const PitchFormSchema = z.object({
  title: singleLine(text, "Title")
    .transform(cleanTitle)
    .pipe(
      z
        .string()
        .min(1, "Enter a title")
        .min(TITLE_MIN, `Title must be ${TITLE_MIN} characters or more`)
        .max(TITLE_MAX, `Title must be ${TITLE_MAX} characters or fewer`),
    ),
  description: text.transform(cleanDescription).pipe(z.string().max(DESCRIPTION_MAX, "Description must be 1,000 characters or fewer")),
  format: text.pipe(z.enum(PITCH_FORMATS, { errorMap: () => ({ message: "Choose a format" }) })),
  needs: list.pipe(z.array(z.enum(PITCH_NEEDS, { errorMap: () => ({ message: "Choose needs from the list" }) }))).transform((needs) => [...new Set(needs)]),
  avoidSlotIds: list
    .pipe(z.array(z.string().regex(/^\d{1,9}$/, "Choose times from the list")))
    .transform((ids) => [...new Set(ids.map(Number))].sort((a, b) => a - b)),
  coHosts: text.transform((value, ctx) => {
    const parsed = parseCoHostEmails(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.message });
      return z.NEVER;
    }
    return parsed.emails;
  }),
});

export type PitchInput = z.infer<typeof PitchFormSchema>;

/** An organiser pitching for someone at the station also chooses the host. */
export const OnBehalfPitchSchema = PitchFormSchema.extend({
  hostRegistrationId: z.coerce.number({ invalid_type_error: "Choose the host" }).int("Choose the host").positive("Choose the host"),
});

/** The fields a pitch form repeats (checkbox lists are repeated form fields). */
export const PITCH_MULTI_FIELDS = ["needs", "avoidSlotIds"];

/* Merging duplicates ---------------------------------------------------------------------- */

export type HostEntry = { registrationId: number; role: HostRole };
type PitchPeople = { hosts: HostEntry[]; interest: number[] };

const ROLE_RANK: Record<HostRole, number> = { host: 3, "co-host": 2, "co-host-invited": 1 };

/**
 * What the kept pitch holds after a duplicate is merged into it. Interest is the union of both
 * pitches' marks, so someone who marked both counts once and nobody's mark is lost. Hosts
 * combine: the kept pitch's host stays the host; the duplicate's host, who pitched it, becomes
 * an accepted co-host; anyone on both keeps the stronger role; an unanswered invitation stays
 * an invitation. `addedHosts` and `addedInterest` are the rows the kept pitch lacks.
 */
export function mergeInterest(
  kept: PitchPeople,
  duplicate: PitchPeople,
): { hosts: HostEntry[]; interest: number[]; addedHosts: HostEntry[]; changedHosts: HostEntry[]; addedInterest: number[] } {
  const keptInterest = new Set(kept.interest);
  const interest = [...new Set([...kept.interest, ...duplicate.interest])].sort((a, b) => a - b);
  const addedInterest = interest.filter((id) => !keptInterest.has(id));

  const hosts = new Map<number, HostRole>();
  for (const h of kept.hosts) {
    const current = hosts.get(h.registrationId);
    if (!current || ROLE_RANK[h.role] > ROLE_RANK[current]) hosts.set(h.registrationId, h.role);
  }
  const keptRoles = new Map(hosts);
  const addedHosts: HostEntry[] = [];
  const changedHosts: HostEntry[] = [];
  for (const h of duplicate.hosts) {
    const incoming: HostRole = h.role === "host" ? "co-host" : h.role;
    const current = hosts.get(h.registrationId);
    if (current && ROLE_RANK[current] >= ROLE_RANK[incoming]) continue;
    hosts.set(h.registrationId, incoming);
  }
  for (const [registrationId, role] of hosts) {
    const was = keptRoles.get(registrationId);
    if (!was) addedHosts.push({ registrationId, role });
    else if (was !== role) changedHosts.push({ registrationId, role });
  }
  const ordered = [...hosts].map(([registrationId, role]) => ({ registrationId, role })).sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.registrationId - b.registrationId);
  return { hosts: ordered, interest, addedHosts, changedHosts, addedInterest };
}

/** Interest per pitch from raw marks, each person counted once per pitch. */
export function countInterest(marks: { pitchId: number; registrationId: number }[]): Map<number, number> {
  const seen = new Map<number, Set<number>>();
  for (const mark of marks) {
    const people = seen.get(mark.pitchId) ?? new Set<number>();
    people.add(mark.registrationId);
    seen.set(mark.pitchId, people);
  }
  return new Map([...seen].map(([pitchId, people]) => [pitchId, people.size]));
}

/** Why a merge cannot happen, or null when it can. */
export function mergeRefusal(kept: { id: number; status: PitchStatus } | null, duplicate: { id: number; status: PitchStatus } | null): string | null {
  if (!kept || !duplicate) return "Choose two pitches from this event";
  if (kept.id === duplicate.id) return "Choose two different pitches to merge";
  if (duplicate.status !== "open") return "The duplicate has already been withdrawn or merged";
  if (kept.status !== "open") return "The pitch to keep has been withdrawn or merged: choose an open one";
  return null;
}

/* Ordering and filtering ------------------------------------------------------------------ */

export const PITCH_SORTS = ["newest", "most-wanted", "format"] as const;
type PitchSort = (typeof PITCH_SORTS)[number];

export const SORT_LABELS: Record<PitchSort, string> = { newest: "Newest", "most-wanted": "Most wanted", format: "Format" };

type Sortable = { id: number; title: string; format: PitchFormat; interest: number; createdAt: string };

export function parseSort(value: string | null | undefined): PitchSort {
  return (PITCH_SORTS as readonly string[]).includes(value ?? "") ? (value as PitchSort) : "newest";
}

export function parseFormatFilter(value: string | null | undefined): PitchFormat | null {
  return (PITCH_FORMATS as readonly string[]).includes(value ?? "") ? (value as PitchFormat) : null;
}

/**
 * Newest first; most wanted (on a tie the earlier pitch first); or grouped by format, then by
 * title. The id breaks any remaining tie so the order never flickers between loads.
 */
export function sortPitches<T extends Sortable>(pitches: readonly T[], sort: PitchSort): T[] {
  const byNewest = (a: T, b: T) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id);
  const compare: Record<PitchSort, (a: T, b: T) => number> = {
    newest: byNewest,
    "most-wanted": (a, b) => b.interest - a.interest || (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id - b.id),
    format: (a, b) =>
      PITCH_FORMATS.indexOf(a.format) - PITCH_FORMATS.indexOf(b.format) ||
      a.title.localeCompare(b.title, "en-GB", { sensitivity: "base" }) ||
      a.id - b.id,
  };
  return [...pitches].sort(compare[sort]);
}

export function filterByFormat<T extends { format: PitchFormat }>(pitches: readonly T[], format: PitchFormat | null): T[] {
  return format ? pitches.filter((p) => p.format === format) : [...pitches];
}

/* Who may change a pitch ------------------------------------------------------------------ */

type ChangeCheck = { ok: true } | { ok: false; reason: "not-host" | "placed" | "closed"; message: string };

/**
 * An attendee may edit or withdraw a pitch they host (or co-host, once accepted) while it is
 * open and not yet on the grid; after that only an organiser can.
 */
export function attendeeMayChange(pitch: { status: PitchStatus; placed: boolean; hosts: HostEntry[] }, registrationId: number): ChangeCheck {
  const role = pitch.hosts.find((h) => h.registrationId === registrationId)?.role;
  if (role !== "host" && role !== "co-host") return { ok: false, reason: "not-host", message: "Only the people hosting this session can change it." };
  if (pitch.status !== "open") return { ok: false, reason: "closed", message: "This pitch has been withdrawn or merged, so it cannot be changed." };
  if (pitch.placed) return { ok: false, reason: "placed", message: "This session is on the grid now. Ask an organiser to change or withdraw it." };
  return { ok: true };
}

/** Whether one more open pitch is allowed for someone hosting `openHosted` already. */
export function withinPitchLimit(openHosted: number): boolean {
  return openHosted < MAX_OPEN_PITCHES;
}
