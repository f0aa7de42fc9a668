import { describe, expect, it } from "vitest";
import { checkNotesTemplate, notesLinkFromTemplate, notesLinkPattern, savedByLabel, sessionNotesUrl, shortLink } from "./session-notes";

describe("checkNotesTemplate", () => {
  it("accepts an https template with {id}, and empty for notes in Pitchgrid", () => {
    expect(checkNotesTemplate("  https://docs.example/notes/{slug}-{id} ")).toEqual({ ok: true, template: "https://docs.example/notes/{slug}-{id}" });
    expect(checkNotesTemplate("https://pad.example/p/lgc-{id}?view=edit")).toEqual({ ok: true, template: "https://pad.example/p/lgc-{id}?view=edit" });
    expect(checkNotesTemplate("")).toEqual({ ok: true, template: null });
  });
  it("refuses what is not an https address for every session", () => {
    const refused = [
      "http://docs.example/notes/{id}",
      "javascript:alert(1)//{id}",
      "docs.example/notes/{id}",
      "https://docs.example/notes/{slug}",
      "https://docs.example/notes/{title}-{id}",
      "https://docs.example/notes/{id",
      "https://docs.example/notes/{id}}",
      "https://docs.example/no tes/{id}",
      "https://user:pw@docs.example/{id}",
      "https://{id}",
      "https://docs.example/\u202e{id}",
      `https://docs.example/${"a".repeat(500)}{id}`,
    ];
    for (const t of refused) expect(checkNotesTemplate(t).ok, t).toBe(false);
  });
});

describe("links", () => {
  it("fills {slug} and {id}", () => {
    expect(notesLinkFromTemplate("https://docs.example/notes/{slug}-{id}", "lgc", 42)).toBe("https://docs.example/notes/lgc-42");
    expect(sessionNotesUrl(null, "lgc", 42, "https://pitchgrid.example")).toBe("https://pitchgrid.example/events/lgc/sessions/42/notes");
    expect(sessionNotesUrl(null, "lgc", 42)).toBe("/events/lgc/sessions/42/notes");
    expect(sessionNotesUrl("https://d.example/{id}", "lgc", 42, "https://pitchgrid.example")).toBe("https://d.example/42");
    expect(shortLink("https://d.example/42/")).toBe("d.example/42");
    expect(notesLinkPattern(null, "lgc", "https://pitchgrid.example")).toBe("pitchgrid.example/events/lgc/sessions/<no.>/notes");
    expect(notesLinkPattern("https://docs.example/notes/{slug}-{id}", "lgc", "https://pitchgrid.example")).toBe("docs.example/notes/lgc-<no.>");
  });
});

describe("savedByLabel", () => {
  it("names hosts to everyone, other attendees and organisers only to organisers", () => {
    expect(savedByLabel({ organiser: null, attendeeName: "Hana", isHost: true }, false)).toBe("Hana (host)");
    expect(savedByLabel({ organiser: null, attendeeName: "Ola", isHost: false }, false)).toBe("An attendee");
    expect(savedByLabel({ organiser: null, attendeeName: "Ola", isHost: false }, true)).toBe("Ola");
    expect(savedByLabel({ organiser: "o@x.gov.uk", attendeeName: null, isHost: false }, false)).toBe("An organiser");
    expect(savedByLabel({ organiser: "o@x.gov.uk", attendeeName: null, isHost: false }, true)).toBe("o@x.gov.uk (organiser)");
    expect(savedByLabel({ organiser: "v@x.gov.uk", volunteer: true, attendeeName: null, isHost: false }, false)).toBe("A volunteer");
    expect(savedByLabel({ organiser: "v@x.gov.uk", volunteer: true, attendeeName: null, isHost: false }, true)).toBe("v@x.gov.uk (volunteer)");
  });
});
