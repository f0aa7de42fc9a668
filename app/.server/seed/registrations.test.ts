import { describe, expect, it } from "vitest";
import { query, rowsOf } from "../platform";
import { seedDemo } from "./demo";
import { seedRegistrationsDemo } from "./registrations";
import { countsByCouncil, ticketAvailability } from "../registration";
import { findEventBySlug, listTicketTypes } from "../events";

describe("demo registrations", () => {
  it("adds about thirty people to the seeded events, within quotas, once", async () => {
    await seedDemo();
    const first = await seedRegistrationsDemo();
    expect(first.created).toBeGreaterThanOrEqual(25);
    expect(first.created).toBeLessThanOrEqual(40);
    expect(await seedRegistrationsDemo()).toEqual({ created: 0 });

    const camp = (await findEventBySlug("localgovcamp"))!;
    const statuses = rowsOf<{ status: string; n: number }>(await query({ sql: "SELECT status, COUNT(*) AS n FROM registrations WHERE event_id = ? GROUP BY status", args: [camp.id] }));
    expect(Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)]))).toMatchObject({ confirmed: 24, "pending-approval": 2 });
    const councils = await countsByCouncil(camp.id);
    expect(councils.find((c) => c.council === "Guildford Borough Council")?.count).toBe(2);

    for (const slug of ["localgovcamp", "makers-guildford"]) {
      const event = (await findEventBySlug(slug))!;
      const availability = await ticketAvailability(event.id);
      for (const ticket of await listTicketTypes(event.id)) expect(availability.get(ticket.id)!.taken).toBeLessThanOrEqual(ticket.quota);
    }
  });
});
