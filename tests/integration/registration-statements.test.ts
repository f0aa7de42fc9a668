/**
 * The registration rush's SQL budget: how many statements the database runs for each person
 * registering through the form, alone and in a rush (where group commit shares BEGIN and COMMIT).
 * Counted where every statement ends up, in the libsql driver, so nothing our code runs is
 * missed (reads before the write, the transaction's own statements, PRAGMAs).
 */
import { createRequire } from "node:module";
import { beforeEach, describe, expect, it } from "vitest";
import { query, resetRateLimitsForTests } from "../../app/.server/platform";
import { addQuestion } from "../../app/.server/events";
import * as register from "../../app/routes/events.$slug.register._index";
import { makeEvent } from "../support/factories";
import { call } from "../support/route-call";

const require = createRequire(import.meta.url);
type Statement = { run(...args: unknown[]): unknown; iterate(...args: unknown[]): unknown };
const Database = require("libsql") as new (path: string) => { prepare(sql: string): Statement; close(): void };
const probe = new Database(":memory:");
const statementPrototype = Object.getPrototypeOf(probe.prepare("SELECT 1")) as Statement;
probe.close();

/** Runs `work` and returns how many statements the driver executed meanwhile, and their SQL. */
async function countStatements(work: () => Promise<unknown>) {
  const { run, iterate } = statementPrototype;
  let count = 0;
  statementPrototype.run = function (this: Statement, ...args: unknown[]) {
    count++;
    return run.apply(this, args);
  };
  statementPrototype.iterate = function (this: Statement, ...args: unknown[]) {
    count++;
    return iterate.apply(this, args);
  };
  try {
    await work();
  } finally {
    statementPrototype.run = run;
    statementPrototype.iterate = iterate;
  }
  return count;
}

const BASE = "http://pitchgrid.test";

function registering(slug: string, ticketTypeId: number, i: number) {
  const body = new URLSearchParams({ name: `Person ${i}`, email: `person${i}@guildford.gov.uk`, organisation: "GBC", ticketTypeId: String(ticketTypeId), intent: "register" });
  const request = new Request(`${BASE}/events/${slug}/register`, { method: "POST", body, headers: { origin: BASE } });
  return call(() => register.action({ request, params: { slug }, context: {} }));
}

beforeEach(() => resetRateLimitsForTests());

describe("statements per registration", () => {
  it("a person registering alone costs at most 6 statements, the write transaction included (10 before)", async () => {
    const { event, ticket } = await makeEvent();
    await registering(event.slug, ticket.id, 0); // the first one prepares what it needs
    let result: Awaited<ReturnType<typeof registering>> | undefined;
    const count = await countStatements(async () => {
      result = await registering(event.slug, ticket.id, 1);
    });
    expect(result).toMatchObject({ status: 303, location: `/events/${event.slug}/register/check-email?status=held` });
    console.log(`statements for one registration alone: ${count}`);
    expect(count).toBeLessThanOrEqual(6);
  });

  it("in a rush of 40 (one group commit), about 3 statements a person (7 before), with a question on the form", async () => {
    const { event, ticket } = await makeEvent();
    await addQuestion(event.id, { label: "Which council?", hint: "", required: false });
    await registering(event.slug, ticket.id, 0);
    let results: Awaited<ReturnType<typeof registering>>[] = [];
    const count = await countStatements(async () => {
      results = await Promise.all(Array.from({ length: 40 }, (_, i) => registering(event.slug, ticket.id, 100 + i)));
    });
    expect(results.every((r) => r.status === 303)).toBe(true);
    const rows = await query({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND status = 'held'", args: [event.id] });
    expect(Number(rows.rows[0].n)).toBe(41);
    console.log(`statements for a rush of 40: ${count} (${(count / 40).toFixed(2)} a person)`);
    expect(count / 40).toBeLessThanOrEqual(3.1);
  });
});
