import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { errorResponse, notFound, readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { leavePitchQueue, queuePlaceByToken } from "~/.server/pitching";
import { Button, ErrorSummary } from "~/components/govuk";
import { positionSentence } from "~/domain/pitch-queue";

export const meta: MetaFunction = () => [{ title: "Your place in the pitch queue – Pitchgrid" }, { name: "robots", content: "noindex" }];

// The page someone who joined by typing their name keeps open: their place in the queue.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const place = await queuePlaceByToken(event.id, params.token);
  if (!place) throw errorResponse(notFound("Place in the pitch queue"));
  return {
    name: event.name,
    draft: event.draftPreview,
    slug: event.slug,
    token: params.token!,
    who: place.entry.name,
    sentence: positionSentence(place.position, place.entry.status),
    live: place.position !== null,
    waiting: place.entry.status === "waiting",
    current: place.current && place.current.id !== place.entry.id ? place.current.name : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  await readForm(request);
  return withFormErrors({}, async () => {
    await leavePitchQueue(event.id, { token: params.token ?? "" });
    return redirect(`/events/${event.slug}/pitch-queue/${params.token}`, 303);
  });
}

export default function QueuePlace() {
  const { name, slug, draft, token, who, sentence, live, current, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} />
        {draft ? <DraftNotice slug={slug} /> : null}
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">{`The pitch queue: ${who}`}</h1>
        <p className="govuk-body-l" data-testid="queue-position">
          <strong>{sentence}</strong>
        </p>
        {live && current ? <p className="govuk-body">{`Pitching now: ${current}.`}</p> : null}
        {live ? (
          <p className="govuk-body">
            Keep this page:{" "}
            <Link className="govuk-link" to={`/events/${slug}/pitch-queue/${token}`}>
              reload it
            </Link>{" "}
            to see your place.
          </p>
        ) : null}
        {waiting ? (
          <Form method="post">
            <Button variant="secondary">Leave the queue</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
