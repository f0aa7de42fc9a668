import { data } from "@remix-run/node";
import type { z } from "zod";
import { env } from "./env";
import { DomainError } from "./errors";

export type FieldErrors = Record<string, string[] | undefined>;
export type FormValues = Record<string, string>;
export type FormFailure = { errors: FieldErrors; values: FormValues };

export type RawForm = Record<string, string | string[]>;

/**
 * Reads a submitted form. Refuses a state-changing request that comes from another site
 * (its Origin header names another host): SameSite cookies already stop most of that, this
 * stops the rest. Repeated fields keep their last value unless listed in `multi`.
 * Throws a DomainError ("invalid" for a body that is not a form, "forbidden" for another
 * site); routes call it through the boundary's `readForm` or `readIntentForm` (errors.ts).
 */
export async function readFormData(request: Request, multi: string[] = []): Promise<RawForm> {
  assertSameOrigin(request);
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new DomainError("invalid", "The form could not be read. Go back and try again.");
  }
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (multi.includes(key)) {
      const list = (values[key] as string[] | undefined) ?? [];
      list.push(value);
      values[key] = list;
    } else {
      values[key] = value;
    }
  }
  for (const key of multi) values[key] ??= [];
  return values;
}

export function assertSameOrigin(request: Request) {
  const origin = request.headers.get("origin");
  if (!origin || origin === "null") return;
  const expectedHost = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    originHost = "";
  }
  if (originHost !== expectedHost) {
    throw new DomainError("forbidden", "This form was sent from another website, so it was not accepted.");
  }
}

/** A filled-in honeypot field means a bot: the caller pretends success and does nothing. */
export function isBot(form: Record<string, unknown>): boolean {
  return typeof form.website === "string" && form.website.trim() !== "";
}

export function stringValues(form: Record<string, string | string[]>): FormValues {
  return Object.fromEntries(
    Object.entries(form).map(([key, value]) => [key, Array.isArray(value) ? value.join("\n") : value]),
  );
}

/** Parses a form against a schema; on failure gives field errors and what the user typed. */
export function parseWith<S extends z.ZodTypeAny>(
  schema: S,
  form: Record<string, string | string[]>,
): { ok: true; data: z.infer<S> } | { ok: false; failure: FormFailure } {
  const parsed = schema.safeParse(form);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    (errors[field] ??= []).push(issue.message);
  }
  return { ok: false, failure: { errors, values: stringValues(form) } };
}

/** A 400 response carrying field errors, for the page to show an error summary. */
export function invalid(failure: FormFailure) {
  return data(failure, { status: 400 });
}

/** A form-level error (not tied to one field) keyed as "form". */
export function formError(message: string, values: FormValues = {}, field = "form", status = 400) {
  return data({ errors: { [field]: [message] } as FieldErrors, values }, { status });
}

// Control characters, any whitespace (browsers silently drop tabs and newlines from URLs, so
// "/\t/evil.example" becomes "//evil.example") and backslashes (read as "/" by browsers).
const UNSAFE_IN_REDIRECT = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/;

/**
 * Only paths on our own site are followed after sign-in. The target must be a path ("/…"), may
 * not hold control characters, whitespace or backslashes, raw or percent-encoded (at any depth),
 * and must resolve against PUBLIC_URL to PUBLIC_URL's own origin; anything else gives the
 * fallback. The result is the resolved path, query and fragment.
 */
export function safeRedirect(to: unknown, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  let decoded = to;
  for (let depth = 0; depth < 5; depth++) {
    if (UNSAFE_IN_REDIRECT.test(decoded)) return fallback;
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return fallback;
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (UNSAFE_IN_REDIRECT.test(decoded) || decoded.startsWith("//")) return fallback;
  const origin = new URL(env().PUBLIC_URL).origin;
  let resolved: URL;
  try {
    resolved = new URL(to, origin);
  } catch {
    return fallback;
  }
  if (resolved.origin !== origin) return fallback;
  const path = resolved.pathname + resolved.search + resolved.hash;
  return path.startsWith("//") ? fallback : path;
}
