import { firstRow, query } from "../platform";
import { applyGridSuggestion, setPublished } from "../grid";
import { loadSchedule } from "../schedule";

/**
 * Gives the demo LocalGovCamp a published grid: its open pitches, most wanted first, into the
 * biggest free rooms, never putting a host in two sessions at once. Does nothing if the event,
 * its pitches, rooms or session slots are missing, or if the grid already has placements.
 */
export async function seedGridDemo(): Promise<{ placed: number }> {
  const event = firstRow<{ id: number }>(await query({ sql: "SELECT id FROM events WHERE slug = 'localgovcamp'", args: [] }));
  if (!event) return { placed: 0 };
  const schedule = await loadSchedule(Number(event.id));
  if (!schedule) return { placed: 0 };
  if (schedule.sessions.some((s) => s.roomId !== null)) return { placed: 0 };
  const organiser = firstRow<{ email: string }>(await query({ sql: "SELECT email FROM event_organisers WHERE event_id = ? ORDER BY added_at LIMIT 1", args: [event.id] }));
  const open = schedule.sessions.filter((s) => s.status === "open").sort((a, b) => b.interest - a.interest || a.pitchId - b.pitchId);
  const rooms = [...schedule.rooms].sort((a, b) => b.capacity - a.capacity);
  const slots = schedule.slots.filter((s) => s.kind === "session");
  if (open.length === 0 || rooms.length === 0 || slots.length === 0) return { placed: 0 };

  const used = new Set<string>();
  const hostsInSlot = new Map<number, Set<number>>();
  const assignments: { pitchId: number; roomId: number; slotId: number }[] = [];
  for (const session of open) {
    // Spread the most wanted sessions across slots first (round robin), biggest room free.
    const order = slots.map((_, i) => slots[(assignments.length + i) % slots.length]);
    found: for (const slot of order) {
      const busy = hostsInSlot.get(slot.id) ?? new Set<number>();
      if (session.hosts.some((h) => busy.has(h.registrationId)) || session.avoidSlotIds.includes(slot.id)) continue;
      for (const room of rooms) {
        const key = `${room.id}:${slot.id}`;
        if (used.has(key)) continue;
        used.add(key);
        for (const h of session.hosts) busy.add(h.registrationId);
        hostsInSlot.set(slot.id, busy);
        assignments.push({ pitchId: session.pitchId, roomId: room.id, slotId: slot.id });
        break found;
      }
    }
  }
  const email = organiser?.email ?? "seed@pitchgrid.local";
  const { version } = await applyGridSuggestion(Number(event.id), email, schedule.gridVersion, assignments, "Demo grid placed by the seed");
  if (!schedule.publishedAt && assignments.length > 0) await setPublished(Number(event.id), email, version, true);
  return { placed: assignments.length };
}
