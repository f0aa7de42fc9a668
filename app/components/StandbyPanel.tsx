import { Link } from "@remix-run/react";

/** On the check-in page: who standby has called (check them in at the desk) and who is next. */
export function StandbyPanel({
  slug,
  called,
  next,
  free,
  released,
  linkToList = true,
}: {
  slug: string;
  called: { number: number; name: string }[];
  next: { number: number; name: string } | null;
  free: number;
  released: boolean;
  /** Volunteers cannot open the standby list. */
  linkToList?: boolean;
}) {
  if (called.length === 0 && !next) return null;
  return (
    <div className="govuk-inset-text" data-testid="check-in-standby">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-2">Standby</h2>
      {called.length > 0 ? <p className="govuk-body govuk-!-font-weight-bold">{`Called: ${called.map((e) => `number ${e.number}, ${e.name}`).join("; ")}`}</p> : null}
      {next ? (
        <p className="govuk-body">
          {`Next: number ${next.number}, ${next.name}. ${released ? `Seats for standby now: ${free}.` : "Places are not released yet."}`}
        </p>
      ) : null}
      {linkToList ? (
        <p className="govuk-body govuk-!-margin-bottom-0">
          <Link className="govuk-link" to={`/organise/${slug}/standby`}>
            Go to the standby list
          </Link>
        </p>
      ) : null}
    </div>
  );
}
