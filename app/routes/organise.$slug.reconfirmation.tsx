import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, noFields, readIntentForm, withErrorPage, withFormErrors } from "~/.server/platform";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { cancelRound, findRound, flaggedRegistrationIds, listRegistrations, resendToUnanswered, roundCounts, saveRound } from "~/.server/registration";
import { Button, ErrorSummary, Input, Radios, SummaryList } from "~/components/govuk";
import { OrganiserNav } from "~/components/OrganiserNav";
import { RECONFIRMATION_DEFAULTS, RECONFIRMATION_FIELD_ORDER, reconfirmationSchema, SILENCE_LABELS } from "~/domain/reconfirmation";
import { formatDateTime } from "~/domain/time";

export const meta: MetaFunction = () => [{ title: "Are you still coming? – Pitchgrid" }];

const DAY_MS = 86_400_000;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const [round, counts] = await Promise.all([findRound(event.id), roundCounts(event.id)]);
  const tz = event.timeZone;
  // After the deadline, when silence only flags: who did not answer, by name, for the desk to ask.
  const flaggedIds = round?.closedAt && round.silence === "flag" ? await flaggedRegistrationIds(event.id) : new Set<number>();
  const flagged =
    flaggedIds.size > 0
      ? (await listRegistrations(event.id, { status: "confirmed" }))
          .filter((r) => flaggedIds.has(r.id))
          .sort((a, b) => a.name.localeCompare(b.name, "en-GB"))
          .map((r) => ({ id: r.id, name: r.name, organisation: r.organisation }))
      : [];
  const daysBefore = (iso: string) => String(Math.round((Date.parse(event.startsAt) - Date.parse(iso)) / DAY_MS));
  return {
    slug: event.slug,
    name: event.name,
    counts,
    flagged,
    round: round
      ? {
          sendAt: formatDateTime(round.sendAt, tz),
          deadlineAt: formatDateTime(round.deadlineAt, tz),
          reminderAt: round.reminderAt ? formatDateTime(round.reminderAt, tz) : null,
          silence: round.silence,
          sent: !!round.sentAt,
          reminded: !!round.remindedAt,
          closed: !!round.closedAt,
        }
      : null,
    form: round
      ? { sendDaysBefore: daysBefore(round.sendAt), deadlineDaysBefore: daysBefore(round.deadlineAt), reminder: round.reminderAt || round.remindedAt ? "yes" : "no", silence: round.silence }
      : {
          sendDaysBefore: String(RECONFIRMATION_DEFAULTS.sendDaysBefore),
          deadlineDaysBefore: String(RECONFIRMATION_DEFAULTS.deadlineDaysBefore),
          reminder: RECONFIRMATION_DEFAULTS.reminder ? "yes" : "no",
          silence: RECONFIRMATION_DEFAULTS.silence,
        },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const submitted = await readIntentForm(request, { save: reconfirmationSchema, resend: noFields, cancel: noFields }, { missing: "save" });
  const back = `/organise/${event.slug}/reconfirmation`;
  if (submitted.intent === "resend") {
    return withFormErrors({}, async () => {
      const sent = await resendToUnanswered(event.id);
      return redirectWithFlash(request, back, sent === 0 ? "Nobody to send it to again: everyone has answered, or was sent it in the last 10 minutes." : `Sent again to ${sent} ${sent === 1 ? "person" : "people"} who have not answered.`);
    });
  }
  if (submitted.intent === "cancel") {
    return withFormErrors({}, async () => {
      await cancelRound(event.id);
      return redirectWithFlash(request, back, "The round is cancelled. Nobody was asked.");
    });
  }
  const parsed = submitted;
  if (!parsed.ok) return invalid(parsed.failure);
  return withFormErrors(parsed.values, async () => {
    const round = await saveRound(event.id, parsed.data);
    return redirectWithFlash(request, back, `Saved. The question ${round.sentAt ? "went out" : "goes out"} on ${formatDateTime(round.sendAt, event.timeZone)}; answers close on ${formatDateTime(round.deadlineAt, event.timeZone)}.`);
  });
}

export default function Reconfirmation() {
  const { slug, name, round, counts, form, flagged } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values: Record<string, string> = { ...form, ...(result?.values ?? {}) };
  return (
    <>
      <OrganiserNav slug={slug} name={name} />
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={result?.errors} fieldOrder={["form", ...RECONFIRMATION_FIELD_ORDER]} />
          <span className="govuk-caption-l">{name}</span>
          <h1 className="govuk-heading-l">Are you still coming?</h1>
          <p className="govuk-body">
            Before the day, ask everyone with a place whether they are still coming. Those who say no, and (if you choose) those who do not answer by the deadline, lose
            their place, and it is offered to the waiting list in the usual order.
          </p>
          {round ? (
            <>
              <h2 className="govuk-heading-m">This event’s round</h2>
              <SummaryList
                rows={[
                  { key: "Question sent", value: round.sent ? `Sent ${round.sendAt}` : `Goes out ${round.sendAt}` },
                  { key: "Reminder", value: round.reminderAt ? `${round.reminded ? "Sent" : "Goes out"} ${round.reminderAt}` : "None" },
                  { key: "Deadline", value: round.closed ? `Closed ${round.deadlineAt}` : round.deadlineAt },
                  { key: "No answer by then", value: SILENCE_LABELS[round.silence] },
                ]}
              />
              <h2 className="govuk-heading-m">Answers</h2>
              <SummaryList
                rows={[
                  { key: "Asked", value: <span data-testid="count-asked">{counts.asked}</span> },
                  { key: "Confirmed", value: <span data-testid="count-confirmed">{counts.confirmed}</span> },
                  { key: "Not answered yet", value: <span data-testid="count-unanswered">{counts.unanswered}</span> },
                  { key: "Places released", value: <span data-testid="count-released">{counts.released}</span> },
                ]}
              />
              {flagged.length > 0 ? (
                <>
                  <h2 className="govuk-heading-m">Flagged: did not answer</h2>
                  <p className="govuk-body">Their places are kept. You may want to ask them at the desk, or release a place if they tell you they cannot come.</p>
                  <ul className="govuk-list govuk-list--bullet" data-testid="flagged">
                    {flagged.map((p) => (
                      <li key={p.id}>
                        <a className="govuk-link" href={`/organise/${slug}/registrations/${p.id}`}>
                          {p.name}
                        </a>
                        {p.organisation ? `, ${p.organisation}` : ""}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {round.sent && !round.closed && counts.unanswered > 0 ? (
                <Form method="post">
                  <Button name="intent" value="resend" variant="secondary">
                    Send again to the {counts.unanswered} who have not answered
                  </Button>
                </Form>
              ) : null}
            </>
          ) : (
            <p className="govuk-body">No round is scheduled for this event.</p>
          )}
          {round?.closed ? null : (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">{round ? "Change the round" : "Schedule a round"}</h2>
              {round?.sent ? null : (
                <Input name="sendDaysBefore" label="Days before the event to ask" width="3" inputMode="numeric" errors={result?.errors} defaultValue={values.sendDaysBefore} />
              )}
              {round?.sent ? <input type="hidden" name="sendDaysBefore" value={values.sendDaysBefore} /> : null}
              <Input
                name="deadlineDaysBefore"
                label="Days before the event to close answers"
                hint="At this deadline the places of people who said no, or did not answer if you choose so below, go to the waiting list."
                width="3"
                inputMode="numeric"
                errors={result?.errors}
                defaultValue={values.deadlineDaysBefore}
              />
              <Radios
                name="reminder"
                legend="Send one reminder to those who have not answered?"
                hint="It goes a day before the deadline."
                small
                errors={result?.errors}
                defaultValue={values.reminder}
                options={[
                  { value: "yes", label: "Yes" },
                  { value: "no", label: "No" },
                ]}
              />
              <Radios
                name="silence"
                legend="If someone does not answer by the deadline"
                errors={result?.errors}
                defaultValue={values.silence}
                options={[
                  { value: "release", label: SILENCE_LABELS.release },
                  { value: "flag", label: SILENCE_LABELS.flag },
                ]}
              />
              <Button name="intent" value="save">
                {round ? "Save changes" : "Schedule the round"}
              </Button>
            </Form>
          )}
          {round && !round.sent ? (
            <Form method="post">
              <Button name="intent" value="cancel" variant="secondary">
                Cancel this round
              </Button>
            </Form>
          ) : null}
        </div>
      </div>
    </>
  );
}
