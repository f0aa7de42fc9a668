import { describe, expect, it } from "vitest";
import { hashToken, query } from "../platform";
import {
  countOrganiserSessions,
  endAllOrganiserSessions,
  endOrganiserSession,
  organiserSessionEmail,
  pruneExpiredOrganiserSessions,
  SESSION_DAYS,
  startOrganiserSession,
} from "./organiser-sessions";

const DAY = 24 * 3600_000;
const row = async (id: string) => (await query({ sql: "SELECT * FROM organiser_sessions WHERE id_hash = ?", args: [hashToken(id)] })).rows[0];

describe("organiser sessions", () => {
  it("store only the id's digest, and find the email from the id", async () => {
    const id = await startOrganiserSession("Someone@Guildford.gov.uk");
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await query({ sql: "SELECT COUNT(*) AS n FROM organiser_sessions WHERE id_hash = ?", args: [id] })).rows[0].n).toBe(0);
    expect(await organiserSessionEmail(id)).toBe("someone@guildford.gov.uk");
    expect(await organiserSessionEmail("x".repeat(43))).toBeNull();
    expect(await organiserSessionEmail(undefined)).toBeNull();
  });

  it(`last ${SESSION_DAYS} days from sign-in, then are refused and deleted`, async () => {
    const start = new Date("2026-01-01T10:00:00Z");
    const id = await startOrganiserSession("expiring@guildford.gov.uk", start);
    expect(await organiserSessionEmail(id, new Date(start.getTime() + SESSION_DAYS * DAY - 1000))).toBe("expiring@guildford.gov.uk");
    expect(await organiserSessionEmail(id, new Date(start.getTime() + SESSION_DAYS * DAY))).toBeNull();
    expect(await row(id)).toBeUndefined();
  });

  it("note when they were last seen, at most every five minutes", async () => {
    const start = new Date("2026-02-01T10:00:00Z");
    const id = await startOrganiserSession("seen@guildford.gov.uk", start);
    await organiserSessionEmail(id, new Date(start.getTime() + 60_000));
    expect((await row(id)).last_seen_at).toBe(start.toISOString());
    const later = new Date(start.getTime() + 6 * 60_000);
    await organiserSessionEmail(id, later);
    expect((await row(id)).last_seen_at).toBe(later.toISOString());
  });

  it("end one, or all of one person's, and the periodic job prunes the expired", async () => {
    const now = new Date();
    const a = await startOrganiserSession("many@guildford.gov.uk");
    const b = await startOrganiserSession("many@guildford.gov.uk");
    const other = await startOrganiserSession("other@guildford.gov.uk");
    const old = await startOrganiserSession("old@guildford.gov.uk", new Date(now.getTime() - (SESSION_DAYS + 1) * DAY));
    expect(await countOrganiserSessions("many@guildford.gov.uk")).toBe(2);
    await endOrganiserSession(a);
    expect(await organiserSessionEmail(a)).toBeNull();
    expect(await organiserSessionEmail(b)).toBe("many@guildford.gov.uk");
    expect(await endAllOrganiserSessions("MANY@guildford.gov.uk")).toBe(1);
    expect(await organiserSessionEmail(b)).toBeNull();
    expect(await pruneExpiredOrganiserSessions(now)).toBeGreaterThanOrEqual(1);
    expect(await row(old)).toBeUndefined();
    expect(await organiserSessionEmail(other)).toBe("other@guildford.gov.uk");
  });
});
