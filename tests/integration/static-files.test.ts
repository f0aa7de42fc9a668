import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../scripts/server/app";

/**
 * Our server looks for static files only under /assets and at the top-level names its client
 * folder held when it started; every other URL goes to the app without a look at the disk.
 * An empty build stands in for the app: what reaches it is answered without any file.
 */

const build = {
  entry: { module: { default: () => new Response("from the app", { status: 404 }) } },
  routes: {
    root: { id: "root", path: "", module: { default: () => null } },
    everything: { id: "everything", parentId: "root", path: "*", module: { default: () => null } },
  },
  assets: {},
  publicPath: "/",
  assetsBuildDirectory: "",
  future: {},
  isSpaMode: false,
} as unknown as ServerBuild;

let dir: string;
let url: string;
let close: () => Promise<void>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pitchgrid-static-"));
  await mkdir(path.join(dir, "assets"));
  await mkdir(path.join(dir, "events"));
  await writeFile(path.join(dir, "assets", "app-abc123.css"), "body{}");
  await writeFile(path.join(dir, "robots.txt"), "User-agent: *\n");
  await writeFile(path.join(dir, "events", "leak.txt"), "not for the web");
  const app = createApp({ build, mode: "production", clientDir: dir, trustProxy: 0, maxBodyBytes: 1024, log: new Writable({ write: (_c, _e, done) => done() }) });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});

afterAll(() => close?.());

describe("static files", () => {
  it("serves /assets/* and the top-level files the folder held at start", async () => {
    const css = await fetch(`${url}/assets/app-abc123.css`);
    expect(css.status).toBe(200);
    expect(await css.text()).toBe("body{}");
    expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const robots = await fetch(`${url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(robots.headers.get("cache-control")).toBe("public, max-age=3600");
  });

  it("never looks on disk for any other URL: a file added later, or in another folder, is not served", async () => {
    await writeFile(path.join(dir, "added-later.txt"), "too late");
    for (const pathname of ["/added-later.txt", "/events/leak.txt"]) {
      const response = await fetch(`${url}${pathname}`);
      expect(await response.text()).toBe("from the app");
    }
  });
});
