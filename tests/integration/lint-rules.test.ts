import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The lint rules that replaced tests reading the source (eslint.config.js, scripts/lint/rules.js):
 * each must flag what the old test flagged and pass what it passed, in the files it covered.
 */
const eslint = new ESLint();
const RULES = ["no-restricted-syntax", "no-restricted-properties", "no-restricted-imports", "pitchgrid/no-secret-compare", "pitchgrid/domain-boundaries", "pitchgrid/one-intent-reader"];

/** What the rules above say about `code` if it were at `filePath` (other rules' findings left out). */
async function flagged(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.filter((m) => RULES.includes(m.ruleId ?? "")).map((m) => `${m.ruleId}: ${m.message}`);
}

describe("lint rules that were source-reading tests", () => {
  it("keep PRAGMAs in db.ts and backup.ts only", async () => {
    const code = 'export const sql = "PRAGMA journal_mode = WAL";\n';
    expect(await flagged(code, "app/.server/registration/registrations.ts")).toEqual([expect.stringMatching(/^no-restricted-syntax: PRAGMAs work on a local file only/)]);
    expect(await flagged("export const sql = `\n  pragma foreign_keys = ON`;\n", "app/.server/events/events.ts")).toHaveLength(1);
    expect(await flagged(code, "app/.server/platform/db.ts")).toEqual([]);
    expect(await flagged(code, "app/.server/platform/backup.ts")).toEqual([]);
  });

  it("refuse a transaction opened in SQL anywhere in app/.server, but not iCalendar's BEGIN:VEVENT", async () => {
    for (const sql of ['"BEGIN IMMEDIATE"', "'commit'", "`  ROLLBACK`", '"SAVEPOINT a"', '"RELEASE a"']) {
      expect(await flagged(`export const sql = ${sql};\n`, "app/.server/platform/db.ts"), sql).toEqual([expect.stringMatching(/^no-restricted-syntax: Open transactions through the client/)]);
    }
    expect(await flagged('export const lines = ["BEGIN:VEVENT", "END:VEVENT", "BEGIN:VCALENDAR"];\n', "app/.server/feeds/ical.ts")).toEqual([]);
    expect(await flagged('export const sql = "SELECT 1 -- BEGIN";\n', "app/.server/platform/db.ts")).toEqual([]);
  });

  it("ask randomBytes for a literal 16 bytes or more, in the app and its scripts", async () => {
    const wrap = (call: string) => `import { randomBytes } from "node:crypto";\nexport const value = (n: number) => ${call};\n`;
    for (const file of ["app/.server/platform/tokens.ts", "app/entry.server.tsx", "scripts/server/app.ts"]) {
      expect(await flagged(wrap("randomBytes(16)"), file)).toEqual([]);
      expect(await flagged(wrap("randomBytes(15)"), file)).toEqual([expect.stringMatching(/below 16 bytes/)]);
      expect(await flagged(wrap("randomBytes(n)"), file)).toEqual([expect.stringMatching(/literal number of bytes/)]);
    }
    expect(await flagged('import crypto from "node:crypto";\nexport const v = crypto.randomBytes(8);\n', "app/.server/registration/privacy.ts")).toEqual([expect.stringMatching(/below 16 bytes/)]);
    expect(await flagged(wrap("randomBytes(4)"), "app/.server/tokens.test.ts")).toEqual([]);
  });

  it("forbid Math.random and randomInt in the app", async () => {
    expect(await flagged("export const v = Math.random();\n", "app/.server/registration/registrations.ts")).toEqual([expect.stringMatching(/^no-restricted-properties: 'Math.random'/)]);
    expect(await flagged('import crypto from "node:crypto";\nexport const v = crypto.randomInt(6);\n', "app/components/x.ts")).toEqual([expect.stringMatching(/^no-restricted-properties: 'randomInt'/)]);
    expect(await flagged('import { randomInt } from "node:crypto";\nexport const v = randomInt(6);\n', "app/.server/seed/demo.ts")).toEqual([expect.stringMatching(/^no-restricted-imports:/)]);
    expect(await flagged("export const v = Math.random();\n", "scripts/lib/instances.ts")).toEqual([]);
  });

  it("refuse inline styles in components, which the Content-Security-Policy blocks (a <style> only in the print poster)", async () => {
    const attribute = 'export const P = () => <p style={{ color: "red" }}>Hi</p>;\n';
    const element = 'export const S = () => <style>{"p { color: red }"}</style>;\n';
    expect(await flagged(attribute, "app/components/Pitch.tsx")).toEqual([expect.stringMatching(/^no-restricted-syntax: No style attribute/)]);
    expect(await flagged(element, "app/routes/events.$slug.tsx")).toEqual([expect.stringMatching(/^no-restricted-syntax: No <style> element/)]);
    expect(await flagged(element, "app/routes/events.$slug.schedule.print.tsx")).toEqual([]);
    expect(await flagged(attribute, "app/routes/events.$slug.schedule.print.tsx")).toHaveLength(1);
    expect(await flagged('export const P = () => <p className="govuk-body">Hi</p>;\n', "app/components/Pitch.tsx")).toEqual([]);
  });

  it("refuse == and === on a token, hash, secret, nonce or signature in the app", async () => {
    const bad = [
      "export const f = (row: { token_hash: string }, given: string) => row.token_hash === given;",
      "export const f = (row: { manage_token_hash: string }, entry: string[]) => row.manage_token_hash.slice(0, 16) !== entry[1];",
      "export const f = (secret: string, b: string) => b == secret;",
      "export const f = (a: { nonce: string }, b: string) => a.nonce != b;",
    ];
    for (const code of bad) expect(await flagged(code, "app/.server/auth/organisers.ts"), code).toEqual([expect.stringMatching(/^pitchgrid\/no-secret-compare:/)]);
    const good = [
      "export const f = (token: string) => token.length === 0 || typeof token === \"string\" || token === \"\" || token === undefined || token === null;",
      'declare function hashToken(t: string): string;\nexport const f = (token: string, row: { token_hash: string }) => hashToken(token) === row.token_hash;',
      'export const f = (row: { status: string }) => row.status === "erased";',
      "export const f = (a: string, b: string) => a === b;",
    ];
    for (const code of good) expect(await flagged(code, "app/.server/auth/organisers.ts"), code).toEqual([]);
    expect(await flagged(bad[0], "app/.server/auth.test.ts")).toEqual([]);
  });

  it("keep each domain folder's files to itself, and app/domain browser-safe", async () => {
    const internal = 'import { confirmPlace } from "~/.server/registration/confirming";\nexport const f = confirmPlace;\n';
    expect(await flagged(internal, "app/routes/x.tsx")).toEqual([expect.stringMatching(/^pitchgrid\/domain-boundaries: Import `registration` through its index \('~\/.server\/registration'\)/)]);
    expect(await flagged('import { env } from "../platform/env";\nexport const f = env;\n', "app/.server/grid/x.ts")).toHaveLength(1);
    expect(await flagged('export { env } from "../platform/env";\n', "app/.server/grid/x.ts")).toHaveLength(1);
    // Through the index, or a file of one's own folder: allowed.
    expect(await flagged('import { confirmPlace } from "~/.server/registration";\nexport const f = confirmPlace;\n', "app/routes/x.tsx")).toEqual([]);
    expect(await flagged('import { env } from "./env";\nexport const f = env;\n', "app/.server/platform/x.ts")).toEqual([]);
    expect(await flagged('import { env } from "../platform";\nexport const f = env;\n', "app/.server/grid/x.ts")).toEqual([]);
    // app/domain: no node: modules and no server code, though a type may be borrowed.
    expect(await flagged('import { createHash } from "node:crypto";\nexport const f = createHash;\n', "app/domain/x.ts")).toEqual([expect.stringMatching(/loaded in the browser too/)]);
    expect(await flagged('import { env } from "~/.server/platform";\nexport const f = env;\n', "app/domain/x.ts")).toHaveLength(1);
    expect(await flagged('import type { EventRecord } from "~/.server/events";\nexport type E = EventRecord;\n', "app/domain/x.ts")).toEqual([]);
  });
  it("keep routes to one way of reading a form's intent (readIntentForm)", async () => {
    const route = "app/routes/organise.$slug.things.tsx";
    const head = 'import { z } from "zod";\nimport { readForm, readIntentForm, noFields } from "~/.server/platform";\n';
    const bad = [
      "export async function action({ request }: { request: Request }) {\n  const form = await readForm(request);\n  return form.intent === \"add\";\n}\n",
      "export async function action({ request }: { request: Request }) {\n  const form = await readForm(request);\n  return form[\"intent\"];\n}\n",
      "export async function action({ request }: { request: Request }) {\n  const { intent } = await readForm(request);\n  return intent;\n}\n",
      "export async function action({ request }: { request: Request }) {\n  const data = await request.formData();\n  return data.get(\"intent\");\n}\n",
      "export const S = z.object({ intent: z.enum([\"a\", \"b\"]) });\n",
      "export const S = z.discriminatedUnion(\"intent\", [z.object({ n: z.string() })]);\n",
    ];
    for (const code of bad) expect(await flagged(head + code, route), code).toEqual([expect.stringMatching(/^pitchgrid\/one-intent-reader:/)]);
    const good = "export async function action({ request }: { request: Request }) {\n  const sent = await readIntentForm(request, { add: noFields, remove: noFields });\n  return sent.intent === \"add\";\n}\n";
    expect(await flagged(head + good, route)).toEqual([]);
    // The page's own pending state in the browser may look at what is being sent.
    const component = 'export function Busy({ navigation }: { navigation: { formData?: FormData } }) {\n  return navigation.formData?.get("intent");\n}\n';
    expect(await flagged(head + component, route)).toEqual([]);
    // Outside routes (components, domain code) the rule does not apply.
    expect(await flagged(head + bad[0], "app/components/Thing.tsx")).toEqual([]);
  });
  it("build Intl.DateTimeFormat only in app/domain/time.ts, which caches each one", async () => {
    const code = 'export const f = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London" }).format(d);\n';
    expect(await flagged(code, "app/.server/registration/emails.ts")).toEqual([expect.stringMatching(/^no-restricted-properties: 'Intl.DateTimeFormat'/)]);
    expect(await flagged(code, "app/components/When.tsx")).toHaveLength(1);
    expect(await flagged('import { formatDateTime } from "~/domain/time";\nexport const f = (d: string) => formatDateTime(d, "Europe/London");\n', "app/.server/registration/emails.ts")).toEqual([]);
  });
});
