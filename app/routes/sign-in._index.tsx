import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requestSignInLink } from "~/.server/auth";
import { enforceAddressRateLimit, enforceSignInEmailLimit, invalid, isBot, parseWith, readForm, safeRedirect, withErrorPage } from "~/.server/platform";
import { Button, ErrorSummary, Honeypot, Input } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Sign in as an organiser – Pitchgrid" }];

const SignIn = z.object({
  email: z
    .string({ required_error: "Enter your email address" })
    .trim()
    .min(1, "Enter your email address")
    .max(254, "Email address must be 254 characters or fewer")
    .email("Enter an email address in the correct format, like name@example.gov.uk"),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return { sent: url.searchParams.get("sent") === "1", redirectTo: safeRedirect(url.searchParams.get("redirectTo"), "/organise") };
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (isBot(form)) return redirect("/sign-in?sent=1", 303);
  await withErrorPage(() => enforceAddressRateLimit("signIn", request));
  const parsed = parseWith(SignIn, form);
  if (!parsed.ok) return invalid(parsed.failure);
  await withErrorPage(() => enforceSignInEmailLimit(parsed.data.email, request));
  await requestSignInLink(parsed.data.email, safeRedirect(parsed.data.redirectTo, "/organise"));
  return redirect("/sign-in?sent=1", 303);
}

export default function SignInPage() {
  const { sent, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (sent) {
    return (
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h1 className="govuk-heading-l">Check your email</h1>
          <p className="govuk-body">If that address belongs to an organiser, we have sent it a sign-in link. The link works once and expires in 15 minutes.</p>
          <p className="govuk-body">If nothing arrives in a few minutes, check your spam folder or ask another organiser of your event to add you.</p>
        </div>
      </div>
    );
  }
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <Form method="post" noValidate>
          <ErrorSummary errors={result?.errors} fieldOrder={["email"]} />
          <Input
            name="email"
            type="email"
            label="Sign in as an organiser"
            isPageHeading
            hint="Enter your email address. We will email you a link to sign in; there is no password."
            errors={result?.errors}
            defaultValue={result?.values?.email}
            autoComplete="email"
            spellCheck={false}
          />
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <Honeypot />
          <Button>Email me a sign-in link</Button>
        </Form>
      </div>
    </div>
  );
}
