import { Form } from "@remix-run/react";

/**
 * "Send me my link": a small form of its own (email only) for people who lost the email with
 * their private link. It posts to /events/<slug>/send-link, which answers the same whether or
 * not the address is registered.
 */
export function SendLinkForm({ slug, idPrefix = "send-link" }: { slug: string; idPrefix?: string }) {
  const id = `${idPrefix}-email`;
  return (
    <Form method="post" action={`/events/${slug}/send-link`} className="govuk-!-margin-bottom-6" aria-labelledby={`${idPrefix}-heading`}>
      <h2 className="govuk-heading-s" id={`${idPrefix}-heading`}>
        Lost the email with your link?
      </h2>
      <div className="govuk-form-group">
        <label className="govuk-label" htmlFor={id}>
          Email address you registered with
        </label>
        <input className="govuk-input govuk-!-width-two-thirds" id={id} name="email" type="email" autoComplete="email" spellCheck={false} />
      </div>
      <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
        Send me my link
      </button>
    </Form>
  );
}
