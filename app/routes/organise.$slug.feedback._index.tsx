import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { withErrorPage } from "~/.server/platform";
import { requireOrganiserEvent } from "~/.server/auth";
import { feedbackInvitationState, feedbackResults } from "~/.server/feedback";
import { OrganiserNav } from "~/components/OrganiserNav";
import { InsetText } from "~/components/govuk";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Feedback – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [state, results] = await Promise.all([feedbackInvitationState(event), feedbackResults(event.id)]);
  return {
    slug: event.slug,
    name: event.name,
    state: { ...state, invitedAt: state.invitedAt ? formatDateTime(state.invitedAt, event.timeZone) : null },
    results,
  };
}

function Comments({ comments, about }: { comments: { text: string; by: string | null }[]; about: string }) {
  if (comments.length === 0) return <p className="govuk-body">No comments about {about}.</p>;
  return (
    <ul className="govuk-list">
      {comments.map((c, i) => (
        <li key={i}>
          <blockquote className="govuk-inset-text govuk-!-margin-top-0 pg-preserve-lines">
            {c.text}
            <br />
            <span className="govuk-hint">{c.by ?? "Anonymous"}</span>
          </blockquote>
        </li>
      ))}
    </ul>
  );
}

export default function FeedbackResults() {
  const { slug, name, state, results } = useLoaderData<typeof loader>();
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <h1 className="govuk-heading-l">Feedback</h1>
      {state.invitedAt ? (
        <p className="govuk-body">
          The invitation was sent on {state.invitedAt} by {state.invitedBy} to {results.invited} {results.invited === 1 ? "person" : "people"}; {results.answered} answered.
        </p>
      ) : state.ended ? (
        <>
          <p className="govuk-body">
            Nobody has been invited yet. The invitation goes once, by email, to{" "}
            {state.audience === "checked-in" ? "everyone who was checked in" : "everyone with a confirmed place (nobody was checked in)"}: {state.count}{" "}
            {state.count === 1 ? "person" : "people"}.
          </p>
          <p className="govuk-body">
            <Link className="govuk-button" role="button" to={`/organise/${slug}/feedback/send`}>
              Invite feedback
            </Link>
          </p>
        </>
      ) : (
        <InsetText>You can invite feedback once the event has ended.</InsetText>
      )}
      <h2 className="govuk-heading-m">The event</h2>
      <p className="govuk-body" data-testid="event-counts">
        Useful: {results.event.useful}. Not useful: {results.event.notUseful}.
      </p>
      <Comments comments={results.event.comments} about="the event" />
      <h2 className="govuk-heading-m">Sessions</h2>
      {results.sessions.length === 0 ? <p className="govuk-body">No answers about sessions yet.</p> : null}
      {results.sessions.length > 0 ? (
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-table__caption--s">Answers per session</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">Session</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Useful</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Not useful</th>
              <th scope="col" className="govuk-table__header govuk-table__header--numeric">Comments</th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {results.sessions.map((s) => (
              <tr className="govuk-table__row" key={s.pitchId}>
                <th scope="row" className="govuk-table__header">{s.title}</th>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.useful}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.notUseful}</td>
                <td className="govuk-table__cell govuk-table__cell--numeric">{s.comments.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {results.sessions
        .filter((s) => s.comments.length > 0)
        .map((s) => (
          <section key={s.pitchId}>
            <h3 className="govuk-heading-s">Comments on “{s.title}”</h3>
            <Comments comments={s.comments} about={`“${s.title}”`} />
          </section>
        ))}
      <p className="govuk-body">
        <a className="govuk-link" href={`/organise/${slug}/feedback.csv`} download>
          Download all feedback (CSV)
        </a>
      </p>
    </>
  );
}
