import { describe, expect, it } from "vitest";
import { feedStats, sessionGuid, uuidV5 } from "../../app/.server/feeds";
import { getDb, query } from "../../app/.server/platform";
import { zonedToUtc } from "../../app/domain/time";
import { loader as xmlExport } from "../../app/routes/events.$slug.schedule[.]xml";
import { loader as jsonExport } from "../../app/routes/events.$slug.schedule[.]json";
import { seedDemoSchedule } from "../support/demo-schedule";
import { setNotesTemplate } from "../../app/.server/notes";
import { validateJson, validateJsonSchema, validateXml } from "../support/frab-schemas";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../support/factories";

const get = (headers: Record<string, string> = {}) => new Request("http://pitchgrid.test/x", { headers });

async function exportsOf(slug: string) {
  const xml = await xmlExport({ request: get(), params: { slug }, context: {} });
  const json = await jsonExport({ request: get(), params: { slug }, context: {} });
  return { xmlResponse: xml, jsonResponse: json, xml: await xml.text(), json: JSON.parse(await json.text()) };
}

type JsonEvent = { guid: string; id: number; title: string; room: string; date: string; start: string; duration: string; abstract: string; persons: { name: string }[]; url: string };

function jsonEvents(json: { schedule: { conference: { days: { rooms: Record<string, JsonEvent[]> }[] } } }): JsonEvent[] {
  return json.schedule.conference.days.flatMap((d) => Object.values(d.rooms).flat());
}

describe("UUIDs", () => {
  it("are RFC 4122 version 5", () => {
    // The well-known example: uuid5(NAMESPACE_DNS, "python.org").
    expect(uuidV5("python.org", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("886313e1-3b8a-5372-9b90-0c9aee199e5d");
    expect(sessionGuid(7, "http://pitchgrid.test")).toBe(sessionGuid(7, "http://pitchgrid.test"));
    expect(sessionGuid(7, "http://pitchgrid.test")).not.toBe(sessionGuid(8, "http://pitchgrid.test"));
    expect(sessionGuid(7, "http://pitchgrid.test")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("the validators", () => {
  it("reject exports that break the schemas (so a pass means something)", async () => {
    const demo = await seedDemoSchedule(await getDb(), { slug: "frab-broken", sessions: 2, rooms: 2, attendees: 5 });
    const { xml, json } = await exportsOf(demo.slug);
    expect(() => validateXml(xml.replace(/ guid="[^"]+" id=/, " id="), "no-guid")).toThrow(/guid/);
    expect(() => validateXml(xml.replace("<duration>00:45</duration>", "<duration>45 minutes</duration>"), "bad-duration")).toThrow(/duration/);
    const event = jsonEvents(json)[0] as Record<string, unknown>;
    delete event.guid;
    expect(validateJsonSchema(json)).toBe(false);
  });
});

describe("frab exports of a typical event", () => {
  it("validate against the XSD and the JSON Schema, with every placed session once", async () => {
    const demo = await seedDemoSchedule(await getDb(), { slug: "frab-demo-camp", date: "2026-10-24", sessions: 40, rooms: 6 });
    const { xmlResponse, jsonResponse, xml, json } = await exportsOf(demo.slug);
    expect(xmlResponse.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(jsonResponse.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(xmlResponse.headers.get("etag")).not.toBe(jsonResponse.headers.get("etag"));

    expect(validateXml(xml, "demo")).toBe("");
    validateJson(json);

    const events = jsonEvents(json);
    expect(events).toHaveLength(40);
    expect(new Set(events.map((e) => e.guid)).size).toBe(40);
    expect((xml.match(/<event /g) ?? []).length).toBe(40);
    const conference = json.schedule.conference;
    expect(conference.title).toBe("LocalGovCamp Demo");
    expect(conference.acronym).toBe("frab_demo_camp");
    expect(conference.time_zone_name).toBe("Europe/London");
    expect(conference.daysCount).toBe(1);
    expect(conference.timeslot_duration).toBe("00:45");
    expect(conference.rooms.map((r: { name: string }) => r.name)).toEqual(["Council Chamber", "Committee Room 1", "Committee Room 2", "Mayor's Parlour", "Training Suite", "Cafe corner"]);

    // 24 October 2026 is in BST: 10:15 local is 09:15 UTC.
    const first = events.find((e) => e.id === demo.pitchIds[0])!;
    expect(first.date).toBe("2026-10-24T10:15:00+01:00");
    expect(first.start).toBe("10:15");
    expect(first.duration).toBe("00:45");
    expect(first.room).toBe("Council Chamber");
    expect(first.guid).toBe(sessionGuid(demo.pitchIds[0]));
    expect(first.url).toBe(`http://pitchgrid.test/events/${demo.slug}/sessions/${demo.pitchIds[0]}`);
    expect(xml).toContain(`<event guid="${first.guid}" id="${first.id}">`);
    // Issue 18: the session page and its notes in <links>.
    expect((first as JsonEvent & { links: unknown[] }).links).toEqual([
      { url: first.url, title: "Session page", type: "web" },
      { url: `${first.url}/notes`, title: "Session notes", type: "web" },
    ]);
    expect(xml).toContain(`<link href="${first.url}/notes">Session notes</link>`);
  });

  it("carry the organisers' notes link template in <links>, and still validate", async () => {
    const demo = await seedDemoSchedule(await getDb(), { slug: "frab-notes-template", date: "2026-10-24", sessions: 3, rooms: 2 });
    await setNotesTemplate(demo.eventId, "https://docs.example/notes/{slug}-{id}?a=1&b=2");
    const { xml, json } = await exportsOf(demo.slug);
    expect(validateXml(xml, "notes-template")).toBe("");
    validateJson(json);
    const first = jsonEvents(json).find((e) => e.id === demo.pitchIds[0]) as JsonEvent & { links: { url: string }[] };
    expect(first.links[1]).toEqual({ url: `https://docs.example/notes/frab-notes-template-${demo.pitchIds[0]}?a=1&b=2`, title: "Session notes", type: "web" });
    expect(xml).toContain(`<link href="https://docs.example/notes/frab-notes-template-${demo.pitchIds[0]}?a=1&amp;b=2">Session notes</link>`);
  });

  it("shows days with no sessions before publication, and keeps each GUID when a session moves", async () => {
    const demo = await seedDemoSchedule(await getDb(), { slug: "frab-unpublished", date: "2027-03-28", sessions: 6, rooms: 3, attendees: 20, published: false });
    const before = await exportsOf(demo.slug);
    validateJson(before.json);
    expect(validateXml(before.xml, "unpublished")).toBe("");
    expect(jsonEvents(before.json)).toHaveLength(0);

    const at = new Date().toISOString();
    await query({ sql: "UPDATE events SET grid_published_at = ?, schedule_changed_at = ? WHERE id = ?", args: [at, at, demo.eventId] });
    const published = jsonEvents((await exportsOf(demo.slug)).json);
    const moved = demo.pitchIds[0];
    const guid = published.find((e) => e.id === moved)!.guid;
    // 28 March 2027 is the first day of BST.
    expect(published.find((e) => e.id === moved)!.date).toBe("2027-03-28T10:15:00+01:00");

    const later = new Date(Date.now() + 5000).toISOString();
    const lastSlot = demo.sessionSlotIds[demo.sessionSlotIds.length - 1];
    await query({ sql: "DELETE FROM placements WHERE pitch_id = ?", args: [moved] });
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [moved, demo.eventId, demo.roomIds[2], lastSlot, later] });
    await query({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [later, moved] });
    await query({ sql: "UPDATE events SET schedule_changed_at = ? WHERE id = ?", args: [later, demo.eventId] });
    const after = await exportsOf(demo.slug);
    const movedNow = jsonEvents(after.json).find((e) => e.id === moved)!;
    expect(movedNow.guid).toBe(guid);
    expect(movedNow.room).toBe("Committee Room 2");
    expect(movedNow.start).toBe("16:25");
    expect(after.json.schedule.version).not.toBe(before.json.schedule.version);
    expect(validateXml(after.xml, "moved")).toBe("");
  });

  it("answers conditional requests with 304 without building, and 404 for an unknown event", async () => {
    const demo = await seedDemoSchedule(await getDb(), { slug: "frab-cached", sessions: 4, rooms: 2, attendees: 10 });
    for (const loader of [xmlExport, jsonExport]) {
      const first = await loader({ request: get(), params: { slug: demo.slug }, context: {} });
      const built = feedStats.built;
      const again = await loader({ request: get({ "if-none-match": first.headers.get("etag")! }), params: { slug: demo.slug }, context: {} });
      expect(again.status).toBe(304);
      const byDate = await loader({ request: get({ "if-modified-since": first.headers.get("last-modified")! }), params: { slug: demo.slug }, context: {} });
      expect(byDate.status).toBe(304);
      expect(feedStats.built).toBe(built);
      expect(first.headers.get("access-control-allow-origin")).toBe("*");
      await expect(loader({ request: get(), params: { slug: "no-such-event" }, context: {} })).rejects.toMatchObject({ status: 404 });
    }
  });
});

describe("frab exports of an event with awkward text", () => {
  it("escape markup, keep emoji and quotes, drop control and bidi override characters, and still validate", async () => {
    const date = "2026-10-25";
    const { event, ticket } = await makeEvent({
      slug: "ab",
      startsAt: zonedToUtc(date, "09:00", "Europe/London"),
      endsAt: zonedToUtc(date, "17:00", "Europe/London"),
    });
    await query({ sql: "UPDATE events SET name = ?, summary = ? WHERE id = ?", args: ["Camp & <Co> \"2026\"", "Line\u0001one\u0007 & <b>bold</b>", event.id] });
    const room = await makeRoom(event.id, { name: 'Room "A" & <B> \u202Eevil' });
    const plain = await makeRoom(event.id, { name: "Room 2" });
    const slot = await makeSlot(event.id, zonedToUtc(date, "10:00", "Europe/London"), 45);
    const host = await makeRegistration(event.id, ticket.id, { name: "Zoë <script>alert(1)</script> O'Neil" });
    const title = "Fish & chips <script>alert('x')</script> \"quoted\" 'single' 🐟🇬🇧 \u202Egnp.exe\u0001\u0008\u001B\u007F\u0085 ]]> ¿¡";
    const pitch = await makeGridPitch(event.id, { title, hostIds: [host.id] });
    const second = await makeGridPitch(event.id, { title: "!!!" });
    await query({ sql: "UPDATE pitches SET description = ? WHERE id = ?", args: ["Bring <snacks> & questions\r\nSecond line\u000B\u000C; a\ttab", pitch] });
    const at = new Date(Date.now() + 1000).toISOString();
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [pitch, event.id, room, slot, at] });
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [second, event.id, plain, slot, at] });
    await query({ sql: "UPDATE events SET grid_published_at = ?, schedule_changed_at = ? WHERE id = ?", args: [at, at, event.id] });

    const { xml, json } = await exportsOf(event.slug);
    expect(validateXml(xml, "awkward")).toBe("");
    validateJson(json);

    expect(xml).not.toContain("<script>");
    expect(xml).toContain("Fish &amp; chips &lt;script&gt;alert('x')&lt;/script&gt; \"quoted\" 'single' 🐟🇬🇧 gnp.exe ]]&gt; ¿¡");
    expect(xml).toContain('<room name="Room &quot;A&quot; &amp; &lt;B&gt; evil"');
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u202E]/);
    // (SQLite ends text at a NUL, so NUL is not among the characters stored above.)
    const [awkward, bangs] = jsonEvents(json).sort((a, b) => a.id - b.id);
    expect(awkward.title).toBe("Fish & chips <script>alert('x')</script> \"quoted\" 'single' 🐟🇬🇧 gnp.exe ]]> ¿¡");
    expect(awkward.abstract).toBe("Bring <snacks> & questions\nSecond line; a\ttab");
    expect(awkward.persons).toEqual([expect.objectContaining({ name: "Zoë <script>alert(1)</script> O'Neil" })]);
    expect(awkward.room).toBe('Room "A" & <B> evil');
    expect(json.schedule.conference.title).toBe('Camp & <Co> "2026"');
    expect(json.schedule.conference.description).toBe("Lineone & <b>bold</b>");
    // A short slug and a title with no letters still make valid acronyms and slugs.
    expect(json.schedule.conference.acronym).toBe("ab__");
    expect(bangs.title).toBe("!!!");
    // 25 October 2026: the clocks went back at 2am, so 10am is GMT.
    expect(awkward.date).toBe("2026-10-25T10:00:00+00:00");
    expect(JSON.stringify(json)).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f])|\\u202e/i);
  });
});
