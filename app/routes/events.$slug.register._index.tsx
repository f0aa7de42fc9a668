import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { answerField, findEventForRegistration, listQuestions, listTicketTypes, readAnswers, registrationWindow, RULE_LABELS } from "~/.server/events";
import { clientAddress, enforceAddressRateLimit, enforceRateLimit, type FieldErrors, isBot, withErrorPage, readIntentForm } from "~/.server/platform";
import { requirePublicEvent } from "~/.server/auth";
import { registrationSchema, resendLinksSchema } from "~/domain/registration-rules";
import { APPROVAL_REASON_MISSING, lotterySettings, registerForEvent, RegistrationRefused, resendRegistrationLinks, ticketAvailability } from "~/.server/registration";
import { BackLink, Button, Checkboxes, ErrorSummary, Honeypot, InsetText, Input, Radios, Textarea } from "~/components/govuk";
import { formatDate, formatDateTime, formatTimeRange } from "~/domain/time";
import { EVENT_CLOSED_WORDING, eventState } from "~/domain/event-state";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Register for ${data.event.name} – Pitchgrid` : "Register – Pitchgrid" }];

/** What the "check your email" page says: what confirming the address will do. */
const CHECK_EMAIL_STATUS = { place: "held", approval: "approval", lottery: "lottery" } as const;

const FIELD_ORDER = ["form", "name", "email", "organisation", "jobRole", "pronouns", "accessNeeds", "dietaryNeeds", "ticketTypeId", "approvalRequest"];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await withErrorPage(() => requirePublicEvent(request, params.slug));
  const [tickets, availability, lotteries, questions] = await Promise.all([listTicketTypes(event.id), ticketAvailability(event.id), lotterySettings(event.id), listQuestions(event.id)]);
  const tz = event.timeZone;
  return {
    event: { name: event.name, slug: event.slug, date: formatDate(event.startsAt, tz), times: formatTimeRange(event.startsAt, event.endsAt, tz), state: eventState(event) },
    questions: questions.map((q) => ({ field: answerField(q.id), label: q.required ? q.label : `${q.label} (optional)`, hint: q.hint })),
    tickets: tickets.map((t) => {
      const places = availability.get(t.id);
      const lottery = lotteries.get(t.id);
      const lotteryOpen = !!lottery?.closesAt && !lottery.drawnAt;
      return {
        id: t.id,
        name: t.name,
        who: RULE_LABELS[t.rule],
        needsApproval: t.rule === "approval",
        window: registrationWindow(t),
        opensAt: t.opensAt ? formatDateTime(t.opensAt, tz) : null,
        placesLeft: places?.placesLeft ?? 0,
        waiting: places?.waiting ?? 0,
        lotteryClosesAt: lotteryOpen ? formatDateTime(lottery!.closesAt!, tz) : null,
      };
    }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const submitted = await readIntentForm(
    request,
    { register: registrationSchema, "request-approval": registrationSchema, "resend-links": resendLinksSchema },
    { missing: "register", multi: ["drawFacts"] },
  );
  const { form, values } = submitted;
  const slug = params.slug!;
  if (isBot(form)) return redirect(`/events/${slug}/register/check-email?status=held`, 303);
  await withErrorPage(() => enforceAddressRateLimit("registration", request));
  if (submitted.intent === "resend-links") {
    const resend = submitted;
    if (!resend.ok) return data({ ...resend.failure, canRequestApproval: false, canResendLinks: true }, { status: 400 });
    await withErrorPage(() => enforceRateLimit("resendLinks", resend.data.email.toLowerCase()));
    await withErrorPage(() => resendRegistrationLinks(slug, resend.data.email));
    // The same answer whether or not the address is registered.
    return redirect(`/events/${slug}/register/check-email?status=resent`, 303);
  }
  const parsed = submitted;
  // One read: the event, the ticket type chosen and the event's own questions.
  const registration = await findEventForRegistration(slug, parsed.ok ? parsed.data.ticketTypeId : null);
  // The event's own questions are checked alongside, so every mistake is listed at once.
  const answered = readAnswers(registration.questions, form);
  if (!parsed.ok || !answered.ok) {
    const errors: FieldErrors = { ...(parsed.ok ? {} : parsed.failure.errors), ...(answered.ok ? {} : answered.errors) };
    return data({ errors, values, canRequestApproval: false, canResendLinks: false }, { status: 400 });
  }
  const asking = submitted.intent === "request-approval";
  // A ticket that needs an organiser's approval asks why, so the queue never shows a blank reason.
  if (!parsed.data.approvalRequest && registration.ticket?.rule === "approval") {
    return data({ errors: { approvalRequest: [APPROVAL_REASON_MISSING] } as FieldErrors, values, canRequestApproval: false, canResendLinks: false }, { status: 400 });
  }
  if (asking && !parsed.data.approvalRequest) {
    return data({ errors: { approvalRequest: ["Enter why the organisers should approve you"] } as FieldErrors, values, canRequestApproval: true, canResendLinks: false }, { status: 400 });
  }
  // Per event and client: a script cannot send an event's registrations or approval requests
  // by the hundred from one address (a refused request gets the 429 page).
  const address = clientAddress(request);
  if (address) {
    await withErrorPage(async () => {
      await enforceRateLimit("registrationPerEvent", `${slug}|${address}`);
      if (asking || parsed.data.approvalRequest) await enforceRateLimit("approvalRequestPerEvent", `${slug}|${address}`);
    });
  }
  try {
    const outcome = await withErrorPage(() => registerForEvent(slug, {
      ...parsed.data,
      approvalRequest: asking || parsed.data.approvalRequest ? parsed.data.approvalRequest : undefined,
      answers: answered.answers,
      firstTimer: parsed.data.drawFacts.firstTimer,
      supplier: parsed.data.drawFacts.supplier,
    }, new Date(), registration));
    return redirect(`/events/${slug}/register/check-email?status=${CHECK_EMAIL_STATUS[outcome.next]}`, 303);
  } catch (error) {
    if (error instanceof RegistrationRefused) {
      return data({ errors: { [error.field]: [error.message] } as FieldErrors, values, canRequestApproval: error.canRequestApproval, canResendLinks: error.canResendLinks }, { status: 400 });
    }
    throw error;
  }
}

export default function Register() {
  const { event, tickets, questions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const values = result?.values ?? {};
  const errors = result?.errors;
  const open = event.state === "open" ? tickets.filter((t) => t.window === "open") : [];
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <BackLink to={`/events/${event.slug}`}>{event.name}</BackLink>
        <ErrorSummary errors={errors} fieldOrder={[...FIELD_ORDER.slice(0, 7), ...questions.map((q) => q.field), ...FIELD_ORDER.slice(7)]} />
        <span className="govuk-caption-l">
          {event.name}, {event.date}
        </span>
        <h1 className="govuk-heading-l">Register for a place</h1>
        {event.state !== "open" ? (
          <p className="govuk-inset-text" data-testid="registration-closed">
            {EVENT_CLOSED_WORDING[event.state]}.
          </p>
        ) : open.length === 0 ? (
          <>
            <p className="govuk-body">Registration is not open at the moment.</p>
            <ul className="govuk-list">
              {tickets.map((t) => (
                <li key={t.id}>
                  {t.name}: {t.window === "not-yet-open" ? `opens ${t.opensAt}` : "closed"}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <Form method="post" noValidate>
            <p className="govuk-body">
              We will email you a link to confirm your email address. Your place is not held until you do: places go to people in the order they confirm.
            </p>
            <Input name="name" label="Full name" errors={errors} defaultValue={values.name} autoComplete="name" spellCheck={false} />
            <Input
              name="email"
              type="email"
              label="Work email address"
              hint="Use your work address: for council-only places it shows you work for a council."
              errors={errors}
              defaultValue={values.email}
              autoComplete="email"
              spellCheck={false}
            />
            <Input name="organisation" label="Organisation" hint="For example, Guildford Borough Council" errors={errors} defaultValue={values.organisation} autoComplete="organization" />
            <Input name="jobRole" label="Role (optional)" errors={errors} defaultValue={values.jobRole} autoComplete="organization-title" />
            <Input name="pronouns" label="Pronouns (optional)" hint="For example, she/her, he/him or they/them. Printed on your name badge." errors={errors} defaultValue={values.pronouns} width="10" spellCheck={false} />
            <Textarea name="accessNeeds" label="Access needs (optional)" hint="Anything that would help you take part, such as step-free access or a hearing loop." errors={errors} defaultValue={values.accessNeeds} rows={3} />
            <Textarea name="dietaryNeeds" label="Dietary needs (optional)" errors={errors} defaultValue={values.dietaryNeeds} rows={2} />
            {questions.map((q) => (
              <Textarea key={q.field} name={q.field} label={q.label} hint={q.hint || undefined} errors={errors} defaultValue={values[q.field]} rows={2} />
            ))}
            <Radios
              name="ticketTypeId"
              legend="Ticket type"
              errors={errors}
              defaultValue={values.ticketTypeId ?? (open.length === 1 ? String(open[0].id) : undefined)}
              options={open.map((t) => ({
                value: String(t.id),
                label: t.name,
                hint: `${t.who}. ${t.lotteryClosesAt ? `Places are given by a random draw after applications close on ${t.lotteryClosesAt}.` : t.placesLeft > 0 && t.waiting === 0 ? `${t.placesLeft} ${t.placesLeft === 1 ? "place" : "places"} left.` : `Full: you can join the waiting list (${t.waiting} waiting).`}`,
              }))}
            />
            {open.some((t) => t.lotteryClosesAt) ? (
              <Checkboxes
                name="drawFacts"
                legend={`For the draw (${open.filter((t) => t.lotteryClosesAt).map((t) => t.name).join(", ")} only; optional)`}
                hint="The organisers may give first-timers a better chance, and may cap the places for suppliers. Tick what is true."
                errors={errors}
                defaultValue={values.drawFacts ? values.drawFacts.split("\n") : []}
                options={[
                  { value: "first-timer", label: "This is my first time at one of these organisers’ events" },
                  { value: "supplier", label: "I work for a supplier (a company that sells to the public sector)" },
                ]}
              />
            ) : null}
            {open.some((t) => t.needsApproval) && !result?.canRequestApproval ? (
              <Textarea
                name="approvalRequest"
                label={`Why would you like a place? (for ${open.filter((t) => t.needsApproval).map((t) => t.name).join(", ")} only)`}
                hint="An organiser approves these places by hand. Tell them what you do and why you want to come."
                errors={errors}
                defaultValue={values.approvalRequest}
                rows={3}
              />
            ) : null}
            <Honeypot />
            <Button name="intent" value="register">
              Register
            </Button>
            {result?.canResendLinks ? (
              <InsetText>
                <h2 className="govuk-heading-s">Lost your email?</h2>
                <p className="govuk-body">We can send the links for this registration again to the address above.</p>
                <Button variant="secondary" name="intent" value="resend-links">
                  Email me my links again
                </Button>
              </InsetText>
            ) : null}
            {result?.canRequestApproval ? (
              <>
                <InsetText>
                  <h2 className="govuk-heading-s">Ask the organisers to approve you</h2>
                  <p className="govuk-body">
                    If you work for a council that uses an unusual email address, or for a council-owned company, tell the organisers and they can approve you by hand.
                  </p>
                  <Textarea name="approvalRequest" label="Why should you have a place?" errors={errors} defaultValue={values.approvalRequest} rows={3} />
                  <Button variant="secondary" name="intent" value="request-approval">
                    Ask for approval
                  </Button>
                </InsetText>
              </>
            ) : null}
          </Form>
        )}
        <p className="govuk-body">
          <Link className="govuk-link" to={`/events/${event.slug}/privacy`}>
            How we use your information
          </Link>
        </p>
      </div>
    </div>
  );
}
