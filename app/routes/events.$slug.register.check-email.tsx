import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireEventBySlug } from "~/.server/events";
import { holdMinutes as minutesToConfirm } from "~/.server/registrations";

export const meta: MetaFunction = () => [{ title: "Check your email – Pitchgrid" }];

const OUTCOMES = ["held", "waiting", "pending-approval", "lottery-entered", "resent"] as const;
type Outcome = (typeof OUTCOMES)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await requireEventBySlug(params.slug);
  const status = new URL(request.url).searchParams.get("status");
  const outcome: Outcome = OUTCOMES.includes(status as Outcome) ? (status as Outcome) : "held";
  return { event: { name: event.name, slug: event.slug }, outcome, holdMinutes: minutesToConfirm(event) };
}

export default function CheckEmail() {
  const { event, outcome, holdMinutes } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Check your email</h1>
        {outcome === "held" ? (
          <>
            <p className="govuk-body">We are holding a place for you. We have sent you an email with a link to confirm it.</p>
            <p className="govuk-body">Open the link within {holdMinutes} minutes, or the place will go to someone else.</p>
          </>
        ) : null}
        {outcome === "waiting" ? (
          <p className="govuk-body">Every place is taken, so you are on the waiting list. We have emailed you; if a place frees up we will email you an offer.</p>
        ) : null}
        {outcome === "pending-approval" ? (
          <p className="govuk-body">We have sent your request to the organisers and emailed you a copy. They will email you their decision.</p>
        ) : null}
        {outcome === "resent" ? (
          <p className="govuk-body">If that address is registered for this event, we have emailed its links to it again. Links sent before to confirm a place no longer work.</p>
        ) : null}
        {outcome === "lottery-entered" ? (
          <p className="govuk-body">You are in the draw. We have emailed you; after applications close we will email you the result.</p>
        ) : null}
        <p className="govuk-body">The email has your private link to see, change or cancel your registration. If nothing arrives in a few minutes, check your spam folder.</p>
      </div>
    </div>
  );
}
