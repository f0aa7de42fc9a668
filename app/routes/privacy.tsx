import type { MetaFunction } from "@remix-run/node";
import { DEFAULT_NEEDS_RETENTION_DAYS, DEFAULT_PERSONAL_RETENTION_DAYS } from "~/domain/privacy-notice";

export const meta: MetaFunction = () => [{ title: "Privacy – Pitchgrid" }];

export default function Privacy() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-xl">Privacy</h1>
        <p className="govuk-body">
          Each event on this site has its own privacy notice, linked from its registration form, naming who runs it (the data controller), how to contact them,
          the lawful basis and how long your details are kept.
        </p>
        <p className="govuk-body">
          Pitchgrid keeps only what an event needs: your name, work email, organisation, role, any access or dietary needs you choose to tell the organisers,
          and the sessions you pitch, host or mark. The event’s organisers see your details. If you host a session, your name is published with it on the
          schedule.
        </p>
        <p className="govuk-body">
          Unless an event says otherwise, access and dietary needs are erased {DEFAULT_NEEDS_RETENTION_DAYS} days after the event and everything else that
          identifies you is anonymised {DEFAULT_PERSONAL_RETENTION_DAYS} days after it; only counts are kept.
        </p>
        <p className="govuk-body">
          From the private link in your emails you can see, change, download or erase your details at any time, as UK GDPR allows. If you are unhappy with how
          your details are handled, you can complain to the Information Commissioner’s Office at{" "}
          <a className="govuk-link" href="https://ico.org.uk/make-a-complaint/" rel="noreferrer">
            ico.org.uk
          </a>
          .
        </p>
        <p className="govuk-body">Pitchgrid sets one cookie, for organisers who sign in, and one that remembers you as an attendee on this device. There are no analytics or advertising cookies.</p>
      </div>
    </div>
  );
}
