import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { countOrganiserSessions, requireSignedInEmail } from "~/.server/auth";
import { isAdmin } from "~/.server/platform";
import { listEventsForTeamMember } from "~/.server/events";
import { Button } from "~/components/govuk";
import { formatDate } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Your events – Pitchgrid" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const email = await requireSignedInEmail(request);
  const events = await listEventsForTeamMember(email);
  return {
    email,
    canCreate: isAdmin(email),
    sessions: await countOrganiserSessions(email),
    events: events.map(({ event: e, role }) => ({ slug: e.slug, name: e.name, date: formatDate(e.startsAt, e.timeZone), role })),
  };
}

export default function OrganiserHome() {
  const { events, email, canCreate, sessions } = useLoaderData<typeof loader>();
  return (
    <>
      <span className="govuk-caption-l">Signed in as {email}</span>
      <h1 className="govuk-heading-xl">Your events</h1>
      {canCreate ? (
        <Link to="/organise/new" className="govuk-button">
          Create an event
        </Link>
      ) : null}
      {events.length === 0 ? (
        <p className="govuk-body">You do not organise any events yet.</p>
      ) : (
        <ul className="govuk-list govuk-list--spaced">
          {events.map((event) => (
            <li key={event.slug}>
              <Link className="govuk-link govuk-!-font-weight-bold" to={`/organise/${event.slug}`}>
                {event.name}
              </Link>{" "}
              <span className="govuk-body-s">{event.date}</span>
              {event.role === "volunteer" ? (
                <>
                  {" "}
                  <strong className="govuk-tag govuk-tag--grey">Volunteer</strong>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <h2 className="govuk-heading-m">Where you are signed in</h2>
      <p className="govuk-body">
        You are signed in on {sessions === 1 ? "1 device or browser" : `${sessions} devices or browsers`}. If you used a shared computer, or think
        someone else has your sign-in, sign out everywhere: every device will need a new sign-in link.
      </p>
      <Form method="post" action="/sign-out">
        <Button variant="secondary" name="scope" value="everywhere">
          Sign out everywhere
        </Button>
      </Form>
    </>
  );
}
