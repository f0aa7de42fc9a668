import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";

/**
 * The bare Remix v2 app the benchmarks measure the app against (scripts/lib/bare-app.ts builds
 * it): the same Remix, Vite plugin and future flags as the app, three routes (root, index and a
 * /healthz resource route doing `SELECT 1` through @libsql/client), nothing of ours.
 */
export default defineConfig({
  plugins: [
    remix({
      buildDirectory: process.env.BARE_APP_BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
});
