import { createClient } from "@libsql/client";

// One client per process, as the app keeps one (app/.server/platform/db.ts).
const db = createClient({ url: process.env.DATABASE_URL ?? "file::memory:" });

/** The same work as the app's /healthz: one `SELECT 1`, a short text answer. */
export async function loader() {
  await db.execute("SELECT 1");
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
