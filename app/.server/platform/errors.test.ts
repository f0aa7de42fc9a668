import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DomainError, errorResponse, notFound, parsePositiveId, positiveIdOr404, withErrorPage, withFormErrors } from "./errors";
import { VenueRefused } from "../grid";
import { makeEvent } from "../../../tests/support/factories";
import { organiserCookie } from "../../../tests/support/sessions";
import * as roomsPage from "../../routes/organise.$slug.rooms._index";
import * as schedulePage from "../../routes/events.$slug.schedule._index";
import * as scheduleVersion from "../../routes/events.$slug.schedule.version";
import * as manageLink from "../../routes/r.$token._index";
import * as personalDataJson from "../../routes/r.$token.data[.json]";
import * as eventFeed from "../../routes/events.$slug.schedule[.]ics";
import * as roomFeed from "../../routes/events.$slug.rooms.$roomId.schedule[.]ics";
import * as frabXml from "../../routes/events.$slug.schedule[.]xml";
import * as frabJson from "../../routes/events.$slug.schedule[.]json";
import * as personalFeed from "../../routes/feeds.$token";

async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("one error model", () => {
  it("gives each kind its HTTP status at the boundary, and the error page its message", async () => {
    const kinds = { "not-found": 404, forbidden: 403, conflict: 409, invalid: 400, "rate-limited": 429 } as const;
    for (const [kind, status] of Object.entries(kinds)) {
      const response = errorResponse(new DomainError(kind as keyof typeof kinds, `A ${kind} problem`));
      expect(response.status).toBe(status);
      expect(await response.text()).toBe(`A ${kind} problem`);
    }
    expect(errorResponse(new DomainError("rate-limited", "Wait", "form", { "Retry-After": "60" })).headers.get("Retry-After")).toBe("60");
    expect(notFound("Room")).toMatchObject({ kind: "not-found", status: 404, message: "Room not found" });
  });

  it("turns a domain error into the error page's Response and leaves other errors alone", async () => {
    const page = await thrown(() => withErrorPage(async () => { throw notFound("Slot"); }));
    expect(page).toBeInstanceOf(Response);
    expect((page as Response).status).toBe(404);
    const bug = new TypeError("a bug");
    expect(await thrown(() => withErrorPage(async () => { throw bug; }))).toBe(bug);
    expect(await withErrorPage(async () => 7)).toBe(7);
  });

  it("shows a refusal the person can fix on the form, keeping what was typed", async () => {
    const invalid = (await withFormErrors({ start: "09:00" }, async () => { throw new VenueRefused("Start is wrong", "start"); })) as unknown as { data: { errors: Record<string, string[]>; values: Record<string, string> }; init: { status: number } };
    expect(invalid.init.status).toBe(400);
    expect(invalid.data).toEqual({ errors: { start: ["Start is wrong"] }, values: { start: "09:00" } });
    const conflict = (await withFormErrors({}, async () => { throw new VenueRefused("Has sessions"); })) as unknown as { init: { status: number } };
    expect(conflict.init.status).toBe(409);
    const forbidden = await thrown(() => withFormErrors({}, async () => { throw new DomainError("forbidden", "Not yours"); }));
    expect((forbidden as Response).status).toBe(403);
  });

  it("answers moving a room that is not in the event with the 404 page, as before", async () => {
    const { event } = await makeEvent({ organiser: "rooms@council.test" });
    const cookie = await organiserCookie("rooms@council.test");
    const request = new Request(`http://pitchgrid.test/organise/${event.slug}/rooms`, {
      method: "POST",
      body: new URLSearchParams({ intent: "move-room", roomId: "999999", direction: "up" }),
      headers: { origin: "http://pitchgrid.test", cookie },
    });
    const response = await thrown(() => roomsPage.action({ request, params: { slug: event.slug }, context: {} }));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    expect(await (response as Response).text()).toBe("Room not found");
  });

  it("answers a schedule page or its version poll for an event that does not exist with a 404, as before", async () => {
    for (const loader of [schedulePage.loader, scheduleVersion.loader]) {
      const response = await thrown(() => loader({ request: new Request("http://pitchgrid.test/events/no-such-event/schedule"), params: { slug: "no-such-event" }, context: {} }));
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(404);
      expect(await (response as Response).text()).toBe("Event not found");
    }
  });

  it("answers a private link that is not valid with a 404: its data download with the explanation, its page with the lost-link form", async () => {
    const request = new Request("http://pitchgrid.test/r/not-a-real-link");
    const response = await thrown(() => personalDataJson.loader({ request, params: { token: "not-a-real-link" }, context: {} }));
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    expect(await (response as Response).text()).toMatch(/^This link is not valid\./);
    // The page says the link does not work and offers "Send me my link" (issue 15), still as a 404.
    const page = (await manageLink.loader({ request, params: { token: "not-a-real-link" }, context: {} })) as unknown as { data: { lost?: boolean }; init: { status: number } };
    expect(page.init.status).toBe(404);
    expect(page.data.lost).toBe(true);
  });

  it("answers a feed or export that does not exist with a plain-text 404 carrying the security headers", async () => {
    const { event } = await makeEvent({ organiser: "feeds@council.test" });
    const cases = [
      { loader: eventFeed.loader, params: { slug: "no-such-event" }, message: "Event not found" },
      { loader: frabXml.loader, params: { slug: "no-such-event" }, message: "Event not found" },
      { loader: frabJson.loader, params: { slug: "no-such-event" }, message: "Event not found" },
      { loader: roomFeed.loader, params: { slug: event.slug, roomId: "999999" }, message: "Room not found" },
      { loader: personalFeed.loader, params: { token: "not-a-feed.ics" }, message: "Calendar feed not found" },
    ];
    for (const { loader, params, message } of cases) {
      const response = (await thrown(() => loader({ request: new Request("http://pitchgrid.test/feed"), params, context: {} }))) as Response;
      expect(response, message).toBeInstanceOf(Response);
      expect(response.status).toBe(404);
      expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("Content-Security-Policy")).toContain("default-src");
      expect(await response.text()).toBe(message);
    }
  });

  it("keeps `throw new Response` out of domain code: only the route boundary (errors.ts) builds one", () => {
    // errors.ts is the route boundary: it alone builds the responses. Everything else in
    // app/.server throws a DomainError (or a redirect, which is not an error).
    const dir = path.resolve("app/.server");
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && f !== "platform/errors.ts");
    expect(files.length).toBeGreaterThan(50);
    const throwing = files.filter((f) => /throw\s+new\s+Response\b/.test(readFileSync(path.join(dir, f), "utf8")));
    expect(throwing).toEqual([]);
  });

  it("reads a path id one way: whole numbers from 1 up, else the 404 page", async () => {
    for (const good of ["1", "42", "999999999999999"]) expect(parsePositiveId(good)).toBe(Number(good));
    for (const bad of ["0", "-1", "1.5", "1e3", " 1", "01", "0x10", "", "9999999999999999", undefined, "abc"]) expect(parsePositiveId(bad), String(bad)).toBeNull();
    const response = await thrown(async () => positiveIdOr404("nope", "Pitch"));
    expect((response as Response).status).toBe(404);
    expect(await (response as Response).text()).toBe("Pitch not found");
  });
});
