import { describe, expect, it } from "vitest";
import { closeDb, forgetWhenDatabaseChanges, getDb } from "./db";
import { freshDatabase, useDatabase } from "../../../tests/support/test-db";

describe("caches of what the database holds", () => {
  it("are emptied when the process closes its database or opens another", async () => {
    let forgotten = 0;
    forgetWhenDatabaseChanges(() => forgotten++);
    await getDb();
    closeDb();
    expect(forgotten).toBe(1);
    await getDb();
    expect(forgotten).toBe(1);
    await useDatabase((await freshDatabase()).url);
    expect(forgotten).toBe(2);
  });
});
