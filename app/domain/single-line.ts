import type { z } from "zod";

/**
 * Characters a one-line field (a name, an organisation, a title) may not hold: every control
 * character (Cc: line breaks, tabs, NUL, C1 controls), the Unicode line and paragraph
 * separators, and the invisible format characters (Cf), which include the bidirectional
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can make text read differently from
 * what it is, soft hyphens and byte-order marks. Zero-width joiner and non-joiner (U+200C,
 * U+200D) stay allowed: Persian, Indic scripts and emoji sequences need them.
 */
const NOT_SINGLE_LINE = /(?![\u200C\u200D])[\p{Cc}\p{Cf}\u2028\u2029]/u;

export function isSingleLine(value: string): boolean {
  return !NOT_SINGLE_LINE.test(value);
}

function singleLineMessage(label: string): string {
  return `${label} must be one line of text, without line breaks or hidden formatting characters`;
}

/**
 * The one rule for every single-line field, added to its schema: the field error says which
 * field and why. Used by the registration details, pitch titles, event, ticket type, room,
 * slot and question fields, and the subject of an organiser's message.
 */
export function singleLine<T extends z.ZodTypeAny>(schema: T, label: string): z.ZodEffects<T, z.output<T>, z.input<T>> {
  return schema.refine((value: z.output<T>) => typeof value !== "string" || isSingleLine(value), { message: singleLineMessage(label) });
}
