import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  attendeeMayChange,
  cleanDescription,
  cleanTitle,
  countInterest,
  filterByFormat,
  mergeInterest,
  mergeRefusal,
  parseCoHostEmails,
  parseFormatFilter,
  parseSort,
  PitchFormSchema,
  sortPitches,
  withinPitchLimit,
  type HostEntry,
  type PitchFormat,
} from "./pitch-rules";

const valid = { title: "Open data in planning", description: "", format: "discussion", needs: [], avoidSlotIds: [], coHosts: "" };

function errorsOf(form: Record<string, unknown>) {
  const parsed = PitchFormSchema.safeParse(form);
  if (parsed.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return errors;
}

describe("the pitch form", () => {
  it("accepts a minimal pitch and cleans what was typed", () => {
    const parsed = PitchFormSchema.parse({ ...valid, title: "  Open   data in planning ", description: "Line one\r\n\r\n\r\n\r\nLine two  " });
    expect(parsed).toEqual({ title: "Open data in planning", description: "Line one\n\nLine two", format: "discussion", needs: [], avoidSlotIds: [], coHosts: [] });
    // A title is one line: a tab, line break or bidi override is refused, not silently cleaned.
    for (const title of ["Open\tdata", "Open\ndata", "Open \u202Edata"]) {
      expect(errorsOf({ ...valid, title }).title).toBe("Title must be one line of text, without line breaks or hidden formatting characters");
    }
  });

  it("asks for a title, then for a long enough one, and refuses one too long", () => {
    expect(errorsOf({ ...valid, title: "" }).title).toBe("Enter a title");
    expect(errorsOf({ ...valid, title: "   " }).title).toBe("Enter a title");
    expect(errorsOf({ ...valid, title: undefined }).title).toBe("Enter a title");
    expect(errorsOf({ ...valid, title: "ab" }).title).toBe("Title must be 3 characters or more");
    expect(errorsOf({ ...valid, title: "abc" }).title).toBeUndefined();
    expect(errorsOf({ ...valid, title: "x".repeat(120) }).title).toBeUndefined();
    expect(errorsOf({ ...valid, title: "x".repeat(121) }).title).toBe("Title must be 120 characters or fewer");
  });

  it("limits the description to 1,000 characters after cleaning", () => {
    expect(errorsOf({ ...valid, description: "x".repeat(1000) }).description).toBeUndefined();
    expect(errorsOf({ ...valid, description: `${"x".repeat(1000)}   \n\n` }).description).toBeUndefined();
    expect(errorsOf({ ...valid, description: "x".repeat(1001) }).description).toBe("Description must be 1,000 characters or fewer");
  });

  it("keeps markup in a description as plain text (it is never rendered as HTML)", () => {
    expect(PitchFormSchema.parse({ ...valid, description: "<script>alert(1)</script>" }).description).toBe("<script>alert(1)</script>");
  });

  it("needs one of the four formats", () => {
    for (const format of ["discussion", "show-and-tell", "workshop", "other"]) expect(errorsOf({ ...valid, format }).format).toBeUndefined();
    for (const format of ["", "lecture", undefined, ["discussion"]]) expect(errorsOf({ ...valid, format }).format).toBe("Choose a format");
  });

  it("takes needs from the list only, once each", () => {
    expect(PitchFormSchema.parse({ ...valid, needs: ["screen", "screen", "step-free"] }).needs).toEqual(["screen", "step-free"]);
    expect(PitchFormSchema.parse({ ...valid, needs: "large-room" }).needs).toEqual(["large-room"]);
    expect(errorsOf({ ...valid, needs: ["jacuzzi"] }).needs).toBe("Choose needs from the list");
  });

  it("takes avoided slots as whole numbers, sorted and once each", () => {
    expect(PitchFormSchema.parse({ ...valid, avoidSlotIds: ["12", "3", "12"] }).avoidSlotIds).toEqual([3, 12]);
    expect(errorsOf({ ...valid, avoidSlotIds: ["3.5"] }).avoidSlotIds).toBe("Choose times from the list");
    expect(errorsOf({ ...valid, avoidSlotIds: ["-1"] }).avoidSlotIds).toBe("Choose times from the list");
    expect(errorsOf({ ...valid, avoidSlotIds: ["1e3"] }).avoidSlotIds).toBe("Choose times from the list");
  });

  it("reads co-hosts' email addresses separated any common way", () => {
    expect(PitchFormSchema.parse({ ...valid, coHosts: "A@Leeds.gov.uk, b@york.gov.uk;\nc@kent.gov.uk a@leeds.gov.uk" }).coHosts).toEqual([
      "a@leeds.gov.uk",
      "b@york.gov.uk",
      "c@kent.gov.uk",
    ]);
    expect(errorsOf({ ...valid, coHosts: "not-an-email" }).coHosts).toMatch(/correct format/);
    expect(errorsOf({ ...valid, coHosts: "a@b.gov.uk, b@b.gov.uk, c@b.gov.uk, d@b.gov.uk" }).coHosts).toBe("You can invite up to 3 co-hosts");
  });

  it("never throws on nonsense input (fuzzed)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("title", "description", "format", "needs", "avoidSlotIds", "coHosts", "other"), fc.oneof(fc.string(), fc.array(fc.string()))), (form) => {
        const parsed = PitchFormSchema.safeParse(form);
        if (parsed.success) {
          expect(parsed.data.title.length).toBeGreaterThanOrEqual(3);
          expect(parsed.data.title.length).toBeLessThanOrEqual(120);
          expect(parsed.data.description.length).toBeLessThanOrEqual(1000);
        }
      }),
    );
  });
});

describe("cleaning text", () => {
  it("drops control characters but keeps new lines in descriptions", () => {
    expect(cleanTitle("a\u0000b\u0007c")).toBe("abc");
    expect(cleanDescription("one\u0000\ntwo\u001b")).toBe("one\ntwo");
  });
  it("parses an empty co-host field as nobody", () => {
    expect(parseCoHostEmails("  ")).toEqual({ ok: true, emails: [] });
  });
});

describe("mergeInterest", () => {
  const host = (registrationId: number, role: HostEntry["role"] = "host"): HostEntry => ({ registrationId, role });

  it("counts someone who marked both pitches once and keeps everyone else's mark", () => {
    const merged = mergeInterest({ hosts: [host(1)], interest: [10, 11, 12] }, { hosts: [host(2)], interest: [12, 13] });
    expect(merged.interest).toEqual([10, 11, 12, 13]);
    expect(merged.addedInterest).toEqual([13]);
  });

  it("makes the duplicate's host a co-host and keeps the kept pitch's host", () => {
    const merged = mergeInterest({ hosts: [host(1)], interest: [] }, { hosts: [host(2), host(3, "co-host"), host(4, "co-host-invited")], interest: [] });
    expect(merged.hosts).toEqual([host(1), host(2, "co-host"), host(3, "co-host"), host(4, "co-host-invited")]);
    expect(merged.addedHosts).toEqual([host(2, "co-host"), host(3, "co-host"), host(4, "co-host-invited")]);
    expect(merged.changedHosts).toEqual([]);
  });

  it("gives a person on both pitches the stronger role, never a weaker one", () => {
    // Invited on the kept pitch, host of the duplicate: becomes an accepted co-host.
    const upgraded = mergeInterest({ hosts: [host(1), host(2, "co-host-invited")], interest: [] }, { hosts: [host(2)], interest: [] });
    expect(upgraded.hosts).toEqual([host(1), host(2, "co-host")]);
    expect(upgraded.changedHosts).toEqual([host(2, "co-host")]);
    expect(upgraded.addedHosts).toEqual([]);
    // The same host pitched both: stays the host.
    const same = mergeInterest({ hosts: [host(1)], interest: [] }, { hosts: [host(1)], interest: [] });
    expect(same.hosts).toEqual([host(1)]);
    expect(same.addedHosts).toEqual([]);
    expect(same.changedHosts).toEqual([]);
  });

  it("holds for any two pitches: no mark lost, none doubled, no host lost (property)", () => {
    const people = fc.record({
      hosts: fc.uniqueArray(fc.record({ registrationId: fc.integer({ min: 1, max: 30 }), role: fc.constantFrom("host" as const, "co-host" as const, "co-host-invited" as const) }), {
        selector: (h) => h.registrationId,
        maxLength: 5,
      }),
      interest: fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(people, people, (kept, duplicate) => {
        const merged = mergeInterest(kept, duplicate);
        const expected = new Set([...kept.interest, ...duplicate.interest]);
        expect(new Set(merged.interest)).toEqual(expected);
        expect(merged.interest.length).toBe(expected.size);
        expect(merged.interest.length).toBe(kept.interest.length + merged.addedInterest.length);
        const ids = merged.hosts.map((h) => h.registrationId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const h of [...kept.hosts, ...duplicate.hosts]) expect(ids).toContain(h.registrationId);
        // Every kept host keeps at least their role; the duplicate's host is never a mere invitee.
        for (const h of kept.hosts) {
          const after = merged.hosts.find((m) => m.registrationId === h.registrationId)!;
          if (h.role === "host") expect(after.role).toBe("host");
        }
        for (const h of duplicate.hosts.filter((d) => d.role === "host")) {
          expect(merged.hosts.find((m) => m.registrationId === h.registrationId)!.role).not.toBe("co-host-invited");
        }
      }),
    );
  });
});

describe("countInterest", () => {
  it("counts each person once per pitch, however often their mark arrives", () => {
    const counts = countInterest([
      { pitchId: 1, registrationId: 5 },
      { pitchId: 1, registrationId: 5 },
      { pitchId: 1, registrationId: 6 },
      { pitchId: 2, registrationId: 5 },
    ]);
    expect(counts).toEqual(
      new Map([
        [1, 2],
        [2, 1],
      ]),
    );
    expect(countInterest([])).toEqual(new Map());
  });
});

describe("mergeRefusal", () => {
  const open = (id: number) => ({ id, status: "open" as const });
  it("allows two different open pitches", () => expect(mergeRefusal(open(1), open(2))).toBeNull());
  it("refuses a pitch merged into itself", () => expect(mergeRefusal(open(1), open(1))).toBe("Choose two different pitches to merge"));
  it("refuses missing pitches (another event's)", () => {
    expect(mergeRefusal(null, open(1))).toBe("Choose two pitches from this event");
    expect(mergeRefusal(open(1), null)).toBe("Choose two pitches from this event");
  });
  it("refuses closed pitches on either side", () => {
    expect(mergeRefusal(open(1), { id: 2, status: "merged" })).toMatch(/duplicate/);
    expect(mergeRefusal({ id: 1, status: "withdrawn" }, open(2))).toMatch(/keep/);
  });
});

describe("sorting and filtering", () => {
  const pitch = (id: number, format: PitchFormat, interest: number, createdAt: string, title = `Pitch ${id}`) => ({ id, format, interest, createdAt, title });
  const list = [
    pitch(1, "workshop", 3, "2026-10-01T09:00:00.000Z", "Zebra crossings"),
    pitch(2, "discussion", 7, "2026-10-01T09:05:00.000Z", "apps for bins"),
    pitch(3, "discussion", 3, "2026-10-01T09:10:00.000Z", "Agile in councils"),
    pitch(4, "other", 7, "2026-10-01T09:00:00.000Z", "Coffee"),
    pitch(5, "show-and-tell", 0, "2026-10-01T09:10:00.000Z", "Demo"),
  ];
  const ids = (xs: { id: number }[]) => xs.map((x) => x.id);

  it("puts the newest first (ties: the later id first)", () => expect(ids(sortPitches(list, "newest"))).toEqual([5, 3, 2, 4, 1]));
  it("puts the most wanted first (ties: the earlier pitch first)", () => expect(ids(sortPitches(list, "most-wanted"))).toEqual([4, 2, 1, 3, 5]));
  it("groups by format in the form's order, then by title ignoring case", () => expect(ids(sortPitches(list, "format"))).toEqual([3, 2, 5, 1, 4]));
  it("does not change the list it was given", () => {
    const copy = [...list];
    sortPitches(list, "most-wanted");
    expect(list).toEqual(copy);
  });
  it("filters by format, or not at all", () => {
    expect(ids(filterByFormat(list, "discussion"))).toEqual([2, 3]);
    expect(ids(filterByFormat(list, null))).toEqual([1, 2, 3, 4, 5]);
  });
  it("reads sort and format from the address, falling back safely", () => {
    expect(parseSort("most-wanted")).toBe("most-wanted");
    expect(parseSort("'; DROP TABLE")).toBe("newest");
    expect(parseSort(null)).toBe("newest");
    expect(parseFormatFilter("workshop")).toBe("workshop");
    expect(parseFormatFilter("all")).toBeNull();
    expect(parseFormatFilter(undefined)).toBeNull();
  });
});

describe("who may change a pitch", () => {
  const hosts: HostEntry[] = [
    { registrationId: 1, role: "host" },
    { registrationId: 2, role: "co-host" },
    { registrationId: 3, role: "co-host-invited" },
  ];
  const open = { status: "open" as const, placed: false, hosts };

  it("lets the host and an accepted co-host change an open pitch not yet on the grid", () => {
    expect(attendeeMayChange(open, 1)).toEqual({ ok: true });
    expect(attendeeMayChange(open, 2)).toEqual({ ok: true });
  });
  it("refuses an invited co-host who has not accepted and anyone else", () => {
    expect(attendeeMayChange(open, 3)).toMatchObject({ ok: false, reason: "not-host" });
    expect(attendeeMayChange(open, 99)).toMatchObject({ ok: false, reason: "not-host" });
  });
  it("sends the host to an organiser once the pitch is on the grid", () => {
    expect(attendeeMayChange({ ...open, placed: true }, 1)).toMatchObject({ ok: false, reason: "placed", message: expect.stringMatching(/Ask an organiser/) });
  });
  it("refuses changes to a withdrawn or merged pitch", () => {
    expect(attendeeMayChange({ ...open, status: "withdrawn" }, 1)).toMatchObject({ ok: false, reason: "closed" });
    expect(attendeeMayChange({ ...open, status: "merged", placed: true }, 1)).toMatchObject({ ok: false, reason: "closed" });
  });
  it("allows up to five open pitches per person", () => {
    expect(withinPitchLimit(0)).toBe(true);
    expect(withinPitchLimit(4)).toBe(true);
    expect(withinPitchLimit(5)).toBe(false);
  });
});
