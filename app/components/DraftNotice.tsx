import { Link } from "@remix-run/react";

/**
 * Shown on an event's public pages while it is a draft: only its organisers get them (everyone
 * else gets 404), and they should not mistake the preview for what the public sees.
 */
export function DraftNotice({ slug }: { slug: string }) {
  return (
    <div className="govuk-notification-banner" role="region" aria-labelledby="draft-title" data-testid="draft-notice">
      <div className="govuk-notification-banner__header">
        <h2 className="govuk-notification-banner__title" id="draft-title">
          Not published
        </h2>
      </div>
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">Draft: only organisers can see this page.</p>
        <p className="govuk-body">
          Everyone else gets “Page not found”, and nobody can register.{" "}
          <Link className="govuk-notification-banner__link" to={`/organise/${slug}`}>
            Publish it from the organiser page
          </Link>
          .
        </p>
      </div>
    </div>
  );
}
