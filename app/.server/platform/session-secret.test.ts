import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseEnv } from "./env";
import { BURNED_SESSION_SECRET_SHA256, describeSecretOutcome, ensureSessionSecretFile, isBurnedSessionSecret } from "./session-secret";

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
const freshFile = () => path.join(mkdtempSync(path.join(tmpdir(), "pitchgrid-secret-")), "db", ".session-secret");

describe("the session secret kept by npm start", () => {
  it("is generated on first start, owner-only, and differs between two fresh installs", () => {
    const [a, b] = [freshFile(), freshFile()];
    const first = ensureSessionSecretFile(a);
    const second = ensureSessionSecretFile(b);
    expect(first.outcome).toBe("generated");
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(second.secret).not.toBe(first.secret);
    expect(statSync(a).mode & 0o777).toBe(0o600);
    expect(readFileSync(a, "utf8").trim()).toBe(first.secret);
  });

  it("is kept across restarts", () => {
    const file = freshFile();
    const first = ensureSessionSecretFile(file);
    expect(ensureSessionSecretFile(file)).toEqual({ secret: first.secret, outcome: "kept" });
  });

  it("is replaced, and the operator told why, when the file holds a burned value", () => {
    const file = freshFile();
    ensureSessionSecretFile(file);
    const burned = readFileSync(file, "utf8").trim();
    const replaced = ensureSessionSecretFile(file, [sha256(burned)]);
    expect(replaced.outcome).toBe("replaced-burned");
    expect(replaced.secret).not.toBe(burned);
    expect(readFileSync(file, "utf8").trim()).toBe(replaced.secret);
    expect(describeSecretOutcome("replaced-burned")).toMatch(/published in Pitchgrid's repository.*sign in again/);
  });

  it("replaces a file too short to be a secret", () => {
    const file = freshFile();
    ensureSessionSecretFile(file);
    writeFileSync(file, "short\n");
    const result = ensureSessionSecretFile(file);
    expect(result.outcome).toBe("generated");
    expect(result.secret).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lists only digests of burned secrets, never a secret itself", () => {
    expect(BURNED_SESSION_SECRET_SHA256.length).toBeGreaterThan(0);
    for (const digest of BURNED_SESSION_SECRET_SHA256) expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(isBurnedSessionSecret(" anything ")).toBe(false);
  });
});

describe("SESSION_SECRET in the environment", () => {
  afterEach(() => {
    BURNED_SESSION_SECRET_SHA256.splice(1);
  });

  it("is refused when it is a burned value, in any mode", () => {
    const burned = "b".repeat(40);
    expect(parseEnv({ NODE_ENV: "production", SESSION_SECRET: burned }).SESSION_SECRET).toBe(burned);
    BURNED_SESSION_SECRET_SHA256.push(sha256(burned));
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: burned })).toThrow(/SESSION_SECRET: is the secret that was published/);
    expect(() => parseEnv({ SESSION_SECRET: burned })).toThrow(/SESSION_SECRET/);
  });

  it("is random per process when unset outside production, never a value written in the code", () => {
    const secret = parseEnv({}).SESSION_SECRET;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.resolve("app/.server/platform/env.ts"), "utf8")).not.toContain(secret);
  });
});
