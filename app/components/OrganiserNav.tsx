import { NavLink } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { organiserSections, type EventRole } from "~/domain/event-roles";

/**
 * The organiser navigation. A volunteer sees only the sections they can use; pages only
 * organisers can open leave `role` out.
 */
export function OrganiserNav({ slug, name, role = "organiser" }: { slug: string; name: string; role?: EventRole }) {
  const sections = organiserSections(role);
  // On a phone the sections are one row that scrolls sideways (styles in app.css): bring the
  // current one into view.
  const list = useRef<HTMLUListElement>(null);
  useEffect(() => {
    const active = list.current?.querySelector<HTMLElement>(".pg-nav-active");
    if (list.current && active && list.current.scrollWidth > list.current.clientWidth) list.current.scrollLeft += active.getBoundingClientRect().left - list.current.getBoundingClientRect().left - 15;
  });
  return (
    <nav className="govuk-service-navigation pg-organiser-nav" aria-label={role === "volunteer" ? `Volunteer at ${name}` : `Organise ${name}`}>
      <ul className="govuk-service-navigation__list" ref={list}>
        {sections.map((section) => (
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
