import { describe, expect, it } from "vitest";
import {
  canCancel,
  canTransition,
  csvCell,
  detailsSchema,
  freePlaces,
  holdsPlace,
  confirmationLinkOpen,
  LIVE,
  PLACE_HOLDING,
  placeNewRegistration,
  REGISTRATION_STATUSES,
  registrationSchema,
  toCsv,
  type RegistrationStatus,
} from "./registration-rules";

describe("places", () => {
  const counts = { quota: 10, ticketTaken: 0, capacity: 100, eventTaken: 0, waiting: 0 };

  it("takes the smaller of what the quota and the capacity leave", () => {
    expect(freePlaces(counts)).toBe(10);
    expect(freePlaces({ ...counts, ticketTaken: 9 })).toBe(1);
    expect(freePlaces({ ...counts, capacity: 5 })).toBe(5);
    expect(freePlaces({ ...counts, capacity: 50, eventTaken: 48 })).toBe(2);
  });

  it("never goes below zero, even when a quota was lowered under the places taken", () => {
    expect(freePlaces({ ...counts, quota: 3, ticketTaken: 7 })).toBe(0);
    expect(freePlaces({ ...counts, capacity: 0 })).toBe(0);
  });

  it("gives a verified person a place when one is free and nobody is waiting", () => {
    expect(placeNewRegistration(counts)).toBe("place");
    expect(placeNewRegistration({ ...counts, ticketTaken: 9 })).toBe("place");
  });

  it("waits when the ticket type or the event is full", () => {
    expect(placeNewRegistration({ ...counts, ticketTaken: 10 })).toBe("waiting");
    expect(placeNewRegistration({ ...counts, capacity: 20, eventTaken: 20 })).toBe("waiting");
  });

  it("does not jump the queue: a free place goes to the waiting list first", () => {
    expect(placeNewRegistration({ ...counts, ticketTaken: 5, waiting: 1 })).toBe("waiting");
  });

  it("counts confirmed places and offers until they run out, and never an unverified registration", () => {
    const now = "2026-05-01T10:00:00.000Z";
    const later = "2026-05-01T10:30:00.000Z";
    const earlier = "2026-05-01T09:30:00.000Z";
    expect(holdsPlace({ status: "confirmed", holdExpiresAt: null, offerExpiresAt: null }, now)).toBe(true);
    expect(holdsPlace({ status: "held", holdExpiresAt: later, offerExpiresAt: null }, now)).toBe(false);
    expect(PLACE_HOLDING.has("held")).toBe(false);
    expect(confirmationLinkOpen({ status: "held", holdExpiresAt: later }, now)).toBe(true);
    expect(confirmationLinkOpen({ status: "held", holdExpiresAt: now }, now)).toBe(false);
    expect(confirmationLinkOpen({ status: "waiting", holdExpiresAt: later }, now)).toBe(false);
    expect(holdsPlace({ status: "held", holdExpiresAt: earlier, offerExpiresAt: null }, now)).toBe(false);
    expect(holdsPlace({ status: "held", holdExpiresAt: now, offerExpiresAt: null }, now)).toBe(false);
    expect(holdsPlace({ status: "offered", holdExpiresAt: null, offerExpiresAt: later }, now)).toBe(true);
    expect(holdsPlace({ status: "offered", holdExpiresAt: null, offerExpiresAt: earlier }, now)).toBe(false);
    for (const status of REGISTRATION_STATUSES.filter((s) => !PLACE_HOLDING.has(s))) {
      expect(holdsPlace({ status, holdExpiresAt: later, offerExpiresAt: later }, now)).toBe(false);
    }
  });
});

describe("status transitions", () => {
  const allowed: [RegistrationStatus, RegistrationStatus][] = [
    ["held", "confirmed"],
    ["held", "waiting"],
    ["held", "pending-approval"],
    ["held", "lottery-entered"],
    ["held", "expired"],
    ["held", "cancelled"],
    ["waiting", "offered"],
    ["waiting", "cancelled"],
    ["offered", "confirmed"],
    ["offered", "expired"],
    ["offered", "cancelled"],
    ["pending-approval", "offered"],
    ["pending-approval", "waiting"],
    ["pending-approval", "declined"],
    ["pending-approval", "cancelled"],
    ["lottery-entered", "offered"],
    ["lottery-entered", "waiting"],
    ["lottery-entered", "cancelled"],
    ["confirmed", "cancelled"],
  ];

  it("allows exactly the listed changes, plus erasure from anything but erased", () => {
    for (const from of REGISTRATION_STATUSES) {
      for (const to of REGISTRATION_STATUSES) {
        const expected = allowed.some(([a, b]) => a === from && b === to) || (to === "erased" && from !== "erased");
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(expected);
      }
    }
  });

  it("never confirms without a hold or an offer, and never revives an ended registration", () => {
    for (const from of ["waiting", "pending-approval", "lottery-entered", "cancelled", "expired", "declined", "erased"] as const) {
      expect(canTransition(from, "confirmed")).toBe(false);
    }
    for (const from of ["cancelled", "expired", "declined", "erased"] as const) {
      for (const to of LIVE) expect(canTransition(from, to)).toBe(false);
    }
  });

  it("lets a live registration be cancelled, and nothing else", () => {
    for (const status of REGISTRATION_STATUSES) expect(canCancel(status)).toBe(LIVE.has(status));
  });
});

describe("CSV safe for Excel", () => {
  it("neutralises cells that a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+44 1483 505050")).toBe("'+44 1483 505050");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("neutralises a formula after a semicolon, which semicolon locales read as a cell break", () => {
    // Excel in a semicolon locale (much of Europe) splits "a;=1+2" into "a" and a formula.
    expect(csvCell("a;=1+2")).toBe("a;'=1+2");
    expect(csvCell("a; +1")).toBe("a; '+1");
    expect(csvCell("x;-2;@SUM(A1)")).toBe("x;'-2;'@SUM(A1)");
    expect(csvCell('a;"=1+2"')).toBe(`"a;""'=1+2"""`);
    for (const cell of ["a;=1+2", "a; =1", "b;\t=1", 'c;"=2'].map(csvCell)) {
      // No semicolon-separated piece, unquoted, starts with a formula character.
      const pieces = cell.replace(/^"|"$/g, "").replace(/""/g, '"').split(";");
      for (const piece of pieces.slice(1)) expect(piece.replace(/^[\s"]*/, "")).not.toMatch(/^[=+\-@]/);
    }
    expect(csvCell("Smith; Jo")).toBe("Smith; Jo");
  });

  it("leaves ordinary text alone and quotes commas, quotes and line breaks", () => {
    expect(csvCell("Guildford Borough Council")).toBe("Guildford Borough Council");
    expect(csvCell("a@b.gov.uk")).toBe("a@b.gov.uk");
    expect(csvCell("Smith, Jo")).toBe('"Smith, Jo"');
    expect(csvCell('Say "hi"')).toBe('"Say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("joins rows with CRLF", () => {
    expect(toCsv([["a", "b"], ["=1", "c"]])).toBe("a,b\r\n'=1,c\r\n");
  });
});

describe("form rules", () => {
  const good = { name: "Pat", email: "pat@guildford.gov.uk", organisation: "Guildford Borough Council", ticketTypeId: "3" };

  it("accepts a complete form and trims it", () => {
    const parsed = registrationSchema.parse({ ...good, name: "  Pat  ", jobRole: " Developer " });
    expect(parsed).toMatchObject({ name: "Pat", jobRole: "Developer", ticketTypeId: 3, accessNeeds: "", dietaryNeeds: "" });
  });

  it("says what is missing or wrong, in GOV.UK words", () => {
    const messages = (input: Record<string, unknown>) => registrationSchema.safeParse(input).error?.issues.map((i) => `${i.path[0]}: ${i.message}`) ?? [];
    expect(messages({})).toEqual(
      expect.arrayContaining(["name: Enter your name", "email: Enter your work email address", "organisation: Enter the organisation you work for", "ticketTypeId: Choose a ticket type"]),
    );
    expect(messages({ ...good, email: "not-an-email" })).toEqual(["email: Enter an email address in the correct format, like name@council.gov.uk"]);
    expect(messages({ ...good, name: "x".repeat(101) })).toEqual(["name: Name must be 100 characters or fewer"]);
    expect(messages({ ...good, accessNeeds: "x".repeat(1001) })).toEqual(["accessNeeds: Access needs must be 1000 characters or fewer"]);
    expect(messages({ ...good, ticketTypeId: "1 OR 1=1" })).toEqual(["ticketTypeId: Choose one of the ticket types listed"]);
    expect(messages({ ...good, name: "   " })).toEqual(["name: Enter your name"]);
  });

  it("the details alone need no email or ticket type", () => {
    expect(detailsSchema.safeParse({ name: "Pat", organisation: "GBC" }).success).toBe(true);
  });
});
