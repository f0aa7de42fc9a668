import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { invalid, positiveIdOr404, readIntentForm, withErrorPage } from "~/.server/platform";
import { type EventRecord, findTicketType } from "~/.server/events";
import { lotteryRulesOf, lotterySettings, quotaCutWarning, quotaTotalNote, RegistrationChangeRefused, saveLotteryRules, saveTicketType, setLotteryClosing } from "~/.server/registration";
import { redirectWithFlash, requireOrganiserEvent } from "~/.server/auth";
import { BackLink, Button, DateInput, ErrorSummary, Input, TimeInput, WarningText } from "~/components/govuk";
import { datePartsInError } from "~/domain/date-input";
import { formatDateTime, utcToZoned, zonedToUtc } from "~/domain/time";
import { LOTTERY_RULES_FIELD_ORDER, lotteryClosingSchema, lotteryRulesFormSchema, lotteryRulesFormValues, lotteryRulesWording, PLAIN_RULES } from "~/domain/lottery-rules";
import { TicketTypeForm } from "~/components/TicketTypeForm";
import { ticketFormValues, ticketTypeSchema } from "~/domain/event-form";

export const meta: MetaFunction = () => [{ title: "Change a ticket type – Pitchgrid" }];

async function requireTicket(event: EventRecord, ticketId: string | undefined) {
  const ticket = await findTicketType(event.id, positiveIdOr404(ticketId, "Ticket type"));
  if (!ticket) throw new Response("Ticket type not found", { status: 404 });
  return ticket;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const ticket = await requireTicket(event, params.ticketId);
  const [rules, lotteries] = await Promise.all([lotteryRulesOf(ticket.id), lotterySettings(event.id)]);
  const lottery = lotteries.get(ticket.id);
  return {
    slug: event.slug,
    name: event.name,
    ticketId: ticket.id,
    ticketName: ticket.name,
    values: ticketFormValues(ticket, event.timeZone),
    lottery: {
      isLottery: !!lottery?.closesAt,
      drawn: !!lottery?.drawnAt,
      closesAt: lottery?.closesAt ? formatDateTime(lottery.closesAt, event.timeZone) : null,
      drawnAt: lottery?.drawnAt ? formatDateTime(lottery.drawnAt, event.timeZone) : null,
      // The form's starting values: the closing time if set, else the event's start, in its zone.
      closing: utcToZoned(lottery?.closesAt ?? event.startsAt, event.timeZone),
      rules: lotteryRulesWording(rules ?? PLAIN_RULES),
      values: lotteryRulesFormValues(rules),
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { event } = await withErrorPage(() => requireOrganiserEvent(request, params.slug));
  const ticket = await requireTicket(event, params.ticketId);
  const submitted = await readIntentForm(request, { ticket: ticketTypeSchema(event.timeZone), "lottery-rules": lotteryRulesFormSchema, lottery: lotteryClosingSchema }, { missing: "ticket" });
  const { form, values } = submitted;
  if (submitted.intent === "lottery-rules") {
    const rules = submitted;
    if (!rules.ok) return data({ rulesErrors: rules.failure.errors, rulesValues: rules.failure.values }, { status: 400 });
    try {
      await saveLotteryRules(event.id, ticket.id, rules.data);
    } catch (error) {
      if (error instanceof RegistrationChangeRefused) return data({ rulesErrors: { form: [error.message] }, rulesValues: values }, { status: 409 });
      throw error;
    }
    return redirectWithFlash(request, `/organise/${event.slug}/tickets/${ticket.id}`, `Draw rules for “${ticket.name}” saved.`);
  }
  if (submitted.intent === "lottery") {
    // The same domain function as the Registrations page's lottery form.
    const closing = submitted;
    if (!closing.ok) return data({ lotteryErrors: closing.failure.errors, lotteryValues: closing.failure.values }, { status: 400 });
    const closesAt = zonedToUtc(closing.data.lotteryDate, closing.data.lotteryTime, event.timeZone);
    if (Number.isNaN(closesAt.getTime())) return data({ lotteryErrors: { lotteryDate: ["Enter a real date and time"] }, lotteryValues: values }, { status: 400 });
    try {
      await setLotteryClosing(event.id, ticket.id, closesAt);
    } catch (error) {
      if (error instanceof RegistrationChangeRefused) return data({ lotteryErrors: { form: [error.message] }, lotteryValues: values }, { status: 409 });
      throw error;
    }
    return redirectWithFlash(request, `/organise/${event.slug}/tickets/${ticket.id}`, `Lottery set for “${ticket.name}”: people apply until the closing time, then places are drawn.`);
  }
  const parsed = submitted;
  if (!parsed.ok) return invalid(parsed.failure);
  // Cutting the quota below the places taken is allowed, but only after a warning.
  const cut = await quotaCutWarning(event.id, ticket.id, parsed.data.name, parsed.data.quota);
  if (cut && form.confirmCut !== String(parsed.data.quota)) return data({ warning: cut, values, errors: undefined }, { status: 200 });
  const offers = await saveTicketType(event.id, ticket.id, parsed.data);
  const note = await quotaTotalNote(event.id);
  const offered = offers === 0 ? "" : ` ${offers} ${offers === 1 ? "person" : "people"} on the waiting list ${offers === 1 ? "has" : "have"} been emailed an offer of a place.`;
  return redirectWithFlash(request, `/organise/${event.slug}/tickets`, `Ticket type “${parsed.data.name}” saved.${offered}${note ? ` ${note}` : ""}`);
}

export default function EditTicketType() {
  const { slug, name, ticketId, ticketName, values, lottery } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const lotteryResult = answer && "lotteryErrors" in answer ? answer : undefined;
  const result = answer && ("rulesErrors" in answer || "lotteryErrors" in answer) ? undefined : answer;
  const rulesResult = answer && "rulesErrors" in answer ? answer : undefined;
  const rulesValues: Record<string, string | undefined> = { ...lottery.values, ...(rulesResult?.rulesValues ?? {}) };
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/organise/${slug}/tickets`}>Ticket types</BackLink>
        <span className="govuk-caption-l">{name}</span>
        <h1 className="govuk-heading-l">Change “{ticketName}”</h1>
        {result && "warning" in result ? (
          <div className="govuk-error-summary" data-testid="cut-warning">
            <div role="alert">
              <h2 className="govuk-error-summary__title">Fewer places than people who have one</h2>
              <div className="govuk-error-summary__body">
                <p className="govuk-body">{result.warning}</p>
              </div>
            </div>
          </div>
        ) : null}
        <TicketTypeForm values={result?.values ?? values} errors={result?.errors} submitLabel={result && "warning" in result ? "Save the lower number" : "Save ticket type"}>
          {result && "warning" in result ? (
            <>
              <input type="hidden" name="confirmCut" value={result.values.quota} />
              <WarningText>You are saving fewer places than people who have one.</WarningText>
            </>
          ) : null}
        </TicketTypeForm>
        <h2 className="govuk-heading-m" id="lottery">Lottery</h2>
        <p className="govuk-body" data-testid="lottery-setting">
          {lottery.drawnAt
            ? `Places were given by a random draw: applications closed ${lottery.closesAt}, drawn ${lottery.drawnAt}.`
            : lottery.closesAt
              ? `Places are given by a random draw: applications close ${lottery.closesAt}, then the draw offers the places.`
              : "Not a lottery: places go to people in the order they confirm. Set a closing time to make it a lottery: people apply until then, and a random draw offers the places."}
        </p>
        {lottery.drawn ? null : (
          <Form method="post" noValidate>
            <ErrorSummary
              errors={lotteryResult?.lotteryErrors}
              fieldOrder={["form", "lotteryDate", "lotteryTime"]}
              anchors={{ lotteryDate: `lotteryDate-${datePartsInError(lotteryResult?.lotteryValues, "lotteryDate")[0]}` }}
            />
            <input type="hidden" name="intent" value="lottery" />
            <DateInput name="lotteryDate" legend="Applications close on (date)" errors={lotteryResult?.lotteryErrors} values={lotteryResult?.lotteryValues ?? { lotteryDate: lottery.closing.date }} />
            <TimeInput name="lotteryTime" label="at (time)" errors={lotteryResult?.lotteryErrors} defaultValue={lotteryResult?.lotteryValues?.lotteryTime ?? lottery.closing.time} />
            <Button variant="secondary">{lottery.closesAt ? "Change closing time" : "Make this a lottery"}</Button>
          </Form>
        )}
        <h2 className="govuk-heading-m" id="draw-rules">Rules for the draw</h2>
        <p className="govuk-body">
          {lottery.isLottery
            ? "Places for this ticket type are given by a random draw. These rules shape it; the draw’s record, with the rules and the order, is published on the event page."
            : "Used if this ticket type’s places are given by a random draw (set a closing time for applications above)."}
        </p>
        <ul className="govuk-list govuk-list--bullet" data-testid="draw-rules">
          {lottery.rules.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {lottery.drawn ? (
          <p className="govuk-body">
            The draw has happened, so its rules can no longer change.{" "}
            <Link className="govuk-link" to={`/events/${slug}/draws/${ticketId}`}>
              See the published record
            </Link>
          </p>
        ) : (
          <Form method="post" noValidate>
            <ErrorSummary errors={rulesResult?.rulesErrors} fieldOrder={["form", ...LOTTERY_RULES_FIELD_ORDER]} />
            <input type="hidden" name="intent" value="lottery-rules" />
            <Input
              name="weightFirstTimer"
              label="Weight for first-timers"
              hint="How many times the chance of someone with no earlier place at your events in Pitchgrid (or who says it is their first time). 1 means no advantage."
              errors={rulesResult?.rulesErrors}
              defaultValue={rulesValues.weightFirstTimer}
              width="2"
              inputMode="numeric"
            />
            <Input
              name="weightNewCouncil"
              label="Weight for councils not yet represented"
              hint="How many times the chance of someone from a council that has no place drawn yet. 1 means no advantage."
              errors={rulesResult?.rulesErrors}
              defaultValue={rulesValues.weightNewCouncil}
              width="2"
              inputMode="numeric"
            />
            <Input
              name="capPerDomain"
              label="Most places per organisation (optional)"
              hint="A council, or for anyone else their email’s domain. Empty for no cap. Places the cap leaves empty stay empty rather than break it."
              errors={rulesResult?.rulesErrors}
              defaultValue={rulesValues.capPerDomain}
              width="3"
              inputMode="numeric"
            />
            <Input
              name="supplierCap"
              label="Most places for suppliers (optional)"
              hint="People who say on the form that they work for a supplier. Empty for no cap."
              errors={rulesResult?.rulesErrors}
              defaultValue={rulesValues.supplierCap}
              width="3"
              inputMode="numeric"
            />
            <Button variant="secondary">Save draw rules</Button>
          </Form>
        )}
      </div>
    </div>
  );
}
