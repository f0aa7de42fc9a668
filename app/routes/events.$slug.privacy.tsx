import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePublicEvent } from "~/.server/auth";
import { withErrorPage } from "~/.server/platform";
import { listQuestions } from "~/.server/events";
import { findPrivacySettings, retentionDates, siteContactAddress } from "~/.server/registration";
import { formatDate } from "~/domain/time";
import { LAWFUL_BASIS_LABELS } from "~/domain/privacy-notice";
import { DraftNotice } from "~/components/DraftNotice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Privacy notice – ${data.event.name} – Pitchgrid` : "Privacy notice – Pitchgrid" }];

/** The event's privacy notice, written from its own settings. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const settings = (await findPrivacySettings(event.id))!;
  const questions = await listQuestions(event.id);
  const { needsDueAt, personalDueAt } = retentionDates(settings);
  return {
    event: { name: event.name, slug: event.slug, draft: event.draftPreview },
    controller: settings.controllerName || `The organisers of ${event.name}`,
    controllerNamed: settings.controllerName !== "",
    contact: settings.privacyContact || siteContactAddress(),
    lawfulBasis: LAWFUL_BASIS_LABELS[settings.lawfulBasis],
    needsDays: settings.needsRetentionDays,
    personalDays: settings.personalRetentionDays,
    needsBy: formatDate(needsDueAt, event.timeZone),
    personalBy: formatDate(personalDueAt, event.timeZone),
    hasQuestions: questions.length > 0,
  };
}

export default function EventPrivacyNotice() {
  const n = useLoaderData<typeof loader>();
  const days = (d: number) => (d === 1 ? "1 day" : `${d} days`);
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${n.event.slug}`} className="govuk-back-link">
          {n.event.name}
        </Link>
        {n.event.draft ? <DraftNotice slug={n.event.slug} /> : null}
        <h1 className="govuk-heading-xl">
          <span className="govuk-caption-l">{n.event.name}</span>
          Privacy notice
        </h1>

        <h2 className="govuk-heading-m">Who is responsible for your details</h2>
        <p className="govuk-body">
          {n.controller} {n.controllerNamed ? "runs this event and is" : "are"} the data controller for the details you give when you register. Contact:{" "}
          <a className="govuk-link" href={`mailto:${n.contact}`}>
            {n.contact}
          </a>
          .
        </p>

        <h2 className="govuk-heading-m">What we collect and why</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>Your name, work email address, organisation and role: to give you a place, send you your links and run the day. Your pronouns, if you give them: to print them on your name badge.</li>
          <li>Any access or dietary needs you choose to tell us: only to make the day work for you. These are optional.</li>
          {n.hasQuestions ? <li>Your answers to the organisers’ own questions on the registration form.</li> : null}
          <li>Sessions you pitch, host or mark “I’d go”: to plan the grid.</li>
        </ul>
        <p className="govuk-body">Lawful basis: {n.lawfulBasis}.</p>
        <p className="govuk-body">
          Access and dietary needs can be about your health. We use them only with your explicit consent, which you give by entering them (UK GDPR Article
          9(2)(a)); you can remove them at any time from your private link.
        </p>

        <h2 className="govuk-heading-m">Who can see your details</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>The event’s organisers see everything you give when you register, and whether you checked in.</li>
          <li>If you host a session, your name is published with it on the public schedule, in calendar feeds and on the session’s page.</li>
          <li>Nobody else: we do not share or sell your details, and there are no analytics or advertising cookies.</li>
        </ul>

        <h2 className="govuk-heading-m">How long we keep them</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Access and dietary needs, and answers to the organisers’ questions: erased {days(n.needsDays)} after the event ends (by {n.needsBy}).
          </li>
          <li>
            Everything else that identifies you (name, email address, organisation, role, pronouns, your links, your name on sessions): anonymised {days(n.personalDays)}{" "}
            after the event ends (by {n.personalBy}). We keep only counts, such as how many people registered for each ticket type and checked in.
          </li>
          <li>Emails we send you are not kept once sent, except who they went to, their subject and when, until your details are anonymised.</li>
        </ul>

        <h2 className="govuk-heading-m">Your rights</h2>
        <p className="govuk-body">
          From the private link in your emails you can see, correct, download or erase your details at any time. Erasing removes you from the event,
          from sessions you host and from emails waiting to be sent. You can also ask {n.contact} for any of this, or object to how your details are used.
        </p>
        <p className="govuk-body">
          If you are unhappy with how your details are handled, you can complain to the Information Commissioner’s Office (ICO):{" "}
          <a className="govuk-link" href="https://ico.org.uk/make-a-complaint/" rel="noreferrer">
            ico.org.uk/make-a-complaint
          </a>{" "}
          or 0303 123 1113.
        </p>
      </div>
    </div>
  );
}
