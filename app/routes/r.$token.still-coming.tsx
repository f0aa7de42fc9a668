import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { findEventById } from "~/.server/events";
import { answerReconfirmation, reconfirmationFor, requireRegistrationByToken } from "~/.server/registration";
import { redirectWithFlash } from "~/.server/auth";
import { Button, ErrorSummary } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Are you still coming? – Pitchgrid" }, { name: "robots", content: "noindex" }];

const AnswerForm = z.object({ answer: z.enum(["yes", "no"]) });

// The emailed "Yes, I'm coming" and "No, release my place" links land here. Opening the page
// changes nothing (a mail scanner that follows links cannot answer for anyone): the answer is a
// POST from its button.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const event = (await findEventById(registration.eventId))!;
  const round = await reconfirmationFor(registration.id);
  const chosen = new URL(request.url).searchParams.get("answer");
  return {
    token: params.token!,
    event: { name: event.name },
    name: registration.name,
    chosen: chosen === "no" ? ("no" as const) : ("yes" as const),
    state: !round
      ? ("not-asked" as const)
      : round.releasedAt || registration.status !== "confirmed"
        ? ("no-place" as const)
        : ("open" as const),
    answer: round?.answer ?? null,
    deadline: round ? formatDateTime(round.deadlineAt, event.timeZone) : null,
    releasesSilence: round?.silence === "release" && !round.closed,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const parsed = AnswerForm.safeParse(await readForm(request));
  if (!parsed.success) throw new Response("Choose yes or no", { status: 400 });
  const { answer } = parsed.data;
  return withFormErrors({}, async () => {
    const outcome = await answerReconfirmation(registration.id, answer);
    return redirectWithFlash(
      request,
      `/r/${params.token}`,
      outcome === "kept" ? "Thank you: you are still coming, and your place is kept." : "Your place has been released to the next person on the waiting list. Thank you for telling us.",
    );
  });
}

export default function StillComing() {
  const { token, event, name, chosen, state, answer, deadline, releasesSilence } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const yes = (
    <Button name="answer" value="yes" variant={chosen === "yes" ? undefined : "secondary"}>
      Yes, I’m coming
    </Button>
  );
  const no = (
    <Button name="answer" value="no" variant={chosen === "no" ? "warning" : "secondary"}>
      No, release my place
    </Button>
  );
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} />
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Are you still coming?</h1>
        {state === "not-asked" ? (
          <p className="govuk-body">We have not asked you to reconfirm your place, so there is nothing to answer here.</p>
        ) : state === "no-place" ? (
          <p className="govuk-body">You no longer hold a place at {event.name}: it has been released to the waiting list.</p>
        ) : (
          <>
            <p className="govuk-body">
              {name}, please tell us whether you are still coming to {event.name}, so that if you cannot, your place goes to someone on the waiting list.
            </p>
            {answer === "yes" ? <p className="govuk-body">You told us you are coming. If that has changed, release your place below.</p> : null}
            {answer === null && deadline ? (
              <p className="govuk-body">
                Please answer by {deadline}.{releasesSilence ? " If we have not heard from you by then, your place will be offered to the next person on the waiting list." : ""}
              </p>
            ) : null}
            {chosen === "no" ? <p className="govuk-body">Releasing your place cannot be undone: it is offered to the next person straight away.</p> : null}
            <Form method="post">
              <div className="govuk-button-group">
                {chosen === "no" ? (
                  <>
                    {no}
                    {answer === "yes" ? null : yes}
                  </>
                ) : (
                  <>
                    {answer === "yes" ? null : yes}
                    {no}
                  </>
                )}
              </div>
            </Form>
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/r/${token}`}>
            Go to your registration
          </Link>
        </p>
      </div>
    </div>
  );
}
