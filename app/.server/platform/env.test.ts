import { describe, expect, it } from "vitest";
import { EnvError, listenHost, parseEnv } from "./env";

describe("environment validation", () => {
  it("starts on a laptop with no configuration at all", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:db/pitchgrid.db");
    expect(env.NODE_ENV).toBe("development");
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.HOLD_MINUTES).toBe(30);
    expect(env.OFFER_HOURS).toBe(48);
    expect(env.SESSION_SECRET.length).toBeGreaterThan(20);
  });

  it("points links at the port the app listens on unless PUBLIC_URL says otherwise", () => {
    expect(parseEnv({}).PUBLIC_URL).toBe("http://localhost:3000");
    expect(parseEnv({ PORT: "3999" }).PUBLIC_URL).toBe("http://localhost:3999");
    expect(parseEnv({ PORT: "3999", PUBLIC_URL: "https://camp.example.org/" }).PUBLIC_URL).toBe("https://camp.example.org");
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/- PORT: must be a port number/);
  });

  it("refuses a DATABASE_URL that is not a libSQL URL, saying what it must look like", () => {
    expect(() => parseEnv({ DATABASE_URL: "postgres://localhost/pitchgrid" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "postgres://localhost/pitchgrid" })).toThrow(/DATABASE_URL: must start with file:, libsql:\/\//);
  });

  it("accepts file, libsql, http(s) and in-memory URLs", () => {
    for (const url of ["file:db/x.db", "libsql://pitchgrid-org.turso.io", "http://127.0.0.1:8080", "https://db.example.org", ":memory:"]) {
      expect(parseEnv({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
  });

  it("refuses to run in production without a real session secret", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SESSION_SECRET: is required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "short" })).toThrow(/at least 32 characters/);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) }).SESSION_SECRET).toBe("x".repeat(32));
  });

  it("names every bad variable in one readable message", () => {
    try {
      parseEnv({ NODE_ENV: "production", DATABASE_URL: "mysql://x", PUBLIC_URL: "not a url", HOLD_MINUTES: "-3" });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Pitchgrid cannot start: the environment is not valid\./);
      for (const name of ["DATABASE_URL", "PUBLIC_URL", "HOLD_MINUTES", "SESSION_SECRET"]) expect(message).toContain(`- ${name}:`);
      expect(message).not.toMatch(/ZodError|at Object/);
    }
  });

  it("refuses ADMIN_EMAILS that are not email addresses, naming them (issue 15)", () => {
    expect(() => parseEnv({ ADMIN_EMAILS: "admin@guildford.gov.uk, admin guildford.gov.uk" })).toThrow(/ADMIN_EMAILS: must be email addresses separated by commas \(not valid: admin guildford\.gov\.uk\)/);
  });

  it("splits ADMIN_EMAILS into lower-case addresses", () => {
    expect(parseEnv({ ADMIN_EMAILS: " A@Example.gov.uk, b@example.gov.uk ,," }).ADMIN_EMAILS).toEqual(["a@example.gov.uk", "b@example.gov.uk"]);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ SMTP_URL: "", DATABASE_URL: "" }).DATABASE_URL).toBe("file:db/pitchgrid.db");
  });

  it("takes WEB_CONCURRENCY as a whole number of processes, unset meaning one per CPU", () => {
    expect(parseEnv({}).WEB_CONCURRENCY).toBeUndefined();
    expect(parseEnv({ WEB_CONCURRENCY: "2" }).WEB_CONCURRENCY).toBe(2);
    expect(() => parseEnv({ WEB_CONCURRENCY: "0" })).toThrow(/WEB_CONCURRENCY/);
    expect(() => parseEnv({ WEB_CONCURRENCY: "two" })).toThrow(/WEB_CONCURRENCY: must be a whole number of processes/);
  });
});

describe("where email goes and where the app listens", () => {
  const production = { NODE_ENV: "production", SESSION_SECRET: "x".repeat(32) };

  it("refuses a production start on a real address with no SMTP_URL, naming SMTP_URL", () => {
    expect(() => parseEnv({ ...production, PUBLIC_URL: "https://camp.example.org" })).toThrow(/- SMTP_URL: is required when PUBLIC_URL is not on this machine/);
    expect(() => parseEnv({ ...production, PUBLIC_URL: "http://192.168.1.20:3000" })).toThrow(/SMTP_URL/);
    expect(parseEnv({ ...production, PUBLIC_URL: "https://camp.example.org", SMTP_URL: "smtp://mail.example.org:587" }).SMTP_URL).toBe("smtp://mail.example.org:587");
  });

  it("lets the README's local trial start: PUBLIC_URL on this machine, email to the outbox", () => {
    for (const url of [undefined, "http://localhost:3000", "http://127.0.0.1:41234", "http://[::1]:3000"]) {
      expect(parseEnv({ ...production, PUBLIC_URL: url }).SMTP_URL).toBeUndefined();
    }
    // Tests and development may use any address: nobody receives their email anyway.
    expect(parseEnv({ NODE_ENV: "test", PUBLIC_URL: "http://pitchgrid.test" }).PUBLIC_URL).toBe("http://pitchgrid.test");
  });

  it("listens only on 127.0.0.1 in the local mode unless HOST says otherwise", () => {
    expect(listenHost(parseEnv({ ...production }))).toBe("127.0.0.1");
    expect(listenHost(parseEnv({ ...production, HOST: "0.0.0.0" }))).toBe("0.0.0.0");
    expect(listenHost(parseEnv({ ...production, PUBLIC_URL: "https://camp.example.org", SMTP_URL: "smtp://mail.example.org" }))).toBeUndefined();
    expect(listenHost(parseEnv({ ...production, SMTP_URL: "smtp://mail.example.org" }))).toBeUndefined();
  });

  it("takes MAX_BODY_BYTES as a number of bytes, 64 KiB unless set", () => {
    expect(parseEnv({}).MAX_BODY_BYTES).toBe(65536);
    expect(parseEnv({ MAX_BODY_BYTES: "131072" }).MAX_BODY_BYTES).toBe(131072);
    expect(() => parseEnv({ MAX_BODY_BYTES: "100" })).toThrow(/- MAX_BODY_BYTES: must be at least 4096/);
    expect(() => parseEnv({ MAX_BODY_BYTES: "lots" })).toThrow(/- MAX_BODY_BYTES: must be a number of bytes/);
  });
});
