import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { formError, invalid, newToken, readIntentForm, withErrorPage } from "~/.server/platform";
import { audienceReach, audienceSizes, listSentMessages, messageAttendees, messageEmail } from "~/.server/registration";
import { listTicketTypes } from "~/.server/events";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { Button, ErrorSummary, Input, Radios, Select, Textarea } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { AUDIENCES, GREETINGS, MESSAGE_FIELD_ORDER, messageSchema, sendKeySchema, type Audience, type Greeting } from "~/domain/message-form";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Message attendees – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [{ sizes, tickets: perTicket }, sent, tickets] = await Promise.all([audienceSizes(event.id), listSentMessages(event.id), listTicketTypes(event.id)]);
  const ticketName = new Map(tickets.map((t) => [t.id, t.name]));
  const audienceLabel = (audience: string) =>
    audience.startsWith("ticket:") ? `people with a place of ${ticketName.get(Number(audience.slice(7))) ?? "a ticket type"}` : (AUDIENCES[audience as Audience]?.label ?? audience);
  return {
    slug: event.slug,
    name: event.name,
    sizes,
    tickets: tickets.map((t) => ({ id: t.id, name: t.name, people: perTicket.get(t.id) ?? 0 })),
    sent: sent.map((m) => ({ ...m, audience: audienceLabel(m.audience), sentAt: formatDateTime(m.sentAt, event.timeZone) })),
  };
}

/**
 * Two steps, both plain forms: Preview checks the message and shows who gets it; Send (from the
 * preview, carrying the key it made) sends it once, however many times it is pressed.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, { preview: messageSchema, send: messageSchema }, { missing: "preview" });
  if (!submitted.ok) return invalid(submitted.failure);
  const { form, values } = submitted;
  const parsed = submitted;
  if (submitted.intent === "send") {
    const key = sendKeySchema.safeParse(form.sendKey);
    if (!key.success) return formError(key.error.issues[0].message, values);
    const sent = await withErrorPage(() => messageAttendees(event.id, email, { ...parsed.data, sendKey: key.data }));
    const people = `${sent.recipients} ${sent.recipients === 1 ? "person" : "people"}`;
    return redirectWithFlash(request, `/organise/${event.slug}/messages`, sent.alreadySent ? `That message was sent already, to ${people}.` : `Message sent to ${people}.`);
  }
  const { recipients, noEmail, sampleName } = await audienceReach(event.id, parsed.data);
  if (recipients === 0) {
    const why = noEmail > 0 ? `Nobody in that group has an email address (${noEmail} ${noEmail === 1 ? "person has" : "people have"} none): choose another` : "Nobody is in that group yet: choose another";
    return formError(why, values, "audience");
  }
  const ticket = parsed.data.ticketTypeId === null ? null : (await listTicketTypes(event.id)).find((t) => t.id === parsed.data.ticketTypeId);
  const audienceLabel = ticket ? `People with a place of ${ticket.name}` : AUDIENCES[parsed.data.audience].label;
  // The whole email as the first person in the group gets it; each person's own link differs.
  const shown = messageEmail(event, parsed.data, { name: sampleName ?? "" }, "(their own private link)");
  return data({
    values,
    preview: { ...parsed.data, audienceLabel, recipients, noEmail, sampleName, email: shown, sendKey: newToken() },
  });
}

export default function MessageAttendees() {
  const { slug, name, sizes, tickets, sent } = useLoaderData<typeof loader>();
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
              {preview.noEmail > 0 ? (
                <p className="govuk-body" data-testid="no-email">
                  {preview.noEmail} {preview.noEmail === 1 ? "person in this group has" : "people in this group have"} no email address, so they are not sent it.
                </p>
              ) : null}
              <p className="govuk-body">This is the email {preview.sampleName} will get, exactly as sent:</p>
              <div className="govuk-inset-text" data-testid="email-preview">
                <p className="govuk-body">
                  <strong>Subject:</strong> {preview.email.subject}
                </p>
                <div className="pg-pre-wrap">{preview.email.text}</div>
              </div>
              <Form method="post">
                <input type="hidden" name="audience" value={preview.audience} />
                <input type="hidden" name="ticketTypeId" value={preview.ticketTypeId ?? ""} />
                <input type="hidden" name="greeting" value={preview.greeting} />
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
              options={(Object.keys(AUDIENCES) as Audience[])
                .filter((audience) => audience !== "ticket" || tickets.length > 0)
                .map((audience) => ({
                  value: audience,
                  label: AUDIENCES[audience].label,
                  hint: audience === "ticket" ? "Choose the ticket type below" : `${sizes[audience]} ${sizes[audience] === 1 ? "person" : "people"} with an email address now`,
                }))}
            />
            {tickets.length > 0 ? (
              <Select
                name="ticketTypeId"
                label="Ticket type (for “one ticket type”)"
                errors={errors}
                defaultValue={values.ticketTypeId}
                options={[{ value: "", label: "Choose a ticket type" }, ...tickets.map((t) => ({ value: String(t.id), label: `${t.name} (${t.people} ${t.people === 1 ? "person" : "people"})` }))]}
              />
            ) : null}
            <Radios
              name="greeting"
              legend="How does the email open?"
              small
              errors={errors}
              defaultValue={values.greeting ?? "name"}
              options={(Object.keys(GREETINGS) as Greeting[]).map((greeting) => ({ value: greeting, label: GREETINGS[greeting].label }))}
            />
            <Input name="subject" label="Subject" hint={`Emails start with the event's name: “${name}: …”`} errors={errors} defaultValue={values.subject} />
            <Textarea name="body" label="Message" hint="Plain text. We add the greeting you chose, the event's date and venue, and each person's private link. Preview shows the whole email." errors={errors} defaultValue={values.body} rows={8} />
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
