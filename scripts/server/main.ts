/**
 * One app process: loads the Remix build and serves it with our server (scripts/server/app.ts).
 * scripts/serve.ts runs one of these per process (node:cluster), `npm start` runs that.
 * `npm run build` emits it beside the app as build/server/http-server.js (vite.config.ts):
 *
 *   node build/server/http-server.js [build/server/index.js]
 *
 * Listens on PORT, and on HOST when set; in the local mode (PUBLIC_URL on this machine and no
 * SMTP_URL, as `npm start` leaves it) only on 127.0.0.1, so the outbox stays on this machine.
 * On SIGTERM or SIGINT it stops accepting connections, lets requests in flight finish (the email
 * worker finishes its message, see background.ts) and exits.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { installGlobals, type ServerBuild } from "@remix-run/node";
import { EnvError, listenHost, parseEnv, type Env } from "../../app/.server/platform";
import { createApp } from "./app";

process.env.NODE_ENV ??= "production";

let config: Env;
try {
  config = parseEnv(process.env);
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

const buildPath = path.resolve(process.argv[2] ?? path.join(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js"));
if (!existsSync(buildPath)) {
  console.error(`No build at ${buildPath}: run \`npm run build\` first.`);
  process.exit(1);
}
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
installGlobals({ nativeFetch: build.future.v3_singleFetch });

const app = createApp({
  build,
  mode: config.NODE_ENV,
  clientDir: path.resolve(path.dirname(buildPath), "..", "client"),
  trustProxy: config.TRUST_PROXY,
  maxBodyBytes: config.MAX_BODY_BYTES,
});

const host = listenHost(config);
const server = host ? app.listen(config.PORT, host, onListen) : app.listen(config.PORT, onListen);

function onListen() {
  const shown = host && host !== "0.0.0.0" && host !== "::" ? host : "localhost";
  console.log(`[pitchgrid] listening on http://${shown.includes(":") ? `[${shown}]` : shown}:${config.PORT}${host ? "" : " (every interface)"}`);
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    // Stop accepting; idle kept-alive connections are closed now, busy ones once they finish.
    server.close((error) => {
      if (error) console.error(error);
    });
    setInterval(() => server.closeIdleConnections(), 200).unref();
    setTimeout(() => {
      console.error("Requests still running 10 s after the stop signal; exiting anyway.");
      process.exit(0);
    }, 10_000).unref();
  });
}
