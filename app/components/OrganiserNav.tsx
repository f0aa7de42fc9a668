import { NavLink } from "@remix-run/react";
import { useEffect, useRef } from "react";

/** The sections of an event's organiser area; each is its own route under /organise/:slug. */
const SECTIONS = [
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

export function OrganiserNav({ slug, name }: { slug: string; name: string }) {
  // On a phone the sections are one row that scrolls sideways (styles in app.css): bring the
  // current one into view.
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const active = list.current?.querySelector<HTMLElement>(".pg-nav-active");
    if (list.current && active && list.current.scrollWidth > list.current.clientWidth) list.current.scrollLeft += active.getBoundingClientRect().left - list.current.getBoundingClientRect().left - 15;
  });
  return (
    <nav className="govuk-service-navigation pg-organiser-nav" aria-label={`Organise ${name}`}>
      <ul className="govuk-service-navigation__list" ref={list}>
        {SECTIONS.map((section) => (
          <li className="govuk-service-navigation__item" key={section.to}>
            <NavLink
              className={({ isActive }) => `govuk-service-navigation__link${isActive ? " pg-nav-active" : ""}`}
              to={`/organise/${slug}${section.to ? `/${section.to}` : ""}`}
              end={section.end}
            >
              {section.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
