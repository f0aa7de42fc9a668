import { vitePlugin as remix } from "@remix-run/dev";
import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Server entries beside the Remix build's index.js, so production runs plain JavaScript with no
 * TypeScript loader (starting through tsx cost about 1.1 s of CPU more per process):
 * - build/server/http-server.js, our HTTP server (scripts/server/main.ts), which scripts/serve.ts
 *   runs in each process and the tests start;
 * - build/server/optimiser.worker.js, the optimiser's worker thread, which needs a file of its own
 *   to start from (app/.server/optimiser/thread.ts looks for it there).
 * Code they share with the app goes in shared chunks, loaded once per process.
 */
function serverEntries(): Plugin {
  let ssr = false;
  return {
    name: "pitchgrid-server-entries",
    apply: "build",
    // The server build runs on Node 20 (the HTTP server awaits the app's build at its top level).
    config: (_config, env) => (env.isSsrBuild ? { build: { target: "node20" } } : {}),
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (!ssr) return;
      this.emitFile({ type: "chunk", id: fileURLToPath(new URL("./scripts/server/main.ts", import.meta.url)), fileName: "http-server.js" });
      this.emitFile({ type: "chunk", id: fileURLToPath(new URL("./app/.server/optimiser/worker.ts", import.meta.url)), fileName: "optimiser.worker.js" });
    },
  };
}

export default defineConfig({
  plugins: [
    remix({
      // Tests and parallel work may build elsewhere (PITCHGRID_BUILD_DIR); the app serves build/.
      buildDirectory: process.env.PITCHGRID_BUILD_DIR ?? "build",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
    serverEntries(),
  ],
  server: { port: 3000 },
});
