import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DomainError, readForm } from "./errors";
import { assertSameOrigin, isBot, parseWith, readFormData, safeRedirect } from "./forms";

const post = (headers: Record<string, string>, body = "a=1") =>
  new Request("http://pitchgrid.test/events/x/register", { method: "POST", headers: { host: "pitchgrid.test", "content-type": "application/x-www-form-urlencoded", ...headers }, body });

async function statusOf(run: () => unknown) {
  try {
    await run();
    return 200;
  } catch (error) {
    return (error as Response).status;
  }
}

describe("forms", () => {
  it("refuse a state-changing request sent from another website", async () => {
    expect(await statusOf(() => readForm(post({ origin: "https://evil.example" })))).toBe(403);
    expect(await statusOf(() => readForm(post({ origin: "http://pitchgrid.test.evil.example" })))).toBe(403);
    expect(await statusOf(() => readForm(post({ origin: "http://pitchgrid.test" })))).toBe(200);
    // No Origin (older browsers, curl) falls back on SameSite cookies.
    expect(await statusOf(() => readForm(post({})))).toBe(200);
    expect(await statusOf(() => assertSameOrigin(post({ origin: "not a url" })))).toBe(403);
  });

  it("keep the last value of a repeated field unless it is a list", async () => {
    const form = await readForm(post({}, "a=1&a=2&tags=x&tags=y"), ["tags", "missing"]);
    expect(form).toEqual({ a: "2", tags: ["x", "y"], missing: [] });
  });

  it("turn a body that is not a form into a 400, not a 500", async () => {
    const request = new Request("http://pitchgrid.test/x", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=nope" }, body: "garbage" });
    expect(await statusOf(() => readForm(request))).toBe(400);
  });

  it("throw a DomainError below the route boundary, and the boundary's readForm answers it with the error page's Response", async () => {
    const notAForm = () => new Request("http://pitchgrid.test/x", { method: "POST", headers: { "content-type": "multipart/form-data; boundary=nope" }, body: "garbage" });
    const thrown = async (run: () => Promise<unknown>) => run().then(() => null, (error: unknown) => error);
    expect(await thrown(() => readFormData(notAForm()))).toMatchObject({ kind: "invalid", message: "The form could not be read. Go back and try again." });
    expect(await thrown(() => readFormData(post({ origin: "https://evil.example" })))).toBeInstanceOf(DomainError);
    expect(await thrown(() => readFormData(post({ origin: "https://evil.example" })))).toMatchObject({ kind: "forbidden" });
    const page = await thrown(() => readForm(notAForm()));
    expect(page).toBeInstanceOf(Response);
    expect(await (page as Response).text()).toBe("The form could not be read. Go back and try again.");
  });

  it("give field errors and the values typed", () => {
    const schema = z.object({ name: z.string().min(1, "Enter your name"), age: z.coerce.number().int("Age must be a whole number") });
    const result = parseWith(schema, { name: "", age: "1.5" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure.errors).toEqual({ name: ["Enter your name"], age: ["Age must be a whole number"] });
      expect(result.failure.values).toEqual({ name: "", age: "1.5" });
    }
  });

  it("spot the honeypot", () => {
    expect(isBot({ website: "http://spam.example" })).toBe(true);
    expect(isBot({ website: "" })).toBe(false);
    expect(isBot({})).toBe(false);
  });

  it("only redirect to paths on this site", () => {
    expect(safeRedirect("/organise/x")).toBe("/organise/x");
    for (const bad of ["//evil.example", "https://evil.example", "/\\evil.example", "javascript:alert(1)", undefined, 42]) expect(safeRedirect(bad, "/home")).toBe("/home");
  });
});
