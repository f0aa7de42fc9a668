import { expect, it } from "vitest";
import { sessionGuid } from "../../app/.server/feeds";
import { seedWholeDemo } from "../../app/.server/seed";
import { loader as jsonExport } from "../../app/routes/events.$slug.schedule[.]json";
import { loader as xmlExport } from "../../app/routes/events.$slug.schedule[.]xml";
import { validateJson, validateXml } from "../support/frab-schemas";

/**
 * The frab exports of the demo `npm start` seeds (its own file: the seed only runs on a
 * database with no events): the published LocalGovCamp grid and the unpublished Makers day.
 */

async function exportsOf(slug: string) {
  const request = new Request(`http://pitchgrid.test/events/${slug}/schedule`);
  const xml = await (await xmlExport({ request, params: { slug }, context: {} })).text();
  const json = JSON.parse(await (await jsonExport({ request, params: { slug }, context: {} })).text());
  return { xml, json };
}

type JsonEvent = { guid: string; id: number };

it("validates for the seeded demo events, with every placed session once under its stable GUID", async () => {
  const { placed } = await seedWholeDemo();
  expect(placed).toBeGreaterThan(0);

  const camp = await exportsOf("localgovcamp");
  expect(validateXml(camp.xml, "seeded-localgovcamp")).toBe("");
  validateJson(camp.json);
  const events: JsonEvent[] = camp.json.schedule.conference.days.flatMap((d: { rooms: Record<string, JsonEvent[]> }) => Object.values(d.rooms).flat());
  expect(events).toHaveLength(placed);
  expect((camp.xml.match(/<event /g) ?? []).length).toBe(placed);
  for (const e of events) expect(e.guid).toBe(sessionGuid(e.id));

  const makers = await exportsOf("makers-guildford");
  expect(validateXml(makers.xml, "seeded-makers")).toBe("");
  validateJson(makers.json);
});
