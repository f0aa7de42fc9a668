import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { listOrganisers, listTicketTypes, RULE_LABELS } from "~/.server/events";
import { requireOrganiserEvent } from "~/.server/auth";
import { findPrivacySettings, retentionDates } from "~/.server/registration";
import { SummaryList } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Organise ${data.event.name} – Pitchgrid` : "Organise – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [tickets, organisers, privacy] = await Promise.all([listTicketTypes(event.id), listOrganisers(event.id), findPrivacySettings(event.id)]);
  const settings = privacy!;
  const { needsDueAt, personalDueAt } = retentionDates(settings);
  const step = (dueAt: string, doneAt: string | null) =>
    doneAt ? `Done ${formatDateTime(doneAt, event.timeZone)}` : `Will happen ${formatDateTime(dueAt, event.timeZone)} (or within ten minutes after)`;
  return {
    privacy: {
      controller: settings.controllerName,
      contact: settings.privacyContact,
      needs: `${settings.needsRetentionDays} days after the event. ${step(needsDueAt, settings.needsErasedAt)}.`,
      personal: `${settings.personalRetentionDays} days after the event. ${step(personalDueAt, settings.personalAnonymisedAt)}.`,
    },
    event: {
      slug: event.slug,
      name: event.name,
      date: formatDate(event.startsAt, event.timeZone),
      times: formatTimeRange(event.startsAt, event.endsAt, event.timeZone),
      venue: event.venue,
      capacity: event.capacity,
      timeZone: event.timeZone,
    },
    tickets: tickets.map((t) => ({ id: t.id, name: t.name, quota: t.quota, who: RULE_LABELS[t.rule] })),
    organisers,
  };
}

export default function OrganiseEvent() {
  const { event, tickets, organisers, privacy } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Organise</span>
      <h1 className="govuk-heading-xl">{event.name}</h1>
      <OrganiserNav slug={event.slug} name={event.name} />
      <SummaryList
        rows={[
          { key: "Date", value: event.date, action: { href: `/organise/${event.slug}/edit`, label: "Change", hidden: "event details" } },
          { key: "Time", value: `${event.times} (${event.timeZone})` },
          { key: "Venue", value: event.venue || "Not set" },
          { key: "Total places", value: String(event.capacity) },
          { key: "Public page", value: <Link className="govuk-link" to={`/events/${event.slug}`}>{`/events/${event.slug}`}</Link> },
          { key: "Organisers", value: organisers.join(", "), action: { href: `/organise/${event.slug}/organisers`, label: "Change", hidden: "organisers" } },
        ]}
      />
      <h2 className="govuk-heading-m">Ticket types</h2>
      {tickets.length === 0 ? <p className="govuk-body">No ticket types yet: nobody can register until you add one.</p> : null}
      <ul className="govuk-list">
        {tickets.map((t) => (
          <li key={t.id}>
            <Link className="govuk-link" to={`/organise/${event.slug}/tickets/${t.id}`}>
              {t.name}
            </Link>{" "}
            – {t.quota} places, {t.who.toLowerCase()}
          </li>
        ))}
      </ul>
      <Link className="govuk-button govuk-button--secondary" to={`/organise/${event.slug}/tickets/new`}>
        Add a ticket type
      </Link>
      <h2 className="govuk-heading-m">Privacy and retention</h2>
      {privacy.controller === "" || privacy.contact === "" ? (
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            Your privacy notice does not yet name who runs the event or a privacy contact. Add them in the event details.
          </strong>
        </div>
      ) : null}
      <SummaryList
        rows={[
          { key: "Who runs it", value: privacy.controller || "Not set", action: { href: `/organise/${event.slug}/edit`, label: "Change", hidden: "privacy settings" } },
          { key: "Privacy contact", value: privacy.contact || "Not set (this site’s address is shown)" },
          { key: "Access and dietary needs, answers erased", value: privacy.needs },
          { key: "Names, emails and everything else that identifies people anonymised", value: privacy.personal },
          { key: "Privacy notice", value: <Link className="govuk-link" to={`/events/${event.slug}/privacy`}>{`/events/${event.slug}/privacy`}</Link> },
        ]}
      />
    </>
  );
}
