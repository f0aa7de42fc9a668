import { data } from "@remix-run/node";
import { z } from "zod";
import { formError, parseWith, readFormData, stringValues, type FormFailure, type FormValues, type RawForm } from "./forms";
import { withSecurityHeaders } from "./security";

/**
 * One error model. Domain code throws a DomainError of one of a few kinds and knows nothing of
 * HTTP; the route boundary (withErrorPage, withFormErrors, withRefusals below) turns it into the error page's
 * response or a GOV.UK error summary on the form.
 */
type DomainErrorKind = "not-found" | "forbidden" | "conflict" | "invalid" | "rate-limited";

const STATUS: Record<DomainErrorKind, { status: number; statusText: string }> = {
  "not-found": { status: 404, statusText: "Not Found" },
  forbidden: { status: 403, statusText: "Forbidden" },
  conflict: { status: 409, statusText: "Conflict" },
  invalid: { status: 400, statusText: "Bad Request" },
  "rate-limited": { status: 429, statusText: "Too Many Requests" },
};

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    /** The form field the error is about ("form" for the form as a whole). */
    readonly field = "form",
    /** Extra response headers, e.g. Retry-After for "rate-limited". */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "DomainError";
  }

  get status(): number {
    return STATUS[this.kind].status;
  }
}

/** "Room not found" and the like: the thing does not exist, or not in this event. */
export function notFound(what: string): DomainError {
  return new DomainError("not-found", `${what} not found`);
}

/** A path parameter read as a record's id: a whole number from 1 up, or null for anything else. */
export function parsePositiveId(value: unknown): number | null {
  if (typeof value !== "string" || !/^[1-9][0-9]{0,14}$/.test(value)) return null;
  return Number(value);
}

/**
 * The one way a route reads an id from its path: the id, or the 404 error page for `what`
 * ("Pitch not found") when the parameter is not an id at all. Whether the record exists, and is
 * in this event, is the domain function's question.
 */
export function positiveIdOr404(value: unknown, what: string): number {
  const id = parsePositiveId(value);
  if (id === null) throw errorResponse(notFound(what));
  return id;
}

/** The plain-text response the error page is rendered from (as a thrown Response was before). */
export function errorResponse(error: DomainError): Response {
  const { status, statusText } = STATUS[error.kind];
  // Resource routes (feeds, exports) answer with this response as it is: plain text with the
  // headers every response carries. Pages render it inside the error boundary.
  const headers = withSecurityHeaders({ "Content-Type": "text/plain; charset=utf-8", ...error.headers });
  return new Response(error.message, { status, statusText, headers });
}

/**
 * The route boundary for loaders and actions: runs the domain work; a DomainError becomes the
 * thrown Response Remix renders as the error page. Anything else is rethrown untouched.
 */
export async function withErrorPage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw errorResponse(error);
    throw error;
  }
}

/**
 * The route boundary for a form's action: a refusal the person can fix ("invalid", "conflict") is
 * shown on the form as a GOV.UK error summary, keeping what was typed; any other DomainError
 * becomes the error page, as in withErrorPage.
 */
export async function withFormErrors<T>(values: FormValues, work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && (error.kind === "invalid" || error.kind === "conflict")) {
      return formError(error.message, values, error.field, error.status);
    }
    if (error instanceof DomainError) throw errorResponse(error);
    throw error;
  }
}

/**
 * The route boundary for pages that show a refusal above the current state rather than on a form
 * (the grid): "invalid" and "conflict" become `{ refused: message }` with their status; any other
 * DomainError becomes the error page, as in withErrorPage.
 */
export async function withRefusals<T>(work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && (error.kind === "invalid" || error.kind === "conflict")) {
      return data({ refused: error.message }, { status: error.status });
    }
    if (error instanceof DomainError) throw errorResponse(error);
    throw error;
  }
}

/**
 * The route boundary's way to read a form: `readFormData`, with its DomainError (a body that is
 * not a form, a form from another site) turned into the error page's 400 or 403.
 */
export async function readForm(request: Request, multi: string[] = []): Promise<RawForm> {
  return withErrorPage(() => readFormData(request, multi));
}

/** The fields of an action that sends nothing but its `intent` (and what the schema ignores). */
export const noFields = z.object({});

type IntentSchemas = Record<string, z.ZodTypeAny>;

/**
 * What `readIntentForm` gives: one member per intent, narrowed by `intent`, then by `ok`: the
 * schema's data, or the field errors and what was typed (for `invalid(...)`). `form` is the form
 * as sent and `values` the same as strings, for `withFormErrors`.
 */
type IntentForm<S extends IntentSchemas> = {
  [K in keyof S & string]:
    | { intent: K; ok: true; data: z.infer<S[K]>; form: RawForm; values: FormValues }
    | { intent: K; ok: false; failure: FormFailure; form: RawForm; values: FormValues };
}[keyof S & string];

/**
 * The one way a route handles a form's `intent`: reads the form (as `readForm`), picks the
 * intent's schema and parses the form with it. An intent that is not one of `schemas` (or none,
 * unless `missing` names the intent a form without one means) is the 400 error page, never a
 * 500. The lint rule pitchgrid/one-intent-reader keeps routes from reading `intent` any other way.
 */
export async function readIntentForm<S extends IntentSchemas>(
  request: Request,
  schemas: S,
  options: {
    /** The intent a form without one means (a default button, or older forms). */
    missing?: keyof S & string;
    multi?: string[];
    /** Run before an unknown intent is refused, so that the page's own 404 (say) answers first. */
    beforeRefusing?: () => Promise<unknown>;
  } = {},
): Promise<IntentForm<S>> {
  const form = await readForm(request, options.multi);
  const sent = form.intent;
  const intent = sent === undefined || sent === "" ? options.missing : typeof sent === "string" && Object.hasOwn(schemas, sent) ? sent : undefined;
  if (intent === undefined) {
    if (options.beforeRefusing) await withErrorPage(options.beforeRefusing);
    throw errorResponse(new DomainError("invalid", "This form asked for an action this page does not have. Go back, reload the page and try again.", "intent"));
  }
  const values = stringValues(form);
  const parsed = parseWith(schemas[intent]!, form);
  const result = parsed.ok ? { intent, ok: true as const, data: parsed.data, form, values } : { intent, ok: false as const, failure: parsed.failure, form, values };
  return result as IntentForm<S>;
}
