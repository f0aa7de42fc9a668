/**
 * The roles in an event's team (issue 17). Organisers run everything; volunteers run what happens
 * in the room. Browser-safe: the organiser navigation reads it to show a volunteer only what
 * they can use.
 */
export type EventRole = "organiser" | "volunteer";

/** Whether someone with `role` may use a page that needs at least `needed`: organisers may use everything a volunteer may. */
export function roleAllows(role: EventRole | null, needed: EventRole): boolean {
  if (role === null) return false;
  return needed === "volunteer" || role === "organiser";
}

/** The sections of an event's organiser area; each is its own route under /organise/:slug. */
const SECTIONS: readonly { to: string; label: string; end?: boolean }[] = [
  { to: "", label: "Overview", end: true },
  { to: "edit", label: "Event details" },
  { to: "tickets", label: "Ticket types" },
  { to: "questions", label: "Questions" },
  { to: "registrations", label: "Registrations" },
  { to: "reconfirmation", label: "Still coming?" },
  { to: "check-in", label: "Check-in" },
  { to: "badges", label: "Badges" },
  { to: "standby", label: "Standby" },
  { to: "turnout", label: "Turnout" },
  { to: "feedback", label: "Feedback" },
  { to: "messages", label: "Messages" },
  { to: "pitches", label: "Pitches" },
  { to: "station", label: "Pitch station" },
  { to: "rooms", label: "Rooms and slots" },
  { to: "grid", label: "Grid" },
  { to: "attendance", label: "Head counts" },
  { to: "notes", label: "Notes" },
];

/** The sections (paths under /organise/<slug>) a volunteer may open. */
const VOLUNTEER_SECTIONS: readonly string[] = ["station", "check-in", "attendance"];

/** The organiser navigation someone with `role` sees: a volunteer only what they can use. */
export function organiserSections(role: EventRole): { to: string; label: string; end?: boolean }[] {
  return role === "volunteer" ? SECTIONS.filter((s) => VOLUNTEER_SECTIONS.includes(s.to)) : [...SECTIONS];
}
