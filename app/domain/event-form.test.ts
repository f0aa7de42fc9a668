import { describe, expect, it } from "vitest";
import { EventFormSchema, eventFormValues, ticketFormValues, ticketTypeSchema } from "./event-form";

const ticket = (allowedDomains: string, rule = "council-only") => ticketTypeSchema("Europe/London").safeParse({ name: "Council staff", quota: "40", rule, allowedDomains });
const messages = (result: ReturnType<typeof ticket>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

describe("a ticket type's listed domains", () => {
  it("accept organisations' own domains, cleaned and without repeats", () => {
    const result = ticket("Guildford.gov.uk\n@surreycc.gov.uk, guildford.gov.uk; council-company.co.uk");
    expect(result.success && result.data.allowedDomains).toEqual(["guildford.gov.uk", "surreycc.gov.uk", "council-company.co.uk"]);
  });

  it("refuse a whole namespace, saying why, for council-only and domain-list tickets alike", () => {
    for (const rule of ["council-only", "email-domains"]) {
      for (const open of ["gov.uk", "nhs.uk", "co.uk", "llyw.cymru"]) {
        expect(messages(ticket(`guildford.gov.uk\n${open}`, rule))).toEqual([
          `allowedDomains: ${open} would let in every address under it, not one organisation: list each organisation's own domain, like guildford.gov.uk`,
        ]);
      }
    }
  });

  it("refuse wildcards and things that are not domains", () => {
    expect(messages(ticket("*.gov.uk"))).toEqual(["allowedDomains: Enter domains like guildford.gov.uk, one per line, with no wildcards"]);
    expect(messages(ticket("guildford"))).toEqual(["allowedDomains: Enter domains like guildford.gov.uk, one per line, with no wildcards"]);
  });
});

describe("an event's own hold and offer times", () => {
  const event = (extra: Record<string, string>) =>
    EventFormSchema.safeParse({ name: "Makers", slug: "makers", startDate: "2027-03-06", startTime: "10:00", endTime: "16:00", capacity: "40", ...extra });

  it("are optional: blank means the site's usual times", () => {
    const result = event({ holdMinutes: "", offerHours: " " });
    expect(result.success && [result.data.holdMinutes, result.data.offerHours]).toEqual([null, null]);
    const set = event({ holdMinutes: "15", offerHours: "24" });
    expect(set.success && [set.data.holdMinutes, set.data.offerHours]).toEqual([15, 24]);
  });

  it("must be whole numbers in range, saying which and why", () => {
    const result = event({ holdMinutes: "2", offerHours: "two days" });
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "holdMinutes: Hold time must be a whole number from 5 to 1440, like 30, or blank for the usual hold time",
      "offerHours: Offer time must be a whole number from 1 to 336, like 48, or blank for the usual offer time",
    ]);
  });
});

describe("an event's privacy settings", () => {
  const event = (extra: Record<string, string>) =>
    EventFormSchema.safeParse({ name: "Makers", slug: "makers", startDate: "2027-03-06", startTime: "10:00", endTime: "16:00", capacity: "40", ...extra });
  const messages = (result: ReturnType<typeof event>) => (result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));

  it("default to legitimate interests, needs kept 30 days and everything else 90", () => {
    const result = event({});
    expect(result.success && result.data.privacy).toEqual({ controllerName: "", privacyContact: "", lawfulBasis: "legitimate-interests", needsRetentionDays: 30, personalRetentionDays: 90 });
    const set = event({ controllerName: " Guildford Borough Council ", privacyContact: "DPO@Guildford.gov.uk", lawfulBasis: "public-task", needsRetentionDays: "7", personalRetentionDays: "0" });
    expect(messages(set)).toEqual(["personalRetentionDays: Keep names and email addresses at least as long as access and dietary needs"]);
    const fine = event({ controllerName: " Guildford Borough Council ", privacyContact: "DPO@Guildford.gov.uk", lawfulBasis: "public-task", needsRetentionDays: "0", personalRetentionDays: "14" });
    expect(fine.success && fine.data.privacy).toEqual({ controllerName: "Guildford Borough Council", privacyContact: "dpo@guildford.gov.uk", lawfulBasis: "public-task", needsRetentionDays: 0, personalRetentionDays: 14 });
  });

  it("refuse what is not a contact address, a basis from the list, a day count or one line of text", () => {
    expect(messages(event({ controllerName: "Council\nEvil", privacyContact: "not an email", lawfulBasis: "because", needsRetentionDays: "-1", personalRetentionDays: "ten years" }))).toEqual([
      "controllerName: Who runs the event must be one line of plain text",
      "privacyContact: Enter the privacy contact as an email address, like dpo@guildford.gov.uk",
      "lawfulBasis: Select the lawful basis for using people’s details",
      "needsRetentionDays: Days to keep access and dietary needs must be a whole number of days from 0 to 3650, like 30",
      "personalRetentionDays: Days to keep names and email addresses must be a whole number of days from 0 to 3650, like 90",
    ]);
  });
});

describe("the edit form's values (issue 14)", () => {
  const stored = (startsAt: string, endsAt: string) => ({
    name: "Camp", slug: "camp", summary: "", venue: "", startsAt, endsAt, timeZone: "Europe/London", capacity: 100, holdMinutes: null, offerHours: null, contactEmail: "",
  });
  it("leave End date blank for a one-day event, so changing the date alone saves", () => {
    const values = eventFormValues(stored("2026-06-01T08:00:00.000Z", "2026-06-01T16:00:00.000Z"));
    expect(values.endDate).toBe("");
    const moved = EventFormSchema.safeParse({ ...values, startDate: "2026-06-08", capacity: "100" });
    expect(moved.success && moved.data.endsAt.toISOString()).toBe("2026-06-08T16:00:00.000Z");
  });
  it("keep End date for an event over several days", () => {
    expect(eventFormValues(stored("2026-06-01T08:00:00.000Z", "2026-06-02T16:00:00.000Z")).endDate).toBe("2026-06-02");
  });
  it("read whether slots move with a new date", () => {
    const base = { ...eventFormValues(stored("2026-06-01T08:00:00.000Z", "2026-06-01T16:00:00.000Z")), capacity: "100" };
    const yes = EventFormSchema.safeParse({ ...base, moveSlots: "yes" });
    const none = EventFormSchema.safeParse(base);
    expect(yes.success && yes.data.moveSlots).toBe(true);
    expect(none.success && none.data.moveSlots).toBeUndefined();
  });
});

describe("dates and times typed in the GOV.UK date input", () => {
  const base = { name: "Makers", slug: "makers", capacity: "40", timeZone: "Europe/London" };
  const boxes = (name: string, day: string, month: string, year: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });
  const issues = (result: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
    result.success ? [] : result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);

  it("round-trip through the event's time zone across the clock changes (stored in UTC)", () => {
    for (const [date, startsAt] of [
      ["2026-10-25", "2026-10-25T09:30:00.000Z"], // the autumn change: 09:30 GMT
      ["2026-10-24", "2026-10-24T08:30:00.000Z"], // the day before: 09:30 BST
      ["2026-03-29", "2026-03-29T08:30:00.000Z"], // the spring change: 09:30 BST
    ] as const) {
      const [year, month, day] = date.split("-");
      const parsed = EventFormSchema.safeParse({ ...base, ...boxes("startDate", day, month, year), ...boxes("endDate", "", "", ""), startTime: "9.30", endTime: "5pm" });
      expect(parsed.success && parsed.data.startsAt.toISOString()).toBe(startsAt);
      if (!parsed.success) continue;
      const values = eventFormValues({ ...parsed.data, summary: "", venue: "", contactEmail: "", startsAt: parsed.data.startsAt.toISOString(), endsAt: parsed.data.endsAt.toISOString() });
      expect([values.startDate, values.startTime, values.endDate, values.endTime]).toEqual([date, "09:30", "", "17:00"]);
      const again = EventFormSchema.safeParse({ ...base, ...values, ...boxes("startDate", String(Number(day)), String(Number(month)), year) , startDate: undefined });
      expect(again.success && [again.data.startsAt.toISOString(), again.data.endsAt.toISOString()]).toEqual([parsed.data.startsAt.toISOString(), parsed.data.endsAt.toISOString()]);
    }
  });

  it("give GOV.UK's messages for each field", () => {
    const result = EventFormSchema.safeParse({ ...base, ...boxes("startDate", "27", "", "2026"), ...boxes("endDate", "31", "4", "2026"), startTime: "half nine", endTime: "" });
    expect(issues(result)).toEqual([
      "startDate: Date of the event must include a month",
      "startTime: Enter the start time in the format 14:30",
      "endDate: End date must be a real date",
      "endTime: Enter the end time",
    ]);
  });

  it("let a ticket type's window be blank, or a date with a time, in the event's zone", () => {
    const ticketForm = (extra: Record<string, string>) => ticketTypeSchema("Europe/London").safeParse({ name: "Staff", quota: "10", rule: "open", allowedDomains: "", ...extra });
    const blank = ticketForm({ ...boxes("opensAt", "", "", ""), opensAtTime: "", ...boxes("closesAt", "", "", ""), closesAtTime: "" });
    expect(blank.success && [blank.data.opensAt, blank.data.closesAt]).toEqual([null, null]);
    const set = ticketForm({ ...boxes("opensAt", "24", "10", "2026"), opensAtTime: "09:00", ...boxes("closesAt", "25", "10", "2026"), closesAtTime: "9am" });
    expect(set.success && [set.data.opensAt?.toISOString(), set.data.closesAt?.toISOString()]).toEqual(["2026-10-24T08:00:00.000Z", "2026-10-25T09:00:00.000Z"]);
    if (set.success) {
      const values = ticketFormValues({ name: "Staff", quota: 10, rule: "open", allowedDomains: [], opensAt: set.data.opensAt!.toISOString(), closesAt: set.data.closesAt!.toISOString() }, "Europe/London");
      expect(values).toMatchObject({ opensAt: "2026-10-24", opensAtTime: "09:00", closesAt: "2026-10-25", closesAtTime: "09:00" });
    }
    expect(issues(ticketForm({ ...boxes("opensAt", "24", "10", "2026"), opensAtTime: "" }))).toEqual(["opensAtTime: Enter the time registration opens"]);
    expect(issues(ticketForm({ closesAtTime: "17:00" }))).toEqual(["closesAt: Enter the date registration closes"]);
    expect(issues(ticketForm({ ...boxes("closesAt", "24", "10", "26"), closesAtTime: "17:00" }))).toEqual(["closesAt: Year must include 4 numbers"]);
  });
});
