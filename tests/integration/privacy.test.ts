import { createHmac } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { requestSignInLink } from "../../app/.server/auth";
import { resetPersonalFeed } from "../../app/.server/feeds";
import { configuredMailer, drainOutbox, env, getDb, query, resetRateLimitsForTests, rowsOf } from "../../app/.server/platform";
import { answerCoHostInvitation, createPitch, markInterest } from "../../app/.server/pitching";
import { PitchFormSchema } from "../../app/domain/pitch-rules";
import { applyRetention, confirmPlace, countsByCouncil, countsByStatus, eraseRegistration, findPrivacySettings, findRegistrationByToken, mentions, registerForEvent, resendRegistrationLinks, sendNewManageLink, setCheckedIn } from "../../app/.server/registration";
import { savePrivacySettings } from "../../app/.server/events";
import { addQuestion } from "../../app/.server/events";
import { loader as feedLoader } from "../../app/routes/feeds.$token";
import { loader as eventPrivacy } from "../../app/routes/events.$slug.privacy";
import { startApp, type RunningApp } from "../support/app-server";
import { makeEvent, makeRegistration, makeRoom, makeSlot, registrationInput } from "../support/factories";
import { HttpClient } from "../support/http";

/** Every text value in every table, as "table.column: value". */
async function everyStoredValue(): Promise<string[]> {
  const tables = rowsOf<{ name: string }>(await query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"));
  const values: string[] = [];
  for (const { name } of tables) {
    for (const row of rowsOf<Record<string, unknown>>(await query(`SELECT * FROM "${name}"`))) {
      for (const [column, value] of Object.entries(row)) if (value !== null) values.push(`${name}.${column}: ${String(value)}`);
    }
  }
  return values;
}

async function holders(needle: string): Promise<string[]> {
  const lower = needle.toLowerCase();
  return (await everyStoredValue()).filter((v) => v.toLowerCase().includes(lower));
}

async function outboxFiles(): Promise<string[]> {
  const dir = env().OUTBOX_DIR;
  const files = await readdir(dir).catch(() => [] as string[]);
  return Promise.all(files.map((f) => readFile(path.join(dir, f), "utf8")));
}

function linkIn(text: string, pattern: RegExp): string {
  const match = pattern.exec(text);
  if (!match) throw new Error(`No link matching ${pattern} in:\n${text}`);
  return match[1];
}

async function pendingBodiesTo(address: string) {
  return rowsOf<{ text_body: string }>(await query({ sql: "SELECT text_body FROM email_outbox WHERE to_address = ? AND status = 'pending' ORDER BY id", args: [address] }));
}

async function feedStatus(token: string) {
  try {
    return ((await feedLoader({ request: new Request("http://pitchgrid.test/"), params: { token: `${token}.ics` }, context: {} })) as Response).status;
  } catch (thrown) {
    return (thrown as Response).status;
  }
}

const pitch = (overrides: Record<string, unknown>) =>
  PitchFormSchema.parse({ title: "Open data in planning", description: "What we learnt", format: "discussion", coHosts: "", ...overrides });

beforeEach(() => resetRateLimitsForTests());

describe("secret links are kept only as hashes", () => {
  it("after registering, sending and sending links again, no stored value holds or rebuilds a link, and the links still work", async () => {
    const { event, ticket } = await makeEvent({ organiser: "links-organiser@guildford.gov.uk" });
    const outcome = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, name: "Lin Keeper", email: "lin.keeper@guildford.gov.uk" }));
    const secrets = [outcome.manageToken, outcome.verifyToken!];
    // Verification email, then the confirmation, then "email me my links again".
    expect((await confirmPlace(outcome.verifyToken)).ok).toBe(true);
    for (const email of await pendingBodiesTo("lin.keeper@guildford.gov.uk")) secrets.push(linkIn(email.text_body, /\/r\/([\w-]+)/));
    expect(await drainOutbox(configuredMailer())).toBeGreaterThanOrEqual(2);
    expect(await resendRegistrationLinks(event.slug, "lin.keeper@guildford.gov.uk")).toBe(true);
    const [again] = await pendingBodiesTo("lin.keeper@guildford.gov.uk");
    const resent = linkIn(again.text_body, /\/r\/([\w-]+)/);
    secrets.push(resent);
    const feed = await resetPersonalFeed(outcome.registrationId);
    secrets.push(feed);
    const signIn = await requestSignInLink("links-organiser@guildford.gov.uk", "/organise");
    secrets.push(signIn.token!);
    await drainOutbox(configuredMailer());

    const stored = await everyStoredValue();
    const { SESSION_SECRET } = env();
    for (const secret of secrets) {
      expect(stored.filter((v) => v.includes(secret))).toEqual([]);
      // Nor can any stored value be turned into a link with the server's secret (as seeds could).
      const rebuilt = stored.filter((v) => {
        const value = v.slice(v.indexOf(": ") + 2);
        return ["manage-link", "calendar-feed"].some((purpose) => createHmac("sha256", SESSION_SECRET).update(`${purpose}:${value}`).digest("base64url") === secret);
      });
      expect(rebuilt).toEqual([]);
    }
    // Sent emails keep who, what and when, and no body.
    const sent = rowsOf<{ to_address: string; subject: string; text_body: string; html_body: string | null; attachments: string; sent_at: string }>(
      await query("SELECT to_address, subject, text_body, html_body, attachments, sent_at FROM email_outbox WHERE status = 'sent'"),
    );
    expect(sent.length).toBeGreaterThanOrEqual(4);
    for (const row of sent) {
      expect(row).toMatchObject({ text_body: "", html_body: null, attachments: "[]" });
      expect(row.to_address).toContain("@");
      expect(row.subject).not.toBe("");
      expect(row.sent_at).toBeTruthy();
    }
    // Every manage link sent still opens the registration, and the feed works.
    for (const link of [outcome.manageToken, ...secrets.slice(2, -2)]) expect((await findRegistrationByToken(link))?.id).toBe(outcome.registrationId);
    expect(await feedStatus(feed)).toBe(200);

    // Asking for a new link revokes all of them.
    await sendNewManageLink(outcome.registrationId);
    for (const link of [outcome.manageToken, resent]) expect(await findRegistrationByToken(link)).toBeNull();
    const [fresh] = await pendingBodiesTo("lin.keeper@guildford.gov.uk");
    expect(fresh.text_body).toContain("The links we sent you before no longer work.");
    expect((await findRegistrationByToken(linkIn(fresh.text_body, /\/r\/([\w-]+)/)))?.id).toBe(outcome.registrationId);
  });
});

describe("erasing a person", () => {
  it("reaches their pitches, co-hosting, marks, answers, queued and sent emails and outbox files, and the database file's free pages", async () => {
    const { event, ticket } = await makeEvent();
    const question = await addQuestion(event.id, { label: "Which team are you in?", hint: "", required: false });
    const subject = await registerForEvent(
      event.slug,
      registrationInput({
        ticketTypeId: ticket.id,
        name: "Zephyrine Quillfeather",
        email: "zephyrine.q@guildford.gov.uk",
        accessNeeds: "Hearing loop please",
        answers: [{ questionId: question.id, answer: "Team Narwhal-Zebra" }],
      }),
    );
    expect((await confirmPlace(subject.verifyToken)).ok).toBe(true);
    const other = await makeRegistration(event.id, ticket.id, { name: "Olu Other", email: "olu.other@guildford.gov.uk" });
    // Their two pitches: one placed on the grid, one not; co-host of someone else's; marks.
    const placed = await createPitch(event.id, subject.registrationId, pitch({ title: "Placed session", coHosts: other.email }));
    const unplaced = await createPitch(event.id, subject.registrationId, pitch({ title: "Unplaced session" }));
    const room = await makeRoom(event.id);
    const slot = await makeSlot(event.id, new Date(Date.parse(event.startsAt) + 3600_000));
    await query({ sql: "INSERT INTO placements (pitch_id, event_id, room_id, slot_id, placed_at) VALUES (?, ?, ?, ?, ?)", args: [placed.id, event.id, room, slot, new Date().toISOString()] });
    const othersPitch = await createPitch(event.id, other.id, pitch({ title: "Other's session", coHosts: "zephyrine.q@guildford.gov.uk" }));
    await answerCoHostInvitation(event.id, othersPitch.id, subject.registrationId, true);
    await markInterest(event.id, othersPitch.id, subject.registrationId);
    await resetPersonalFeed(subject.registrationId);
    // Sent (written to the outbox folder), then one more queued to them and one about them.
    await drainOutbox(configuredMailer());
    const files = await outboxFiles();
    expect(files.some((f) => f.includes("zephyrine.q@guildford.gov.uk"))).toBe(true);
    expect(files.some((f) => f.includes("Zephyrine Quillfeather") && !f.includes("zephyrine.q@"))).toBe(true); // the co-host invitation to Olu
    await resendRegistrationLinks(event.slug, "zephyrine.q@guildford.gov.uk");
    await createPitch(event.id, subject.registrationId, pitch({ title: "Third session", coHosts: other.email }));
    // A stray file in the outbox folder addressed to them.
    await mkdir(env().OUTBOX_DIR, { recursive: true });
    await writeFile(path.join(env().OUTBOX_DIR, "0-stray.json"), JSON.stringify({ to: "Zephyrine.Q@guildford.gov.uk", subject: "Hello", text: "Hi" }));
    expect((await holders("Zephyrine")).length).toBeGreaterThan(0);

    await eraseRegistration(subject.registrationId);

    for (const needle of ["zephyrine.q@guildford.gov.uk", "Zephyrine", "Quillfeather", "Hearing loop", "Narwhal-Zebra"]) {
      expect(await holders(needle), needle).toEqual([]);
      expect((await outboxFiles()).filter((f) => f.toLowerCase().includes(needle.toLowerCase())), needle).toEqual([]);
    }
    const pitches = rowsOf<{ id: number; status: string; hosts: number }>(
      await query({ sql: "SELECT id, status, (SELECT COUNT(*) FROM pitch_hosts h WHERE h.pitch_id = p.id) AS hosts FROM pitches p WHERE event_id = ? ORDER BY id", args: [event.id] }),
    );
    // On the grid: stays, "Host removed" (Olu's invitation as co-host remains pending). Unplaced: withdrawn.
    expect(pitches.find((p) => p.id === placed.id)).toMatchObject({ status: "open" });
    expect(pitches.find((p) => p.id === unplaced.id)).toMatchObject({ status: "withdrawn", hosts: 0 });
    expect(pitches.find((p) => p.id === othersPitch.id)).toMatchObject({ status: "open", hosts: 1 });
    expect(Number((await query({ sql: "SELECT COUNT(*) AS n FROM pitch_interest WHERE registration_id = ?", args: [subject.registrationId] })).rows[0].n)).toBe(0);
    expect(Number((await query({ sql: "SELECT COUNT(*) AS n FROM calendar_feeds WHERE registration_id = ?", args: [subject.registrationId] })).rows[0].n)).toBe(0);

    // secure_delete: once the log is checkpointed into the file, the file holds none of it.
    const db = await getDb();
    await db.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = env().DATABASE_URL.replace(/^file:/, "");
    const bytes = (await readFile(file)).toString("latin1");
    for (const needle of ["zephyrine.q@guildford.gov.uk", "Quillfeather", "Hearing loop", "Narwhal-Zebra"]) expect(bytes.includes(needle), needle).toBe(false);
  });
});

describe("finding a person in other people's emails", () => {
  it("matches a name or address as a whole word only, whatever its case", () => {
    expect(mentions("Ann Lee has asked you to co-host", "ann lee")).toBe(true);
    expect(mentions("Approval needed for ANN@leeds.gov.uk.", "ann@leeds.gov.uk")).toBe(true);
    expect(mentions("Planning the announcement", "ann")).toBe(false);
    expect(mentions("From joann@leeds.gov.uk", "ann@leeds.gov.uk")).toBe(false);
    expect(mentions("Ask for Dr. A.N. Other (1+1)", "a.n. other (1+1)")).toBe(true);
  });

  it("leaves other people's unsent emails alone when an erased person's short name is inside other words", async () => {
    const { event, ticket } = await makeEvent();
    const ann = await makeRegistration(event.id, ticket.id, { name: "Ann", email: "ann.short@guildford.gov.uk" });
    await query({
      sql: "INSERT INTO email_outbox (to_address, subject, text_body, next_attempt_at, created_at) VALUES ('organiser@council.test', 'Planning update', 'The announcement is ready.', ?, ?)",
      args: [new Date().toISOString(), new Date().toISOString()],
    });
    await eraseRegistration(ann.id);
    expect(await holders("The announcement is ready.")).toHaveLength(1);
  });
});

describe("the retention job", () => {
  it("erases needs 31 days after the event, anonymises at 91, keeps counts, and a second run changes nothing", async () => {
    const ended = new Date("2026-01-10T17:00:00Z");
    const { event, ticket } = await makeEvent({ startsAt: new Date("2026-01-10T09:00:00Z"), endsAt: ended, quota: 10 });
    const question = await addQuestion(event.id, { label: "Anything else?", hint: "", required: false });
    const people = [];
    for (const [i, needs] of ["Step-free route", "Vegan"].entries()) {
      const outcome = await registerForEvent(
        event.slug,
        registrationInput({ ticketTypeId: ticket.id, name: `Retained Person${i}`, email: `retained${i}@guildford.gov.uk`, accessNeeds: needs, dietaryNeeds: `Diet-${i}`, answers: [{ questionId: question.id, answer: `Secret answer ${i}` }] }),
        new Date("2025-12-01T10:00:00Z"),
      );
      expect((await confirmPlace(outcome.verifyToken, new Date("2025-12-01T10:05:00Z"))).ok).toBe(true);
      people.push(outcome);
    }
    await setCheckedIn(event.id, people[0].registrationId, true, new Date("2026-01-10T09:10:00Z"));
    const host = await createPitch(event.id, people[1].registrationId, pitch({ title: "Kept session" }));
    await markInterest(event.id, host.id, people[0].registrationId);
    await drainOutbox(configuredMailer());
    const counts = async () => ({
      status: await countsByStatus(event.id),
      council: await countsByCouncil(event.id),
      checkedIn: Number((await query({ sql: "SELECT COUNT(*) AS n FROM registrations WHERE event_id = ? AND checked_in_at IS NOT NULL", args: [event.id] })).rows[0].n),
      marks: Number((await query({ sql: "SELECT COUNT(*) AS n FROM pitch_interest WHERE pitch_id = ?", args: [host.id] })).rows[0].n),
    });
    const before = await counts();
    const day = 86400_000;

    // 29 days after: nothing yet.
    await applyRetention(new Date(ended.getTime() + 29 * day));
    expect(await holders("Step-free route")).not.toEqual([]);

    // 31 days after: needs and answers erased, names kept.
    await applyRetention(new Date(ended.getTime() + 31 * day));
    for (const needle of ["Step-free route", "Vegan", "Diet-0", "Secret answer"]) expect(await holders(needle), needle).toEqual([]);
    expect(await holders("Retained Person0")).not.toEqual([]);
    expect((await findPrivacySettings(event.id))!.needsErasedAt).toBe(new Date(ended.getTime() + 31 * day).toISOString());
    expect((await findPrivacySettings(event.id))!.personalAnonymisedAt).toBeNull();

    // 91 days after: nobody identifiable, links dead, counts intact.
    await applyRetention(new Date(ended.getTime() + 91 * day));
    for (const needle of ["Retained Person", "retained0@", "retained1@"]) {
      expect(await holders(needle), needle).toEqual([]);
      expect((await outboxFiles()).filter((f) => f.includes(needle)), needle).toEqual([]);
    }
    for (const person of people) expect(await findRegistrationByToken(person.manageToken)).toBeNull();
    expect(await counts()).toEqual(before);
    expect(rowsOf(await query({ sql: "SELECT status FROM pitches WHERE id = ?", args: [host.id] }))).toEqual([{ status: "open" }]);

    // Idempotent: a second run changes nothing at all.
    const snapshot = await everyStoredValue();
    expect(await applyRetention(new Date(ended.getTime() + 91 * day))).toEqual({ needsErased: 0, anonymised: 0, events: 0 });
    expect(await everyStoredValue()).toEqual(snapshot);
  });

  it("follows each event's own periods, and an event still to come is untouched", async () => {
    const ended = new Date("2026-02-01T17:00:00Z");
    const { event, ticket } = await makeEvent({ startsAt: new Date("2026-02-01T09:00:00Z"), endsAt: ended });
    await savePrivacySettings(event.id, { controllerName: "Test Council", privacyContact: "dpo@test.gov.uk", lawfulBasis: "public-task", needsRetentionDays: 7, personalRetentionDays: 14 });
    const outcome = await registerForEvent(event.slug, registrationInput({ ticketTypeId: ticket.id, name: "Short Keep", accessNeeds: "BSL interpreter" }), new Date("2026-01-20T10:00:00Z"));
    const future = await makeEvent({ startsAt: new Date("2027-06-01T09:00:00Z") });
    await makeRegistration(future.event.id, future.ticket.id, { name: "Future Person" });
    await applyRetention(new Date(ended.getTime() + 8 * 86400_000));
    expect(await holders("BSL interpreter")).toEqual([]);
    expect(await holders("Short Keep")).not.toEqual([]);
    await applyRetention(new Date(ended.getTime() + 15 * 86400_000));
    expect(await holders("Short Keep")).toEqual([]);
    expect(await findRegistrationByToken(outcome.manageToken)).toBeNull();
    expect(await holders("Future Person")).not.toEqual([]);
  });
});

describe("the event's privacy notice", () => {
  it("is written from the event's settings: controller, contact, lawful basis, retention, who sees what, the ICO", async () => {
    const { event } = await makeEvent({ endsAt: new Date("2026-05-01T17:00:00Z"), startsAt: new Date("2026-05-01T09:00:00Z") });
    await savePrivacySettings(event.id, { controllerName: "Guildford Borough Council", privacyContact: "dpo@guildford.gov.uk", lawfulBasis: "public-task", needsRetentionDays: 14, personalRetentionDays: 60 });
    const notice = await eventPrivacy({ request: new Request(`http://pitchgrid.test/events/${event.slug}/privacy`), params: { slug: event.slug }, context: {} });
    expect(notice).toMatchObject({
      controller: "Guildford Borough Council",
      contact: "dpo@guildford.gov.uk",
      needsDays: 14,
      personalDays: 60,
      needsBy: "Friday 15 May 2026",
      personalBy: "Tuesday 30 June 2026",
    });
    expect(notice.lawfulBasis).toContain("Public task");
    // Defaults for an event that has not set them.
    const plain = await makeEvent();
    const fallback = await eventPrivacy({ request: new Request("http://pitchgrid.test/"), params: { slug: plain.event.slug }, context: {} });
    expect(fallback).toMatchObject({ controller: "The organisers of Test Camp", needsDays: 30, personalDays: 90 });
    expect(fallback.lawfulBasis).toContain("Legitimate interests");
  });
});

describe("the privacy notice over HTTP (built app)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ seed: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("is linked from the registration form and says who, how long, who sees what, and the ICO", async () => {
    const client = new HttpClient(app.url);
    const form = await (await client.get("/events/localgovcamp/register")).text();
    expect(form).toContain('href="/events/localgovcamp/privacy"');
    const response = await client.get("/events/localgovcamp/privacy");
    expect(response.status).toBe(200);
    const page = (await response.text()).replace(/<!-- -->/g, "");
    for (const text of ["data controller", "Lawful basis", "erased 30 days after the event ends", "anonymised 90 days", "your name is published", "ico.org.uk"]) {
      expect(page, text).toContain(text);
    }
    const site = await (await client.get("/privacy")).text();
    expect(site).toContain("ico.org.uk");
    expect(site).not.toContain("Only you and the event's organisers can see it");
  });
});
