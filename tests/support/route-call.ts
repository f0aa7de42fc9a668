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
