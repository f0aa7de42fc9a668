import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MALFORMED_EMAIL,
  checkEligibility,
  cleanListedDomains,
  councilForDomain,
  emailDomain,
  loadCouncilRegister,
  normaliseEmail,
  publicSectorKind,
  type CouncilRegister,
} from "./eligibility";
import type { TicketRule } from "../events";

const register = loadCouncilRegister();
const councilDomains = [...register.domains.keys()];
const councilOnly = { rule: "council-only" as TicketRule, allowedDomains: [] as string[] };
const ticket = (rule: TicketRule, allowedDomains: string[] = []) => ({ rule, allowedDomains });

/** The soundness rule: a match must be a register (or listed) domain or a subdomain of one. */
function coveredBy(domain: string, domains: Iterable<string>) {
  for (const d of domains) if (domain === d || domain.endsWith(`.${d}`)) return true;
  return false;
}

describe("normaliseEmail and emailDomain", () => {
  it("trims and lower-cases", () => {
    expect(normaliseEmail("  Jo.Bloggs@Guildford.GOV.UK \n")).toBe("jo.bloggs@guildford.gov.uk");
    expect(emailDomain("  Jo.Bloggs@Guildford.GOV.UK ")).toBe("guildford.gov.uk");
  });

  it("leaves non-ASCII letters alone so that validation refuses them (the Kelvin sign lower-cases to k)", () => {
    expect(normaliseEmail("A@GUILDFORD.GOV.U\u212A")).toBe("a@guildford.gov.u\u212A");
    expect(emailDomain("a@guildford.gov.u\u212A")).toBeNull();
  });

  it.each([
    "",
    "   ",
    "jo",
    "jo@",
    "@guildford.gov.uk",
    "jo@guildford",
    "jo@@guildford.gov.uk",
    "jo@guildford.gov.uk@evil.com",
    "jo@evil.com@guildford.gov.uk",
    '"jo@evil.com"@guildford.gov.uk',
    '"jo"@guildford.gov.uk',
    "jo bloggs@guildford.gov.uk",
    "jo@guildford gov.uk",
    "jo@guildford.gov.uk.",
    "jo@guildford.gov.uk..",
    "jo@.guildford.gov.uk",
    "jo@guildford..gov.uk",
    "jo.@guildford.gov.uk",
    ".jo@guildford.gov.uk",
    "jo..b@guildford.gov.uk",
    "jo@-guildford.gov.uk",
    "jo@guildford-.gov.uk",
    "jo@guildford.gov.123",
    "jo@[127.0.0.1]",
    "jo@127.0.0.1",
    "jo(comment)@guildford.gov.uk",
    "jo@guildford.gov.uk(comment)",
    "jo@gu\u0456ldford.gov.uk", // Cyrillic i
    "jo@guildford.gov.uk\u200b", // zero-width space
    "jo\uff20guildford.gov.uk", // fullwidth @
    "jo@guildford\u3002gov.uk", // ideographic full stop
    "jo@guildford.gov.uk\u0000",
    "jo@guildford.gov.uk\nbcc@evil.com",
    `${"a".repeat(65)}@guildford.gov.uk`,
    `jo@${"a".repeat(64)}.gov.uk`,
    `jo@${"abcdefghi.".repeat(25)}gov.uk`,
  ])("refuses the malformed address %j", (email) => {
    expect(emailDomain(email)).toBeNull();
    for (const rule of ["open", "approval", "council-only", "email-domains"] as TicketRule[]) {
      expect(checkEligibility(ticket(rule, ["guildford.gov.uk"]), email, register)).toEqual({
        ok: false,
        reason: MALFORMED_EMAIL,
        canRequestApproval: false,
      });
    }
  });

  it("accepts ordinary and plus-addressed local parts and punycode domains as well-formed", () => {
    expect(emailDomain("jo.o'neill+camp@guildford.gov.uk")).toBe("guildford.gov.uk");
    expect(emailDomain("a@xn--gildford-b1a.gov.uk")).toBe("xn--gildford-b1a.gov.uk");
  });

  it("finds the domain of every address fast-check calls valid, or refuses it as too long", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const domain = emailDomain(email);
        if (domain !== null) expect(email.endsWith(`@${domain}`)).toBe(true);
        else expect(email.length > 254 || email.split("@")[0].length > 64 || /\.\.|^\.|\.@/.test(email)).toBe(true);
      }),
    );
  });
});

describe("councilForDomain", () => {
  it("names the council of an exact domain, case-insensitively after trimming", () => {
    expect(councilForDomain("guildford.gov.uk", register)).toBe("Guildford Borough Council");
    expect(councilForDomain("  GUILDFORD.gov.UK ", register)).toBe("Guildford Borough Council");
  });

  it("accepts subdomains of a council domain", () => {
    expect(councilForDomain("mail.guildford.gov.uk", register)).toBe("Guildford Borough Council");
    expect(councilForDomain("a.b.c.guildford.gov.uk", register)).toBe("Guildford Borough Council");
  });

  it.each([
    "guildford.gov.uk.evil.com",
    "guildford.gov.uk.",
    "guildford.gov.uk..",
    ".guildford.gov.uk",
    "notguildford.gov.uk",
    "guildford-gov.uk",
    "guildford.gov.uk-evil.com",
    "guildfordgov.uk",
    "guildford.gov.co.uk",
    "guildford.gov",
    "guildford.com",
    "guildford",
    "gov.uk",
    "uk",
    "*.gov.uk",
    "*.guildford.gov.uk",
    "xn--gildford-b1a.gov.uk",
    "gu\u0456ldford.gov.uk",
    "guildford.gov.uk@evil.com",
    "evil.com/guildford.gov.uk",
    "",
  ])("never matches the lookalike %j", (domain) => {
    expect(councilForDomain(domain, register)).toBeNull();
  });

  it("accepts organiser-listed extra domains and their subdomains, named by the domain", () => {
    const extra = ["surreycouncilservices.co.uk", " @Mycouncil-Trading.COM "];
    expect(councilForDomain("surreycouncilservices.co.uk", register, extra)).toBe("surreycouncilservices.co.uk");
    expect(councilForDomain("hr.mycouncil-trading.com", register, extra)).toBe("mycouncil-trading.com");
    expect(councilForDomain("notsurreycouncilservices.co.uk", register, extra)).toBeNull();
    expect(councilForDomain("surreycouncilservices.co.uk.evil.com", register, extra)).toBeNull();
  });

  it("prefers the register's name when an organiser also lists a council domain", () => {
    expect(councilForDomain("guildford.gov.uk", register, ["guildford.gov.uk"])).toBe("Guildford Borough Council");
  });

  it("never treats a listed wildcard or open namespace as a domain", () => {
    const wild = ["*.gov.uk", "gov.uk", "*", "uk", ".gov.uk", "*.police.uk", "nhs.uk", "org.uk", "llyw.cymru"];
    expect(cleanListedDomains(wild)).toEqual([]);
    for (const domain of ["cabinetoffice.gov.uk", "anything.gov.uk", "met.police.uk", "gov.uk", "x.org.uk", "gov.wales.llyw.cymru"]) {
      expect(councilForDomain(domain, register, wild)).toBeNull();
    }
  });

  it("matches only the register's domains and their subdomains, whatever the input (property)", () => {
    const labels = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
    const council = fc.constantFrom(...councilDomains);
    const mutation = fc.oneof(
      fc.domain(),
      council,
      fc.tuple(labels, council).map(([l, d]) => `${l}.${d}`), // subdomain: should match
      fc.tuple(labels, council).map(([l, d]) => `${l}${d}`), // prefix lookalike
      fc.tuple(labels, council).map(([l, d]) => `${l}-${d}`),
      fc.tuple(council, fc.domain()).map(([d, e]) => `${d}.${e}`), // suffix lookalike
      council.map((d) => d.replace(/\./g, "-")),
      council.map((d) => d.replace(".", "")),
      council.map((d) => `${d}.`),
      fc.tuple(council, fc.nat(40), fc.constantFrom("\u0456", "\u0131", "\u00e9", "\u200b", "\uff0e", "\u212a")).map(
        ([d, at, c]) => d.slice(0, at % d.length) + c + d.slice(at % d.length),
      ),
    );
    fc.assert(
      fc.property(mutation, (domain) => {
        const found = councilForDomain(domain, register);
        expect(found !== null).toBe(coveredBy(domain.toLowerCase(), councilDomains));
        if (found !== null) {
          const own = councilDomains.filter((d) => domain === d || domain.endsWith(`.${d}`)).sort((a, b) => b.length - a.length)[0];
          expect(found).toBe(register.domains.get(own));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("is indifferent to ASCII case and surrounding spaces (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(...councilDomains), fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }), fc.constantFrom("", " ", "\t", "  "), (d, upper, pad) => {
        const mixed = [...d].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join("");
        expect(councilForDomain(`${pad}${mixed}${pad}`, register)).toBe(register.domains.get(d));
      }),
    );
  });

  it("works on a hand-made register: the longest matching domain names the council", () => {
    const small: CouncilRegister = {
      domains: new Map([
        ["county.gov.uk", "County Council"],
        ["district.county.gov.uk", "District Council"],
      ]),
    };
    expect(councilForDomain("mail.district.county.gov.uk", small)).toBe("District Council");
    expect(councilForDomain("mail.county.gov.uk", small)).toBe("County Council");
    expect(councilForDomain("gov.uk", small)).toBeNull();
  });
});

describe("checkEligibility: council-only", () => {
  it("accepts a council address and names the council", () => {
    expect(checkEligibility(councilOnly, "Jo.Bloggs@Guildford.gov.uk", register)).toEqual({ ok: true, councilName: "Guildford Borough Council" });
    expect(checkEligibility(councilOnly, "jo@mail.guildford.gov.uk", register)).toEqual({ ok: true, councilName: "Guildford Borough Council" });
  });

  it("accepts the supplement's councils and councils outside .gov.uk", () => {
    expect(checkEligibility(councilOnly, "a@bcpcouncil.gov.uk", register)).toMatchObject({ ok: true, councilName: "Bournemouth, Christchurch and Poole Council" });
    expect(checkEligibility(councilOnly, "a@gwynedd.llyw.cymru", register)).toMatchObject({ ok: true, councilName: "Gwynedd Council" });
    expect(checkEligibility(councilOnly, "a@derrystrabane.com", register)).toMatchObject({ ok: true });
    expect(checkEligibility(councilOnly, "a@adur-worthing.gov.uk", register)).toMatchObject({
      ok: true,
      councilName: "Adur District Council and Worthing Borough Council",
    });
  });

  it.each([
    ["digital.cabinet-office.gov.uk", "a central government address"],
    ["cabinetoffice.gov.uk", "a central government address"],
    ["hmrc.gov.uk", "a central government address"],
    ["dsit.gov.uk", "a central government address"],
    ["dwp.gov.uk", "a central government address"],
    ["nhs.net", "an NHS address"],
    ["nhs.uk", "an NHS address"],
    ["royalsurrey.nhs.uk", "an NHS address"],
    ["surrey.police.uk", "a police address"],
    ["london-fire.gov.uk", "a fire and rescue service address"],
    ["surreyfire.gov.uk", "a fire and rescue service address"],
    ["parliament.uk", "a parliament address"],
    ["senedd.wales", "a parliament address"],
    ["gov.scot", "a devolved government address"],
    ["gov.wales", "a devolved government address"],
    ["mod.gov.uk", "a Ministry of Defence or armed forces address"],
    ["tfl.gov.uk", "the address of a public body that is not a council"],
    ["ico.org.uk", "the address of a public body that is not a council"],
  ])("refuses %s and says it is %s", (domain, why) => {
    expect(checkEligibility(councilOnly, `jo@${domain}`, register)).toEqual({
      ok: false,
      reason: `This event is for people who work for a UK council. ${domain} is ${why}.`,
      canRequestApproval: true,
    });
  });

  it.each(["gmail.com", "guildford.gov.uk.evil.com", "notguildford.gov.uk", "guildford-gov.uk", "xn--gildford-b1a.gov.uk", "example.gov.uk"])(
    "refuses %s as not on the register, and lets them ask for approval",
    (domain) => {
      expect(checkEligibility(councilOnly, `jo@${domain}`, register)).toEqual({
        ok: false,
        reason: `This event is for people who work for a UK council. ${domain} is not on our register of council email addresses.`,
        canRequestApproval: true,
      });
    },
  );

  it("accepts the organiser's extra domains but never because of a wildcard", () => {
    const t = ticket("council-only", ["guildfordtrading.co.uk", "*.gov.uk", "gov.uk"]);
    expect(checkEligibility(t, "a@guildfordtrading.co.uk", register)).toEqual({ ok: true, councilName: "guildfordtrading.co.uk" });
    expect(checkEligibility(t, "a@hmrc.gov.uk", register)).toMatchObject({ ok: false, canRequestApproval: true });
    expect(checkEligibility(t, "a@anything.gov.uk", register)).toMatchObject({ ok: false });
  });

  it("refuses every address at a non-council public body, whatever the local part (property)", () => {
    const refused = fc.constantFrom("cabinetoffice.gov.uk", "digital.cabinet-office.gov.uk", "hmrc.gov.uk", "nhs.net", "leeds.nhs.uk", "met.police.uk", "parliament.uk");
    fc.assert(
      fc.property(fc.emailAddress(), refused, (address, domain) => {
        const email = `${address.split("@")[0].slice(0, 64)}@${domain}`;
        const result = checkEligibility(councilOnly, email, register);
        expect(result.ok).toBe(false);
        if (!result.ok && emailDomain(email)) expect(result.reason).toMatch(new RegExp(`^This event is for people who work for a UK council\\. ${domain.replace(/\./g, "\\.")} is (a|an|the) `));
      }),
    );
  });

  it("accepts any well-formed local part at any council domain or subdomain (property)", () => {
    const local = fc.stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,20}[a-z0-9])?$/).filter((l) => !l.includes(".."));
    const sub = fc.option(fc.stringMatching(/^[a-z](?:[a-z0-9-]{0,10}[a-z0-9])?$/), { nil: undefined });
    fc.assert(
      fc.property(local, sub, fc.constantFrom(...councilDomains), (l, s, d) => {
        const result = checkEligibility(councilOnly, `${l}@${s ? `${s}.` : ""}${d}`, register);
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.councilName).toBe(councilForDomain(s ? `${s}.${d}` : d, register));
      }),
    );
  });
});

describe("checkEligibility: email-domains", () => {
  const listed = ticket("email-domains", ["digital.example.org", "Surrey.gov.uk"]);

  it("accepts only the listed domains and their subdomains", () => {
    expect(checkEligibility(listed, "a@digital.example.org", register)).toEqual({ ok: true, councilName: null });
    expect(checkEligibility(listed, "a@team.digital.example.org", register)).toEqual({ ok: true, councilName: null });
    expect(checkEligibility(listed, "a@surrey.gov.uk", register)).toEqual({ ok: true, councilName: register.domains.get("surrey.gov.uk") ?? null });
    for (const refused of ["a@example.org", "a@digital.example.org.evil.com", "a@notdigital.example.org", "a@guildford.gov.uk"]) {
      expect(checkEligibility(listed, refused, register)).toEqual({
        ok: false,
        reason: `This ticket is only for people with an email address at digital.example.org, surrey.gov.uk. ${refused.split("@")[1]} is not one of them.`,
        canRequestApproval: true,
      });
    }
  });

  it("with no usable domains listed, refuses everyone but lets them ask", () => {
    expect(checkEligibility(ticket("email-domains", ["*.gov.uk"]), "a@guildford.gov.uk", register)).toEqual({
      ok: false,
      reason: "This ticket is only for people invited by the organisers.",
      canRequestApproval: true,
    });
  });
});

describe("checkEligibility: open and approval", () => {
  it.each(["open", "approval"] as TicketRule[])("%s accepts anyone with a well-formed address, naming a council when there is one", (rule) => {
    expect(checkEligibility(ticket(rule), "someone@gmail.com", register)).toEqual({ ok: true, councilName: null });
    expect(checkEligibility(ticket(rule), "jo@hmrc.gov.uk", register)).toEqual({ ok: true, councilName: null });
    expect(checkEligibility(ticket(rule), "jo@guildford.gov.uk", register)).toEqual({ ok: true, councilName: "Guildford Borough Council" });
  });

  it("open accepts every address that emailDomain accepts, and only those (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), fc.string(), fc.string({ unit: "binary" })), (email) => {
        expect(checkEligibility(ticket("open"), email, register).ok).toBe(emailDomain(email) !== null);
      }),
      { numRuns: 300 },
    );
  });
});

describe("publicSectorKind", () => {
  it("classifies subdomains by their nearest known parent and gives up on unknown domains", () => {
    expect(publicSectorKind("digital.cabinet-office.gov.uk")).toBe("central-government");
    expect(publicSectorKind("x.y.nhs.uk")).toBe("nhs");
    expect(publicSectorKind("example.com")).toBeNull();
    expect(publicSectorKind("example.gov.uk")).toBeNull();
  });
});
