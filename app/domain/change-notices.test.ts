import { describe, expect, it } from "vitest";
import { changeLines, netChange, type Cell } from "./change-notices";

const hall9: Cell = { roomId: 1, roomName: "Hall", startsAt: "2030-01-10T09:00:00.000Z", endsAt: "2030-01-10T09:45:00.000Z" };
const hall10: Cell = { ...hall9, startsAt: "2030-01-10T10:00:00.000Z", endsAt: "2030-01-10T10:45:00.000Z" };
const side9: Cell = { ...hall9, roomId: 2, roomName: "Side" };

describe("the net change of a session", () => {
  it("is nothing when it ends where it was, or was off the schedule and still is", () => {
    expect(netChange(hall9, { kind: "placed", cell: { ...hall9 } })).toBeNull();
    expect(netChange(null, { kind: "off" })).toBeNull();
    expect(netChange(null, { kind: "withdrawn" })).toBeNull();
  });

  it("is a move when the room, the start or the end differs", () => {
    expect(netChange(hall9, { kind: "placed", cell: side9 })).toEqual({ kind: "moved", was: hall9, now: side9 });
    expect(netChange(hall9, { kind: "placed", cell: hall10 })).toMatchObject({ kind: "moved" });
    expect(netChange(hall9, { kind: "placed", cell: { ...hall9, endsAt: "2030-01-10T10:00:00.000Z" } })).toMatchObject({ kind: "moved" });
  });

  it("says off, withdrawn, merged or back", () => {
    expect(netChange(hall9, { kind: "off" })).toEqual({ kind: "off", was: hall9 });
    expect(netChange(hall9, { kind: "withdrawn" })).toEqual({ kind: "withdrawn", was: hall9 });
    expect(netChange(hall9, { kind: "merged", intoTitle: "Data", intoCell: side9 })).toMatchObject({ kind: "merged", intoTitle: "Data" });
    expect(netChange(null, { kind: "placed", cell: hall9 })).toEqual({ kind: "back", now: hall9 });
  });

  it("is written in the event's time zone", () => {
    const text = changeLines("Open data", { kind: "moved", was: hall9, now: side9 }, "America/New_York", false);
    expect(text).toBe("“Open data”\nWas: 4am to 4:45am on Thursday 10 January 2030, Hall\nNow: 4am to 4:45am on Thursday 10 January 2030, Side");
    expect(changeLines("X", { kind: "merged", was: hall9, intoTitle: "Y", intoCell: null }, "Europe/London", true)).toBe(
      "“X” (you are hosting it)\nWas: 9am to 9:45am on Thursday 10 January 2030, Hall\nNow: joined with “Y”, which is not on the schedule yet",
    );
  });
});
