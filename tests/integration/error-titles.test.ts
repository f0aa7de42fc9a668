/**
 * Issue 15 (GOV.UK details), over HTTP against the built app without JavaScript: a form that
 * comes back with errors has a title starting "Error: "; the same page without errors does not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "../support/http";
import { sharedApp, type SharedApp } from "../support/shared-app";

let app: SharedApp;
beforeAll(async () => {
  app = await sharedApp();
});

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];

describe("page titles", () => {
  it("start with Error: when a form is answered with errors", async () => {
    const client = new HttpClient(app.url);
    const page = await client.get("/sign-in");
    expect(titleOf(await page.text())).not.toMatch(/^Error: /);
    const wrong = await client.post("/sign-in", { email: "not an address" });
    expect(wrong.status).toBe(400);
    const html = await wrong.text();
    expect(html).toContain("govuk-error-summary");
    expect(titleOf(html)).toMatch(/^Error: .+ – Pitchgrid$/);
  });
});
