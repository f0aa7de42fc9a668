import { expect, it } from "vitest";
import { firstRow, query } from "../platform";
import { loadOrganiserGrid } from "../grid";
import { seedDemo, seedGridDemo } from ".";
import { makeGridPitch, makeRegistration } from "../../../tests/support/factories";

it("places the demo camp's pitches without host clashes and publishes, once", async () => {
  expect(await seedGridDemo()).toEqual({ placed: 0 }); // no event yet
  await seedDemo();
  const camp = firstRow<{ id: number }>(await query("SELECT id FROM events WHERE slug = 'localgovcamp'"))!;
  const eventId = Number(camp.id);
  expect(await seedGridDemo()).toEqual({ placed: 0 }); // no pitches yet
  const ticket = firstRow<{ id: number }>(await query({ sql: "SELECT id FROM ticket_types WHERE event_id = ?", args: [eventId] }))!;
  const host = await makeRegistration(eventId, Number(ticket.id));
  for (let i = 0; i < 8; i++) await makeGridPitch(eventId, { title: `Demo ${i}`, hostIds: i < 3 ? [host.id] : [] });
  expect(await seedGridDemo()).toEqual({ placed: 8 });
  const grid = (await loadOrganiserGrid(eventId))!;
  expect(grid.unscheduled).toEqual([]);
  expect(grid.schedule.publishedAt).not.toBeNull();
  expect(grid.warnings.summary.filter((w) => w.severity === "hard")).toEqual([]);
  expect(await seedGridDemo()).toEqual({ placed: 0 }); // already has a grid
});
