import { describe, expect, it } from "vitest";
import { firstRow, getDb, query, rowsOf } from "../platform";
import { listGridHistory, placePitch } from "../grid";
import { mergePitches } from ".";
import { makeEvent, makeGridPitch, makeRegistration, makeRoom, makeSlot } from "../../../tests/support/factories";
import { canUnmerge, unmergePitch } from "./merges";
import { carriedNotesHeading, loadSessionNotes, saveSessionNotes, setNotesTemplate } from "../notes";

const ORGANISER = "organiser@council.test";

async function people(pitchId: number) {
  const hosts = rowsOf<{ registration_id: number; role: string }>(await query({ sql: "SELECT registration_id, role FROM pitch_hosts WHERE pitch_id = ? ORDER BY registration_id", args: [pitchId] }));
  const marks = rowsOf<{ registration_id: number }>(await query({ sql: "SELECT registration_id FROM pitch_interest WHERE pitch_id = ? ORDER BY registration_id", args: [pitchId] }));
  return { hosts: hosts.map((h) => [Number(h.registration_id), h.role]), marks: marks.map((m) => Number(m.registration_id)) };
}
async function pitchRow(id: number) {
  return firstRow<{ status: string; merged_into_id: number | null; sequence: number }>(await query({ sql: "SELECT status, merged_into_id, sequence FROM pitches WHERE id = ?", args: [id] }))!;
}

describe("taking a merge apart", () => {
  it("restores both pitches' hosts and marks exactly, and the duplicate's cell", async () => {
    const { event, ticket } = await makeEvent();
    const [amara, ben, both, keptFan, dupFan] = await Promise.all([1, 2, 3, 4, 5].map(() => makeRegistration(event.id, ticket.id)));
    const kept = await makeGridPitch(event.id, { title: "Open data", hostIds: [amara.id], interestIds: [both.id, keptFan.id] });
    const duplicate = await makeGridPitch(event.id, { title: "Opening up data", hostIds: [ben.id], interestIds: [both.id, dupFan.id] });
    // Amara also co-hosts the duplicate; Ben marked the kept one: the merge changes no one twice.
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host', ?)", args: [duplicate, amara.id, new Date().toISOString()] });
    const room = await makeRoom(event.id, { name: "Hall" });
    const slot = await makeSlot(event.id, new Date(Date.parse(event.startsAt) + 3600_000));
    await placePitch(event.id, ORGANISER, 0, duplicate, room, slot);
    const keptBefore = await people(kept);
    const duplicateBefore = await people(duplicate);

    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    expect((await people(kept)).marks).toEqual([both.id, keptFan.id, dupFan.id].sort((a, b) => a - b));
    expect(await canUnmerge(await getDb(), event.id, duplicate)).toBe(true);
    expect((await listGridHistory(event.id))[0]).toMatchObject({ kind: "merge", organiserEmail: ORGANISER, description: "Merged “Opening up data” into “Open data”" });

    const result = await unmergePitch(event.id, duplicate, "second@council.test");
    expect(result.placedIn).toMatch(/^Hall at /);
    expect(await people(kept)).toEqual(keptBefore);
    expect(await people(duplicate)).toEqual(duplicateBefore);
    expect(await pitchRow(duplicate)).toMatchObject({ status: "open", merged_into_id: null });
    expect(firstRow(await query({ sql: "SELECT room_id FROM placements WHERE pitch_id = ?", args: [duplicate] }))).toMatchObject({ room_id: room });
    expect((await listGridHistory(event.id))[0]).toMatchObject({ kind: "unmerge", organiserEmail: "second@council.test", description: expect.stringMatching(/^Took “Opening up data” out of “Open data”, back in Hall at /) });
    expect(await canUnmerge(await getDb(), event.id, duplicate)).toBe(false);
    await expect(unmergePitch(event.id, duplicate, ORGANISER)).rejects.toThrow(/not merged/);
    const subjects = rowsOf<{ subject: string }>(await query({ sql: "SELECT subject FROM email_outbox WHERE to_address = ? ORDER BY id", args: [ben.email] })).map((r) => r.subject);
    expect(subjects.at(-1)).toMatch(/is separate again$/);
  });

  it("puts back a host role the merge raised", async () => {
    const { event, ticket } = await makeEvent();
    const [amara, ben] = await Promise.all([1, 2].map(() => makeRegistration(event.id, ticket.id)));
    const kept = await makeGridPitch(event.id, { title: "Kept", hostIds: [amara.id] });
    const duplicate = await makeGridPitch(event.id, { title: "Dup", hostIds: [ben.id] });
    await query({ sql: "INSERT INTO pitch_hosts (pitch_id, registration_id, role, added_at) VALUES (?, ?, 'co-host-invited', ?)", args: [kept, ben.id, new Date().toISOString()] });
    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    expect((await people(kept)).hosts).toContainEqual([ben.id, "co-host"]);
    await unmergePitch(event.id, duplicate, ORGANISER);
    expect((await people(kept)).hosts).toContainEqual([ben.id, "co-host-invited"]);
  });

  it("refuses a merge that was never recorded", async () => {
    const { event } = await makeEvent();
    const kept = await makeGridPitch(event.id, { title: "Kept" });
    const duplicate = await makeGridPitch(event.id, { title: "Dup" });
    await query({ sql: "UPDATE pitches SET status = 'merged', merged_into_id = ? WHERE id = ?", args: [kept, duplicate] });
    expect(await canUnmerge(await getDb(), event.id, duplicate)).toBe(false);
    await expect(unmergePitch(event.id, duplicate, ORGANISER)).rejects.toThrow(/before merges were recorded/);
  });

  it("refuses to take a merge apart when the duplicate's host has five open pitches meanwhile, changing nothing", async () => {
    const { event, ticket } = await makeEvent();
    const [amara, ben] = await Promise.all([1, 2].map((n) => makeRegistration(event.id, ticket.id, { name: n === 1 ? "Amara" : "Ben Host" })));
    const kept = await makeGridPitch(event.id, { title: "Kept", hostIds: [amara.id] });
    const duplicate = await makeGridPitch(event.id, { title: "Dup", hostIds: [ben.id] });
    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    // Meanwhile Ben pitched five more (the merged one did not count): taking the merge apart would make six.
    for (let i = 0; i < 5; i++) await makeGridPitch(event.id, { title: `More ${i}`, hostIds: [ben.id] });
    const before = await people(kept);
    await expect(unmergePitch(event.id, duplicate, ORGANISER)).rejects.toThrow("“Dup” cannot be taken apart: Ben Host already has 5 open pitches, the most anyone can have. Withdraw or merge one of them first, then try again.");
    expect(firstRow<{ status: string }>(await query({ sql: "SELECT status FROM pitches WHERE id = ?", args: [duplicate] }))!.status).toBe("merged");
    expect(await people(kept)).toEqual(before);
    expect(await canUnmerge(await getDb(), event.id, duplicate)).toBe(true);
  });
});

describe("session notes and merging", () => {
  const editor = { kind: "organiser" as const, email: ORGANISER, role: "organiser" as const };
  async function notesOf(pitchId: number) {
    return rowsOf<{ version: number; body: string; saved_by_organiser: string | null }>(
      await query({ sql: "SELECT version, body, saved_by_organiser FROM session_note_versions WHERE pitch_id = ? ORDER BY version", args: [pitchId] }),
    ).map((v) => ({ version: Number(v.version), body: v.body, by: v.saved_by_organiser }));
  }

  it("keeps the duplicate's notes on the kept session under a heading, with the history; un-merging takes them back off", async () => {
    const { event } = await makeEvent();
    const kept = await makeGridPitch(event.id, { title: "Open data" });
    const duplicate = await makeGridPitch(event.id, { title: "Opening up data" });
    await saveSessionNotes(event.id, kept, editor, 0, "Kept: who came.");
    await saveSessionNotes(event.id, duplicate, editor, 0, "Duplicate: first draft.");
    await saveSessionNotes(event.id, duplicate, editor, 1, "Duplicate: actions agreed.\n");

    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    const merged = await notesOf(kept);
    expect(merged.map((v) => v.version)).toEqual([1, 2]);
    expect(merged[0].body).toBe("Kept: who came.");
    expect(merged[1].body).toBe(`Kept: who came.\n\n${carriedNotesHeading("Opening up data")}\n\nDuplicate: actions agreed.`);
    expect(merged[1].body).toContain("Notes from “Opening up data” (combined with this session)");
    expect(merged[1].by).toBe(ORGANISER);
    // The duplicate's own history is untouched.
    expect((await notesOf(duplicate)).map((v) => v.body)).toEqual(["Duplicate: first draft.", "Duplicate: actions agreed.\n"]);

    const result = await unmergePitch(event.id, duplicate, ORGANISER);
    expect(result.notes).toBe("taken-back");
    const after = await notesOf(kept);
    expect(after.map((v) => [v.version, v.body])).toEqual([
      [1, "Kept: who came."],
      [2, merged[1].body],
      [3, "Kept: who came."],
    ]);
    const back = await loadSessionNotes({ id: event.id, slug: event.slug }, duplicate);
    expect(back.current?.body).toBe("Duplicate: actions agreed.\n");
  });

  it("starts the kept session's notes from the duplicate's when it had none, and leaves notes edited after the merge in place", async () => {
    const { event } = await makeEvent();
    const kept = await makeGridPitch(event.id, { title: "Kept" });
    const duplicate = await makeGridPitch(event.id, { title: "Dup" });
    await saveSessionNotes(event.id, duplicate, editor, 0, "Only the duplicate had notes.");
    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    expect((await notesOf(kept)).map((v) => v.body)).toEqual([`${carriedNotesHeading("Dup")}\n\nOnly the duplicate had notes.`]);
    await saveSessionNotes(event.id, kept, editor, 1, "Worked together: both sessions' notes.");
    expect((await unmergePitch(event.id, duplicate, ORGANISER)).notes).toBe("left");
    expect((await notesOf(kept)).at(-1)!.body).toBe("Worked together: both sessions' notes.");
  });

  it("adds nothing when the duplicate has no notes", async () => {
    const { event } = await makeEvent();
    const kept = await makeGridPitch(event.id, { title: "Kept" });
    const duplicate = await makeGridPitch(event.id, { title: "Dup" });
    await saveSessionNotes(event.id, kept, editor, 0, "Kept only.");
    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    expect((await notesOf(kept)).map((v) => v.body)).toEqual(["Kept only."]);
    expect((await unmergePitch(event.id, duplicate, ORGANISER)).notes).toBe("none");
  });

  it("with a notes link template, the kept session's notes page also links each merged session's own document, until un-merged", async () => {
    const { event } = await makeEvent();
    const kept = await makeGridPitch(event.id, { title: "Kept" });
    const duplicate = await makeGridPitch(event.id, { title: "Dup" });
    await setNotesTemplate(event.id, "https://docs.example/n/{slug}-{id}");
    await mergePitches(event.id, kept, duplicate, new Date(), ORGANISER);
    const notes = await loadSessionNotes({ id: event.id, slug: event.slug }, kept);
    expect(notes.externalLink).toBe(`https://docs.example/n/${event.slug}-${kept}`);
    expect(notes.mergedLinks).toEqual([{ title: "Dup", link: `https://docs.example/n/${event.slug}-${duplicate}` }]);
    await unmergePitch(event.id, duplicate, ORGANISER);
    expect((await loadSessionNotes({ id: event.id, slug: event.slug }, kept)).mergedLinks).toEqual([]);
  });
});
