import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy – Pitchgrid" }];

export default function Privacy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Privacy</h1>
        <p className="govuk-body">
          Pitchgrid keeps only what an event needs: your name, work email, organisation, role, and any access or dietary needs you choose to
          tell the organisers. Only you and the event's organisers can see it.
        </p>
        <p className="govuk-body">
          From the private link in your confirmation email you can see, change, download or erase your details at any time, as UK GDPR allows.
        </p>
        <p className="govuk-body">Pitchgrid sets one cookie, for organisers who sign in, and one that remembers you as an attendee on this device. There are no analytics or advertising cookies.</p>
      </div>
    </div>
  );
}
