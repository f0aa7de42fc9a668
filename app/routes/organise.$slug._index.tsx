import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { listOrganisers, listTicketTypes, publishEvent, RULE_LABELS } from "~/.server/events";
import { redirectWithFlash, requireEventRole, requireOrganiserEvent } from "~/.server/auth";
import { findPrivacySettings, retentionDates } from "~/.server/registration";
import { Button, SummaryList } from "~/components/govuk";
import { eventState } from "~/domain/event-state";
import { OrganiserNav } from "~/components/OrganiserNav";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Organise ${data.event.name} – Pitchgrid` : "Organise – Pitchgrid" }];

/** The event's overview, for organisers; a volunteer is sent to the pitch station, where their day starts. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, role } = await withErrorPage(() => requireEventRole(request, params.slug, "volunteer"));
  if (role === "volunteer") throw redirect(`/organise/${event.slug}/station`, 303);
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
      contactEmail: event.contactEmail,
      state: eventState(event),
    },
    tickets: tickets.map((t) => ({ id: t.id, name: t.name, quota: t.quota, who: RULE_LABELS[t.rule] })),
    organisers,
  };
}

/** Publishing a draft: it is listed, its pages are public, and registration opens (within each ticket's window). */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  await readIntentForm(request, { publish: noFields });
  await publishEvent(event.id);
  const tickets = await listTicketTypes(event.id);
  const note = tickets.length === 0 ? " Nobody can register until you add a ticket type." : "";
  return redirectWithFlash(request, `/organise/${event.slug}`, `${event.name} is published: it is listed on the home page and anyone can see its pages.${note}`);
}

export default function OrganiseEvent() {
  const { event, tickets, organisers, privacy } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Organise</span>
      <h1 className="govuk-heading-xl">{event.name}</h1>
      <OrganiserNav slug={event.slug} name={event.name} />
      {event.state === "draft" ? (
        <div className="govuk-inset-text" data-testid="draft-status">
          <h2 className="govuk-heading-m">This event is a draft</h2>
          <p className="govuk-body">
            It is not listed, its public pages are shown only to its organisers, and nobody can register. Add its ticket types, then publish it when it is ready.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <Button>Publish the event</Button>
          </Form>
        </div>
      ) : event.state === "past" ? (
        <p className="govuk-inset-text">This event has ended: registration is closed.</p>
      ) : null}
      {event.state !== "draft" ? (
        <p className="govuk-body" data-testid="published-status">
          The event is published: anyone can see its pages.{" "}
          <Link className="govuk-link" to={`/organise/${event.slug}/unpublish`}>
            Put it back to draft
          </Link>
        </p>
      ) : null}
      <SummaryList
        rows={[
          { key: "Date", value: event.date, action: { href: `/organise/${event.slug}/edit`, label: "Change", hidden: "event details" } },
          { key: "Time", value: `${event.times} (${event.timeZone})` },
          { key: "Venue", value: event.venue || "Not set" },
          { key: "Total places", value: String(event.capacity) },
          { key: "Contact email address", value: event.contactEmail || "Not set (emails have no Reply-To)" },
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
