import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage } from "~/.server/platform";
import { flashHeaders, forgetAttendee } from "~/.server/auth";
import { findEventById } from "~/.server/events";
import { eraseRegistration, requireRegistrationByToken } from "~/.server/registration";
import { BackLink, Button, WarningText } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Erase your data – Pitchgrid" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const event = (await findEventById(registration.eventId))!;
  return { token: params.token!, eventName: event.name };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  await readForm(request);
  await withErrorPage(() => eraseRegistration(registration.id));
  const headers = new Headers(await forgetAttendee(request, registration.eventId));
  headers.append("Set-Cookie", new Headers(await flashHeaders(request, "Your data has been erased.")).get("Set-Cookie")!);
  return redirect("/", { status: 303, headers });
}

export default function EraseData() {
  const { token, eventName } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/r/${token}`}>Your registration</BackLink>
        <span className="govuk-caption-l">{eventName}</span>
        <h1 className="govuk-heading-l">Erase your data</h1>
        <p className="govuk-body">
          We will delete your name, email address, organisation, role, access and dietary needs and answers, cancel any place you have, remove you from the sessions
          you pitched, co-host or marked, and delete emails to or about you that have not been sent yet. A session of yours already on the grid stays there,
          shown as “Host removed”; one not yet on the grid is withdrawn. Every link we sent you, and your calendar link, will stop working.
        </p>
        <p className="govuk-body">
          You may want to{" "}
          <a className="govuk-link" href={`/r/${token}/data.json`} download>
            download your data
          </a>{" "}
          first.
        </p>
        <WarningText>You cannot undo this.</WarningText>
        <Form method="post">
          <div className="govuk-button-group">
            <Button variant="warning">Erase my data</Button>
            <Link className="govuk-link" to={`/r/${token}`}>
              Cancel
            </Link>
          </div>
        </Form>
      </div>
    </div>
  );
}
