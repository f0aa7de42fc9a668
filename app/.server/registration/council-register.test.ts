import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REGISTER_FILE, SOURCE_DIR, buildCouncilRegister, parseCsv, serialiseCouncilRegister } from "../../../scripts/build-council-register";
import { loadCouncilRegister, publicSectorKind, type CouncilRegisterFile } from "./eligibility";

const shippedText = readFileSync(REGISTER_FILE, "utf8");
const shipped = JSON.parse(shippedText) as CouncilRegisterFile;
const register = loadCouncilRegister();
const domains = [...register.domains.keys()];

describe("the shipped council register", () => {
  it("is what the builder makes from the sources in db/reference/council-domains", () => {
    const rebuilt = buildCouncilRegister({ builtAt: shipped.builtAt });
    expect(rebuilt).toEqual(shipped);
    expect(serialiseCouncilRegister(rebuilt)).toBe(shippedText);
  });

  it("is the register the app loads", () => {
    expect(register.domains.size).toBe(Object.keys(shipped.councils).length);
    expect(register.domains.size).toBe(shipped.counts.councilDomains);
    expect(loadCouncilRegister()).toBe(register);
  });

  it.each([
    ["guildford.gov.uk", "Guildford Borough Council"],
    ["surreycc.gov.uk", "Surrey County Council"],
    ["camden.gov.uk", "London Borough of Camden"],
    ["leeds.gov.uk", "Leeds City Council"],
    ["newcastle.gov.uk", "Newcastle City Council"],
    ["glasgow.gov.uk", "Glasgow City Council"],
    ["bcpcouncil.gov.uk", "Bournemouth, Christchurch and Poole Council"],
    ["clacks.gov.uk", "Clackmannanshire Council"],
    ["hullcc.gov.uk", "Hull City Council"],
    ["gwynedd.llyw.cymru", "Gwynedd Council"],
    ["buckinghamshire.gov.uk", "Buckinghamshire Council"],
    ["buckscc.gov.uk", "Buckinghamshire Council"],
    ["wyre.gov.uk", "Wyre Borough Council"],
    ["wyreforestdc.gov.uk", "Wyre Forest District Council"],
    ["lewes-eastbourne.gov.uk", "Lewes District Council and Eastbourne Borough Council"],
    ["stratford.gov.uk", "Stratford-on-Avon District Council"],
    ["cumbria.gov.uk", "Cumbria County Council"],
  ])("names %s as %s", (domain, name) => {
    expect(register.domains.get(domain)).toBe(name);
  });

  it("holds the councils outside .gov.uk", () => {
    for (const domain of ["derrystrabane.com", "fermanaghomagh.com", "midulstercouncil.org", "newrymournedown.org", "gwynedd.llyw.cymru"]) {
      expect(register.domains.has(domain)).toBe(true);
    }
  });

  it("holds every domain of the known supplement", () => {
    const supplement = parseCsv(readFileSync(path.join(SOURCE_DIR, "supplement.csv"), "utf8"));
    expect(supplement.length).toBeGreaterThanOrEqual(16);
    for (const { domain } of supplement) expect(register.domains.has(domain), domain).toBe(true);
  });

  it("holds no wildcard, open namespace or malformed entry", () => {
    for (const domain of domains) {
      expect(domain, domain).toMatch(/^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/);
      expect(["gov.uk", "org.uk", "co.uk", "llyw.cymru", "gov.scot", "gov.wales", "nhs.uk", "police.uk"]).not.toContain(domain);
    }
    expect(shippedText).not.toContain("*");
  });

  it("holds no central government, NHS, police, fire or other public body", () => {
    for (const domain of domains) {
      expect(shipped.otherPublicSector[domain], domain).toBeUndefined();
      // Gwynedd is the one council inside a government namespace (llyw.cymru).
      if (domain !== "gwynedd.llyw.cymru") expect(publicSectorKind(domain), domain).toBeNull();
      expect(domain).not.toMatch(/(^|\.)(nhs\.uk|nhs\.net|police\.uk|mod\.uk|parliament\.uk)$/);
    }
    for (const domain of ["cabinetoffice.gov.uk", "cabinet-office.gov.uk", "hmrc.gov.uk", "dsit.gov.uk", "nhs.net", "tfl.gov.uk", "london-fire.gov.uk", "lakedistrict.gov.uk", "queenelizabetholympicpark.co.uk"]) {
      expect(register.domains.has(domain), domain).toBe(false);
    }
  });

  it("covers every current principal council in the mySociety file and says where the data came from", () => {
    expect(shipped.counts.currentPrincipalCouncilsCovered).toBe(shipped.counts.currentPrincipalCouncils);
    expect(shipped.counts.currentPrincipalCouncils).toBe(382);
    expect(shipped.sources.map((s) => s.licence)).toEqual(["OGL-UK-3.0", "CC-BY-4.0", "MIT"]);
    expect(shipped.sources[0].attribution).toContain("Open Government Licence v3.0");
  });
});

describe("buildCouncilRegister", () => {
  const scratch = mkdtempSync(path.join(tmpdir(), "council-register-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  function sourcesWith(change: (dir: string) => void) {
    const dir = mkdtempSync(path.join(scratch, "src-"));
    cpSync(SOURCE_DIR, dir, { recursive: true });
    change(dir);
    return dir;
  }

  it("skips wildcard and non-council records even when typed local_authority", () => {
    const dir = sourcesWith((d) => {
      const file = path.join(d, "user_domains.json");
      const data = JSON.parse(readFileSync(file, "utf8"));
      data.domains.push(
        { domain_pattern: "*.gov.uk", organisation_type_id: "local_authority", notes: "Local authority: Guildford" },
        { domain_pattern: "example-ndpb.org.uk", organisation_type_id: "ndpb", notes: null },
      );
      writeFileSync(file, JSON.stringify(data));
    });
    const built = buildCouncilRegister({ sourceDir: dir, builtAt: "2026-01-01T00:00:00.000Z" });
    expect(Object.keys(built.councils)).not.toContain("*.gov.uk");
    expect(built.councils["example-ndpb.org.uk"]).toBeUndefined();
    expect(built.otherPublicSector["example-ndpb.org.uk"]).toBe("public-body");
    expect(built.councils).toEqual(shipped.councils);
  });

  it("refuses a wildcard or open namespace in the supplement", () => {
    for (const bad of ["*.gov.uk", "gov.uk"]) {
      const dir = sourcesWith((d) => writeFileSync(path.join(d, "supplement.csv"), `domain,local-authority-codes,name,note\n${bad},GRT,,\n`));
      expect(() => buildCouncilRegister({ sourceDir: dir, builtAt: "x" })).toThrow(/not a plain council domain/);
    }
  });

  it("refuses to ship a council domain it cannot name", () => {
    const dir = sourcesWith((d) => {
      const file = path.join(d, "user_domains.json");
      const data = JSON.parse(readFileSync(file, "utf8"));
      data.domains.push({ domain_pattern: "nowhere.gov.uk", organisation_type_id: "local_authority", notes: "Local authority: Nowhere" });
      writeFileSync(file, JSON.stringify(data));
    });
    expect(() => buildCouncilRegister({ sourceDir: dir, builtAt: "x" })).toThrow(/No council name for nowhere\.gov\.uk/);
  });

  it("parses quoted CSV fields with commas, doubled quotes and line breaks", () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n')).toEqual([{ a: "x, y", b: 'say "hi"\nthere' }]);
  });
});
