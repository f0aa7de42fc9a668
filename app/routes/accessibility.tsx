import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement – Pitchgrid" }];

export default function Accessibility() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Accessibility statement</h1>
        <p className="govuk-body">
          Pitchgrid is built to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA, as the Public Sector Bodies Accessibility
          Regulations require of councils' services. It uses GOV.UK Frontend's tested styles and patterns.
        </p>
        <p className="govuk-body">Every page works without JavaScript, with a keyboard, with a screen reader, and when zoomed to 400%.</p>
        <p className="govuk-body">
          Automated checks (axe-core) run against the main pages in every test run. If you find a problem, tell the organisers of your event so
          they can pass it on.
        </p>
      </div>
    </div>
  );
}
