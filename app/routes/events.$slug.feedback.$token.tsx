import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { readForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { feedbackLink, submitFeedback } from "~/.server/feedback";
import { Button, Checkboxes, ErrorSummary, NotificationBanner, Radios, Textarea } from "~/components/govuk";
import { parseFeedbackForm, sessionField } from "~/domain/feedback";

export const meta: MetaFunction = () => [{ title: "Your feedback – Pitchgrid" }, { name: "robots", content: "noindex" }];

// The link in the feedback invitation (a token: the page is personal and never cached). One
// answer per link; "anonymous" stores the answer with no link to the person.
export async function loader({ params }: LoaderFunctionArgs) {
  const link = await withErrorPage(() => feedbackLink(params.slug, params.token));
  return { event: { name: link.event.name }, used: link.used, sessions: link.sessions };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const link = await withErrorPage(() => feedbackLink(params.slug, params.token));
  const form = await readForm(request);
  const values = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : v]));
  const parsed = parseFeedbackForm(form, link.sessions.map((s) => s.pitchId));
  if (!parsed.ok) return data({ errors: parsed.errors, values }, { status: 400 });
  return withFormErrors(values, async () => {
    await submitFeedback(params.slug, params.token, parsed.data);
    return redirect(`/events/${params.slug}/feedback/${params.token}`, 303);
  });
}

export default function Feedback() {
  const { event, used, sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = result?.values ?? {};
  const yesNo = [
    { value: "yes", label: "Yes" },
    { value: "no", label: "No" },
  ];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary errors={result?.errors} fieldOrder={["useful", "comment", ...sessions.flatMap((s) => [sessionField(s.pitchId, "useful"), sessionField(s.pitchId, "comment")])]} />
        <span className="govuk-caption-l">{event.name}</span>
        <h1 className="govuk-heading-l">Your feedback</h1>
        {used ? (
          <NotificationBanner success title="Thank you">
            Your feedback has been sent to the organisers of {event.name}.
          </NotificationBanner>
        ) : (
          <Form method="post" noValidate>
            <Radios name="useful" legend={`Was ${event.name} useful to you?`} errors={result?.errors} options={yesNo} defaultValue={values.useful} />
            <Textarea name="comment" label="Anything you would like the organisers to know (optional)" errors={result?.errors} defaultValue={values.comment} />
            {sessions.length > 0 ? (
              <>
                <h2 className="govuk-heading-m">The sessions you marked</h2>
                <p className="govuk-body">Optional: answer for any of them, or leave them blank.</p>
                {sessions.map((s) => (
                  <div key={s.pitchId} className="govuk-!-margin-bottom-6">
                    <h3 className="govuk-heading-s">{s.title}</h3>
                    <Radios
                      small
                      name={sessionField(s.pitchId, "useful")}
                      legend={<>Was “{s.title}” useful to you?</>}
                      errors={result?.errors}
                      options={yesNo}
                      defaultValue={values[sessionField(s.pitchId, "useful")]}
                    />
                    <Textarea
                      rows={3}
                      name={sessionField(s.pitchId, "comment")}
                      label={<>Comment on “{s.title}” (optional)</>}
                      errors={result?.errors}
                      defaultValue={values[sessionField(s.pitchId, "comment")]}
                    />
                  </div>
                ))}
              </>
            ) : null}
            <Checkboxes
              name="anonymous"
              legend="Your name"
              hint="Anonymous feedback is stored with nothing that ties it to you. Otherwise the organisers see your name beside it."
              options={[{ value: "yes", label: "Send my feedback anonymously" }]}
              defaultValue={result ? values.anonymous : "yes"}
              errors={result?.errors}
            />
            <Button>Send feedback</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
