import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formError, positiveIdOr404, readForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireConfirmedAttendee, requirePublicEvent } from "~/.server/auth";
import { PitchRefused, requirePitch, withdrawPitch } from "~/.server/pitching";
import { attendeeMayChange } from "~/domain/pitch-rules";
import { Button, ErrorSummary, InsetText } from "~/components/govuk";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Withdraw your pitch – ${data.event.name} – Pitchgrid` : "Withdraw your pitch – Pitchgrid" }];

async function load(request: Request, params: { slug?: string; id?: string }) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const attendee = await withErrorPage(() => requireConfirmedAttendee(request, event.id));
  const id = positiveIdOr404(params.id, "Pitch");
  const pitch = await withErrorPage(() => requirePitch(event.id, id));
  const check = attendeeMayChange(pitch, attendee.registrationId);
  if (!check.ok && check.reason === "not-host") throw new Response(check.message, { status: 403, statusText: "Forbidden" });
  return { event, attendee, pitch, check };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, pitch, check } = await load(request, params);
  return { event: { name: event.name, slug: event.slug }, pitch: { id: pitch.id, title: pitch.title, interest: pitch.interest }, refusal: check.ok ? null : check.message };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, attendee, pitch } = await load(request, params);
  await readForm(request);
  try {
    await withErrorPage(() => withdrawPitch(event.id, pitch.id, { kind: "attendee", registrationId: attendee.registrationId }));
  } catch (error) {
    if (error instanceof PitchRefused) return formError(error.message, {}, "form", 409);
    throw error;
  }
  return redirectWithFlash(request, `/events/${event.slug}/pitches`, `You have withdrawn “${pitch.title}”.`);
}

export default function WithdrawPitch() {
  const { event, pitch, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Link to={`/events/${event.slug}/pitches/${pitch.id}`} className="govuk-back-link">
          {pitch.title}
        </Link>
        <ErrorSummary errors={result?.errors} />
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Withdraw “{pitch.title}”?</h1>
        {refusal ? (
          <InsetText>{refusal}</InsetText>
        ) : (
          <>
            <p className="govuk-body">
              The pitch will no longer be listed
              {pitch.interest > 0 ? `, and the ${pitch.interest === 1 ? "person who said they would go" : `${pitch.interest} people who said they would go`} will not see it` : ""}.
              You cannot undo this, but you can pitch again while pitching is open.
            </p>
            <Form method="post" className="govuk-button-group">
              <Button variant="warning">Yes, withdraw it</Button>
              <Link className="govuk-link" to={`/events/${event.slug}/pitches/${pitch.id}`}>
                No, keep it
              </Link>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
