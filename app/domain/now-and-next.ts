/**
 * "Now and next" wording, shared by the venue display and the /now page: what a slot is called,
 * the line saying which slot is on and which comes next, and the sentence shown instead of the
 * rooms when there is nothing to show. The view itself is computed by `nowAndNext` in
 * app/.server/schedule (the one place that decides what is on now and next in each room).
 */
export type SlotSummary = { time: string; kind: "session" | "break"; label: string };

export type NowAndNextStatus = {
  /** no-slots: nothing set up; before / after: the day has not started or is over. */
  status: "no-slots" | "before" | "during" | "after";
  /** When the next session day begins, for "before": "9am" if today, else a date and time. */
  startsAt: string | null;
  startsToday: boolean;
  /** For "after": whether the day that just ended is today (or the event is long over). */
  endedToday: boolean;
  current: SlotSummary | null;
  next: SlotSummary | null;
};

/** The sentence shown instead of the rooms (grid not published, no times set, the day is over), else null. */
export function nowAndNextMessage(view: NowAndNextStatus | null): string | null {
  if (!view) return "The organisers have not published the grid yet.";
  if (view.status === "no-slots") return "The organisers have not set the times of the day yet.";
  if (view.status === "after") return view.endedToday ? "Today’s sessions have finished. Thank you for coming." : "This event has finished.";
  return null;
}

/** "Now: 10:15am to 11am. Next: Lunch, 12pm to 1pm." and its variants before and between slots. */
export function slotLine(view: NowAndNextStatus): string {
  if (view.status === "before") return `The day has not started yet. It starts ${view.startsToday ? "at" : "on"} ${view.startsAt}.`;
  if (view.current) {
    const label = (s: SlotSummary) => `${s.kind === "break" ? `${s.label}, ` : ""}${s.time}`;
    return `Now: ${label(view.current)}.${view.next ? ` Next: ${label(view.next)}.` : " This is the last slot of the day."}`;
  }
  return `Between sessions.${view.next ? ` Next: ${view.next.label ? `${view.next.label}, ` : ""}${view.next.time}.` : ""}`;
}
