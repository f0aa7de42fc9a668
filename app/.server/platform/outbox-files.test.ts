import { chmodSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeTransaction } from "./db";
import { configuredMailer, drainOutbox, queueEmail } from "./outbox";
import { env } from "./env";

describe("the local outbox folder (no SMTP_URL)", () => {
  it("keeps its emails, which hold private links, readable by the owner only", async () => {
    const dir = env().OUTBOX_DIR;
    // Even a folder someone made world-readable before.
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    await writeTransaction((tx) => queueEmail(tx, { eventId: null, to: "perm@woking.gov.uk", subject: "Your link", text: "http://pitchgrid.test/r/secret" }));
    expect(await drainOutbox(configuredMailer())).toBe(1);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(dir, files[0])).mode & 0o777).toBe(0o600);
  });
});
