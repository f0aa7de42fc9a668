import { describe, expect, it } from "vitest";
import { requestSignInLink } from "../auth";
import { resetPersonalFeed } from "../feeds";
import { query, rowsOf } from "./db";
import { registerForEvent } from "../registration";
import { hashToken, looksLikeToken, newToken, safeEqual } from "./tokens";
import { makeEvent } from "../../../tests/support/factories";

/**
 * Every secret the app hands out (private links, sign-in links, feed links, CSP nonces, the
 * generated session secret) carries at least 128 bits from the operating system's CSPRNG, and
 * no secret is compared with a short-circuiting === on attacker-controlled text. The source-wide
 * checks (randomBytes sizes, no Math.random, no === on secrets) are lint rules in eslint.config.js.
 */
const bytesOf = (token: string) => Buffer.from(token, "base64url").length;
const MIN_BYTES = 16; // 128 bits

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
});
