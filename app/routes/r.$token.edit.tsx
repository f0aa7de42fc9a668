import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { type FieldErrors, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { answerField, answerValues, listQuestions, readAnswers } from "~/.server/events";
import { detailsSchema } from "~/domain/registration-rules";
import { requireRegistrationByToken, updateRegistrationDetails } from "~/.server/registration";
import { redirectWithFlash } from "~/.server/auth";
import { BackLink, Button, ErrorSummary, Input, Textarea } from "~/components/govuk";

export const meta: MetaFunction = () => [{ title: "Change your details – Pitchgrid" }, { name: "robots", content: "noindex" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const [questions, answers] = await Promise.all([listQuestions(registration.eventId), answerValues(registration.id)]);
  return {
    token: params.token!,
    questions: questions.map((q) => ({ field: answerField(q.id), label: q.required ? q.label : `${q.label} (optional)`, hint: q.hint })),
    values: {
      ...answers,
      name: registration.name,
      organisation: registration.organisation,
      jobRole: registration.jobRole,
      pronouns: registration.pronouns,
      accessNeeds: registration.accessNeeds,
      dietaryNeeds: registration.dietaryNeeds,
    } as Record<string, string>,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const registration = await withErrorPage(() => requireRegistrationByToken(params.token));
  const form = await readForm(request);
  const parsed = parseWith(detailsSchema, form);
  const answered = readAnswers(await listQuestions(registration.eventId), form);
  if (!parsed.ok || !answered.ok) {
    const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.failure.errors), ...(answered.ok ? {} : answered.errors) };
    return data({ errors, values: stringValues(form) }, { status: 400 });
  }
  await withErrorPage(() => updateRegistrationDetails(registration.id, { ...parsed.data, answers: answered.answers }));
  return redirectWithFlash(request, `/r/${params.token}`, "Your details have been updated.");
}

export default function EditDetails() {
  const { token, questions, values: saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? saved;
  const errors = result?.errors;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/r/${token}`}>Your registration</BackLink>
        <ErrorSummary errors={errors} fieldOrder={["name", "organisation", "jobRole", "pronouns", "accessNeeds", "dietaryNeeds", ...questions.map((q) => q.field)]} />
        <h1 className="govuk-heading-l">Change your details</h1>
        <Form method="post" noValidate>
          <Input name="name" label="Full name" errors={errors} defaultValue={values.name} autoComplete="name" spellCheck={false} />
          <Input name="organisation" label="Organisation" errors={errors} defaultValue={values.organisation} autoComplete="organization" />
          <Input name="jobRole" label="Role (optional)" errors={errors} defaultValue={values.jobRole} autoComplete="organization-title" />
          <Input name="pronouns" label="Pronouns (optional)" hint="For example, she/her, he/him or they/them. Printed on your name badge." errors={errors} defaultValue={values.pronouns} width="10" spellCheck={false} />
          <Textarea name="accessNeeds" label="Access needs (optional)" errors={errors} defaultValue={values.accessNeeds} rows={3} />
          <Textarea name="dietaryNeeds" label="Dietary needs (optional)" errors={errors} defaultValue={values.dietaryNeeds} rows={2} />
          {questions.map((q) => (
            <Textarea key={q.field} name={q.field} label={q.label} hint={q.hint || undefined} errors={errors} defaultValue={values[q.field]} rows={2} />
          ))}
          <p className="govuk-body">To use a different email address, cancel this registration and register again.</p>
          <Button>Save changes</Button>
        </Form>
      </div>
    </div>
  );
}
