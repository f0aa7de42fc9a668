import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createCookieSessionStorage } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BURNED_SESSION_SECRET_SHA256, closeDb, resetEnvForTests } from "../../app/.server/platform";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent } from "../support/factories";
import { HttpClient } from "../support/http";
import { organiserCookie } from "../support/sessions";

const git = (...args: string[]) => execFileSync("git", args, { encoding: "utf8" });

describe("a clean clone holds no secret", () => {
  const tracked = git("ls-files", "-z").split("\0").filter(Boolean);

  it("tracks no file that looks like a secret, and ignores the generated one", () => {
    const secretLike = tracked.filter((file) => /(^|\/)(\.session-secret|\.env(\..+)?|[^/]*\.(pem|key|p12)|id_rsa[^/]*)$/.test(file));
    expect(secretLike).toEqual([]);
    expect(git("check-ignore", "db/.session-secret").trim()).toBe("db/.session-secret");
  });

  it("holds no burned secret in any tracked file", () => {
    const found: string[] = [];
    for (const file of tracked) {
      let text: string;
      try {
        text = readFileSync(file, "utf8");
      } catch {
        continue;
      }
      for (const candidate of text.match(/[0-9a-f]{32,}/g) ?? []) {
        if (BURNED_SESSION_SECRET_SHA256.includes(createHash("sha256").update(candidate).digest("hex"))) found.push(file);
      }
    }
    expect(found).toEqual([]);
  });
});

describe("a cookie signed with an old secret", () => {
  const current = randomBytes(32).toString("hex");
  const old = randomBytes(32).toString("hex");
  let app: RunningApp;
  let slug: string;

  beforeAll(async () => {
    process.env.SESSION_SECRET = current;
    resetEnvForTests();
    closeDb();
    slug = (await makeEvent({ organiser: "organiser@guildford.gov.uk" })).event.slug;
    app = await startApp({ databaseUrl: process.env.DATABASE_URL!, env: { SESSION_SECRET: current } });
  });

  afterAll(async () => {
    await app?.stop();
    delete process.env.SESSION_SECRET;
    resetEnvForTests();
  });

  async function registrationsPage(cookie: string) {
    const client = new HttpClient(app.url);
    const [name, value] = cookie.split("=");
    client.cookies.set(name, value);
    return client.get(`/organise/${slug}/registrations`);
  }

  it("is refused: the organiser pages send it to sign in", async () => {
    const forged = createCookieSessionStorage({ cookie: { name: "__pitchgrid", secrets: [old], httpOnly: true, sameSite: "lax", path: "/" } });
    const session = await forged.getSession();
    session.set("email", "organiser@guildford.gov.uk");
    session.set("signedInAt", new Date().toISOString());
    const response = await registrationsPage((await forged.commitSession(session)).split(";")[0]);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("while a genuine session under the current secret is let in", async () => {
    const response = await registrationsPage(await organiserCookie("organiser@guildford.gov.uk"));
    expect(response.status).toBe(200);
  });
});
