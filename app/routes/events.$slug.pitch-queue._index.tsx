import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { checkRateLimit, clientAddress, DomainError, invalid, isBot, noFields, readIntentForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { getAttendee, requirePublicEvent } from "~/.server/auth";
import { DraftNotice } from "~/components/DraftNotice";
import { joinPitchQueue, leavePitchQueue, pitchQueueView, queuePlaceForAttendee } from "~/.server/pitching";
import { Button, ErrorSummary, Honeypot, Input } from "~/components/govuk";
import { positionSentence, queueJoinSchema } from "~/domain/pitch-queue";

export const meta: MetaFunction = () => [{ title: "Join the pitch queue – Pitchgrid" }, { name: "robots", content: "noindex" }];

// Everyone in the hall shares the venue's wifi, so the limit per address is generous.
const JOIN_LIMIT = { limit: 60, windowMs: 10 * 60_000 };

/**
 * "I want to pitch": an attendee joins the queue from their phone. Someone this device knows
 * (their private link's cookie) joins as themselves and sees their place here; anyone else types a
 * name and is sent to a page of their own (a token in its address).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const attendee = await getAttendee(request, event.id);
  const known = attendee?.status === "confirmed" ? attendee : null;
  const [view, place] = await Promise.all([pitchQueueView(event.id), known ? queuePlaceForAttendee(event.id, known.registrationId) : null]);
  return {
    name: event.name,
    draft: event.draftPreview,
    slug: event.slug,
    open: view.settings.joiningOpen,
    waiting: view.waiting.length,
    seconds: view.settings.countdownSeconds,
    attendeeName: known?.name ?? null,
    place:
      place && (place.position !== null || place.entry.status === "pitched")
        ? { sentence: positionSentence(place.position, place.entry.status), number: place.entry.number, live: place.position !== null, waiting: place.entry.status === "waiting" }
        : null,
    current: view.current?.name ?? null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const submitted = await readIntentForm(request, { join: queueJoinSchema, leave: noFields }, { missing: "join" });
  const { form } = submitted;
  const address = clientAddress(request);
  if (address && !(await checkRateLimit("pitchQueueJoin", `address:${address}`, JOIN_LIMIT))) {
    throw new Response("Too many people have joined from this connection just now. Ask a volunteer at the pitch station.", { status: 429 });
  }
  const attendee = await getAttendee(request, event.id);
  const known = attendee?.status === "confirmed" ? attendee : null;
  if (submitted.intent === "leave") {
    if (!known) throw new Response("Only someone in the queue can leave it", { status: 403 });
    return withFormErrors({}, async () => {
      await leavePitchQueue(event.id, { registrationId: known.registrationId });
      return redirect(`/events/${event.slug}/pitch-queue`, 303);
    });
  }
  const parsed = submitted;
  if (!parsed.ok) return invalid(parsed.failure);
  if (isBot(form)) throw new Response("Not accepted", { status: 400 });
  if (!known && !parsed.data.name) return invalid({ errors: { name: ["Enter your name"] }, values: stringValues(form) });
  return withFormErrors(stringValues(form), async () => {
    if (known) {
      await joinPitchQueue(event.id, { registrationId: known.registrationId }, parsed.data.title, "self");
      return redirect(`/events/${event.slug}/pitch-queue`, 303);
    }
    const { token } = await joinPitchQueue(event.id, { name: parsed.data.name }, parsed.data.title, "self");
    if (!token) throw new DomainError("conflict", "Something went wrong: ask a volunteer at the pitch station.");
    return redirect(`/events/${event.slug}/pitch-queue/${token}`, 303);
  });
}

export default function JoinPitchQueue() {
  const { name, slug, draft, open, waiting, seconds, attendeeName, place, current } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = result?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["form", "name", "title"]} />
        {draft ? <DraftNotice slug={slug} /> : null}
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">The pitch queue</h1>
        {place ? (
          <>
            <p className="govuk-body-l" data-testid="queue-position">
              <strong>{place.sentence}</strong>
            </p>
            {place.live ? (
              <>
                {current ? <p className="govuk-body">{`Pitching now: ${current}.`}</p> : null}
                <p className="govuk-body">
                  {`You have ${seconds} seconds: say`} what the session is about and who it is for. Keep this page and{" "}
                  <Link className="govuk-link" to={`/events/${slug}/pitch-queue`}>
                    reload it
                  </Link>{" "}
                  to see your place.
                </p>
                {place.waiting ? (
                  <Form method="post">
                    <Button name="intent" value="leave" variant="secondary">
                      Leave the queue
                    </Button>
                  </Form>
                ) : null}
              </>
            ) : null}
          </>
        ) : null}
        {place?.live ? null : open ? (
          <>
            <p className="govuk-body">
              Want to run a session? Join the queue, then come to the front when you are called. {waiting === 1 ? "1 person is" : `${waiting} people are`} waiting.
            </p>
            <Form method="post" noValidate>
              <Honeypot />
              {attendeeName ? (
                <p className="govuk-body">{`You are joining as ${attendeeName}.`}</p>
              ) : (
                <Input name="name" label="Your name" hint="As it should appear on the screen" errors={result?.errors} defaultValue={values.name} autoComplete="name" />
              )}
              <Input name="title" label="What will you pitch? (optional)" hint="A working title; you can change it when you pitch" errors={result?.errors} defaultValue={values.title} autoComplete="off" />
              <Button>I want to pitch</Button>
            </Form>
          </>
        ) : (
          <p className="govuk-body">The pitch queue is not open yet. Ask a volunteer at the pitch station.</p>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${slug}/pitch-queue/projector`}>
            See who is pitching now
          </Link>
        </p>
      </div>
    </div>
  );
}
