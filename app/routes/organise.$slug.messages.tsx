import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, newToken, parseWith, readForm, stringValues, withErrorPage } from "~/.server/platform";
import { audienceSizes, listSentMessages, messageAttendees } from "~/.server/registration";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { Button, ErrorSummary, Input, Radios, Textarea } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { AUDIENCES, MESSAGE_FIELD_ORDER, messageSchema, sendKeySchema, type Audience } from "~/domain/message-form";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Message attendees – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [sizes, sent] = await Promise.all([audienceSizes(event.id), listSentMessages(event.id)]);
  return {
    slug: event.slug,
    name: event.name,
    sizes,
    sent: sent.map((m) => ({ ...m, audience: AUDIENCES[m.audience]?.label ?? m.audience, sentAt: formatDateTime(m.sentAt, event.timeZone) })),
  };
}

/**
 * Two steps, both plain forms: Preview checks the message and shows who gets it; Send (from the
 * preview, carrying the key it made) sends it once, however many times it is pressed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const form = await readForm(request);
  const parsed = parseWith(messageSchema, form);
  if (!parsed.ok) return invalid(parsed.failure);
  const values = stringValues(form);
  if (form.intent === "send") {
    const key = sendKeySchema.safeParse(form.sendKey);
    if (!key.success) return formError(key.error.issues[0].message, values);
    const sent = await withErrorPage(() => messageAttendees(event.id, email, { ...parsed.data, sendKey: key.data }));
    const people = `${sent.recipients} ${sent.recipients === 1 ? "person" : "people"}`;
    return redirectWithFlash(request, `/organise/${event.slug}/messages`, sent.alreadySent ? `That message was sent already, to ${people}.` : `Message sent to ${people}.`);
  }
  const recipients = (await audienceSizes(event.id))[parsed.data.audience];
  if (recipients === 0) return formError("Nobody is in that group yet: choose another", values, "audience");
  return data({ values, preview: { ...parsed.data, audienceLabel: AUDIENCES[parsed.data.audience].label, recipients, sendKey: newToken() } });
}

export default function MessageAttendees() {
  const { slug, name, sizes, sent } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : undefined;
  const preview = result && "preview" in result ? result.preview : null;
  const values: Record<string, string> = result?.values ?? {};
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={errors} fieldOrder={MESSAGE_FIELD_ORDER} />
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Message attendees</h1>
          {preview ? (
            <div className="pg-message-preview">
              <h2 className="govuk-heading-m">
                Check before you send: {preview.recipients} {preview.recipients === 1 ? "person" : "people"}
              </h2>
              <p className="govuk-body">To: {preview.audienceLabel}. Each gets their own copy with their private link.</p>
              <p className="govuk-body">
                <strong>Subject:</strong> {name}: {preview.subject}
              </p>
              <div className="govuk-inset-text pg-pre-wrap">
                {preview.body}
              </div>
              <Form method="post">
                <input type="hidden" name="audience" value={preview.audience} />
                <input type="hidden" name="subject" value={preview.subject} />
                <input type="hidden" name="body" value={preview.body} />
                <input type="hidden" name="sendKey" value={preview.sendKey} />
                <Button name="intent" value="send">
                  Send to {preview.recipients} {preview.recipients === 1 ? "person" : "people"}
                </Button>
              </Form>
              <p className="govuk-body">Or change the message below and preview it again.</p>
            </div>
          ) : null}
          <Form method="post" noValidate>
            <Radios
              name="audience"
              legend="Who is it for?"
              errors={errors}
              defaultValue={values.audience}
              options={(Object.keys(AUDIENCES) as Audience[]).map((audience) => ({
                value: audience,
                label: AUDIENCES[audience].label,
                hint: `${sizes[audience]} ${sizes[audience] === 1 ? "person" : "people"} now`,
              }))}
            />
            <Input name="subject" label="Subject" hint={`Emails start with the event's name: “${name}: …”`} errors={errors} defaultValue={values.subject} />
            <Textarea name="body" label="Message" hint="Plain text. We add a greeting, the event's date and venue, and each person's private link." errors={errors} defaultValue={values.body} rows={8} />
            <Button name="intent" value="preview" variant={preview ? "secondary" : undefined}>
              Preview
            </Button>
          </Form>

          <h2 className="govuk-heading-m">Sent</h2>
          {sent.length === 0 ? (
            <p className="govuk-body">No messages yet.</p>
          ) : (
            <table className="govuk-table">
              <caption className="govuk-table__caption govuk-visually-hidden">Messages sent</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">Subject</th>
                  <th scope="col" className="govuk-table__header">To</th>
                  <th scope="col" className="govuk-table__header">Sent</th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {sent.map((m) => (
                  <tr className="govuk-table__row" key={m.id}>
                    <td className="govuk-table__cell">{m.subject}</td>
                    <td className="govuk-table__cell">
                      {m.recipients} ({m.audience})
                    </td>
                    <td className="govuk-table__cell">
                      {m.sentAt} by {m.sentBy}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </>
  );
}
