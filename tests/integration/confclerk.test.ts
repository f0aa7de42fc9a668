import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seedWholeDemo } from "../../app/.server/seed";
import { loader as jsonExport } from "../../app/routes/events.$slug.schedule[.]json";
import { loader as xmlExport } from "../../app/routes/events.$slug.schedule[.]xml";

/**
 * ConfClerk, Debian's offline conference schedule app and a real frab reader nobody here wrote,
 * imports our schedule.xml over HTTP under Xvfb (tests/support/confclerk-import.sh); we then read
 * back what it kept from its own SQLite database and compare it with our JSON export. It once
 * showed our conference as 2106-02-07 with no sessions (date-times where it wants dates) and
 * dropped every speaker (persons without an integer id).
 */

type JsonPerson = { id: number; name: string };
type JsonEvent = { id: number; title: string; date: string; duration: string; room: string; track: string; persons: JsonPerson[]; links: { url: string }[] };
type Json = { schedule: { conference: { title: string; start: string; end: string; days: { rooms: Record<string, JsonEvent[]> }[] } } };

const slug = "localgovcamp";
let xml = "";
let json: Json;
const server = createServer((request, response) => {
  if (request.url !== `/events/${slug}/schedule.xml`) return void response.writeHead(404).end();
  response.writeHead(200, { "content-type": "application/xml; charset=utf-8" }).end(xml);
});

beforeAll(async () => {
  await seedWholeDemo();
  const request = new Request(`http://pitchgrid.test/events/${slug}/schedule`);
  xml = await (await xmlExport({ request, params: { slug }, context: {} })).text();
  json = JSON.parse(await (await jsonExport({ request, params: { slug }, context: {} })).text());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** "2026-06-13T10:00:00+01:00" → the same wall-clock time as ConfClerk's zone-less epoch seconds. */
const wallClockSeconds = (isoWithOffset: string) => Date.parse(`${isoWithOffset.slice(0, 19)}Z`) / 1000;
const seconds = (hoursMinutes: string) => {
  const [h, m] = hoursMinutes.split(":").map(Number);
  return (h * 60 + m) * 60;
};

it("ConfClerk imports the published grid with its date, every session, room, track, speaker and link", async () => {
  const { port } = server.address() as AddressInfo;
  const home = mkdtempSync(path.join(tmpdir(), "pitchgrid-confclerk-"));
  const { stdout } = await promisify(execFile)(
    "xvfb-run",
    ["-a", "bash", path.resolve("tests/support/confclerk-import.sh"), home, `http://127.0.0.1:${port}/events/${slug}/schedule.xml`],
    { timeout: 60_000 },
  );
  const db = createClient({ url: `file:${stdout.trim().split("\n").pop()}` });
  try {
    const expected = json.schedule.conference;
    const events = expected.days.flatMap((d) => Object.values(d.rooms).flat());
    expect(events.length).toBeGreaterThan(5);

    const conference = (await db.execute("SELECT title, start, end FROM conference WHERE active = 1")).rows[0];
    expect(conference.title).toBe(expected.title);
    expect(new Date(Number(conference.start) * 1000).toISOString().slice(0, 10)).toBe(expected.start);
    expect(new Date(Number(conference.end) * 1000).toISOString().slice(0, 10)).toBe(expected.end);

    const rows = (
      await db.execute(
        `SELECT e.id, e.title, e.start, e.duration, t.name AS track, r.name AS room
           FROM event e JOIN track t ON t.id = e.xid_track
           JOIN event_room er ON er.xid_event = e.id AND er.xid_conference = e.xid_conference
           JOIN room r ON r.id = er.xid_room
          ORDER BY e.id`,
      )
    ).rows;
    expect(rows.map((r) => ({ id: Number(r.id), title: r.title, start: Number(r.start), duration: Number(r.duration), track: r.track, room: r.room }))).toEqual(
      [...events]
        .sort((a, b) => a.id - b.id)
        .map((e) => ({ id: e.id, title: e.title, start: wallClockSeconds(e.date), duration: seconds(e.duration), track: e.track, room: e.room })),
    );

    const speakers = (
      await db.execute("SELECT ep.xid_event AS event, p.id, p.name FROM event_person ep JOIN person p ON p.id = ep.xid_person AND p.xid_conference = ep.xid_conference ORDER BY 1, 2")
    ).rows.map((r) => `${r.event}:${r.id}:${r.name}`);
    const expectedSpeakers = events.flatMap((e) => e.persons.map((p) => `${e.id}:${p.id}:${p.name}`)).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    expect(expectedSpeakers.length).toBeGreaterThan(0);
    expect(speakers).toEqual(expectedSpeakers);

    const links = (await db.execute("SELECT xid_event, url FROM link ORDER BY 1, 2")).rows.map((r) => `${r.xid_event} ${r.url}`);
    expect(links).toEqual(events.flatMap((e) => e.links.map((l) => `${e.id} ${l.url}`)).sort((a, b) => a.localeCompare(b, "en", { numeric: true })));
  } finally {
    db.close();
  }
}, 90_000);
