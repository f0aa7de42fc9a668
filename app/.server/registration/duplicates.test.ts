import type { InArgs, InStatement } from "@libsql/client";
import { Sqlite3Client, Sqlite3Transaction } from "@libsql/client/sqlite3";
import { describe, expect, it } from "vitest";
import { makeEvent, makeRegistration, registrationInput } from "../../../tests/support/factories";
import { emailKey, emailKeySql } from "~/domain/email-identity";
import { LIVE, REGISTRATION_STATUSES } from "~/domain/registration-rules";
import { openClient, query, rowsOf, writeTransaction } from "../platform";
import {
  addPerson,
  confirmPlace,
  findLiveRegistrationByEmail,
  LIVE_STATUS_SQL,
  REGISTRATION_INSERT_SQL,
  registerForEvent,
  RegistrationRefused,
  resendRegistrationLinks,
  transferPlace,
} from ".";

async function refusal(promise: Promise<unknown>): Promise<RegistrationRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistrationRefused);
  return error as RegistrationRefused;
}

/**
 * A statement's query plan, from a connection of its own: SQLite counts an EXPLAIN of a write
 * statement as a writer until the statement is reset, which the driver never does, so on the
 * app's pooled connection every later COMMIT would fail ("SQL statements in progress").
 */
async function planOf(sql: string, args?: InArgs): Promise<string[]> {
  const own = openClient(process.env.DATABASE_URL!);
  try {
    return rowsOf<{ detail: string }>(await own.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).map((r) => r.detail);
  } finally {
    own.close();
  }
}

async function emailsTo(address: string) {
  return rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = ? ORDER BY id", args: [address] }));
}

describe("one person, one registration, whatever plus-tag they add", () => {
  it("refuses someone+2@ when someone@ is registered, and the reverse, and offers the links again", async () => {
    const { event, ticket } = await makeEvent();
    const first = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "sam.jones@guildford.gov.uk" }));
    expect((await confirmPlace(first.verifyToken)).ok).toBe(true);
    const tagged = await refusal(registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "Sam.Jones+2@guildford.gov.uk" })));
    expect(tagged.field).toBe("email");
    expect(tagged.canResendLinks).toBe(true);

    const { event: other, ticket: otherTicket } = await makeEvent();
    await registerForEvent(other.slug, registrationInput({ ticketTypeId: otherTicket.id, email: "lottery+1@guildford.gov.uk" }));
    await refusal(registerForEvent(other.slug, registrationInput({ ticketTypeId: otherTicket.id, email: "lottery@guildford.gov.uk" })));
    await refusal(registerForEvent(other.slug, registrationInput({ ticketTypeId: otherTicket.id, email: "lottery+2@guildford.gov.uk" })));
  });

  it("sends mail to the address as typed, plus-tag and all", async () => {
    const { event, ticket } = await makeEvent();
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "alex+camp@guildford.gov.uk" }));
    expect((await emailsTo("alex+camp@guildford.gov.uk")).length).toBe(1);
    expect(await emailsTo("alex@guildford.gov.uk")).toEqual([]);
    // Asking for the links with the untagged address finds the registration; they go to the typed address.
    expect(await resendRegistrationLinks(event.slug, "alex@guildford.gov.uk")).toBe(true);
    expect((await emailsTo("alex+camp@guildford.gov.uk")).map((e) => e.subject)).toContain("Your links for Test Camp");
  });

  it("still lets different people register, and the same person again once cancelled", async () => {
    const { event, ticket } = await makeEvent();
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "kim@guildford.gov.uk" }));
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "kimberley@guildford.gov.uk" }));
    await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "kim@woking.gov.uk" }));
  });

  it("the SQL key is the same as emailKey, and the duplicate check uses the index", async () => {
    for (const address of ["someone+2@council.gov.uk", "someone@council.gov.uk", "+x@council.gov.uk", "a@b+c.gov.uk", "a+b+c@d.gov.uk"]) {
      const row = rowsOf<{ key: string }>(await query({ sql: `SELECT ${emailKeySql(":a")} AS key`, args: { a: address } }));
      expect(row[0].key, address).toBe(emailKey(address));
    }
    const plan = rowsOf<{ detail: string }>(
      await query({ sql: `EXPLAIN QUERY PLAN SELECT 1 FROM registrations WHERE event_id = 1 AND ${emailKeySql("email")} = 'x@y.gov.uk'` }),
    );
    expect(plan.map((p) => p.detail).join("\n")).toMatch(/registrations_email_key/);
  });
});

describe("the duplicate check on the registration path", () => {
  it("finds the address and its key each through an index, never visiting the event's other registrations", async () => {
    // The check is part of the registration's INSERT (one statement): its plan, with every parameter bound.
    const names = [...new Set(REGISTRATION_INSERT_SQL.match(/:\w+/g)!.map((name) => name.slice(1)))];
    const args = Object.fromEntries(names.map((name) => [name, name === "event_id" ? 1 : name === "email" || name === "key" ? "a@b.gov.uk" : null]));
    const plan = await planOf(REGISTRATION_INSERT_SQL, args);
    const searches = plan.filter((detail) => detail.includes("registrations"));
    expect(searches).toEqual([
      expect.stringMatching(/USING INDEX registrations_one_live_per_email \(event_id=\? AND email=\?\)/),
      expect.stringMatching(/USING INDEX registrations_email_key \(event_id=\? AND <expr>=\?\)/),
    ]);
  });
});

/**
 * Every SQL statement @libsql/client runs meanwhile (the app's queries and its transactions'),
 * with its arguments: what the app really asked, whatever the function's source says.
 */
async function statementsOf(work: () => Promise<unknown>): Promise<InStatement[]> {
  const seen: InStatement[] = [];
  const prototypes = [Sqlite3Client.prototype, Sqlite3Transaction.prototype] as { execute: (stmt: InStatement | string, args?: InArgs) => Promise<unknown> }[];
  const originals = prototypes.map((prototype) => prototype.execute);
  prototypes.forEach((prototype, i) => {
    prototype.execute = function (this: unknown, stmt: InStatement | string, args?: InArgs) {
      seen.push(typeof stmt === "string" ? { sql: stmt, args: args ?? [] } : stmt);
      return originals[i].call(this, stmt, args);
    };
  });
  try {
    await work();
  } finally {
    prototypes.forEach((prototype, i) => (prototype.execute = originals[i]));
  }
  return seen;
}

/** The plan's lines about the registrations table, for each statement that looks registrations up by address. */
async function addressLookupPlans(statements: InStatement[]) {
  const lookups = statements.filter((s) => typeof s !== "string" && /^\s*SELECT/i.test(s.sql) && /\bFROM registrations\b/.test(s.sql) && /\bemail = /.test(s.sql));
  return Promise.all(
    lookups.map(async (s) => {
      const { sql, args } = s as { sql: string; args?: InArgs };
      const plan = await planOf(sql, args);
      return plan.filter((detail) => /\bregistrations\b/.test(detail));
    }),
  );
}

describe("looking a person up by address (links again, adding a person, passing a place on)", () => {
  const BY_INDEX = [
    expect.stringMatching(/USING INDEX registrations_one_live_per_email \(event_id=\? AND email=\?\)/),
    expect.stringMatching(/USING INDEX registrations_email_key \(event_id=\? AND <expr>=\?\)/),
  ];

  it("each finds the address and the mailbox each through its own index, never reading the event's other registrations", async () => {
    const { event, ticket } = await makeEvent();
    const sam = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, email: "sam+camp@guildford.gov.uk" }));
    await confirmPlace(sam.verifyToken);
    const person = { name: "Walk In", organisation: "", ticketTypeId: ticket.id, reason: "", overCapacity: false, checkIn: false };

    const journeys: [string, () => Promise<unknown>][] = [
      ["links again", () => resendRegistrationLinks(event.slug, "sam@guildford.gov.uk")],
      ["adding a person", () => addPerson(event, "o@council.test", { ...person, email: "kim@guildford.gov.uk" })],
      [
        "passing a place on",
        async () => {
          const kim = await addPerson(event, "o@council.test", { ...person, email: "kim2@guildford.gov.uk" });
          if (!kim.added) throw new Error("not added");
          await transferPlace(event, kim.registrationId, { name: "Lee", email: "lee@guildford.gov.uk", organisation: "" }, "o@council.test");
        },
      ],
    ];
    for (const [name, work] of journeys) {
      const plans = await addressLookupPlans(await statementsOf(work));
      expect(plans.length, name).toBeGreaterThan(0);
      for (const plan of plans) expect(plan, name).toEqual(BY_INDEX);
    }
  });

  it("still treat someone+tag@ as someone@, and the address as typed comes first", async () => {
    const { event, ticket } = await makeEvent();
    const person = { organisation: "", ticketTypeId: ticket.id, reason: "", overCapacity: false, checkIn: false };
    const alex = await addPerson(event, "o@council.test", { ...person, name: "Alex Tagged", email: "alex+camp@guildford.gov.uk" });
    expect(alex.added).toBe(true);
    await expect(addPerson(event, "o@council.test", { ...person, name: "Alex Again", email: "Alex@guildford.gov.uk" })).rejects.toThrow(/already registered \(Alex Tagged\)/);
    const bo = await addPerson(event, "o@council.test", { ...person, name: "Bo", email: "bo@guildford.gov.uk" });
    if (!bo.added) throw new Error("not added");
    await expect(transferPlace(event, bo.registrationId, { name: "Alex Third", email: "alex+2@guildford.gov.uk", organisation: "" }, "o@council.test")).rejects.toThrow(
      /already registered for this event \(Alex Tagged\)/,
    );

    // Two live rows of one mailbox (possible only from before the key existed): the typed address wins.
    await makeRegistration(event.id, ticket.id, { email: "dee+old@guildford.gov.uk", name: "Dee Old" });
    const dee = await makeRegistration(event.id, ticket.id, { email: "dee@guildford.gov.uk", name: "Dee Exact" });
    const found = await writeTransaction((tx) => findLiveRegistrationByEmail(tx, event.id, "dee@guildford.gov.uk"));
    expect(found).toEqual({ id: dee.id, name: "Dee Exact" });
    expect(await writeTransaction((tx) => findLiveRegistrationByEmail(tx, event.id, "dee+x@guildford.gov.uk"))).toMatchObject({ name: expect.stringMatching(/^Dee/) });
    expect(await writeTransaction((tx) => findLiveRegistrationByEmail(tx, event.id, "nobody@guildford.gov.uk"))).toBeNull();
  });

  it("LIVE_STATUS_SQL names exactly the statuses that are not LIVE", () => {
    const named = LIVE_STATUS_SQL.match(/'([a-z-]+)'/g)!.map((s) => s.slice(1, -1));
    expect(new Set(named)).toEqual(new Set(REGISTRATION_STATUSES.filter((s) => !LIVE.has(s))));
  });
});
