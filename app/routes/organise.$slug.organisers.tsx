import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formError, invalid, readIntentForm, withErrorPage } from "~/.server/platform";
import { addOrganiser, LastOrganiserError, listOrganisers, removeOrganiser } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { Button, ErrorSummary, Input } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";

export const meta: MetaFunction = () => [{ title: "Organisers – Pitchgrid" }];

const OrganiserChange = {
  add: z.object({ email: z.string().trim().toLowerCase().email("Enter an email address in the correct format, like name@example.gov.uk").max(254) }),
  remove: z.object({ email: z.string().trim().toLowerCase().min(1) }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  return { slug: event.slug, name: event.name, organisers: await listOrganisers(event.id), me: email };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const parsed = await readIntentForm(request, OrganiserChange);
  if (!parsed.ok) return invalid(parsed.failure);
  if (parsed.intent === "add") {
    const added = await addOrganiser(event, parsed.data.email, email);
    return redirectWithFlash(
      request,
      `/organise/${event.slug}/organisers`,
      added ? `${parsed.data.email} can now sign in and organise this event. We have emailed them to say so.` : `${parsed.data.email} already organises this event.`,
    );
  }
  try {
    await removeOrganiser(event.id, parsed.data.email);
  } catch (error) {
    if (error instanceof LastOrganiserError) return formError(error.message);
    throw error;
  }
  return redirectWithFlash(request, `/organise/${event.slug}/organisers`, `${parsed.data.email} is no longer an organiser.`);
}

export default function Organisers() {
  const { slug, name, organisers } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Organisers</h1>
      <OrganiserNav slug={slug} name={name} />
      <ErrorSummary errors={result?.errors} fieldOrder={["email"]} />
      <ul className="govuk-list">
        {organisers.map((email) => (
          <li key={email} className="pg-button-row">
            <span>{email}</span>
            {organisers.length > 1 ? (
              <Form method="post" className="pg-inline-form">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="email" value={email} />
                <button className="pg-link-button govuk-link" type="submit">
                  Remove <span className="govuk-visually-hidden">{email}</span>
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="add" />
        <Input name="email" type="email" label="Add an organiser" hint="They sign in with a link emailed to this address" errors={result?.errors} width="two-thirds" />
        <Button variant="secondary">Add organiser</Button>
      </Form>
    </>
  );
}
