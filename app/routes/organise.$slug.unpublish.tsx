import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { unpublishEvent } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { countsByStatus } from "~/.server/registration";
import { AskFirstForm, BackLink, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Put the event back to draft? – Pitchgrid" }];

/**
 * Unpublishing an event (back to draft) hides every public page at once, so it asks first, on
 * its own page (no JavaScript needed), and says what happens and what does not.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const withPlace = (await countsByStatus(event.id)).confirmed ?? 0;
  return { slug: event.slug, name: event.name, draft: event.draft, withPlace };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  // Its one button; any other intent is the 400 page.
  await readIntentForm(request, { unpublish: noFields });
  await unpublishEvent(event.id);
  return redirectWithFlash(
    request,
    `/organise/${event.slug}`,
    `${event.name} is a draft again: its public pages, calendar feeds and exports are hidden from everyone but its organisers. People who registered keep their places, and nobody was emailed.`,
  );
}

export default function UnpublishEvent() {
  const page = useLoaderData<typeof loader>();
  const back = `/organise/${page.slug}`;
  const people = `${page.withPlace} ${page.withPlace === 1 ? "person has" : "people have"} a place`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>{page.name}</BackLink>
        <span className="govuk-caption-l">{page.name}</span>
        <h1 className="govuk-heading-l">Put the event back to draft?</h1>
        {page.draft ? (
          <>
            <p className="govuk-body">This event is already a draft: only its organisers can see its pages.</p>
            <Link className="govuk-link" to={back}>
              Back to the event
            </Link>
          </>
        ) : (
          <>
            <p className="govuk-body">If you put it back to draft:</p>
            <ul className="govuk-list govuk-list--bullet" data-testid="unpublish-event-consequences">
              <li>it is no longer listed on the home page</li>
              <li>
                its public pages (the event, registration, pitches, the schedule and sessions), its calendar feeds and its schedule exports say “Page not found” to
                everyone but its organisers, who see them marked as a draft
              </li>
              <li>nobody can register, and links to confirm a new registration stop working until you publish again</li>
              <li>people who registered keep their places and their private links ({people} now)</li>
              <li>nobody is emailed: tell people yourself if you need to</li>
            </ul>
            <WarningText>Publishing again, from the event’s organiser page, makes everything public again as it was.</WarningText>
            <AskFirstForm confirm="Put the event back to draft" cancel="Cancel" cancelTo={back} variant="warning" intent="unpublish" />
          </>
        )}
      </div>
    </div>
  );
}
