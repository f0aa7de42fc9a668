import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requirePublicEvent } from "~/.server/auth";
import { withErrorPage } from "~/.server/platform";
import { holdMinutes as minutesToConfirm } from "~/.server/registration";
import { DraftNotice } from "~/components/DraftNotice";

export const meta: MetaFunction = () => [{ title: "Check your email – Pitchgrid" }];

// "held": confirming will take a place (or join the waiting list); "approval": send a request;
// "lottery": enter the draw; "resent": links sent again. (Older links may still say "waiting",
// "pending-approval" or "lottery-entered"; they show the general message.)
const OUTCOMES = ["held", "approval", "lottery", "resent", "new-link"] as const;
type Outcome = (typeof OUTCOMES)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const status = new URL(request.url).searchParams.get("status");
  const outcome: Outcome = OUTCOMES.includes(status as Outcome) ? (status as Outcome) : "held";
  return { event: { name: event.name, slug: event.slug, draft: event.draftPreview }, outcome, holdMinutes: minutesToConfirm(event) };
}

export default function CheckEmail() {
  const { event, outcome, holdMinutes } = useLoaderData<typeof loader>();
  const within = `The link works for ${holdMinutes} minutes. If it runs out, register again.`;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">{outcome === "new-link" ? "We have emailed you a new link" : outcome === "resent" ? "Check your email" : "Check your email to confirm"}</h1>
        {outcome === "new-link" ? (
          <p className="govuk-body">
            Your new private link is on its way. The links we sent you before no longer work, so anyone else who had one can no longer see or change your registration.
          </p>
        ) : null}
        {outcome === "held" ? (
          <>
            <p className="govuk-body">We have sent you an email with a link to confirm your email address.</p>
            <p className="govuk-body">
              <strong>Your place is not held until you do.</strong> Places go to people in the order they confirm; if none is left when you confirm, you join the waiting list.
            </p>
            <p className="govuk-body">{within}</p>
          </>
        ) : null}
        {outcome === "approval" ? (
          <>
            <p className="govuk-body">We have sent you an email with a link to confirm your email address.</p>
            <p className="govuk-body">Your request goes to the organisers only once you confirm. They will email you their decision.</p>
            <p className="govuk-body">{within}</p>
          </>
        ) : null}
        {outcome === "lottery" ? (
          <>
            <p className="govuk-body">We have sent you an email with a link to confirm your email address.</p>
            <p className="govuk-body">You are in the draw only once you confirm. After applications close we will email you the result.</p>
            <p className="govuk-body">{within}</p>
          </>
        ) : null}
        {outcome === "resent" ? (
          <p className="govuk-body">If that address is registered for this event, we have emailed its links to it again. Confirmation links sent before no longer work.</p>
        ) : null}
        <p className="govuk-body">The email has your private link to see, change or cancel your registration. If nothing arrives in a few minutes, check your spam folder.</p>
      </div>
    </div>
  );
}
