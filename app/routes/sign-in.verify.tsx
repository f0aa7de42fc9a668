import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { consumeSignInToken, createSignedInSession } from "~/.server/auth";
import { formError, readForm, safeRedirect } from "~/.server/platform";
import { Button } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Sign in – Pitchgrid" }];

const REASONS = {
  invalid: "That sign-in link is not valid. Check you copied the whole link, or ask for a new one.",
  expired: "That sign-in link has expired. Links work for 15 minutes; ask for a new one.",
  used: "That sign-in link has already been used. Ask for a new one.",
};

// Following the link only shows a button: signing in is a POST, so a mail scanner that opens
// links cannot use up the one-time token.
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { token: url.searchParams.get("token") ?? "", redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/organise") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const result = await consumeSignInToken(form.token);
  if (!result.ok) return formError(REASONS[result.reason]);
  return createSignedInSession(request, result.email, safeRedirect(form.redirectTo, "/organise"));
}

export default function VerifySignIn() {
  const { token, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problem = result?.errors?.form?.[0];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {problem ? (
          <>
            <h1 className="govuk-heading-l">You could not be signed in</h1>
            <p className="govuk-body" role="alert">
              {problem}
            </p>
            <p className="govuk-body">
              <Link className="govuk-link" to="/sign-in">
                Get a new sign-in link
              </Link>
            </p>
          </>
        ) : (
          <>
            <h1 className="govuk-heading-l">Sign in to Pitchgrid</h1>
            <Form method="post">
              <input type="hidden" name="token" value={token} />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <Button>Sign in</Button>
            </Form>
          </>
        )}
      </div>
    </div>
  );
}
