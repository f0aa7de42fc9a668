/** How a session's needs read on the grid ("Needs step-free access, a larger room"). */
const NEED_LABELS: Record<string, string> = { "step-free": "step-free access", screen: "a screen", "large-room": "a larger room" };

export function needLabel(need: string): string {
  return NEED_LABELS[need] ?? need;
}
