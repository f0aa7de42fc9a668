import { takeFlash } from "../../app/.server/auth";

/**
 * Calls a route's loader or action in-process, as Remix would, and says what came back: a
 * response (status, location), `data(...)` (status and body), a plain value (200), or a thrown
 * Response (its status and text).
 */
export type Outcome = { status: number; body: unknown; location?: string | null };
export async function run(fn: () => Promise<unknown>): Promise<Outcome> {
  try {
    const result = await fn();
    if (result instanceof Response) return { status: result.status, body: null, location: result.headers.get("location") };
    if (result && typeof result === "object" && "init" in result && "data" in result) {
      const wrapped = result as { data: unknown; init: { status?: number } | null };
      return { status: wrapped.init?.status ?? 200, body: wrapped.data };
    }
    return { status: 200, body: result };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, body: await thrown.text(), location: thrown.headers.get("location") };
    throw thrown;
  }
}

/** What a loader or action gave, with its headers (for the flash cookie), as registration-routes reads it. */
export type Result = { status: number; location: string | null; data: Record<string, unknown> | null; headers: Headers };

export async function call(run: () => Promise<unknown>): Promise<Result> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    value = thrown;
  }
  if (value instanceof Response) return { status: value.status, location: value.headers.get("location"), data: null, headers: value.headers };
  if (value && typeof value === "object" && "init" in value && "data" in value) {
    const wrapped = value as { data: Record<string, unknown>; init: { status?: number; headers?: HeadersInit } | null };
    return { status: wrapped.init?.status ?? 200, location: null, data: wrapped.data, headers: new Headers(wrapped.init?.headers) };
  }
  if (value instanceof Error) throw value;
  return { status: 200, location: null, data: value as Record<string, unknown>, headers: new Headers() };
}

/** The flash message a redirect set, read back as the next page would. */
export async function flashOf(result: Result): Promise<string | null> {
  const cookie = result.headers.get("set-cookie")?.split(";")[0];
  return cookie ? (await takeFlash(new Request("http://pitchgrid.test", { headers: { cookie } }))).flash : null;
}

const TEST_ORIGIN = "http://pitchgrid.test";

/** A plain form post to `path` (as a browser without JavaScript sends it), with a Cookie header. */
export function formPost(path: string, fields: Record<string, string>, cookie = ""): Request {
  return new Request(`${TEST_ORIGIN}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
}

/** A GET of `path` with a Cookie header. */
export function getRequest(path: string, cookie = ""): Request {
  return new Request(`${TEST_ORIGIN}${path}`, { headers: { cookie } });
}
