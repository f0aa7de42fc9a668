import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { readForm, withErrorPage, withRefusals } from "~/.server/platform";
import { setPublished, unpublishSummary } from "~/.server/grid";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { loadSchedule } from "~/.server/schedule";
import { BackLink, Button, InsetText, ProblemSummary, WarningText } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Unpublish the grid? – Pitchgrid" }];

/**
 * Unpublishing hides the public schedule and turns every session in subscribed calendars into a
 * cancellation, and its button sat next to Undo: so it asks first, on this page (no JavaScript
 * needed). Undo on the grid publishes it again.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [summary, schedule] = await Promise.all([unpublishSummary(event.id), loadSchedule(event.id)]);
  return {
    slug: event.slug,
    name: event.name,
    version: schedule?.gridVersion ?? 0,
    published: summary.published,
    publishedAt: summary.publishedAt ? formatDateTime(summary.publishedAt, event.timeZone) : null,
    sessionsShown: summary.sessionsShown,
    personalFeeds: summary.personalFeeds,
  };
}

const UnpublishSchema = z.object({ version: z.coerce.number().int().min(0) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const parsed = UnpublishSchema.safeParse(await readForm(request));
  if (!parsed.success) return { refused: "That request could not be read. Go back to the grid and try again." };
  return withRefusals(async () => {
    await setPublished(event.id, email, parsed.data.version, false);
    return redirectWithFlash(
      request,
      `/organise/${event.slug}/grid`,
      "Grid unpublished: the public schedule shows nothing, and calendars show its sessions as cancelled. Undo publishes it again.",
    );
  });
}

export default function UnpublishGrid() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/organise/${page.slug}/grid`;
  const sessions = `${page.sessionsShown} ${page.sessionsShown === 1 ? "session" : "sessions"}`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>Grid</BackLink>
        {result?.refused ? (
          <ProblemSummary title="The grid was not unpublished" testId="unpublish-refusal">
            {result.refused}
          </ProblemSummary>
        ) : null}
        <span className="govuk-caption-l">{page.name}</span>
        <h1 className="govuk-heading-l">Unpublish the grid?</h1>
        {page.published ? (
          <>
            <p className="govuk-body">The grid has been published since {page.publishedAt}. If you unpublish it:</p>
            <ul className="govuk-list govuk-list--bullet" data-testid="unpublish-consequences">
              <li>the public schedule, “now and next” and the printed view show no sessions until you publish again ({sessions} on it now)</li>
              <li>
                calendars subscribed to the event, a room or someone’s own sessions
                {page.personalFeeds > 0 ? ` (${page.personalFeeds} personal ${page.personalFeeds === 1 ? "feed" : "feeds"})` : ""} show every session as cancelled
                when they next refresh, usually within 15 minutes
              </li>
              <li>
                a few minutes later, the hosts of those sessions and the people who said they would go are emailed that their sessions are off the schedule
                (unless you publish again before then: then nobody is)
              </li>
            </ul>
            <WarningText>Undo on the grid, or publishing again, puts everything back: sessions reappear in calendars at their times.</WarningText>
            <Form method="post">
              <input type="hidden" name="version" value={page.version} />
              <div className="govuk-button-group">
                <Button variant="warning">Yes, unpublish the grid</Button>
                <Link to={back} className="govuk-link">
                  No, keep it published
                </Link>
              </div>
            </Form>
          </>
        ) : (
          <InsetText>
            The grid is not published, so there is nothing to unpublish. <Link className="govuk-link" to={back}>Back to the grid</Link>
          </InsetText>
        )}
      </div>
    </div>
  );
}
