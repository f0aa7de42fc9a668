// Over 400 lines on purpose: every grid change (place, move, swap, pin, close, publish, undo)
// goes through one versioned history; splitting them would spread that invariant over files.
import type { Transaction } from "@libsql/client";
import { DomainError, firstRow, notFound, nowIso, query, rowsOf, writeTransaction } from "../platform";
import { cellKey, gridWarnings, type GridWarnings } from "./warnings";
import type { ShowUpRatio } from "~/domain/attendance";
import { loadSchedule, markScheduleChanged, scheduleAttendance, type Schedule, type ScheduledSession } from "../schedule";
import { dropOwnMoveNotice } from "../notices";
import { formatDate, formatTime } from "~/domain/time";
import { staleRefusal } from "./stale-check";
import { clashThreshold } from "./warning-settings";
import type { GridTouches } from "./stale-rule";
import { raiseSequencesForPublication } from "./publication";
import { slotDatesMatter } from "~/domain/event-day";
import { GRID_CHANGE_FROM, GRID_CHANGE_WHO, loadOpenSpaceGrid, requireOwnOpenSession } from "./open-space";
import { openSpaceVerdict } from "./open-space-rule";

/**
 * The organisers' grid. Every change to placements goes through commitGridChange: one write
 * transaction that refuses a stale grid version, bumps the version, raises the sequence of each
 * pitch whose room or time changed (calendar feeds), marks the schedule changed, and records
 * what the touched placements were before and after, so any change can be undone.
 */

/** A change the grid refused (a conflict): `stale` when someone else changed the grid first. */
export class GridChangeRefused extends DomainError {
  constructor(
    message: string,
    readonly reason: "stale" | "rule",
  ) {
    super("conflict", message);
  }
}

type Placement = { pitchId: number; roomId: number; slotId: number; pinned: boolean };
/** Where a pitch should be after a change; null means unscheduled. */
type Target = { roomId: number; slotId: number; pinned: boolean } | null;
/** Before/after JSON in grid_changes: each touched pitch's placement (null: unscheduled). */
type PlacementState = { pitchId: number; placement: Omit<Placement, "pitchId"> | null }[];

type TxContext = {
  tx: Transaction;
  eventId: number;
  timeZone: string;
  rooms: Map<number, string>;
  slots: Map<number, { kind: string; startsAt: string; label: string }>;
};

/** `touches`: what the change is about; a change since the page's version that touched none of it does not stop it. */
async function context(tx: Transaction, eventId: number, expectedVersion: number, touches?: GridTouches): Promise<TxContext> {
  const event = firstRow<{ grid_version: number; time_zone: string }>(
    await tx.execute({ sql: "SELECT grid_version, time_zone FROM events WHERE id = ?", args: [eventId] }),
  );
  if (!event) throw notFound("Event");
  const stale = await staleRefusal(tx, eventId, Number(event.grid_version), expectedVersion, touches);
  if (stale) throw new GridChangeRefused(stale, "stale");
  const rooms = rowsOf<{ id: number; name: string }>(await tx.execute({ sql: "SELECT id, name FROM rooms WHERE event_id = ?", args: [eventId] }));
  const slots = rowsOf<{ id: number; kind: string; starts_at: string; label: string }>(
    await tx.execute({ sql: "SELECT id, kind, starts_at, label FROM slots WHERE event_id = ?", args: [eventId] }),
  );
  return {
    tx,
    eventId,
    timeZone: event.time_zone,
    rooms: new Map(rooms.map((r) => [Number(r.id), r.name])),
    slots: new Map(slots.map((s) => [Number(s.id), { kind: s.kind, startsAt: s.starts_at, label: s.label }])),
  };
}

function cellName(ctx: TxContext, roomId: number, slotId: number) {
  const slot = ctx.slots.get(slotId);
  const time = slot ? `${formatTime(slot.startsAt, ctx.timeZone)} on ${formatDate(slot.startsAt, ctx.timeZone)}` : `slot ${slotId}`;
  return `${ctx.rooms.get(roomId) ?? `room ${roomId}`} at ${time}`;
}

async function pitchTitles(ctx: TxContext, pitchIds: number[]) {
  if (pitchIds.length === 0) return new Map<number, { title: string; status: string }>();
  const rows = rowsOf<{ id: number; title: string; status: string }>(
    await ctx.tx.execute({
      sql: `SELECT id, title, status FROM pitches WHERE event_id = ? AND id IN (${pitchIds.map(() => "?").join(",")})`,
      args: [ctx.eventId, ...pitchIds],
    }),
  );
  return new Map(rows.map((r) => [Number(r.id), { title: r.title, status: r.status }]));
}

async function placementsOf(ctx: TxContext, pitchIds: number[]): Promise<Map<number, Placement>> {
  if (pitchIds.length === 0) return new Map();
  const rows = rowsOf<{ pitch_id: number; room_id: number; slot_id: number; pinned: number }>(
    await ctx.tx.execute({
      sql: `SELECT pitch_id, room_id, slot_id, pinned FROM placements WHERE event_id = ? AND pitch_id IN (${pitchIds.map(() => "?").join(",")})`,
      args: [ctx.eventId, ...pitchIds],
    }),
  );
  return new Map(rows.map((r) => [Number(r.pitch_id), { pitchId: Number(r.pitch_id), roomId: Number(r.room_id), slotId: Number(r.slot_id), pinned: !!r.pinned }]));
}

/**
 * Applies `targets` (pitch -> new placement or null) as one recorded change. Checks every rule
 * a placement must keep: the pitch is this event's and open, the cell is this event's, a
 * session slot, not closed, and not taken by a pitch the change does not also move.
 */
async function commitGridChange(
  ctx: TxContext,
  organiserEmail: string,
  kind: "placements" | "undo",
  description: string,
  targets: Map<number, Target>,
  now: Date,
  undoesChangeId: number | null = null,
  byHostRegistrationId: number | null = null,
): Promise<{ version: number; changed: boolean }> {
  const { tx, eventId } = ctx;
  const ids = [...targets.keys()];
  const pitches = await pitchTitles(ctx, ids);
  for (const [pitchId, target] of targets) {
    const pitch = pitches.get(pitchId);
    if (!pitch) throw new GridChangeRefused("That session is not part of this event.", "rule");
    if (target && pitch.status !== "open") throw new GridChangeRefused(`“${pitch.title}” has been withdrawn, so it cannot be placed.`, "rule");
  }
  const seen = new Map<string, number>();
  for (const [pitchId, target] of targets) {
    if (!target) continue;
    if (!ctx.rooms.has(target.roomId)) throw new GridChangeRefused("That room is not part of this event.", "rule");
    const slot = ctx.slots.get(target.slotId);
    if (!slot) throw new GridChangeRefused("That time slot is not part of this event.", "rule");
    if (slot.kind !== "session") throw new GridChangeRefused(`${slot.label || "That slot"} is not a session slot, so nothing can be placed in it.`, "rule");
    const key = cellKey(target.roomId, target.slotId);
    if (seen.has(key)) throw new GridChangeRefused(`Two sessions cannot both go in ${cellName(ctx, target.roomId, target.slotId)}.`, "rule");
    seen.set(key, pitchId);
    const closed = firstRow(await tx.execute({ sql: "SELECT 1 FROM closed_cells WHERE room_id = ? AND slot_id = ?", args: [target.roomId, target.slotId] }));
    if (closed) throw new GridChangeRefused(`${cellName(ctx, target.roomId, target.slotId)} is closed. Reopen it first or choose another cell.`, "rule");
    const occupant = firstRow<{ pitch_id: number; title: string; status: string }>(
      await tx.execute({
        sql: "SELECT pl.pitch_id, p.title, p.status FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.room_id = ? AND pl.slot_id = ?",
        args: [target.roomId, target.slotId],
      }),
    );
    if (occupant && !targets.has(Number(occupant.pitch_id))) {
      // A withdrawn pitch left on the grid gives up its cell (its removal is recorded too).
      if (occupant.status !== "open") targets.set(Number(occupant.pitch_id), null);
      else throw new GridChangeRefused(`${cellName(ctx, target.roomId, target.slotId)} already has “${occupant.title}”. Swap them, or choose an empty cell.`, "rule");
    }
  }

  const allIds = [...targets.keys()];
  const before = await placementsOf(ctx, allIds);
  const moved: number[] = [];
  let changed = false;
  for (const [pitchId, target] of targets) {
    const was = before.get(pitchId) ?? null;
    if (!was && !target) continue;
    if (was && target && was.roomId === target.roomId && was.slotId === target.slotId && was.pinned === target.pinned) continue;
    changed = true;
    if (!was || !target || was.roomId !== target.roomId || was.slotId !== target.slotId) moved.push(pitchId);
  }
  const current = Number(firstRow<{ v: number }>(await tx.execute({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))!.v);
  if (!changed) return { version: current, changed: false };

  const at = nowIso(now);
  await tx.execute({ sql: `DELETE FROM placements WHERE event_id = ? AND pitch_id IN (${allIds.map(() => "?").join(",")})`, args: [eventId, ...allIds] });
  for (const [pitchId, target] of targets) {
    if (!target) continue;
    await tx.execute({
      sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, pinned, placed_at) VALUES (?, ?, ?, ?, ?, ?)",
      args: [pitchId, eventId, target.roomId, target.slotId, target.pinned ? 1 : 0, at],
    });
  }
  for (const pitchId of moved) {
    await tx.execute({ sql: "UPDATE pitches SET sequence = sequence + 1, updated_at = ? WHERE id = ?", args: [at, pitchId] });
  }
  await tx.execute({ sql: "UPDATE events SET grid_version = grid_version + 1 WHERE id = ?", args: [eventId] });
  await markScheduleChanged(tx, eventId, now);
  const state = (source: (id: number) => Target | Placement | null): PlacementState =>
    allIds.map((pitchId) => {
      const p = source(pitchId);
      return { pitchId, placement: p ? { roomId: p.roomId, slotId: p.slotId, pinned: p.pinned } : null };
    });
  await tx.execute({
    sql: `INSERT INTO grid_changes (event_id, organiser_email, kind, description, before_state, after_state, undoes_change_id, created_at, version_after, by_host_registration_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      eventId,
      organiserEmail,
      kind,
      description,
      JSON.stringify(state((id) => before.get(id) ?? null)),
      JSON.stringify(state((id) => targets.get(id) ?? null)),
      undoesChangeId,
      at,
      current + 1,
      byHostRegistrationId,
    ],
  });
  return { version: current + 1, changed: true };
}

async function titleOf(ctx: TxContext, pitchId: number) {
  const pitch = (await pitchTitles(ctx, [pitchId])).get(pitchId);
  if (!pitch) throw new GridChangeRefused("That session is not part of this event.", "rule");
  return pitch.title;
}

/** Places a session in a cell, or moves it there; a pinned session stays pinned. */
export async function placePitch(eventId: number, organiserEmail: string, expectedVersion: number, pitchId: number, roomId: number, slotId: number, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion, { pitchIds: [pitchId], cells: [cellKey(roomId, slotId)] });
    const title = await titleOf(ctx, pitchId);
    const was = (await placementsOf(ctx, [pitchId])).get(pitchId);
    const description = was
      ? `Moved “${title}” from ${cellName(ctx, was.roomId, was.slotId)} to ${cellName(ctx, roomId, slotId)}`
      : `Placed “${title}” in ${cellName(ctx, roomId, slotId)}`;
    return commitGridChange(ctx, organiserEmail, "placements", description, new Map([[pitchId, { roomId, slotId, pinned: was?.pinned ?? false }]]), now);
  });
}

/**
 * Open Space (issue 17): a host puts their own session in a free cell, moves it, or (target
 * null) takes it back off the grid. Refused unless the event allows it and they host the open
 * session (requireOwnOpenSession), when an organiser has pinned it, and when the cell breaks
 * the Open Space rule (open-space-rule.ts: the grid's own warnings). Everything is decided
 * inside one write transaction: two hosts choosing one cell at once, one wins and the other is
 * refused. The grid, read for the rule, is read while this transaction holds the write lock,
 * so nothing can change it in between. Recorded in the grid history as the host's change.
 */
export async function placeOwnSession(eventId: number, registrationId: number, pitchId: number, target: { roomId: number; slotId: number } | null, now = new Date()) {
  return writeTransaction(async (tx) => {
    const own = await requireOwnOpenSession(tx, eventId, registrationId, pitchId);
    const version = Number(firstRow<{ v: number }>(await tx.execute({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [eventId] }))?.v ?? 0);
    const ctx = await context(tx, eventId, version);
    const was = own.placement;
    if (was?.pinned) throw new GridChangeRefused(`An organiser has pinned “${own.title}” in ${cellName(ctx, was.roomId, was.slotId)}, so only the organisers can move it now.`, "rule");
    if (!target) {
      if (!was) throw new GridChangeRefused(`“${own.title}” is not on the grid.`, "rule");
      const done = await commitGridChange(ctx, HOST_WHO, "placements", `Taken off the grid by its host: “${own.title}” from ${cellName(ctx, was.roomId, was.slotId)}`, new Map([[pitchId, null]]), now, null, registrationId);
      await dropOwnMoveNotice(tx, registrationId, pitchId);
      return done;
    }
    const grid = await loadOpenSpaceGrid(eventId);
    if (!grid) throw notFound("Event");
    const verdict = openSpaceVerdict(grid, pitchId, target.roomId, target.slotId);
    if (!verdict.ok) throw new GridChangeRefused(verdict.reason, "rule");
    const description = was
      ? `Moved by its host: “${own.title}” from ${cellName(ctx, was.roomId, was.slotId)} to ${cellName(ctx, target.roomId, target.slotId)}`
      : `Placed by its host: “${own.title}” in ${cellName(ctx, target.roomId, target.slotId)}`;
    const done = await commitGridChange(ctx, HOST_WHO, "placements", description, new Map([[pitchId, { ...target, pinned: false }]]), now, null, registrationId);
    // They chose it: no change notice for them (co-hosts and people who marked it are told).
    await dropOwnMoveNotice(tx, registrationId, pitchId);
    return done;
  });
}

/** grid_changes.organiser_email of a host's change (the host is by_host_registration_id). */
const HOST_WHO = "a host";

/** Swaps two placed sessions' cells. */
export async function swapPitches(eventId: number, organiserEmail: string, expectedVersion: number, firstId: number, secondId: number, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion, { pitchIds: [firstId, secondId], cells: [] });
    if (firstId === secondId) throw new GridChangeRefused("Choose two different sessions to swap.", "rule");
    const placed = await placementsOf(ctx, [firstId, secondId]);
    const a = placed.get(firstId);
    const b = placed.get(secondId);
    const titleA = await titleOf(ctx, firstId);
    const titleB = await titleOf(ctx, secondId);
    if (!a || !b) throw new GridChangeRefused(`Both sessions must be on the grid to swap them: place “${!a ? titleA : titleB}” first.`, "rule");
    return commitGridChange(
      ctx,
      organiserEmail,
      "placements",
      `Swapped “${titleA}” (now ${cellName(ctx, b.roomId, b.slotId)}) and “${titleB}” (now ${cellName(ctx, a.roomId, a.slotId)})`,
      new Map<number, Target>([
        [firstId, { roomId: b.roomId, slotId: b.slotId, pinned: a.pinned }],
        [secondId, { roomId: a.roomId, slotId: a.slotId, pinned: b.pinned }],
      ]),
      now,
    );
  });
}

export async function unschedulePitch(eventId: number, organiserEmail: string, expectedVersion: number, pitchId: number, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion, { pitchIds: [pitchId], cells: [] });
    const title = await titleOf(ctx, pitchId);
    const was = (await placementsOf(ctx, [pitchId])).get(pitchId);
    if (!was) throw new GridChangeRefused(`“${title}” is not on the grid.`, "rule");
    return commitGridChange(ctx, organiserEmail, "placements", `Unscheduled “${title}” from ${cellName(ctx, was.roomId, was.slotId)}`, new Map([[pitchId, null]]), now);
  });
}

/** Pins a placed session (the optimiser will not move it) or unpins it. */
export async function setPinned(eventId: number, organiserEmail: string, expectedVersion: number, pitchId: number, pinned: boolean, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion, { pitchIds: [pitchId], cells: [] });
    const title = await titleOf(ctx, pitchId);
    const was = (await placementsOf(ctx, [pitchId])).get(pitchId);
    if (!was) throw new GridChangeRefused(`“${title}” is not on the grid, so it cannot be pinned.`, "rule");
    return commitGridChange(ctx, organiserEmail, "placements", `${pinned ? "Pinned" : "Unpinned"} “${title}” in ${cellName(ctx, was.roomId, was.slotId)}`, new Map([[pitchId, { ...was, pinned }]]), now);
  });
}

/**
 * For "Suggest a grid": replaces the placements of every open, non-pinned session with the
 * given assignments (sessions not listed end up unscheduled), as one undoable change.
 */
export async function applyGridSuggestion(
  eventId: number,
  organiserEmail: string,
  expectedVersion: number,
  assignments: { pitchId: number; roomId: number; slotId: number }[],
  description: string,
  now = new Date(),
): Promise<{ version: number }> {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion);
    const current = rowsOf<{ pitch_id: number; room_id: number; slot_id: number; pinned: number }>(
      await tx.execute({
        sql: "SELECT pl.pitch_id, pl.room_id, pl.slot_id, pl.pinned FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.event_id = ? AND p.status = 'open'",
        args: [eventId],
      }),
    );
    const pinned = new Map(current.filter((p) => p.pinned).map((p) => [Number(p.pitch_id), p]));
    const targets = new Map<number, Target>();
    for (const p of current) if (!p.pinned) targets.set(Number(p.pitch_id), null);
    for (const a of assignments) {
      if (targets.get(a.pitchId)) throw new GridChangeRefused("The suggestion places one session twice.", "rule");
      const pin = pinned.get(a.pitchId);
      if (pin) {
        if (Number(pin.room_id) !== a.roomId || Number(pin.slot_id) !== a.slotId) throw new GridChangeRefused("The suggestion moves a pinned session.", "rule");
        continue;
      }
      targets.set(a.pitchId, { roomId: a.roomId, slotId: a.slotId, pinned: false });
    }
    const result = await commitGridChange(ctx, organiserEmail, "placements", description, targets, now);
    return { version: result.version };
  });
}

type ChangeRow = { id: number; kind: string; description: string; before_state: string };
// Changes Undo reverts: placements, and unpublishing (undone by publishing again).
const UNDOABLE = "kind IN ('placements', 'unpublish')";

/** The most recent change that Undo would revert, if any. */
async function nextUndo(eventId: number): Promise<{ id: number; description: string } | null> {
  const row = firstRow<ChangeRow>(
    await query({
      sql: `SELECT id, description FROM grid_changes WHERE event_id = ? AND ${UNDOABLE} AND undone_at IS NULL ORDER BY id DESC LIMIT 1`,
      args: [eventId],
    }),
  );
  return row ? { id: Number(row.id), description: row.description } : null;
}

/**
 * Reverts the most recent change not yet undone, restoring the touched placements as they
 * were; the undo is itself recorded in the history. Repeating it walks further back.
 */
export async function undoLastChange(eventId: number, organiserEmail: string, expectedVersion: number, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion);
    const change = firstRow<ChangeRow>(
      await tx.execute({
        sql: `SELECT id, kind, description, before_state FROM grid_changes WHERE event_id = ? AND ${UNDOABLE} AND undone_at IS NULL ORDER BY id DESC LIMIT 1`,
        args: [eventId],
      }),
    );
    if (!change) throw new GridChangeRefused("There is nothing to undo.", "rule");
    if (change.kind === "unpublish") {
      // Publishing again, as it was published before (the same "published since" time).
      const was = (JSON.parse(change.before_state) as { publishedAt: string | null }).publishedAt ?? nowIso(now);
      await raiseSequencesForPublication(tx, eventId, true, now);
      await tx.execute({ sql: "UPDATE events SET grid_published_at = ? WHERE id = ?", args: [was, eventId] });
      const result = await recordOther(ctx, organiserEmail, "undo", `Undid: ${change.description} (published it again)`, { publishedAt: null }, { publishedAt: was }, now, Number(change.id));
      await tx.execute({ sql: "UPDATE grid_changes SET undone_at = ? WHERE id = ?", args: [nowIso(now), change.id] });
      return { ...result, changed: true };
    }
    const before = JSON.parse(change.before_state) as PlacementState;
    const titles = await pitchTitles(ctx, before.map((b) => b.pitchId));
    const targets = new Map<number, Target>();
    // A session withdrawn since cannot come back onto the grid; the rest is restored.
    for (const b of before) targets.set(b.pitchId, titles.get(b.pitchId)?.status === "open" ? b.placement : null);
    const result = await commitGridChange(ctx, organiserEmail, "undo", `Undid: ${change.description}`, targets, now, Number(change.id));
    await tx.execute({ sql: "UPDATE grid_changes SET undone_at = ? WHERE id = ?", args: [nowIso(now), change.id] });
    return result;
  });
}

async function recordOther(ctx: TxContext, email: string, kind: "cells" | "publish" | "unpublish" | "undo", description: string, before: unknown, after: unknown, now: Date, undoesChangeId: number | null = null) {
  await ctx.tx.execute({ sql: "UPDATE events SET grid_version = grid_version + 1 WHERE id = ?", args: [ctx.eventId] });
  await markScheduleChanged(ctx.tx, ctx.eventId, now);
  await ctx.tx.execute({
    sql: `INSERT INTO grid_changes (event_id, organiser_email, kind, description, before_state, after_state, undoes_change_id, created_at, version_after)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT grid_version FROM events WHERE id = ?))`,
    args: [ctx.eventId, email, kind, description, JSON.stringify(before), JSON.stringify(after), undoesChangeId, nowIso(now), ctx.eventId],
  });
  const v = firstRow<{ v: number }>(await ctx.tx.execute({ sql: "SELECT grid_version AS v FROM events WHERE id = ?", args: [ctx.eventId] }))!;
  return { version: Number(v.v) };
}

/** Closes a room for one slot (nothing can be placed there) or reopens it. */
export async function setCellClosed(eventId: number, organiserEmail: string, expectedVersion: number, roomId: number, slotId: number, closed: boolean, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion, { pitchIds: [], cells: [cellKey(roomId, slotId)] });
    if (!ctx.rooms.has(roomId) || ctx.slots.get(slotId)?.kind !== "session") throw new GridChangeRefused("That cell is not part of this event's grid.", "rule");
    const isClosed = !!firstRow(await tx.execute({ sql: "SELECT 1 FROM closed_cells WHERE room_id = ? AND slot_id = ?", args: [roomId, slotId] }));
    if (isClosed === closed) throw new GridChangeRefused(`${cellName(ctx, roomId, slotId)} is already ${closed ? "closed" : "open"}.`, "rule");
    if (closed) {
      const occupant = firstRow<{ title: string }>(
        await tx.execute({
          sql: "SELECT p.title FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.room_id = ? AND pl.slot_id = ? AND p.status = 'open'",
          args: [roomId, slotId],
        }),
      );
      if (occupant) throw new GridChangeRefused(`${cellName(ctx, roomId, slotId)} has “${occupant.title}”. Move or unschedule it before closing the room for that slot.`, "rule");
      await tx.execute({ sql: "INSERT INTO closed_cells (room_id, slot_id) VALUES (?, ?)", args: [roomId, slotId] });
    } else {
      await tx.execute({ sql: "DELETE FROM closed_cells WHERE room_id = ? AND slot_id = ?", args: [roomId, slotId] });
    }
    return recordOther(ctx, organiserEmail, "cells", `${closed ? "Closed" : "Reopened"} ${cellName(ctx, roomId, slotId)}`, { roomId, slotId, closed: isClosed }, { roomId, slotId, closed }, now);
  });
}

/**
 * Publishing makes the grid public (and every later change live); an empty grid cannot be
 * published. Unpublishing hides it again (feeds then list its sessions as cancelled), and Undo
 * publishes it again.
 */
export async function setPublished(eventId: number, organiserEmail: string, expectedVersion: number, published: boolean, now = new Date()) {
  return writeTransaction(async (tx) => {
    const ctx = await context(tx, eventId, expectedVersion, { pitchIds: [], cells: [], published: true });
    const at = firstRow<{ grid_published_at: string | null }>(await tx.execute({ sql: "SELECT grid_published_at FROM events WHERE id = ?", args: [eventId] }))!.grid_published_at;
    if (published && at) throw new GridChangeRefused("The grid is already published.", "rule");
    if (!published && !at) throw new GridChangeRefused("The grid is not published.", "rule");
    if (published) {
      const placed = firstRow(
        await tx.execute({ sql: "SELECT 1 FROM placements pl JOIN pitches p ON p.id = pl.pitch_id WHERE pl.event_id = ? AND p.status = 'open' LIMIT 1", args: [eventId] }),
      );
      if (!placed) throw new GridChangeRefused("Place at least one session on the grid before publishing it.", "rule");
    }
    await raiseSequencesForPublication(tx, eventId, published, now);
    // Publishing again reverses any unpublishing, so Undo no longer offers to.
    if (published) await tx.execute({ sql: "UPDATE grid_changes SET undone_at = ? WHERE event_id = ? AND kind = 'unpublish' AND undone_at IS NULL", args: [nowIso(now), eventId] });
    await tx.execute({ sql: "UPDATE events SET grid_published_at = ? WHERE id = ?", args: [published ? nowIso(now) : null, eventId] });
    return recordOther(ctx, organiserEmail, published ? "publish" : "unpublish", published ? "Published the grid" : "Unpublished the grid", { publishedAt: at }, { publishedAt: published ? nowIso(now) : null }, now);
  });
}

type GridHistoryEntry = { id: number; organiserEmail: string; kind: string; description: string; createdAt: string; undoneAt: string | null };

export async function listGridHistory(eventId: number, limit = 200): Promise<GridHistoryEntry[]> {
  return rowsOf<{ id: number; organiser_email: string; kind: string; description: string; created_at: string; undone_at: string | null }>(
    await query({
      sql: `SELECT g.id, ${GRID_CHANGE_WHO} AS organiser_email, g.kind, g.description, g.created_at, g.undone_at ${GRID_CHANGE_FROM} WHERE g.event_id = ? ORDER BY g.id DESC LIMIT ?`,
      args: [eventId, limit],
    }),
  ).map((r) => ({ id: Number(r.id), organiserEmail: r.organiser_email, kind: r.kind, description: r.description, createdAt: r.created_at, undoneAt: r.undone_at }));
}

type OrganiserGrid = {
  schedule: Schedule;
  sessionSlots: Schedule["slots"];
  closedCells: string[];
  /** Open sessions, placed or not. */
  sessions: ScheduledSession[];
  unscheduled: ScheduledSession[];
  warnings: GridWarnings;
  clashThreshold: number;
  /** The show-up ratio the warnings use, and each open session's expected attendance. */
  showUp: ShowUpRatio;
  expected: Map<number, number>;
  undo: { id: number; description: string } | null;
};

/** Everything the organiser grid page shows: rooms x slots, closed cells, the unscheduled, warnings. */
export async function loadOrganiserGrid(eventId: number): Promise<OrganiserGrid | null> {
  const schedule = await loadSchedule(eventId);
  if (!schedule) return null;
  const [closed, marks, undo, threshold] = await Promise.all([
    query({ sql: "SELECT c.room_id, c.slot_id FROM closed_cells c JOIN rooms r ON r.id = c.room_id WHERE r.event_id = ?", args: [eventId] }),
    query({
      sql: "SELECT i.pitch_id, i.registration_id FROM pitch_interest i JOIN pitches p ON p.id = i.pitch_id WHERE p.event_id = ? AND p.status = 'open'",
      args: [eventId],
    }),
    nextUndo(eventId),
    clashThreshold(eventId),
  ]);
  const tz = schedule.event.timeZone;
  const withDates = slotDatesMatter(schedule.slots, schedule.event, tz);
  const slotNames = Object.fromEntries(
    schedule.slots.map((s) => [s.id, withDates ? `${formatTime(s.startsAt, tz)} on ${formatDate(s.startsAt, tz)}` : formatTime(s.startsAt, tz)]),
  );
  const sessions = schedule.sessions.filter((s) => s.status === "open");
  const attendance = scheduleAttendance(schedule);
  const warnings = gridWarnings({
    rooms: schedule.rooms,
    sessions: sessions.map((s) => ({ ...s, expected: attendance.expected.get(s.pitchId) })),
    interestMarks: rowsOf<{ pitch_id: number; registration_id: number }>(marks).map((m) => ({ pitchId: Number(m.pitch_id), registrationId: Number(m.registration_id) })),
    slotNames,
    clashThreshold: threshold,
  });
  return {
    schedule,
    sessionSlots: schedule.slots.filter((s) => s.kind === "session"),
    closedCells: rowsOf<{ room_id: number; slot_id: number }>(closed).map((c) => cellKey(Number(c.room_id), Number(c.slot_id))),
    sessions,
    unscheduled: sessions.filter((s) => s.roomId === null).sort((a, b) => b.interest - a.interest || a.pitchId - b.pitchId),
    warnings,
    clashThreshold: threshold,
    showUp: attendance.ratio,
    expected: attendance.expected,
    undo,
  };
}
