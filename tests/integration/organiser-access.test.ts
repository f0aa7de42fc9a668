import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeEvent } from "../support/factories";
import { organiserCookie } from "../support/sessions";

/**
 * Every organiser route module, found on disk so that routes added later are covered too: none
 * may answer without a session, and none may answer an organiser of a different event.
 */
const ROUTES_DIR = path.resolve("app/routes");
const organiserRoutes = readdirSync(ROUTES_DIR).filter((file) => /^organise\.\$slug[.\w$[\]-]*\.tsx?$/.test(file) && !file.endsWith(".test.ts"));

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
};

async function outcome(run: () => Promise<unknown> | undefined): Promise<{ status: number; location?: string | null }> {
  try {
    const result = await run();
    if (result instanceof Response) return { status: result.status, location: result.headers.get("location") };
    return { status: 200 };
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, location: thrown.headers.get("location") };
    // Remix's single-fetch data() wrapper
    if (thrown && typeof thrown === "object" && "init" in thrown) return { status: (thrown as { init: { status: number } }).init.status };
    throw thrown;
  }
}

describe("organiser pages", () => {
  let slug = "";
  let otherOrganiser = "";
  const params = (file: string) => {
    const p: Record<string, string> = { slug };
    for (const match of file.matchAll(/\$(\w+)/g)) if (match[1] !== "slug") p[match[1]] = "1";
    return p;
  };

  beforeAll(async () => {
    const { event } = await makeEvent({ organiser: "owner@guildford.gov.uk" });
    slug = event.slug;
    await makeEvent({ organiser: "other@woking.gov.uk" });
    otherOrganiser = await organiserCookie("other@woking.gov.uk");
  });

  it("include the known sections", () => {
    expect(organiserRoutes).toEqual(expect.arrayContaining(["organise.$slug._index.tsx", "organise.$slug.edit.tsx", "organise.$slug.tickets.new.tsx"]));
  });

  it.each(organiserRoutes)("%s sends a signed-out visitor to sign in (GET and POST)", async (file) => {
    const route = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
    const url = `http://pitchgrid.test/organise/${slug}`;
    if (route.loader) {
      const result = await outcome(() => route.loader!({ request: new Request(url), params: params(file), context: {} }));
      expect(result.status).toBe(302);
      expect(result.location).toMatch(/^\/sign-in\?redirectTo=/);
    }
    if (route.action) {
      const request = new Request(url, { method: "POST", body: new URLSearchParams({ intent: "anything" }) });
      const result = await outcome(() => route.action!({ request, params: params(file), context: {} }));
      expect(result.status).toBe(302);
      expect(result.location).toMatch(/^\/sign-in/);
    }
  });

  it.each(organiserRoutes)("%s refuses an organiser of another event with 403 (GET and POST)", async (file) => {
    const route = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
    const url = `http://pitchgrid.test/organise/${slug}`;
    if (route.loader) {
      const result = await outcome(() => route.loader!({ request: new Request(url, { headers: { cookie: otherOrganiser } }), params: params(file), context: {} }));
      expect(result.status).toBe(403);
    }
    if (route.action) {
      const request = new Request(url, { method: "POST", headers: { cookie: otherOrganiser }, body: new URLSearchParams({ intent: "anything" }) });
      const result = await outcome(() => route.action!({ request, params: params(file), context: {} }));
      expect(result.status).toBe(403);
    }
  });

  it("lets the event's own organiser in", async () => {
    const route = (await import(path.join(ROUTES_DIR, "organise.$slug._index.tsx"))) as RouteModule;
    const cookie = await organiserCookie("owner@guildford.gov.uk");
    const result = await outcome(() => route.loader!({ request: new Request("http://pitchgrid.test/", { headers: { cookie } }), params: { slug }, context: {} }));
    expect(result.status).toBe(200);
  });
});
