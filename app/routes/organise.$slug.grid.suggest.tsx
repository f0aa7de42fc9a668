import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { z } from "zod";
import { noFields, readIntentForm, withErrorPage, withRefusals } from "~/.server/platform";
import { applySuggestedGrid, brokenRules, largeRoomRule, latestSuggestion, loadOrganiserGrid, moveReasons, requestSuggestion } from "~/.server/grid";
import { OptimiserTimeout } from "~/.server/optimiser";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { BackLink, Button, InsetText, ProblemSummary, WarningText } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";

export const meta: MetaFunction = () => [{ title: "Suggest a grid – Pitchgrid" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  // A page view never runs the optimiser: it shows the suggestion already made for the grid as it is now, if any.
  const [suggestion, grid] = await Promise.all([withErrorPage(() => latestSuggestion(event.id)), loadOrganiserGrid(event.id)]);
  const warnings = grid?.warnings.summary ?? [];
  const reasons = suggestion?.kind === "suggestion" ? moveReasons(suggestion.moves, warnings) : new Map<number, string>();
  return {
    slug: event.slug,
    name: event.name,
    // Rules the grid as it is breaks: the score does not count them, and a suggestion never breaks them.
    brokenNow: brokenRules(warnings),
    largeRoom: largeRoomRule(grid?.schedule.rooms ?? []),
    suggestion:
      suggestion?.kind === "suggestion"
        ? { ...suggestion, moves: suggestion.moves.map((m) => ({ ...m, why: reasons.get(m.pitchId) ?? "" })), assignments: suggestion.assignments.map((a) => `${a.pitchId}:${a.roomId}:${a.slotId}`) }
        : suggestion,
  };
}

const ApplySchema = z.object({
  version: z.coerce.number().int().min(0),
  assignment: z.array(z.string().regex(/^\d{1,12}:\d{1,12}:\d{1,12}$/)).max(5000),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, email } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  // Forms from before "Suggest a grid" had a button carry no intent: they apply.
  const submitted = await readIntentForm(request, { suggest: noFields, apply: ApplySchema }, { missing: "apply", multi: ["assignment"] });
  if (submitted.intent === "suggest") {
    try {
      await withErrorPage(() => requestSuggestion(event.id));
    } catch (error) {
      if (error instanceof OptimiserTimeout) {
        const seconds = Math.ceil(error.timeoutMs / 1000);
        return data(
          {
            failed: `Finding a suggestion took longer than ${seconds} ${seconds === 1 ? "second" : "seconds"}, so it was stopped and nothing changed. Try again in a minute; if it happens again, tell the people who run Pitchgrid.`,
          },
          { status: 503 },
        );
      }
      throw error;
    }
    return redirect(`/organise/${event.slug}/grid/suggest`, 303);
  }
  if (!submitted.ok) return data({ refused: "The suggestion could not be read, so it was not applied. Ask for a new suggestion and apply that." }, { status: 400 });
  const parsed = submitted;
  const assignments = parsed.data.assignment.map((value) => {
    const [pitchId, roomId, slotId] = value.split(":").map(Number);
    return { pitchId, roomId, slotId };
  });
  // A grid changed since the suggestion is a conflict: the page says so (409) and shows the grid as it is.
  return withRefusals(async () => {
    const { moved } = await applySuggestedGrid(event.id, email, parsed.data.version, assignments);
    return redirectWithFlash(
      request,
      `/organise/${event.slug}/grid`,
      moved === 0 ? "The suggested grid is the grid you already had: nothing changed." : `Suggested grid applied: ${moved} ${moved === 1 ? "session" : "sessions"} placed or moved. Undo reverts all of it in one step.`,
    );
  });
}

/** After a refusal, show the page for the grid as it is now. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) => (actionStatus && actionStatus >= 400 ? true : defaultShouldRevalidate);

function ScoreTable({ before, after }: { before: ScoreView; after: ScoreView }) {
  const rows: { label: string; key: keyof ScoreView; hint: string }[] = [
    { label: "Clashes", key: "clashes", hint: "people with two sessions they want at the same time" },
    { label: "Over capacity", key: "overflow", hint: "people more than the room holds" },
    { label: "Sessions moved", key: "moved", hint: "sessions already on the grid that would move (10 points each)" },
    { label: "Left off the grid", key: "unscheduled", hint: "the interest in sessions with no cell, plus 1 each" },
    { label: "Score", key: "total", hint: "lower is better" },
  ];
  return (
    <table className="govuk-table" data-testid="suggestion-scores">
      <caption className="govuk-table__caption govuk-table__caption--m">The grid now and as suggested</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          <th scope="col" className="govuk-table__header">
            Measure
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Now
          </th>
          <th scope="col" className="govuk-table__header govuk-table__header--numeric">
            Suggested
          </th>
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr className="govuk-table__row" key={row.key}>
            <th scope="row" className="govuk-table__header">
              {row.label}
              <span className="govuk-body-s govuk-!-display-block govuk-!-font-weight-regular">{row.hint}</span>
            </th>
            <td className="govuk-table__cell govuk-table__cell--numeric">{before[row.key]}</td>
            <td className="govuk-table__cell govuk-table__cell--numeric">{after[row.key]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type ScoreView = { total: number; clashes: number; overflow: number; moved: number; unscheduled: number };

export default function SuggestGridPage() {
  const { slug, name, suggestion, brokenNow, largeRoom } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const refused = actionData && "refused" in actionData ? actionData.refused : null;
  const failed = actionData && "failed" in actionData ? actionData.failed : null;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  return (
    <>
      <BackLink to={`/organise/${slug}/grid`}>Grid</BackLink>
      <span className="govuk-caption-l">{name}</span>
      <h1 className="govuk-heading-xl">Suggest a grid</h1>
      <OrganiserNav slug={slug} name={name} />
      {refused ? (
        <ProblemSummary title="The suggestion was not applied" testId="suggestion-refusal">
          {refused}
        </ProblemSummary>
      ) : null}
      {failed ? (
        <ProblemSummary title="No suggestion this time" testId="suggestion-failure">
          {failed}
        </ProblemSummary>
      ) : null}
      <p className="govuk-body">
        The suggestion keeps every pinned session where it is, never puts a host in two places at once, meets each session’s needs, keeps to hosts’ times to
        avoid and leaves closed rooms empty. Within those rules it removes as many clashes between sessions people want as it can, puts sessions in rooms big
        enough for them, and moves as few sessions already on the grid as it can.
      </p>
      {largeRoom ? (
        <p className="govuk-body-s" data-testid="large-room-rule">
          {largeRoom}
        </p>
      ) : null}
      {brokenNow.length > 0 ? (
        <section aria-labelledby="broken-now" data-testid="suggestion-broken-now">
          <h2 className="govuk-heading-m" id="broken-now">
            The grid now breaks {brokenNow.length === 1 ? "a rule" : `${brokenNow.length} rules`} that a suggestion always keeps
          </h2>
          <WarningText>The score does not count these, so a suggestion can score higher and still be the better grid.</WarningText>
          <ul className="govuk-list govuk-list--bullet">
            {brokenNow.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {suggestion === null ? (
        <Form method="post">
          <input type="hidden" name="intent" value="suggest" />
          <p className="govuk-body">Nothing changes until you look at the suggestion and choose to apply it. Finding one takes a few seconds.</p>
          <Button>{busy === "suggest" ? "Finding a suggestion…" : "Suggest a grid"}</Button>
        </Form>
      ) : suggestion.kind === "empty" ? (
        <p className="govuk-body">
          There is nothing to suggest yet: the event needs rooms, session slots and open pitches. Add rooms and slots in{" "}
          <Link className="govuk-link" to={`/organise/${slug}/rooms`}>
            Rooms and slots
          </Link>
          .
        </p>
      ) : suggestion.kind === "infeasible" ? (
        <>
          <h2 className="govuk-heading-m">No grid can keep every rule</h2>
          <WarningText>{suggestion.reason}</WarningText>
          <p className="govuk-body">
            Unpin or move one of these sessions on the{" "}
            <Link className="govuk-link" to={`/organise/${slug}/grid`}>
              grid
            </Link>
            , then ask for a suggestion again.
          </p>
        </>
      ) : (
        <>
          <ScoreTable before={suggestion.before} after={suggestion.after} />
          <p className="govuk-body" data-testid="suggestion-summary">
            {suggestion.before.clashes > suggestion.after.clashes
              ? `${suggestion.before.clashes - suggestion.after.clashes} ${suggestion.before.clashes - suggestion.after.clashes === 1 ? "clash" : "clashes"} removed. `
              : suggestion.after.clashes > suggestion.before.clashes
                ? `${suggestion.after.clashes - suggestion.before.clashes} more ${suggestion.after.clashes - suggestion.before.clashes === 1 ? "clash" : "clashes"}, to fit in more sessions. `
                : "The same number of clashes. "}
            {suggestion.moves.length === 0 ? "Nothing would change." : `${suggestion.moves.length} ${suggestion.moves.length === 1 ? "change" : "changes"}.`}
          </p>

          {suggestion.moves.length > 0 ? (
            <table className="govuk-table" data-testid="suggestion-moves">
              <caption className="govuk-table__caption govuk-table__caption--m">What would change</caption>
              <thead className="govuk-table__head">
                <tr className="govuk-table__row">
                  <th scope="col" className="govuk-table__header">
                    Session
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Now
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Suggested
                  </th>
                  <th scope="col" className="govuk-table__header">
                    Why
                  </th>
                </tr>
              </thead>
              <tbody className="govuk-table__body">
                {suggestion.moves.map((m) => (
                  <tr className="govuk-table__row" key={m.pitchId}>
                    <th scope="row" className="govuk-table__header govuk-!-font-weight-regular">
                      {m.title}
                    </th>
                    <td className="govuk-table__cell">{m.from ?? "Not on the grid"}</td>
                    <td className="govuk-table__cell">{m.to ?? "Taken off the grid"}</td>
                    <td className="govuk-table__cell govuk-body-s">{m.why}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}

          {suggestion.unscheduled.length > 0 ? (
            <>
              <h2 className="govuk-heading-m">Left off the grid</h2>
              <p className="govuk-body">There is no cell that fits these sessions without breaking a rule or costing more than it gains:</p>
              <ul className="govuk-list govuk-list--bullet" data-testid="suggestion-unscheduled">
                {suggestion.unscheduled.map((s) => (
                  <li key={s.pitchId}>{s.title}</li>
                ))}
              </ul>
            </>
          ) : null}

          {suggestion.moves.length > 0 ? (
            <Form method="post">
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="version" value={suggestion.version} />
              {suggestion.assignments.map((a) => (
                <input type="hidden" name="assignment" value={a} key={a} />
              ))}
              <InsetText>Applying is one change: Undo on the grid page puts everything back as it is now.</InsetText>
              <div className="govuk-button-group">
                <Button>{busy === "apply" ? "Applying…" : "Apply this grid"}</Button>
                <Link className="govuk-link" to={`/organise/${slug}/grid`}>
                  Keep the grid as it is
                </Link>
              </div>
            </Form>
          ) : (
            <p className="govuk-body">
              <Link className="govuk-link" to={`/organise/${slug}/grid`}>
                Back to the grid
              </Link>
            </p>
          )}
        </>
      )}
    </>
  );
}
