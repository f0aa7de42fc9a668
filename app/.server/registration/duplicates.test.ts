import { describe, expect, it } from "vitest";
import { makeEvent, registrationInput } from "../../../tests/support/factories";
import { emailKey, emailKeySql } from "~/domain/email-identity";
import { query, rowsOf } from "../platform";
import { confirmPlace, REGISTRATION_INSERT_SQL, registerForEvent, RegistrationRefused, resendRegistrationLinks } from ".";

async function refusal(promise: Promise<unknown>): Promise<RegistrationRefused> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistrationRefused);
  return error as RegistrationRefused;
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
    const plan = rowsOf<{ detail: string }>(await query({ sql: `EXPLAIN QUERY PLAN ${REGISTRATION_INSERT_SQL}`, args })).map((r) => r.detail);
    const searches = plan.filter((detail) => detail.includes("registrations"));
    expect(searches).toEqual([
      expect.stringMatching(/USING INDEX registrations_one_live_per_email \(event_id=\? AND email=\?\)/),
      expect.stringMatching(/USING INDEX registrations_email_key \(event_id=\? AND <expr>=\?\)/),
    ]);
  });
});
