import { query, withSecurityHeaders } from "~/.server/platform";

/** 200 when the app can reach its database; 503 otherwise. Used by probes and benchmarks. */
export async function loader() {
  try {
    await query("SELECT 1");
    return new Response("ok", { headers: withSecurityHeaders({ "Content-Type": "text/plain", "Cache-Control": "no-store" }) });
  } catch (error) {
    console.error("Health check failed:", error);
    return new Response("database unreachable", { status: 503, headers: withSecurityHeaders({ "Content-Type": "text/plain" }) });
  }
}
