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
 * The optimiser's worker thread needs a file of its own to start from: in the server build,
 * emit app/.server/optimiser/worker.ts as build/server/optimiser.worker.js, beside index.js
 * (app/.server/optimiser/thread.ts looks for it there; code both use goes in a shared chunk).
 */
function optimiserWorker(): Plugin {
  let ssr = false;
  return {
    name: "pitchgrid-optimiser-worker",
    apply: "build",
    configResolved(config) {
      ssr = Boolean(config.build.ssr);
    },
    buildStart() {
      if (ssr) this.emitFile({ type: "chunk", id: fileURLToPath(new URL("./app/.server/optimiser/worker.ts", import.meta.url)), fileName: "optimiser.worker.js" });
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
    optimiserWorker(),
  ],
  server: { port: 3000 },
});
