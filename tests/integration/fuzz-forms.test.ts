import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { query, resetEnvForTests } from "../../app/.server/platform";
import { rememberAttendee } from "../../app/.server/auth";
import { isSingleLine } from "../../app/domain/single-line";
import { makeEvent, makeRegistration, makeRoom, makeSlot } from "../support/factories";
import { organiserCookie } from "../support/sessions";

/**
 * Posts random and hostile values to every form in the app - found on disk, so new routes are
 * fuzzed too - as a signed-out visitor, an attendee and the event's organiser. Whatever is
 * sent, the answer is a page (success, a GOV.UK error, 403/404/409/429), never a crash (which
 * the server would turn into a 500), and the database stays consistent.
 */
const ROUTES_DIR = path.resolve("app/routes");
const routeFiles = readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));

// Every form field name the app renders, so the fuzzer sends fields the actions read.
const FIELD_NAMES = [
  ...new Set(
    readdirSync(path.resolve("app"), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".tsx"))
      .flatMap((f) => [...readFileSync(path.resolve("app", f), "utf8").matchAll(/\bname[=:]\s*["{]"?([a-zA-Z][\w-]*)"/g)].map((m) => m[1])),
  ),
].filter((name) => name !== "website");

const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    "",
    " ",
    "\u202Eevil\u202C",
    "🎉🏳️‍🌈👩🏽‍💻",
    "' OR 1=1; DROP TABLE registrations; --",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "=HYPERLINK(\"http://evil.example\")",
    "\u0000\u0001\u0007\u001b[31m",
    "line\r\nBcc: everyone@example.com",
    "-1",
    "0",
    "1e309",
    "NaN",
    "99999999999999999999",
    "2026-02-30",
    "0000-00-00",
    "25:61",
    "true",
    "open",
    "council-only",
    "someone@guildford.gov.uk",
    "guildford.gov.uk.evil.com",
    "a@b",
    "1",
    "2",
  ),
  fc.string({ minLength: 2000, maxLength: 12000 }),
);

const formData = fc.dictionary(fc.constantFrom(...FIELD_NAMES, "intent", "version", "token", "id"), fc.oneof(hostile, fc.array(hostile, { maxLength: 3 })), { maxKeys: 12 });

type RouteModule = {
  loader?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
  action?: (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
};

function statusOf(value: unknown): number {
  if (value instanceof Response) return value.status;
  if (value && typeof value === "object" && "init" in value) return (value as { init?: { status?: number } }).init?.status ?? 200;
  return 200;
}

async function outcome(run: () => Promise<unknown>): Promise<number> {
  try {
    return statusOf(await run());
  } catch (thrown) {
    if (thrown instanceof Response || (thrown && typeof thrown === "object" && "init" in thrown)) return statusOf(thrown);
    throw thrown; // an unexpected error: the server would answer 500
  }
}

const counts = { forms: 0, requests: 0, fields: FIELD_NAMES.length, serverErrors: 0 };

describe("hostile input to every form", () => {
  const context: { params: Record<string, string>; cookies: Record<string, string> } = { params: {}, cookies: {} };

  beforeAll(async () => {
    process.env.RATE_LIMIT_SCALE = "0";
    resetEnvForTests();
    const { event, ticket } = await makeEvent({ organiser: "fuzz-organiser@guildford.gov.uk", quota: 5 });
    const attendee = await makeRegistration(event.id, ticket.id);
    const roomId = await makeRoom(event.id);
    const slotId = await makeSlot(event.id, new Date(event.startsAt));
    context.params = { slug: event.slug, token: attendee.manageToken, ticketId: String(ticket.id), id: "1", roomId: String(roomId), slotId: String(slotId), pitchId: "1", "*": "x" };
    const attendeeCookie = String(new Headers(await rememberAttendee(new Request("http://pitchgrid.test/"), attendee.id)).get("set-cookie")).split(";")[0];
    context.cookies = { visitor: "", attendee: attendeeCookie, organiser: await organiserCookie("fuzz-organiser@guildford.gov.uk") };
  });

  afterAll(() => {
    delete process.env.RATE_LIMIT_SCALE;
    resetEnvForTests();
    console.log(`Fuzzed ${counts.forms} forms with ${counts.requests} requests over ${counts.fields} field names; server errors: ${counts.serverErrors}`);
  });

  it.each(routeFiles)("%s never crashes", { timeout: 120_000 }, async (file) => {
    const route = (await import(/* @vite-ignore */ path.join(ROUTES_DIR, file))) as RouteModule;
    if (!route.action && !route.loader) return;
    const params: Record<string, string> = {};
    for (const match of file.matchAll(/\$(\w+)/g)) params[match[1]] = context.params[match[1]] ?? "1";
    if (file.startsWith("$")) params["*"] = "x";
    const url = `http://pitchgrid.test/fuzz`;
    if (route.action) counts.forms += 1;
    await fc.assert(
      fc.asyncProperty(formData, fc.constantFrom("visitor", "attendee", "organiser"), fc.string({ maxLength: 30 }), async (fields, who, search) => {
        const body = new URLSearchParams();
        for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
        const headers = { cookie: context.cookies[who], "content-type": "application/x-www-form-urlencoded", host: "pitchgrid.test" };
        counts.requests += 1;
        if (route.action) {
          const status = await outcome(() => route.action!({ request: new Request(url, { method: "POST", headers, body }), params, context: {} }));
          if (status >= 500) counts.serverErrors += 1;
          expect(status, `${file} action answered ${status} to ${JSON.stringify(fields).slice(0, 300)}`).toBeLessThan(500);
        }
        if (route.loader) {
          const status = await outcome(() => route.loader!({ request: new Request(`${url}?${new URLSearchParams({ q: search, status: search, ticket: search, page: search, sort: search, format: search })}`, { headers }), params, context: {} }));
          expect(status, `${file} loader answered ${status}`).toBeLessThan(500);
        }
      }),
      { numRuns: route.action ? 40 : 10, seed: 20261124 },
    );
  });

  it("leaves the database consistent", async () => {
    expect(String((await query("PRAGMA integrity_check")).rows[0][0])).toBe("ok");
    expect((await query("PRAGMA foreign_key_check")).rows).toEqual([]);
    const oversold = await query(`
      SELECT t.id FROM ticket_types t
      WHERE (SELECT COUNT(*) FROM registrations r WHERE r.ticket_type_id = t.id AND r.status IN ('confirmed', 'offered')) > t.quota`);
    expect(oversold.rows).toEqual([]);
  });

  it("stored no line break, control character or bidi override in any single-line field", async () => {
    const columns = [
      ["registrations", "name"],
      ["registrations", "organisation"],
      ["registrations", "job_role"],
      ["pitches", "title"],
      ["events", "name"],
      ["events", "venue"],
      ["ticket_types", "name"],
      ["rooms", "name"],
      ["event_questions", "label"],
      ["event_questions", "hint"],
    ];
    let checked = 0;
    for (const [table, column] of columns) {
      const values = (await query(`SELECT ${column} AS v FROM ${table}`)).rows.map((r) => String(r.v ?? ""));
      checked += values.length;
      expect(values.filter((v) => !isSingleLine(v)), `${table}.${column}`).toEqual([]);
    }
    expect(checked).toBeGreaterThan(0);
  });
});
