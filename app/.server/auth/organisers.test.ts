import { describe, expect, it } from "vitest";
import { query } from "../platform";
import { consumeSignInToken, isOrganiserOf, requestSignInLink, SIGN_IN_LINK_MINUTES } from "./organisers";
import { makeEvent } from "../../../tests/support/factories";

describe("organiser sign-in links", () => {
  it("emails a link to a known organiser, and the link works exactly once", async () => {
    await makeEvent({ organiser: "lead@surreycc.gov.uk" });
    const { sent, token } = await requestSignInLink("Lead@SurreyCC.gov.uk", "/organise");
    expect(sent).toBe(true);
    const email = (await query("SELECT to_address, subject, text_body FROM email_outbox ORDER BY id DESC LIMIT 1")).rows[0];
    expect(email.to_address).toBe("lead@surreycc.gov.uk");
    expect(String(email.text_body)).toContain(`/sign-in/verify?token=${token}`);

    expect(await consumeSignInToken(token)).toEqual({ ok: true, email: "lead@surreycc.gov.uk" });
    expect(await consumeSignInToken(token)).toEqual({ ok: false, reason: "used" });
  });

  it("stores only a hash of the token", async () => {
    await makeEvent({ organiser: "hash@surreycc.gov.uk" });
    const { token } = await requestSignInLink("hash@surreycc.gov.uk", "/");
    const rows = (await query("SELECT token_hash FROM sign_in_tokens")).rows.map((r) => String(r.token_hash));
    expect(rows.some((hash) => hash.includes(token!))).toBe(false);
    expect(rows.every((hash) => /^[0-9a-f]{64}$/.test(hash))).toBe(true);
  });

  it("expires after 15 minutes", async () => {
    await makeEvent({ organiser: "late@surreycc.gov.uk" });
    const issued = new Date("2026-05-01T10:00:00Z");
    const { token } = await requestSignInLink("late@surreycc.gov.uk", "/", issued);
    const justAfter = new Date(issued.getTime() + SIGN_IN_LINK_MINUTES * 60_000 + 1);
    expect(await consumeSignInToken(token, justAfter)).toEqual({ ok: false, reason: "expired" });
    const inTime = new Date(issued.getTime() + (SIGN_IN_LINK_MINUTES - 1) * 60_000);
    expect(await consumeSignInToken(token, inTime)).toEqual({ ok: true, email: "late@surreycc.gov.uk" });
  });

  it("refuses wrong, tampered and malformed tokens", async () => {
    await makeEvent({ organiser: "t@surreycc.gov.uk" });
    const { token } = await requestSignInLink("t@surreycc.gov.uk", "/");
    const tampered = token!.slice(0, -1) + (token!.endsWith("A") ? "B" : "A");
    expect(await consumeSignInToken(tampered)).toEqual({ ok: false, reason: "invalid" });
    for (const bad of ["", "short", "x".repeat(500), "<script>", null, 42, ["a"], "' OR 1=1 --"]) {
      expect(await consumeSignInToken(bad)).toEqual({ ok: false, reason: "invalid" });
    }
  });

  it("sends nothing to someone who organises nothing, without saying so", async () => {
    const before = Number((await query("SELECT COUNT(*) AS n FROM email_outbox")).rows[0].n);
    expect(await requestSignInLink("stranger@example.com", "/")).toEqual({ sent: false });
    expect(Number((await query("SELECT COUNT(*) AS n FROM email_outbox")).rows[0].n)).toBe(before);
  });

  it("knows who organises which event; site admins organise every event", async () => {
    const { event } = await makeEvent({ organiser: "a@surreycc.gov.uk" });
    expect(await isOrganiserOf("a@surreycc.gov.uk", event.id)).toBe(true);
    expect(await isOrganiserOf("A@SURREYCC.GOV.UK", event.id)).toBe(true);
    expect(await isOrganiserOf("b@surreycc.gov.uk", event.id)).toBe(false);
    expect(await isOrganiserOf("admin@pitchgrid.test", event.id)).toBe(true);
  });
});
