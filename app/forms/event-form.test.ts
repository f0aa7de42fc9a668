import { describe, expect, it } from "vitest";
import { ticketTypeSchema } from "./event-form";

const ticket = (allowedDomains: string, rule = "council-only") => ticketTypeSchema("Europe/London").safeParse({ name: "Council staff", quota: "40", rule, allowedDomains });
const messages = (result: ReturnType<typeof ticket>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

describe("a ticket type's listed domains", () => {
  it("accept organisations' own domains, cleaned and without repeats", () => {
    const result = ticket("Guildford.gov.uk\n@surreycc.gov.uk, guildford.gov.uk; council-company.co.uk");
    expect(result.success && result.data.allowedDomains).toEqual(["guildford.gov.uk", "surreycc.gov.uk", "council-company.co.uk"]);
  });

  it("refuse a whole namespace, saying why, for council-only and domain-list tickets alike", () => {
    for (const rule of ["council-only", "email-domains"]) {
      for (const open of ["gov.uk", "nhs.uk", "co.uk", "llyw.cymru"]) {
        expect(messages(ticket(`guildford.gov.uk\n${open}`, rule))).toEqual([
          `allowedDomains: ${open} would let in every address under it, not one organisation: list each organisation's own domain, like guildford.gov.uk`,
        ]);
      }
    }
  });

  it("refuse wildcards and things that are not domains", () => {
    expect(messages(ticket("*.gov.uk"))).toEqual(["allowedDomains: Enter domains like guildford.gov.uk, one per line, with no wildcards"]);
    expect(messages(ticket("guildford"))).toEqual(["allowedDomains: Enter domains like guildford.gov.uk, one per line, with no wildcards"]);
  });
});
