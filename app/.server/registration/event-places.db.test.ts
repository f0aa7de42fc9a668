import { describe, expect, it } from "vitest";
import { eventPlaces } from "./event-places";
import { freshDatabase, useDatabase } from "../../../tests/support/test-db";
import { makeEvent } from "../../../tests/support/factories";

describe("places left, kept per event", () => {
  // Two databases each with an event of id 1 at places version 1: the places left must come
  // from the database in use (tests run many files, each with its own database, in one process).
  it("never answers for another database with the same ids", async () => {
    const first = await freshDatabase();
    const second = await freshDatabase();
    await useDatabase(first.url);
    const one = await makeEvent({ quota: 10 });
    const fromFirst = await eventPlaces(one.event.id);
    await useDatabase(second.url);
    const two = await makeEvent({ quota: 25 });
    expect(two.event.id).toBe(one.event.id);
    const fromSecond = await eventPlaces(two.event.id);
    expect(fromFirst.tickets.map((t) => t.quota)).toEqual([10]);
    expect(fromSecond.tickets.map((t) => t.quota)).toEqual([25]);
  });
});
