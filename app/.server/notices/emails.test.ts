import { expect, it } from "vitest";
import { env } from "../platform";
import { changeNoticeEmail } from "./emails";

const event = { name: "LocalGov Camp 2026", slug: "camp-2026", timeZone: "Europe/London" };
// Saturday 28 March 2026 is GMT; Sunday 29 March, after the clocks go forward, is BST (UTC+1).
const saturday = { roomId: 1, roomName: "Hall", startsAt: "2026-03-28T10:00:00.000Z", endsAt: "2026-03-28T10:45:00.000Z" };
const sunday = { roomId: 2, roomName: "Side room", startsAt: "2026-03-29T10:00:00.000Z", endsAt: "2026-03-29T10:45:00.000Z" };
const links = { manage: "mtok", unsubscribe: "utok" };

it("lists one changed session, with times in the event's zone either side of the clock change, and the person's links", () => {
  const email = changeNoticeEmail(event, "Ada Lovelace", [{ title: "Open data", change: { kind: "moved", was: saturday, now: sunday }, hosting: true }], links);
  expect(email.subject).toBe("A session has changed at LocalGov Camp 2026");
  expect(email.text.split("\n\n")).toEqual([
    "Dear Ada Lovelace,",
    "A session you are hosting or said you'd go to has changed on the schedule of LocalGov Camp 2026. Times are Europe/London time.",
    "“Open data” (you are hosting it)\nWas: 10am to 10:45am on Saturday 28 March 2026, Hall\nNow: 11am to 11:45am on Sunday 29 March 2026, Side room",
    `Your sessions, and a calendar that updates itself:\n${env().PUBLIC_URL}/r/mtok/calendar`,
    `The whole schedule:\n${env().PUBLIC_URL}/events/camp-2026/schedule`,
    `To stop emails about changes to the schedule of LocalGov Camp 2026:\n${env().PUBLIC_URL}/events/camp-2026/unsubscribe/utok`,
  ]);
});

it("counts several sessions in the subject and lists each in the order given", () => {
  const email = changeNoticeEmail(
    event,
    "Ada Lovelace",
    [
      { title: "Open data", change: { kind: "off", was: saturday }, hosting: false },
      { title: "Digital twins", change: { kind: "back", now: sunday }, hosting: false },
    ],
    links,
  );
  expect(email.subject).toBe("2 sessions have changed at LocalGov Camp 2026");
  expect(email.text).toContain("Sessions you are hosting or said you'd go to have changed");
  expect(email.text.indexOf("“Open data”")).toBeLessThan(email.text.indexOf("“Digital twins”"));
  expect(email.text).toContain("Back on the schedule: 11am to 11:45am on Sunday 29 March 2026, Side room");
});
