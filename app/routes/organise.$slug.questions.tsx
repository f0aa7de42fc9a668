import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formError, invalid, readIntentForm, withErrorPage } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { addQuestion, listQuestions, MAX_QUESTIONS, QuestionRefused, removeQuestion } from "~/.server/events";
import { Button, Checkboxes, ErrorSummary, Input, WarningText } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { singleLine } from "~/domain/single-line";

export const meta: MetaFunction = () => [{ title: "Registration questions – Pitchgrid" }];

const NewQuestion = z.object({
  label: singleLine(z.string({ required_error: "Enter the question" }).trim().min(3, "Enter a question of at least 3 characters").max(200, "Question must be 200 characters or fewer"), "Question"),
  hint: singleLine(z.string().trim().max(300, "Hint must be 300 characters or fewer").default(""), "Hint"),
  required: z
    .union([z.literal("yes"), z.undefined()])
    .transform((value) => value === "yes"),
});
const RemoveQuestion = z.object({ questionId: z.coerce.number({ invalid_type_error: "Choose a question" }).int().positive("Choose a question") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  return { slug: event.slug, name: event.name, questions: await listQuestions(event.id), max: MAX_QUESTIONS };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, { add: NewQuestion, remove: RemoveQuestion }, { missing: "add" });
  const back = `/organise/${event.slug}/questions`;
  if (submitted.intent === "remove") {
    const parsed = submitted;
    if (!parsed.ok) return invalid(parsed.failure);
    if (!(await removeQuestion(event.id, parsed.data.questionId))) return formError("That question has been removed already", {}, "form", 409);
    return redirectWithFlash(request, back, "Question removed, with the answers given to it.");
  }
  const parsed = submitted;
  if (!parsed.ok) return invalid(parsed.failure);
  try {
    const question = await addQuestion(event.id, parsed.data);
    return redirectWithFlash(request, back, `Question added: “${question.label}”. It is on the registration form now.`);
  } catch (error) {
    if (error instanceof QuestionRefused) return formError(error.message, parsed.values);
    throw error;
  }
}

export default function RegistrationQuestions() {
  const { slug, name, questions, max } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} fieldOrder={["form", "label", "hint", "required"]} />
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Registration questions</h1>
          <p className="govuk-body">
            Ask everyone who registers something of your own, such as which team they work in or whether they will pitch. Name, email, organisation, role, access needs
            and dietary needs are asked already. Answers are in each person’s page and the CSV export.
          </p>
          {questions.length === 0 ? (
            <p className="govuk-body">No questions of your own yet.</p>
          ) : (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-table__caption--m">On the form now</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Question</th>
                  <th scope="col" className="govuk-table__header">Must be answered</th>
                  <th scope="col" className="govuk-table__header">
                    <span className="govuk-visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {questions.map((q) => (
                  <tr className="govuk-table__row" key={q.id}>
                    <td className="govuk-table__cell">
                      {q.label}
                      {q.hint ? <span className="govuk-hint govuk-!-margin-bottom-0">{q.hint}</span> : null}
                    </td>
                    <td className="govuk-table__cell">{q.required ? "Yes" : "No"}</td>
                    <td className="govuk-table__cell">
                      <Form method="post">
                        <input type="hidden" name="questionId" value={q.id} />
                        <button type="submit" name="intent" value="remove" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                          Remove<span className="govuk-visually-hidden"> “{q.label}”</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {questions.length > 0 ? <WarningText>Removing a question also deletes the answers people gave to it.</WarningText> : null}
          {questions.length < max ? (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">Add a question</h2>
              <Input name="label" label="Question" hint="For example, Which team do you work in?" errors={result?.errors} defaultValue={values.label} />
              <Input name="hint" label="Hint (optional)" hint="Shown under the question, like this text" errors={result?.errors} defaultValue={values.hint} />
              <Checkboxes
                name="required"
                legend="Answer"
                small
                errors={result?.errors}
                defaultValue={values.required}
                options={[{ value: "yes", label: "People must answer this question to register" }]}
              />
              <Button name="intent" value="add">
                Add question
              </Button>
            </Form>
          ) : (
            <p className="govuk-body">You have {max} questions, the most an event can ask.</p>
          )}
        </div>
      </div>
    </>
  );
}
