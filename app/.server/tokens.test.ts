import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { requestSignInLink } from "./auth";
import { resetPersonalFeed } from "./calendar";
import { query, rowsOf } from "./db";
import { registerForEvent } from "./registrations";
import { hashToken, looksLikeToken, newToken, safeEqual } from "./tokens";
import { makeEvent } from "../../tests/support/factories";

/**
 * Every secret the app hands out (private links, sign-in links, feed links, CSP nonces, the
 * generated session secret) carries at least 128 bits from the operating system's CSPRNG, and
 * no secret is compared with a short-circuiting === on attacker-controlled text.
 */
const bytesOf = (token: string) => Buffer.from(token, "base64url").length;
const MIN_BYTES = 16; // 128 bits

/** Non-test source files of the app and its scripts. */
function sources(): { file: string; text: string }[] {
  return ["app", "scripts"].flatMap((dir) =>
    readdirSync(path.resolve(dir), { recursive: true })
      .map(String)
      .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => ({ file: path.join(dir, f), text: readFileSync(path.resolve(dir, f), "utf8") })),
  );
}

describe("token generators", () => {
  it("newToken: 256 bits, URL-safe, never repeated, bits evenly spread", () => {
    const tokens = Array.from({ length: 2000 }, () => newToken());
    expect(new Set(tokens).size).toBe(tokens.length);
    let ones = 0;
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(looksLikeToken(token)).toBe(true);
      const bytes = Buffer.from(token, "base64url");
      expect(bytes.length).toBe(32);
      for (const byte of bytes) for (let b = byte; b; b >>= 1) ones += b & 1;
    }
    // 512,000 bits: a fair source gives 50% ones within a fraction of a percent.
    expect(ones / (tokens.length * 256)).toBeGreaterThan(0.49);
    expect(ones / (tokens.length * 256)).toBeLessThan(0.51);
  });

  it("registration links (manage and confirm) come from at least 128 random bits", async () => {
    const { event, ticket } = await makeEvent({ quota: 10 });
    const person = (i: number) => ({ ticketTypeId: ticket.id, name: `Token ${i}`, email: `token${i}@guildford.gov.uk`, organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });
    const outcomes = [await registerForEvent(event.slug, person(1)), await registerForEvent(event.slug, person(2))];
    for (const outcome of outcomes) {
      expect(bytesOf(outcome.manageToken)).toBeGreaterThanOrEqual(MIN_BYTES);
      expect(bytesOf(outcome.verifyToken!)).toBeGreaterThanOrEqual(MIN_BYTES);
    }
    // The manage link is the random token itself; the database keeps only its hash.
    const rows = rowsOf<{ manage_token_hash: string }>(
      await query({ sql: "SELECT manage_token_hash FROM registrations WHERE event_id = ? ORDER BY id", args: [event.id] }),
    );
    expect(rows.map((r) => r.manage_token_hash)).toEqual(outcomes.map((o) => hashToken(o.manageToken)));
  });

  it("personal feed links come from at least 128 random bits and change on every reset", async () => {
    const { event, ticket } = await makeEvent();
    const outcome = await registerForEvent(event.slug, { ticketTypeId: ticket.id, name: "Feed", email: "feed-token@guildford.gov.uk", organisation: "GBC", jobRole: "", accessNeeds: "", dietaryNeeds: "" });
    const tokens: string[] = [];
    for (let i = 0; i < 3; i++) {
      tokens.push(await resetPersonalFeed(outcome.registrationId));
      const stored = String((await query({ sql: "SELECT token_hash FROM calendar_feeds WHERE registration_id = ?", args: [outcome.registrationId] })).rows[0].token_hash);
      expect(stored).toBe(hashToken(tokens[i]));
    }
    for (const token of tokens) expect(bytesOf(token)).toBeGreaterThanOrEqual(MIN_BYTES);
    expect(new Set(tokens).size).toBe(3);
  });

  it("sign-in links carry 256 bits", async () => {
    await makeEvent({ organiser: "token-organiser@guildford.gov.uk" });
    const { sent, token } = await requestSignInLink("token-organiser@guildford.gov.uk", "/organise");
    expect(sent).toBe(true);
    expect(bytesOf(token!)).toBe(32);
  });

  it("every randomBytes call in the app and its scripts asks for at least 16 bytes, and nothing uses Math.random for a secret", () => {
    const calls = sources().flatMap(({ file, text }) => [...text.matchAll(/randomBytes\(([^)]*)\)/g)].map((m) => ({ file, size: m[1] })));
    // The known generators: tokens, CSP nonces, lottery seeds, erased rows' placeholder hashes, the session secret.
    expect(calls.length).toBeGreaterThanOrEqual(4);
    for (const call of calls) {
      expect(call.size, `${call.file}: randomBytes(${call.size}) must be a literal number of bytes`).toMatch(/^\d+$/);
      expect(Number(call.size), `${call.file}: randomBytes(${call.size})`).toBeGreaterThanOrEqual(MIN_BYTES);
    }
    const weak = sources()
      .filter(({ file }) => file.startsWith("app"))
      .filter(({ text }) => /Math\.random\(|crypto\.randomInt\(|randomInt\(/.test(text))
      .map(({ file }) => file);
    expect(weak).toEqual([]);
  });
});

describe("comparing secrets", () => {
  it("safeEqual is true only for the same text, whatever the lengths, and never throws", () => {
    const token = newToken();
    const other = (text: string, at: number) => `${text.slice(0, at)}${text[at] === "A" ? "B" : "A"}${text.slice(at + 1)}`;
    expect(safeEqual(token, token)).toBe(true);
    expect(safeEqual(token, Buffer.from(token).toString())).toBe(true);
    expect(safeEqual("", "")).toBe(true);
    // One character different, wherever it is: the first, the middle or the last.
    for (let at = 0; at < token.length; at++) expect(safeEqual(token, other(token, at)), `differs at ${at}`).toBe(false);
    // Different lengths, either way round, including a prefix and the empty string. Node's
    // timingSafeEqual throws on buffers of different lengths: answering false shows both sides
    // are reduced to fixed-length digests before the constant-time comparison.
    for (const shorter of [token.slice(0, 10), token.slice(0, -1), "", `${token}x`]) {
      expect(safeEqual(token, shorter)).toBe(false);
      expect(safeEqual(shorter, token)).toBe(false);
    }
    // Same length, one character outside ASCII.
    expect(safeEqual("café", "cafe")).toBe(false);
    expect(safeEqual("café", "caf\u00e9")).toBe(true);
  });

  it("safeEqual reaches the constant-time comparison on every call: nothing returns before it", () => {
    // Read from the function itself, so this fails if a shortcut (a === b, an early length
    // check, a try/catch that answers false) is ever put in front of timingSafeEqual.
    const body = safeEqual.toString();
    expect(body.match(/\breturn\b/g)).toHaveLength(1);
    expect(body).toMatch(/\breturn\s+(?:\(0,\s*)?[\w$.]*\btimingSafeEqual\)?\(\s*left\s*,\s*right\s*\)/);
    expect(body).not.toMatch(/\ba\s*[!=]==?\s*b\b|\btry\b|\?/);
    // The digests are what is compared: fixed length, whatever the inputs.
    expect(body).toMatch(/left\s*=\s*(?:\(0,\s*)?[\w$.]*\bcreateHash\)?\("sha256"\)\.update\(a\)\.digest\(\)/);
    expect(body).toMatch(/right\s*=\s*(?:\(0,\s*)?[\w$.]*\bcreateHash\)?\("sha256"\)\.update\(b\)\.digest\(\)/);
  });

  it("looks secrets up by their SHA-256 digest and never compares a secret with === or !==", () => {
    // A lookup by hashToken(token) in SQL compares digests, which reveal nothing about the token
    // through timing. Anything else that compares a hash or token must use safeEqual.
    const offending: string[] = [];
    for (const { file, text } of sources().filter(({ file }) => file.startsWith("app"))) {
      text.split("\n").forEach((line, index) => {
        for (const [left, right] of comparisons(line)) {
          const secret = (operand: string) => /token|hash|secret|nonce|signature/i.test(operand) && !/\.length$|^typeof\b/.test(operand.trim());
          const plain = (operand: string) => /^\s*(["'`].*["'`]|-?\d+|null|undefined|true|false)\s*$/.test(operand) || /hashToken\(/.test(operand);
          if ((secret(left) || secret(right)) && !plain(left) && !plain(right)) offending.push(`${file}:${index + 1}: ${left.trim()} vs ${right.trim()}`);
        }
      });
    }
    expect(offending).toEqual([]);
  });

  it("finds the operands of a comparison (the scanner above)", () => {
    expect(comparisons('if (!row || row.status === "erased" || row.manage_token_hash.slice(0, 16) !== entry[1]) return null;')).toEqual([
      ["row.status", '"erased"'],
      ["row.manage_token_hash.slice(0, 16)", "entry[1]"],
    ]);
    expect(comparisons("return hashToken(token) === row.token_hash ? token : null;")).toEqual([["return hashToken(token)", "row.token_hash"]]);
    expect(comparisons("const f = (a) => a <= b && c != d;")).toEqual([["c", "d"]]);
  });
});

/** The two operands of each ==, ===, != or !== in a line of code (balanced brackets, stopping at && || , ; ? :). */
function comparisons(line: string): [string, string][] {
  const found: [string, string][] = [];
  for (const match of line.matchAll(/===|!==|(?<![=!<>])==(?!=)|!=(?!=)/g)) {
    const at = match.index!;
    const stops = (i: number) => line.startsWith("||", i) || line.startsWith("&&", i) || ",;?:{}".includes(line[i]) || line.startsWith("=>", i);
    let depth = 0;
    let j = at - 1;
    for (; j >= 0; j--) {
      const ch = line[j];
      if (ch === ")" || ch === "]") depth++;
      else if (ch === "(" || ch === "[") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && (",;?:{}".includes(ch) || /\|\||&&|=>/.test(line.slice(j - 1, j + 1)))) break;
    }
    depth = 0;
    let k = at + match[0].length;
    for (; k < line.length; k++) {
      const ch = line[k];
      if (ch === "(" || ch === "[") depth++;
      else if (ch === ")" || ch === "]") {
        if (depth === 0) break;
        depth--;
      } else if (depth === 0 && stops(k)) break;
    }
    found.push([line.slice(j + 1, at).trim(), line.slice(at + match[0].length, k).trim()]);
  }
  return found;
}
