import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { feedbackInvitationState, sendFeedbackInvitations } from "~/.server/feedback";
import { AskFirstForm, BackLink, ErrorSummary, InsetText, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Invite feedback? – Pitchgrid" }];

// Asks first, without JavaScript: the invitation emails everyone invited and goes only once.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  return { slug: event.slug, name: event.name, state: await feedbackInvitationState(event) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  await readForm(request);
  return withFormErrors({}, async () => {
    const sent = await sendFeedbackInvitations(event.id, email);
    return redirectWithFlash(request, `/organise/${event.slug}/feedback`, `Feedback invitation sent to ${sent} ${sent === 1 ? "person" : "people"}.`);
  });
}

export default function SendFeedbackInvitation() {
  const { slug, name, state } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/organise/${slug}/feedback`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={back}>Feedback</BackLink>
        <ErrorSummary errors={result?.errors} />
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Invite feedback?</h1>
        {state.invitedAt ? (
          <InsetText>The feedback invitation has already been sent. It goes only once.</InsetText>
        ) : !state.ended ? (
          <InsetText>You can invite feedback once the event has ended.</InsetText>
        ) : (
          <>
            <p className="govuk-body">
              We will email {state.count} {state.count === 1 ? "person" : "people"} (
              {state.audience === "checked-in" ? "everyone who was checked in" : "everyone with a confirmed place, since nobody was checked in"}) a link to a short form:
              whether the event was useful, and optionally the sessions they marked. They can answer anonymously.
            </p>
            <WarningText>The invitation goes only once and cannot be taken back.</WarningText>
            <AskFirstForm confirm="Yes, send the invitation" cancel="No, not now" cancelTo={back} />
          </>
        )}
      </div>
    </div>
  );
}
