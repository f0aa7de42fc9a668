/**
 * scripts/patches/@remix-run+router+1.23.3.patch keeps the flattened, ranked route table and
 * compiled path patterns between requests (see the README). These tests fail if `npm ci` did not
 * apply it, and check that every route of the app matches exactly as the unpatched router does.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const DIST = "node_modules/@remix-run/router/dist";
const PATCH = path.resolve("scripts/patches/@remix-run+router+1.23.3.patch");

type Router = typeof import("@remix-run/router");
type AgnosticRouteObject = import("@remix-run/router").AgnosticRouteObject;
type RouteEntry = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };
type TreeRoute = RouteEntry & { children: TreeRoute[] };

const patched = require("@remix-run/router") as Router;

/** The router as published: the installed files with the patch reversed, in a folder of their own. */
function unpatchedRouter(): Router {
  const dir = mkdtempSync(path.join(tmpdir(), "pitchgrid-router-"));
  mkdirSync(path.join(dir, DIST), { recursive: true });
  for (const file of ["router.cjs.js", "router.js"]) cpSync(path.join(DIST, file), path.join(dir, DIST, file));
  execFileSync("patch", ["-R", "-p1", "-s", "-i", PATCH], { cwd: dir });
  return require(path.join(dir, DIST, "router.cjs.js")) as Router;
}

/** The app's route table as Remix's server builds it (server-runtime's createRoutes). */
async function appRoutes(): Promise<TreeRoute[] & AgnosticRouteObject[]> {
  const build = (await import(path.resolve(process.env.PITCHGRID_BUILD_DIR ?? "build", "server/index.js"))) as { routes: Record<string, RouteEntry> };
  const entries = Object.values(build.routes).map(({ id, parentId, path, index, caseSensitive }) => ({ id, parentId, path, index, caseSensitive }));
  const tree = (parentId: string | undefined): TreeRoute[] =>
    entries.filter((entry) => entry.parentId === parentId).map((entry) => ({ ...entry, children: tree(entry.id) }));
  // Remix's server hands the router this same shape (index routes have no children in practice).
  return tree(undefined) as TreeRoute[] & AgnosticRouteObject[];
}

/** Every route's path with sample params, plus variants and paths that match nothing. */
function samplePaths(routes: TreeRoute[]): string[] {
  const full: string[] = [];
  const walk = (route: TreeRoute, prefix: string) => {
    const joined = route.path ? `${prefix}/${route.path}`.replace(/\/+/g, "/") : prefix;
    full.push(joined || "/");
    route.children.forEach((child) => walk(child, joined));
  };
  routes.forEach((route) => walk(route, ""));
  const paths = new Set<string>(["/", "/nope", "/events", "/events/", "/EVENTS/LocalGovCamp", "/organise/x/y/z/w", "/r", "//double//slash", "/%E2%9C%93/x", "/a%2Fb", "/%zz"]);
  for (const pattern of full) {
    for (const value of ["localgovcamp", "42", "with%20space", "caf%C3%A9"]) {
      const path = pattern.replace(/:[\w-]+/g, value).replace(/\*$/, "a/b/c");
      paths.add(path);
      paths.add(`${path}/`);
      paths.add(`${path}/extra`);
      paths.add(path.toUpperCase());
    }
  }
  return [...paths];
}

const summary = (matches: ReturnType<Router["matchRoutes"]>) =>
  matches?.map((match) => ({ id: match.route.id, params: match.params, pathname: match.pathname, pathnameBase: match.pathnameBase })) ?? null;

describe("the @remix-run/router patch", () => {
  it("is applied to both the server (CommonJS) and browser (ESM) builds", () => {
    for (const file of ["router.cjs.js", "router.js"]) {
      const source = readFileSync(path.join(DIST, file), "utf8");
      expect(source).toContain("rankedBranchesCache");
      expect(source).toContain("compilePathUncached");
      expect(source).toContain("matchRoutesUncached");
    }
  });

  it("keeps a pathname's matches, handing each caller its own copy", () => {
    const routes = [{ id: "root", path: "/", children: [{ id: "event", path: "events/:slug" }] }];
    const first = patched.matchRoutes(routes, "/events/camp")!;
    const firstParams = first[1].params;
    (first[1].params as Record<string, string>).slug = "changed by a caller";
    first[1].pathname = "/changed";
    first.pop();
    const second = patched.matchRoutes(routes, "/events/camp")!;
    expect(summary(second)).toEqual([
      { id: "root", params: { slug: "camp" }, pathname: "/", pathnameBase: "/" },
      { id: "event", params: { slug: "camp" }, pathname: "/events/camp", pathnameBase: "/events/camp" },
    ]);
    expect(second).not.toBe(first);
    expect(second[1].params).not.toBe(firstParams);
    // One params object for all the matches of an answer, as the unpatched router gives.
    expect(second[0].params).toBe(second[1].params);
  });

  it("matches a pathname once, however often it is asked (the pattern of every route was tried on every request)", () => {
    const routes = [{ id: "root", path: "/", children: Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, path: `route-${i}/:id` })) }];
    let tests = 0;
    const test = RegExp.prototype.exec;
    RegExp.prototype.exec = function (this: RegExp, text: string) {
      tests++;
      return test.call(this, text);
    };
    try {
      patched.matchRoutes(routes, "/route-49/7");
      const once = tests;
      for (let i = 0; i < 20; i++) expect(patched.matchRoutes(routes, "/route-49/7")?.[1].params.id).toBe("7");
      expect(tests - once).toBe(0);
      expect(patched.matchRoutes(routes, "/route-48/8")?.[1].params.id).toBe("8");
    } finally {
      RegExp.prototype.exec = test;
    }
  });

  it("matches every route of the app exactly as the unpatched router does, on first and repeated matches", async () => {
    const routes = await appRoutes();
    expect(routes.length).toBe(1); // root
    expect(routes[0].children.length).toBeGreaterThan(50);
    const original = unpatchedRouter();
    const paths = samplePaths(routes);
    expect(paths.length).toBeGreaterThan(500);
    let matched = 0;
    for (let round = 0; round < 2; round++) {
      for (const pathname of paths) {
        const expected = summary(original.matchRoutes(routes, pathname));
        expect(summary(patched.matchRoutes(routes, pathname)), pathname).toEqual(expected);
        if (expected) matched++;
      }
    }
    // Most sample paths name a real route; the rest check the not-found answer.
    expect(matched).toBeGreaterThan(paths.length);
  });

  it("keeps one table's matches apart from another's", () => {
    const a = [{ id: "a", path: "/shared", children: [] }];
    const b = [{ id: "b", path: "/shared", children: [] }];
    expect(patched.matchRoutes(a, "/shared")?.[0].route.id).toBe("a");
    expect(patched.matchRoutes(b, "/shared")?.[0].route.id).toBe("b");
    expect(patched.matchRoutes(a, "/shared")?.[0].route.id).toBe("a");
  });

  // The router swaps in a new top-level array when routes are patched in, and the patch also
  // drops every cached table then; either way a table never answers from before the change.
  it("sees routes patched in after a match (lazy route discovery in the browser)", () => {
    const router = patched.createRouter({
      routes: [{ id: "root", path: "/", children: [{ id: "home", index: true }] }],
      history: patched.createMemoryHistory(),
    });
    expect(patched.matchRoutes(router.routes, "/later")).toBeNull();
    router.patchRoutes("root", [{ id: "later", path: "later" }]);
    expect(patched.matchRoutes(router.routes, "/later")?.map((match) => match.route.id)).toEqual(["root", "later"]);
  });
});
