import type { ReactNode } from "react";

/**
 * A wide organiser table in its own box that scrolls sideways on a phone, so the page itself
 * stays within the screen (issue 14). The box is a focusable, named region so it can be
 * scrolled from the keyboard too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="pg-table-scroll" role="region" aria-label={`${label} (scrolls sideways on a small screen)`} tabIndex={0}>
      {children}
    </div>
  );
}
