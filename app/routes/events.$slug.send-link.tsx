import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { enforceAddressRateLimit, enforceRateLimit, invalid, parseWith, readForm, withErrorPage } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { resendLinksSchema } from "~/domain/registration-rules";
import { resendRegistrationLinks } from "~/.server/registration";
import { BackLink, Button, ErrorSummary, Input } from "~/components/govuk";
import { DraftNotice } from "~/components/DraftNotice";

export const meta: MetaFunction = () => [{ title: "Send me my link – Pitchgrid" }];

/**
 * "Send me my link" on its own: only the email address, no registration form to fill in first.
 * The small forms on the event, pitches and private pages post here; errors come back on this
 * page. The answer is the same whether or not the address is registered.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  return { event: { name: event.name, slug: event.slug, draft: event.draftPreview } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const form = await readForm(request);
  await withErrorPage(() => enforceAddressRateLimit("registration", request));
  const parsed = parseWith(resendLinksSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  await withErrorPage(() => enforceRateLimit("resendLinks", parsed.data.email.toLowerCase()));
  await withErrorPage(() => resendRegistrationLinks(event.slug, parsed.data.email));
  return redirect(`/events/${event.slug}/register/check-email?status=resent`, 303);
}

export default function SendLink() {
  const { event } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/events/${event.slug}`}>{event.name}</BackLink>
        <ErrorSummary errors={result?.errors ?? {}} fieldOrder={["email"]} />
        {event.draft ? <DraftNotice slug={event.slug} /> : null}
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Send me my link</h1>
        <p className="govuk-body">If the address is registered for this event, we email it the private link to see, change or cancel the registration.</p>
        <Form method="post" noValidate>
          <Input name="email" type="email" label="Email address you registered with" errors={result?.errors} defaultValue={result?.values?.email} autoComplete="email" spellCheck={false} />
          <Button>Send me my link</Button>
        </Form>
      </div>
    </div>
  );
}
