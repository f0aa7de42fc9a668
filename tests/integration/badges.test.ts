import { beforeEach, describe, expect, it } from "vitest";
import { query, resetRateLimitsForTests, rowsOf } from "../../app/.server/platform";
import { eraseRegistration, findRegistration, listBadges, markBadgesPrinted, personalData } from "../../app/.server/registration";
import * as register from "../../app/routes/events.$slug.register._index";
import * as edit from "../../app/routes/r.$token.edit";
import * as badgesPage from "../../app/routes/organise.$slug.badges";
import * as badgesPrint from "../../app/routes/organise.$slug.badges_.print";
import { makeEvent, makeRegistration } from "../support/factories";
import { call, flashOf, type Result } from "../support/route-call";
import { organiserCookie } from "../support/sessions";

/**
 * Pronouns on the registration form and the private edit page, and the organiser's name badges:
 * the print view (A4 sheets of 8, or one to a page), and "Mark as printed" (a POST), after which
 * "only new" has the people confirmed since.
 */
const BASE = "http://pitchgrid.test";
const post = (path: string, fields: Record<string, string>, cookie = "") =>
  new Request(`${BASE}${path}`, { method: "POST", body: new URLSearchParams(fields), headers: { origin: BASE, cookie } });
const get = (path: string, cookie = "") => new Request(`${BASE}${path}`, { headers: { cookie } });
const errorsOf = (result: Result) => (result.data?.errors ?? {}) as Record<string, string[]>;

async function printView(slug: string, query: string, cookie: string) {
  const response = await badgesPrint.loader({ request: get(`/organise/${slug}/badges/print${query}`, cookie), params: { slug }, context: {} });
  return { response, html: await response.text() };
}
const sheetsIn = (html: string) => [...html.matchAll(/<section class="sheet"[^>]*>([\s\S]*?)<\/section>/g)].map((m) => [...m[1].matchAll(/<span class="name[^"]*">([^<]*)<\/span>/g)].map((n) => n[1]));

beforeEach(() => resetRateLimitsForTests());

describe("pronouns", () => {
  it("are offered on the registration form, stored, shown and changeable from the private link, and refuse line breaks", async () => {
    const { event, ticket } = await makeEvent();
    const fields = { name: "Pat Pronoun", email: "pat.pronoun@guildford.gov.uk", organisation: "GBC", ticketTypeId: String(ticket.id), intent: "register" };
    const send = (extra: Record<string, string>) => call(() => register.action({ request: post(`/events/${event.slug}/register`, { ...fields, ...extra }), params: { slug: event.slug }, context: {} }));

    const broken = await send({ pronouns: "they/them\r\nBcc: x@evil.example" });
    expect(broken.status).toBe(400);
    expect(errorsOf(broken).pronouns?.[0]).toMatch(/Pronouns/);
    expect(errorsOf(await send({ pronouns: "x".repeat(41) })).pronouns).toEqual(["Pronouns must be 40 characters or fewer"]);

    const ok = await send({ pronouns: " they/them " });
    expect(ok.status).toBe(303);
    const [row] = rowsOf<{ id: number; pronouns: string }>(await query({ sql: "SELECT id, pronouns FROM registrations WHERE email = ?", args: [fields.email] }));
    expect(row.pronouns).toBe("they/them");

    const { manageToken: token, id: samId } = await makeRegistration(event.id, ticket.id, { name: "Sam Edit" });
    const args = (request: Request) => ({ request, params: { token }, context: {} });
    const form = await call(() => edit.loader(args(get(`/r/${token}/edit`))));
    expect((form.data!.values as Record<string, string>).pronouns).toBe("");
    const bad = await call(() => edit.action(args(post(`/r/${token}/edit`, { name: "Sam Edit", organisation: "GBC", pronouns: "she/her\u202E" }))));
    expect(bad.status).toBe(400);
    expect(errorsOf(bad).pronouns).toHaveLength(1);
    const saved = await call(() => edit.action(args(post(`/r/${token}/edit`, { name: "Sam Edit", organisation: "GBC", pronouns: "she/her" }))));
    expect(saved.status).toBe(303);
    const registration = { id: samId };
    expect((await findRegistration(Number(registration.id)))!.pronouns).toBe("she/her");
    expect((await personalData(Number(registration.id))).registration).toMatchObject({ pronouns: "she/her" });
    await eraseRegistration(Number(registration.id));
    const [erased] = rowsOf<{ pronouns: string }>(await query({ sql: "SELECT pronouns FROM registrations WHERE id = ?", args: [registration.id] }));
    expect(erased.pronouns).toBe("");
  });
});

describe("name badges", () => {
  it("print everyone confirmed, 8 to an A4 sheet in name order, or one to a page, with pronouns and organisation", async () => {
    const { event, ticket } = await makeEvent({ organiser: "badges@council.test" });
    const cookie = await organiserCookie("badges@council.test");
    for (let i = 1; i <= 10; i++) await makeRegistration(event.id, ticket.id, { name: `Person ${String(i).padStart(2, "0")}` });
    await makeRegistration(event.id, ticket.id, { name: "Waiting Wendy", status: "waiting" });
    const pat = await makeRegistration(event.id, ticket.id, { name: "Aaron Able" });
    await query({ sql: "UPDATE registrations SET pronouns = 'he/him', organisation = '', council_name = 'Guildford Borough Council' WHERE id = ?", args: [pat.id] });

    const { response, html } = await printView(event.slug, "", cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("content-security-policy")).toMatch(/style-src 'self' 'sha256-/);
    const sheets = sheetsIn(html);
    expect(sheets.map((s) => s.length)).toEqual([8, 3]);
    expect(sheets[0][0]).toBe("Aaron Able");
    expect(sheets.flat()).not.toContain("Waiting Wendy");
    expect(html).toContain('<span class="pronouns">he/him</span><span class="org">Guildford Borough Council</span>');
    expect(html).toContain("@page { size: A4 portrait; margin: 0; }");

    const single = await printView(event.slug, "?layout=single&which=all", cookie);
    expect(sheetsIn(single.html).map((s) => s.length)).toEqual(Array(11).fill(1));
    expect(single.html).toContain("@page { size: 86mm 54mm; margin: 0; }");
  });

  it("record the print only on POST, then print only people confirmed since", async () => {
    const { event, ticket } = await makeEvent({ organiser: "badges2@council.test" });
    const cookie = await organiserCookie("badges2@council.test");
    await makeRegistration(event.id, ticket.id, { name: "Early Bird" });
    const first = await printView(event.slug, "?which=new", cookie);
    expect(sheetsIn(first.html).flat()).toEqual(["Early Bird"]);
    // Opening the print view (twice) records nothing.
    await printView(event.slug, "?which=new", cookie);
    expect((await listBadges(event.id, "new")).printedAt).toBeNull();

    const listedAt = /name="listedAt" value="([^"]+)"/.exec(first.html)![1];
    await new Promise((resolve) => setTimeout(resolve, 5));
    await makeRegistration(event.id, ticket.id, { name: "Walk-in Will" });
    const marked = await call(() => badgesPage.action({ request: post(`/organise/${event.slug}/badges`, { listedAt }, cookie), params: { slug: event.slug }, context: {} }));
    expect(marked.status).toBe(303);
    expect(marked.location).toBe(`/organise/${event.slug}/badges`);
    expect(await flashOf(marked)).toMatch(/^Badges marked as printed\./);

    // Will was confirmed after the list was made, so he is still new even though the button came later.
    const next = await printView(event.slug, "?which=new", cookie);
    expect(sheetsIn(next.html).flat()).toEqual(["Walk-in Will"]);
    expect(sheetsIn((await printView(event.slug, "?which=all", cookie)).html).flat()).toEqual(["Early Bird", "Walk-in Will"]);
    const page = await call(() => badgesPage.loader({ request: get(`/organise/${event.slug}/badges`, cookie), params: { slug: event.slug }, context: {} }));
    expect(page.data).toMatchObject({ total: 2, newSincePrint: 1 });
    expect(page.data!.printedAt).toEqual(expect.any(String));

    // Nothing left once Will is marked too; an older list never moves the mark back.
    await markBadgesPrinted(event.id, new Date().toISOString());
    expect((await printView(event.slug, "?which=new", cookie)).html).toContain("nobody has been confirmed since the last print");
    const before = (await listBadges(event.id, "all")).printedAt;
    await markBadgesPrinted(event.id, listedAt);
    expect((await listBadges(event.id, "all")).printedAt).toBe(before);
    // A time in the future is recorded as now; nonsense is refused.
    const bad = await call(() => badgesPage.action({ request: post(`/organise/${event.slug}/badges`, { listedAt: "yesterday" }, cookie), params: { slug: event.slug }, context: {} }));
    expect(bad.status).toBe(400);
  });

  it("are for the event's organisers only", async () => {
    const { event } = await makeEvent({ organiser: "badges3@council.test" });
    const stranger = await organiserCookie("stranger@council.test");
    const outcome = await call(() => badgesPrint.loader({ request: get(`/organise/${event.slug}/badges/print`, stranger), params: { slug: event.slug }, context: {} }));
    expect(outcome.status).toBe(403);
    const anonymous = await call(() => badgesPrint.loader({ request: get(`/organise/${event.slug}/badges/print`), params: { slug: event.slug }, context: {} }));
    expect([302, 303]).toContain(anonymous.status);
    const mark = await call(() => badgesPage.action({ request: post(`/organise/${event.slug}/badges`, { listedAt: new Date().toISOString() }, stranger), params: { slug: event.slug }, context: {} }));
    expect(mark.status).toBe(403);
    expect((await listBadges(event.id, "all")).printedAt).toBeNull();
  });
});
