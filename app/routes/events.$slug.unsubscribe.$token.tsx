import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { noFields, readIntentForm, withErrorPage } from "~/.server/platform";
import { setChangeNotices, unsubscribeLink } from "~/.server/notices";
import { Button, NotificationBanner } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Stop emails about schedule changes – Pitchgrid" }, { name: "robots", content: "noindex" }];

// The unsubscribe link in a change notice lands here. Opening it changes nothing (a mail
// scanner that follows links cannot unsubscribe anyone): the button's POST does.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const link = await withErrorPage(() => unsubscribeLink(params.slug, params.token));
  const done = new URL(request.url).searchParams.get("done");
  return { eventName: link.eventName, slug: link.eventSlug, off: link.alreadyOff, done: done === "off" || done === "on" ? done : null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The stop button (and a mail client's one-click unsubscribe) sends no intent.
  const submitted = await readIntentForm(request, { stop: noFields, resume: noFields }, { missing: "stop" });
  const on = submitted.intent === "resume";
  const link = await withErrorPage(() => setChangeNotices(params.slug, params.token, on));
  return redirect(`/events/${link.eventSlug}/unsubscribe/${params.token}?done=${on ? "on" : "off"}`, 303);
}

export default function Unsubscribe() {
  const { eventName, slug, off, done } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {done === "off" ? <NotificationBanner success>You will get no more emails about changes to the schedule of {eventName}.</NotificationBanner> : null}
        {done === "on" ? <NotificationBanner success>We will email you again when a session you host or said you’d go to changes.</NotificationBanner> : null}
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">Emails about schedule changes</h1>
        {off ? (
          <>
            <p className="govuk-body">
              You have stopped these emails. Other emails about your registration (your place, messages from the organisers) still come.
            </p>
            <Form method="post">
              <Button name="intent" value="resume" variant="secondary">
                Start these emails again
              </Button>
            </Form>
          </>
        ) : (
          <>
            <p className="govuk-body">
              When a session you host or said you’d go to moves, changes room or is cancelled, we email you. Stop these emails for {eventName}?
            </p>
            <p className="govuk-body">Other emails about your registration (your place, messages from the organisers) still come.</p>
            <Form method="post">
              <Button>Stop emails about schedule changes</Button>
            </Form>
          </>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${slug}/schedule`}>
            See the schedule
          </Link>
        </p>
      </div>
    </div>
  );
}
