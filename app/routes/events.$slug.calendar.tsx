import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { getAttendee, requirePublicEvent } from "~/.server/auth";
import { findFeedState, hasPersonalFeed, personalFeedPath, resetPersonalFeed, subscribeLinks, type SubscribeLinks } from "~/.server/feeds";
import { listRooms } from "~/.server/events";
import { Button, InsetText, WarningText } from "~/components/govuk";
import { DraftNotice } from "~/components/DraftNotice";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Add the grid to your calendar – ${data.event.name} – Pitchgrid` : "Add the grid to your calendar – Pitchgrid" }];

// The page can show a personal secret link: never cache it anywhere but this browser.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const [rooms, state, attendee] = await Promise.all([listRooms(event.id), findFeedState({ eventId: event.id }), getAttendee(request, event.id)]);
  const hasFeed = attendee ? await hasPersonalFeed(attendee.registrationId) : false;
  const base = `/events/${event.slug}`;
  return {
    event: { name: event.name, slug: event.slug, draft: event.draftPreview },
    published: state?.published ?? false,
    whole: subscribeLinks(`${base}/schedule.ics`, event.name),
    rooms: rooms.map((room) => ({ id: room.id, name: room.name, links: subscribeLinks(`${base}/rooms/${room.id}/schedule.ics`, `${event.name}: ${room.name}`) })),
    attendee: attendee ? { name: attendee.name, hasFeed } : null,
  };
}


export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const parsed = await readIntentForm(request, { create: noFields, reset: noFields });
  const attendee = await getAttendee(request, event.id);
  if (!attendee) {
    throw new Response("Open the link in your confirmation email on this device first, then come back to this page to get your personal calendar link.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  // Only the link's hash is stored, so this answer is the one time the link can be shown.
  const token = await resetPersonalFeed(attendee.registrationId);
  return {
    created: {
      reset: parsed.intent === "reset",
      links: subscribeLinks(personalFeedPath(token), `${event.name}: my sessions`),
    },
  };
}

function FeedLinks({ links, what }: { links: SubscribeLinks; what: string }) {
  const context = <span className="govuk-visually-hidden"> ({what})</span>;
  return (
    <>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href={links.webcal}>
            Subscribe in Apple Calendar, Outlook or Thunderbird{context}
          </a>
        </li>
        <li>
          <a className="govuk-link" href={links.google} rel="noreferrer">
            Add to Google Calendar{context}
          </a>
        </li>
        <li>
          <a className="govuk-link" href={links.outlook} rel="noreferrer">
            Add to Outlook.com{context}
          </a>
        </li>
      </ul>
      <p className="govuk-body">
        Or add this address to your calendar app{context}: <code className="pg-break-anywhere">{links.https}</code>
      </p>
    </>
  );
}

export default function CalendarPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { event, attendee } = page;
  const created = result && "created" in result ? result.created : undefined;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${event.slug}/schedule`} className="govuk-back-link">
          The grid
        </Link>
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <h1 className="govuk-heading-xl">
          <span className="govuk-caption-l">{event.name}</span>
          Add the grid to your calendar
        </h1>
        <p className="govuk-body">
          Subscribe rather than download: your calendar then follows the grid when sessions move or are cancelled. Calendar apps check for changes every so
          often, from every 15 minutes to about once a day for Google Calendar.
        </p>
        {page.published ? null : (
          <InsetText>
            <p className="govuk-body">The organisers have not published the grid yet. You can subscribe now: sessions appear in your calendar once it is published.</p>
          </InsetText>
        )}

        <h2 className="govuk-heading-m">Every session</h2>
        <FeedLinks links={page.whole} what="every session" />

        <h2 className="govuk-heading-m">Your sessions</h2>
        {attendee === null ? (
          <p className="govuk-body">
            To get a calendar of only the sessions you host or marked “I’d go”, open the link in your confirmation email on this device, then come back to this
            page.
          </p>
        ) : created ? (
          <>
            <div className="govuk-panel govuk-panel--confirmation" role="status">
              <h2 className="govuk-panel__title">{created.reset ? "Your calendar link has been reset" : "Your personal calendar link is ready"}</h2>
            </div>
            {created.reset ? <p className="govuk-body">The old link no longer works: subscribe again with the new one.</p> : null}
            <p className="govuk-body">Only the sessions you, {attendee.name}, host or marked “I’d go”. It updates as you mark sessions.</p>
            <FeedLinks links={created.links} what="your sessions" />
            <WarningText>
              Subscribe now or copy the address somewhere safe: we show it only this once, because we keep only a fingerprint of it. Anyone who has it can see
              which sessions you host and marked.
            </WarningText>
          </>
        ) : !attendee.hasFeed ? (
          <>
            <p className="govuk-body">Get a private calendar link with only the sessions you host or marked “I’d go”. It updates as you mark sessions.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="create" />
              <Button>Create my calendar link</Button>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">Only the sessions you, {attendee.name}, host or marked “I’d go”. It updates as you mark sessions.</p>
            <p className="govuk-body">
              You have a private calendar link. We cannot show it again: we keep only a fingerprint of it, so that nobody can read it from our records.
            </p>
            <p className="govuk-body">If you lost it or shared it by mistake, reset it. The old link stops working at once and you will need to subscribe again.</p>
            <Form method="post">
              <input type="hidden" name="intent" value="reset" />
              <Button variant="warning">Reset my calendar link</Button>
            </Form>
          </>
        )}

        {page.rooms.length ? (
          <>
            <h2 className="govuk-heading-m">One room</h2>
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--s">Calendars for each room</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Room
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Subscribe
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {page.rooms.map((room) => (
                  <tr className="govuk-table__row" key={room.id}>
                    <th scope="row" className="govuk-table__header">
                      {room.name}
                    </th>
                    <td className="govuk-table__cell">
                      <a className="govuk-link" href={room.links.webcal}>
                        Calendar app<span className="govuk-visually-hidden"> for {room.name}</span>
                      </a>
                      {", "}
                      <a className="govuk-link" href={room.links.google} rel="noreferrer">
                        Google<span className="govuk-visually-hidden"> Calendar for {room.name}</span>
                      </a>
                      {", "}
                      <a className="govuk-link" href={room.links.outlook} rel="noreferrer">
                        Outlook.com<span className="govuk-visually-hidden"> for {room.name}</span>
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : null}

        <h2 className="govuk-heading-m">For conference apps</h2>
        <p className="govuk-body">
          Apps such as Giggity and EventFahrplan read the grid in the frab format:{" "}
          <a className="govuk-link" href={`/events/${event.slug}/schedule.xml`}>
            schedule.xml
          </a>{" "}
          or{" "}
          <a className="govuk-link" href={`/events/${event.slug}/schedule.json`}>
            schedule.json
          </a>
          .
        </p>
      </div>
    </div>
  );
}
