import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { NowAndNext, PublicSession } from "~/.server/schedule";
import { NowAndNextRooms } from "./NowAndNextRooms";

const session = (id: number, title: string, mine: PublicSession["mine"] = null): PublicSession => ({ id, title, hosts: ["Pat Host"], roomName: "Room A", time: "", format: "discussion", interest: 3, notes: "", mine });
const view: NowAndNext = {
  status: "during",
  today: "Sunday 25 October 2026",
  startsAt: null,
  startsToday: false,
  endedToday: false,
  current: { time: "10:15am to 11am", kind: "session", label: "" },
  next: { time: "11:10am to 11:55am", kind: "session", label: "" },
  rooms: [
    { id: 1, name: "Room A", now: session(10, "Bins and AI", "marked"), next: session(11, "Planning portals"), nextTime: "11:10am to 11:55am" },
    { id: 2, name: "Room B", now: null, next: null, nextTime: null },
  ],
};

describe("NowAndNextRooms, the venue display's style", () => {
  it("has the slot line and a row per room with now and next, and nothing to click or personal", () => {
    const html = renderToStaticMarkup(<NowAndNextRooms view={view} variant="display" />);
    expect(html).toContain('<p class="slot">Now: 10:15am to 11am. Next: 11:10am to 11:55am.</p>');
    expect(html).toContain('<caption class="visually-hidden">What is on in each room</caption>');
    expect(html).toContain('<th scope="row">Room A</th><td><span class="title">Bins and AI</span><span class="meta">By Pat Host</span></td>');
    expect(html).toContain('<span class="title">Planning portals</span><span class="meta">11:10am to 11:55am</span>');
    expect(html).toContain('<th scope="row">Room B</th><td><span class="none">Nothing scheduled</span></td>');
    expect(html).not.toMatch(/<a |govuk|pg-sched|You marked/);
  });

  it("says why there is nothing to show in large type", () => {
    expect(renderToStaticMarkup(<NowAndNextRooms view={null} variant="display" />)).toBe('<p class="closing">The organisers have not published the grid yet.</p>');
    expect(renderToStaticMarkup(<NowAndNextRooms view={{ ...view, status: "after", endedToday: true }} variant="display" />)).toBe('<p class="closing">Today’s sessions have finished. Thank you for coming.</p>');
  });
});

describe("NowAndNextRooms, the /now page's style", () => {
  it("says why there is nothing to show in GOV.UK markup", () => {
    expect(renderToStaticMarkup(<NowAndNextRooms view={null} variant="page" slug="camp" />)).toContain('<p class="govuk-body">The organisers have not published the grid yet.</p>');
    expect(renderToStaticMarkup(<NowAndNextRooms view={{ ...view, status: "no-slots" }} variant="page" slug="camp" />)).toBe('<p class="govuk-body">The organisers have not set the times of the day yet.</p>');
  });
});
