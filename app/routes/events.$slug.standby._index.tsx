import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { checkRateLimit, clientAddress, DomainError, invalid, isBot, parseWith, readForm, stringValues, withErrorPage, withFormErrors } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { joinStandby, standbyView } from "~/.server/registration";
import { Button, ErrorSummary, Honeypot, Input } from "~/components/govuk";
import { standbyPersonSchema } from "~/domain/standby";
import { DraftNotice } from "~/components/DraftNotice";

export const meta: MetaFunction = () => [{ title: "Join standby – Pitchgrid" }, { name: "robots", content: "noindex" }];

// Everyone at the door shares the venue's wifi, so the limit per address is generous.
const JOIN_LIMIT = { limit: 60, windowMs: 10 * 60_000 };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const view = await standbyView(event.id);
  return { name: event.name, slug: event.slug, draft: event.draftPreview, open: view.list.joiningOpen, waiting: view.entries.filter((e) => e.status === "waiting").length };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const form = await readForm(request);
  const address = clientAddress(request);
  if (address && !(await checkRateLimit("standbyJoin", `address:${address}`, JOIN_LIMIT))) {
    throw new Response("Too many people have joined from this connection just now. Ask at the registration desk.", { status: 429 });
  }
  const parsed = parseWith(standbyPersonSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  if (isBot(form)) throw new Response("Not accepted", { status: 400 });
  return withFormErrors(stringValues(form), async () => {
    const { token } = await joinStandby(event.id, parsed.data, "door");
    if (!token) throw new DomainError("conflict", "Something went wrong: ask at the registration desk.");
    return redirect(`/events/${event.slug}/standby/${token}`, 303);
  });
}

export default function JoinStandby() {
  const { name, slug, draft, open, waiting } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = result?.values ?? {};
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["form", "name", "email"]} />
        {draft ? <DraftNotice slug={slug} /> : null}
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Join the standby list</h1>
        {open ? (
          <>
            <p className="govuk-body">
              No place? Join the list and wait nearby. When seats of people who have not come are released, we call the list in order: on the screen at the desk, and
              by email if you give your address. {waiting === 1 ? "1 person is" : `${waiting} people are`} waiting.
            </p>
            <Form method="post" noValidate>
              <Honeypot />
              <Input name="name" label="Your name" errors={result?.errors} defaultValue={values.name} autoComplete="name" />
              <Input name="email" label="Email (optional)" hint="We email you when it is your turn, and delete it the day after the event" type="email" errors={result?.errors} defaultValue={values.email} autoComplete="email" spellCheck={false} />
              <Button>Join the list</Button>
            </Form>
          </>
        ) : (
          <p className="govuk-body">The standby list is not open to join from here. Ask at the registration desk.</p>
        )}
      </div>
    </div>
  );
}
